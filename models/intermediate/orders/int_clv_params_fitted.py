"""BG/NBD and Gamma-Gamma parameters fitted by maximum likelihood (cwh.clv) at as_of_date.

Both fits run on aggregated cells, so the cost grows with the number of distinct cells, not customers:
BG/NBD on distinct (frequency, recency, t) with weight = customers, Gamma-Gamma on distinct
(frequency, monetary) of repeat buyers with positive repeat spend. One row per (model, parameter), the
shape of cwh.clv.params_table, plus the as-of date, the number of cells and the optimiser's message.
The cells are read in a fixed order: the log-likelihood is a float sum, and a different row order
(DuckDB's parallel group-by returns groups in any order) would move the optimiser's last digits and
make a rebuild of the same data differ.
A model that cannot be fitted (no buyer, no repeat buyer) gets rows with a null value and
converged = false instead of failing the build: downstream predictions are then null.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from cwh.clv import fit_bgnbd, fit_gamma_gamma, params_table
from cwh.clv.bgnbd import PARAMETER_NAMES as BGNBD_PARAMETERS
from cwh.clv.gamma_gamma import PARAMETER_NAMES as GAMMA_GAMMA_PARAMETERS

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


def model(dbt: Any, session: Any) -> pd.DataFrame:
    dbt.config(materialized="table")
    inputs = dbt.ref("int_clv_inputs_summarised")
    as_of_row = dbt.ref("int_as_of_date").fetchone()
    as_of_date: dt.date | None = as_of_row[0] if as_of_row else None

    bg_cells = inputs.query("inputs", BGNBD_CELLS_SQL).df()
    gg_cells = inputs.query("inputs", GAMMA_GAMMA_CELLS_SQL).df()

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
