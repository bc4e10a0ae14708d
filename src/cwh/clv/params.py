"""Fitted CLV model parameters as rows, the shape of the ``marts.clv_model_params`` table."""

from __future__ import annotations

from typing import Any

from cwh.clv.bgnbd import BgNbdFit
from cwh.clv.gamma_gamma import GammaGammaFit


def params_table(bg: BgNbdFit, gg: GammaGammaFit | None, time_unit: str = "days") -> list[dict[str, Any]]:
    """Rows of model, parameter, value, time_unit, log_likelihood, n_customers, converged.

    One row per (model, parameter). ``model`` is ``'bg_nbd'`` or ``'gamma_gamma'``; ``time_unit`` is the
    unit of the recency/T the models were fitted on (it scales BG/NBD ``alpha``), repeated on every row so
    the table is self-describing.
    Pass ``gg=None`` to get the BG/NBD rows only.
    """
    rows = _model_rows("bg_nbd", bg.params(), bg.log_likelihood, bg.n_customers, bg.converged, time_unit)
    if gg is not None:
        rows += _model_rows(
            "gamma_gamma", gg.params(), gg.log_likelihood, gg.n_customers, gg.converged, time_unit
        )
    return rows


def _model_rows(
    model: str,
    params: dict[str, float],
    log_likelihood: float,
    n_customers: int | float,
    converged: bool,
    time_unit: str,
) -> list[dict[str, Any]]:
    return [
        {
            "model": model,
            "parameter": name,
            "value": float(value),
            "time_unit": time_unit,
            "log_likelihood": float(log_likelihood),
            "n_customers": n_customers,
            "converged": bool(converged),
        }
        for name, value in params.items()
    ]
