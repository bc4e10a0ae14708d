"""Per-buyer BG/NBD and Gamma-Gamma predictions at as_of_date, from the parameters of
int_clv_params_fitted (cwh.clv does the maths; this model only feeds it vectorised arrays).

Outputs per customer: p_alive, expected purchase days in the next 90 and 365 days, expected spend per
purchase day and the discounted CLV over var clv_horizon_days at var clv_discount_rate_annual.
Predictions are null when the model they need did not converge.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cwh.clv import (
    BgNbdFit,
    GammaGammaFit,
    customer_lifetime_value,
    expected_average_order_value,
    expected_purchases,
    probability_alive,
)

SHORT_HORIZON_DAYS = 90
LONG_HORIZON_DAYS = 365


def load_fit(params: pd.DataFrame, model: str) -> BgNbdFit | GammaGammaFit | None:
    """The fitted model from its parameter rows, or None when it is missing or did not converge."""
    rows = params[params["model"] == model]
    if rows.empty or not rows["converged"].all() or rows["value"].isna().any():
        return None
    first = rows.iloc[0]
    common = {
        "log_likelihood": float(first["log_likelihood"]),
        "n_customers": int(first["n_customers"]),
        "converged": True,
        "iterations": int(first["iterations"]),
        "message": str(first["message"]),
    }
    values = dict(zip(rows["parameter"], rows["value"].astype(float), strict=True))
    return BgNbdFit(**values, **common) if model == "bg_nbd" else GammaGammaFit(**values, **common)


def model(dbt: Any, session: Any) -> pd.DataFrame:
    dbt.config(materialized="table")
    horizon_days = float(dbt.config.get("clv_horizon_days"))
    discount_rate = float(dbt.config.get("clv_discount_rate_annual"))
    params = dbt.ref("int_clv_params_fitted").df()
    inputs = dbt.ref("int_clv_inputs_summarised").df()

    bg = load_fit(params, "bg_nbd")
    gg = load_fit(params, "gamma_gamma")
    x = inputs["frequency"].to_numpy(dtype=np.float64)
    t_x = inputs["recency"].to_numpy(dtype=np.float64)
    age = inputs["t"].to_numpy(dtype=np.float64)
    monetary = inputs["monetary"].to_numpy(dtype=np.float64)
    missing = np.full(len(inputs), np.nan)

    out = pd.DataFrame({"customer_id": inputs["customer_id"].astype("string")})
    if bg is not None and len(inputs):
        out["p_alive"] = probability_alive(bg, x, t_x, age)
        out["expected_purchases_90d"] = expected_purchases(bg, SHORT_HORIZON_DAYS, x, t_x, age)
        out["expected_purchases_365d"] = expected_purchases(bg, LONG_HORIZON_DAYS, x, t_x, age)
    else:
        out["p_alive"] = out["expected_purchases_90d"] = out["expected_purchases_365d"] = missing
    if gg is not None and len(inputs):
        out["expected_average_order_value"] = expected_average_order_value(gg, x, monetary)
    else:
        out["expected_average_order_value"] = missing
    if bg is not None and gg is not None and len(inputs):
        out["predicted_clv"] = customer_lifetime_value(
            bg, gg, x, t_x, age, monetary, horizon_days=horizon_days, discount_rate_annual=discount_rate
        )
    else:
        out["predicted_clv"] = missing
    out["is_bgnbd_converged"] = bg is not None
    out["is_gamma_gamma_converged"] = gg is not None
    return out
