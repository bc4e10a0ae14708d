"""The CLV steps of the build, the same on every engine: fit BG/NBD + Gamma-Gamma on aggregated cells
(model int_clv_params_fitted) and predict per buyer (int_clv_customers_predicted).

The DuckDB dbt Python models and the Spark build (cwh.spark.python_nodes) both call these functions, so
the logic lives here once. The cell queries (BGNBD_CELLS_SQL, GAMMA_GAMMA_CELLS_SQL) are plain SQL over a
relation named `inputs` (int_clv_inputs_summarised) that both engines run as written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from cwh.clv.bgnbd import PARAMETER_NAMES as BGNBD_PARAMETERS
from cwh.clv.bgnbd import BgNbdFit, expected_purchases, fit_bgnbd, probability_alive
from cwh.clv.gamma_gamma import PARAMETER_NAMES as GAMMA_GAMMA_PARAMETERS
from cwh.clv.gamma_gamma import GammaGammaFit, expected_average_order_value, fit_gamma_gamma
from cwh.clv.lifetime_value import customer_lifetime_value
from cwh.clv.params import params_table

TIME_UNIT = "days"

BGNBD_CELLS_SQL = """
select frequency, recency, t, count(*) as weight
from inputs
group by frequency, recency, t
order by frequency, recency, t
"""

# Gamma-Gamma needs positive spend per repeat purchase day; a repeat buyer whose repeat days were all
# free cannot be fitted on and gets the population mean when predicted.
GAMMA_GAMMA_CELLS_SQL = """
select frequency, monetary, count(*) as weight
from inputs
where frequency > 0 and monetary > 0
group by frequency, monetary
order by frequency, monetary
"""


def unfitted_rows(model: str, parameters: tuple[str, ...], reason: str) -> list[dict[str, Any]]:
    """Rows for a model that could not be fitted: null values, converged false, the reason."""
    return [
        {
            "model": model,
            "parameter": name,
            "value": None,
            "time_unit": TIME_UNIT,
            "log_likelihood": None,
            "n_customers": 0,
            "converged": False,
            "n_cells": 0,
            "iterations": 0,
            "message": reason,
        }
        for name in parameters
    ]


def fitted_rows(fit: Any, model: str, n_cells: int) -> list[dict[str, Any]]:
    """params_table rows of one fit, with the cells count and the optimiser's outcome."""
    rows = params_table(fit, None) if model == "bg_nbd" else params_table_gamma_gamma(fit)
    for row in rows:
        row.update(n_cells=n_cells, iterations=fit.iterations, message=fit.message)
    return rows


def params_table_gamma_gamma(fit: Any) -> list[dict[str, Any]]:
    """The Gamma-Gamma rows of params_table (params_table always starts with a BG/NBD fit)."""
    return [
        {
            "model": "gamma_gamma",
            "parameter": name,
            "value": float(value),
            "time_unit": TIME_UNIT,
            "log_likelihood": float(fit.log_likelihood),
            "n_customers": fit.n_customers,
            "converged": bool(fit.converged),
        }
        for name, value in fit.params().items()
    ]


def fit_params(bg_cells: pd.DataFrame, gg_cells: pd.DataFrame, as_of_date: dt.date | None) -> pd.DataFrame:
    """The rows of int_clv_params_fitted from the two cell tables (in the order of the cell queries)."""
    rows: list[dict[str, Any]] = []
    try:
        bg = fit_bgnbd(bg_cells["frequency"], bg_cells["recency"], bg_cells["t"], weights=bg_cells["weight"])
        rows += fitted_rows(bg, "bg_nbd", len(bg_cells))
    except ValueError as error:
        rows += unfitted_rows("bg_nbd", BGNBD_PARAMETERS, f"not fitted: {error}")
    try:
        gg = fit_gamma_gamma(gg_cells["frequency"], gg_cells["monetary"], weights=gg_cells["weight"])
        rows += fitted_rows(gg, "gamma_gamma", len(gg_cells))
    except ValueError as error:
        rows += unfitted_rows("gamma_gamma", GAMMA_GAMMA_PARAMETERS, f"not fitted: {error}")

    table = pd.DataFrame(rows)
    table.insert(0, "as_of_date", pd.Timestamp(as_of_date) if as_of_date else pd.NaT)
    return table.astype(
        {
            "model": "string",
            "parameter": "string",
            "value": "float64",
            "time_unit": "string",
            "log_likelihood": "float64",
            "n_customers": "int64",
            "converged": "bool",
            "n_cells": "int64",
            "iterations": "int64",
            "message": "string",
        }
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


def predict_customers(
    params: pd.DataFrame, inputs: pd.DataFrame, horizon_days: float, discount_rate: float
) -> pd.DataFrame:
    """The rows of int_clv_customers_predicted: one per buyer of int_clv_inputs_summarised."""
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
