"""What the report reads from the warehouse: the headline numbers, the inputs of its charts and the
data-quality state of the last build. Every function takes a read-only DuckDB connection.

Definitions match the semantic layer (models/semantic/) and the notebook: revenue is completed
orders only, active customers bought in the var scoring_activity_window_days days up to as_of_date,
churn rate is the share of buyers whose activity status is `churned`, NPS is over every NPS answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd

QUARANTINE_COLUMNS = ("entity", "reject_reason", "rows", "share_of_raw", "reason_severity")

HEADLINE_SQL = """
with
orders as (select * from marts.fct_orders where status = 'completed'),
as_of as (select max(as_of_date) as as_of_date from marts.customer_lifecycle),
buyers as (select * from marts.customer_lifecycle where activity_status != 'never_purchased'),
nps as (select * from marts.fct_survey_responses where survey_type = 'nps')
select
    (select as_of_date from as_of) as as_of_date,
    (select count(*) from marts.dim_customers) as customers,
    (select count(distinct customer_id) from orders) as buyers,
    (select count(*) from orders) as completed_orders,
    (select sum(revenue_base) from orders) as revenue,
    (select sum(revenue_base) / nullif(count(*), 0) from orders) as average_order_value,
    (select count(distinct customer_id) from orders, as_of
     where orders.order_date > as_of.as_of_date - $active_window_days) as active_customers,
    (select avg(cast(activity_status = 'churned' as integer)) from buyers) as churn_rate,
    (select 100.0 * (count_if(is_promoter) - count_if(is_detractor)) / nullif(count(*), 0) from nps) as nps,
    (select count(*) from nps) as nps_responses,
    (select avg(predicted_clv) from marts.customer_clv) as average_predicted_clv,
    (select any_value(clv_horizon_days) from marts.customer_clv) as clv_horizon_days
"""

CHART_SQL = {
    "pareto": "select revenue_window as revenue from marts.customer_value_tiers where revenue_window > 0",
    "rfm_segments": """
        select rfm_segment, count(*) as customers, sum(monetary) as revenue
        from marts.customer_rfm
        group by rfm_segment
    """,
    "status_months": """
        select month_start as month, activity_status, count(*) as customers
        from marts.customer_lifecycle_monthly
        where activity_status != 'never_purchased'
        group by month_start, activity_status
    """,
    "cohorts": """
        with
        purchases as (
            select distinct customer_id, cast(date_trunc('month', order_date) as date) as purchase_month
            from marts.fct_orders
            where status = 'completed'
        ),
        cohorts as (
            select customer_id, min(purchase_month) as cohort_month from purchases group by customer_id
        ),
        sizes as (select cohort_month, count(*) as cohort_customers from cohorts group by cohort_month)
        select
            cohorts.cohort_month,
            datediff('month', cohorts.cohort_month, purchases.purchase_month) as months_since_first,
            count(*) / any_value(sizes.cohort_customers) as retention
        from purchases
        inner join cohorts on purchases.customer_id = cohorts.customer_id
        inner join sizes on cohorts.cohort_month = sizes.cohort_month
        group by all
    """,
    "clv": "select predicted_clv from marts.customer_clv",
    "nps_segments": """
        select segment_value as segment, responses, nps, is_small_sample
        from marts.nps_by_segment
        where segment_dimension = 'rfm_segment'
    """,
}


@dataclass
class QualityState:
    """Data quality of the last build: its row in audit.dq_runs (status, counts of checks), the checks
    that did not pass (audit.dq_results of that run) and the quarantined rows. A warehouse without the
    quality history (a bare `dbt build`) falls back on the failing rows dbt stored in schema audit."""

    quarantine: pd.DataFrame
    last_run: dict | None = None
    problems: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        run = self.last_run or {}
        if run.get("status") not in (None, "success") or run.get("failed") or run.get("errored"):
            return "attention"
        if self.last_run is None and self.problems is not None and len(self.problems):
            return "attention"
        if run.get("warned") or run.get("drift_warnings"):
            return "warnings"
        return "ok"


def relation_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(con.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ? "
        "and database_name = current_database()", [schema, name],
    ).fetchone()[0])


def headline(con: duckdb.DuckDBPyConnection, active_window_days: int) -> dict:
    frame = con.execute(HEADLINE_SQL, {"active_window_days": active_window_days}).df()
    row = frame.iloc[0].to_dict()
    if isinstance(row["as_of_date"], pd.Timestamp):
        row["as_of_date"] = row["as_of_date"].date()
    row["active_window_days"] = active_window_days
    return row


def chart_inputs(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    return {name: con.execute(sql).df() for name, sql in CHART_SQL.items()}


def _quarantine(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    if relation_exists(con, "audit", "quarantine_summary"):
        summary = con.execute("select * from audit.quarantine_summary order by rows desc").df()
        return summary[[column for column in QUARANTINE_COLUMNS if column in summary]]
    names = [name for (name,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'audit' "
        "and table_name like 'quarantine\\_%' escape '\\' and database_name = current_database() order by 1"
    ).fetchall()]
    if not names:
        return pd.DataFrame(columns=["entity", "reject_reason", "rows"])
    union = " union all ".join(f'select entity, reject_reason from audit."{name}"' for name in names)
    return con.execute(f"select entity, reject_reason, count(*) as rows from ({union}) "
                       "group by all order by rows desc").df()


def _stored_failures(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """dbt stores the failing rows of every data test in schema audit (store_failures, one table per
    test, replaced at every run): a non-empty table is a test that failed or warned in the last build.
    The other audit tables (quarantine, quality history, identity logs) are not tests."""
    tables = [name for (name,) in con.execute(
        """
        select table_name from duckdb_tables()
        where schema_name = 'audit' and database_name = current_database()
            and table_name not like 'quarantine%' and table_name not like 'dq\\_%' escape '\\'
            and table_name not like 'identity\\_%' escape '\\' and table_name != 'customer_merge_log'
        order by 1
        """
    ).fetchall()]
    failing = []
    for name in tables:
        rows = con.execute(f'select count(*) from audit."{name}"').fetchone()[0]
        if rows:
            failing.append({"check_name": name, "failing_rows": rows})
    return pd.DataFrame(failing, columns=["check_name", "failing_rows"])


def _plain(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def quality_state(con: duckdb.DuckDBPyConnection) -> QualityState:
    state = QualityState(quarantine=_quarantine(con))
    if not relation_exists(con, "audit", "dq_runs"):
        state.notes.append("No quality history (audit.dq_runs) in this warehouse: it was not built by "
                           "`make build`. Shown: the dbt tests with failing rows stored in schema audit.")
        state.problems = _stored_failures(con)
        return state
    last = con.execute("select * from audit.dq_runs order by started_at desc limit 1").df()
    if last.empty:
        state.notes.append("audit.dq_runs is empty: no build recorded yet.")
        return state
    state.last_run = {column: _plain(value) for column, value in last.iloc[0].items()}
    state.problems = con.execute(
        """
        select layer, model, check_kind, check_name, severity, status, failing_rows, message
        from audit.dq_results
        where run_id = ? and status not in ('pass', 'skipped')
        order by case status when 'error' then 0 when 'fail' then 1 else 2 end, layer, model
        """,
        [state.last_run["run_id"]],
    ).df()
    if not state.last_run.get("published", True):
        state.notes.append("This build was not published: the marts in the warehouse are those of the "
                           "last successful build. Fix the checks below and run `make build` again.")
    return state
