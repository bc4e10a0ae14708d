"""Per-buyer BG/NBD and Gamma-Gamma predictions at as_of_date, from the parameters of
int_clv_params_fitted (cwh.clv does the maths; this model only feeds it vectorised arrays).

Outputs per customer: p_alive, expected purchase days in the next 90 and 365 days, expected spend per
purchase day and the discounted CLV over var clv_horizon_days at var clv_discount_rate_annual.
Predictions are null when the model they need did not converge.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from cwh.clv.steps import predict_customers


def model(dbt: Any, session: Any) -> pd.DataFrame:
    dbt.config(materialized="table")
    # the predictions are cwh.clv.steps.predict_customers, shared with the Spark build
    return predict_customers(
        dbt.ref("int_clv_params_fitted").df(),
        dbt.ref("int_clv_inputs_summarised").df(),
        horizon_days=float(dbt.config.get("clv_horizon_days")),
        discount_rate=float(dbt.config.get("clv_discount_rate_annual")),
    )
