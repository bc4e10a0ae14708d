"""Customer-lifetime-value models: BG/NBD (purchase frequency), Gamma-Gamma (spend) and discounted CLV.

Likelihoods are implemented here with scipy (the ``lifetimes`` package is only a test reference). See
``docs/clv.md`` for the formulas, inputs and time unit.
"""

from cwh.clv.bgnbd import BgNbdFit, bgnbd_log_likelihood, expected_purchases, fit_bgnbd, probability_alive
from cwh.clv.gamma_gamma import GammaGammaFit, expected_average_order_value, fit_gamma_gamma
from cwh.clv.lifetime_value import customer_lifetime_value
from cwh.clv.params import params_table
from cwh.clv.summary import bgnbd_cells, customer_summary

__all__ = [
    "BgNbdFit",
    "GammaGammaFit",
    "bgnbd_cells",
    "bgnbd_log_likelihood",
    "customer_lifetime_value",
    "customer_summary",
    "expected_average_order_value",
    "expected_purchases",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "params_table",
    "probability_alive",
]
