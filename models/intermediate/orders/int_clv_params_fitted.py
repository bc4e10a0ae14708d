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

from cwh.clv.steps import BGNBD_CELLS_SQL, GAMMA_GAMMA_CELLS_SQL, fit_params


def model(dbt: Any, session: Any) -> pd.DataFrame:
    dbt.config(materialized="table")
    inputs = dbt.ref("int_clv_inputs_summarised")
    as_of_row = dbt.ref("int_as_of_date").fetchall()[0]
    as_of_date: dt.date | None = as_of_row[0] if as_of_row else None
    # the fit itself is cwh.clv.steps.fit_params, shared with the Spark build
    return fit_params(
        inputs.query("inputs", BGNBD_CELLS_SQL).df(), inputs.query("inputs", GAMMA_GAMMA_CELLS_SQL).df(), as_of_date
    )
