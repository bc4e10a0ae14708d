"""Per-customer model inputs (frequency, recency, T, monetary) computed in DuckDB SQL.

Time is counted in whole days between purchase dates (timestamps are cast to dates first), so several
orders on one day are one purchase day whose spend is their sum. Purchases after the as-of date are
ignored, and so are customers whose first purchase is after it.
"""

from __future__ import annotations

import datetime as dt

import duckdb

# Name under which a relation passed as the source is visible to the summary SQL.
RELATION_ALIAS = "clv_purchases_source"


def customer_summary(
    con: duckdb.DuckDBPyConnection,
    source: str | duckdb.DuckDBPyRelation,
    as_of_date: dt.date | str,
    *,
    customer_column: str = "customer_id",
    date_column: str = "purchase_date",
    amount_column: str = "amount",
) -> duckdb.DuckDBPyRelation:
    """Per-customer BG/NBD and Gamma-Gamma inputs, one row per customer, as a lazy DuckDB relation.

    Args:
        con: DuckDB connection that can see ``source`` (unused when ``source`` is a relation).
        source: table or view name (``schema.table`` allowed) or a DuckDB relation with one row per
            purchase: customer id, purchase date (date or timestamp) and amount.
        as_of_date: end of the observation window (inclusive), a ``date`` or ISO ``'YYYY-MM-DD'``.
        customer_column, date_column, amount_column: column names in ``source``.

    Returns:
        Relation with columns ``customer_id``, ``frequency`` (distinct purchase days after the first),
        ``recency`` (days from first to last purchase day), ``T`` (days from first purchase day to the
        as-of date) and ``monetary`` (mean spend per repeat purchase day, the first day excluded; 0 when
        frequency = 0). Call ``.df()``, ``.arrow()`` or ``.create(name)`` on it.
    """
    sql = customer_summary_sql(_source_name(source), as_of_date, customer_column, date_column, amount_column)
    return _run(con, source, sql)


def bgnbd_cells(
    con: duckdb.DuckDBPyConnection,
    source: str | duckdb.DuckDBPyRelation,
    as_of_date: dt.date | str,
    *,
    customer_column: str = "customer_id",
    date_column: str = "purchase_date",
    amount_column: str = "amount",
) -> duckdb.DuckDBPyRelation:
    """Distinct (frequency, recency, T) cells with ``weight`` = number of customers, for ``fit_bgnbd``.

    Same arguments as ``customer_summary``. Because recency and T are whole days, the number of cells
    is bounded by the observation window (at most about window^2 / 2 cells per frequency value, far
    fewer in practice) rather than by the number of customers.
    """
    summary_sql = customer_summary_sql(
        _source_name(source), as_of_date, customer_column, date_column, amount_column
    )
    sql = f"""
with customer_inputs as (
{summary_sql}
)

select
    frequency,
    recency,
    "T",
    count(*) as weight
from customer_inputs
group by frequency, recency, "T"
order by frequency, recency, "T"
"""
    return _run(con, source, sql)


def customer_summary_sql(
    source_name: str,
    as_of_date: dt.date | str,
    customer_column: str = "customer_id",
    date_column: str = "purchase_date",
    amount_column: str = "amount",
) -> str:
    """The SQL behind ``customer_summary`` for an already-quoted ``source_name`` (see that function)."""
    as_of = _as_date(as_of_date).isoformat()
    customer, purchased, amount = (_quote(name) for name in (customer_column, date_column, amount_column))
    return f"""
with purchases as (
    select
        {customer} as customer_id,
        cast({purchased} as date) as purchase_date,
        {amount} as amount
    from {source_name}
    where {customer} is not null
        and {purchased} is not null
        and cast({purchased} as date) <= date '{as_of}'
),

purchase_days as (
    -- several orders on one day are one purchase occasion in the BG/NBD
    select
        customer_id,
        purchase_date,
        coalesce(sum(amount), 0) as day_amount,
        min(purchase_date) over (partition by customer_id) as first_purchase_date
    from purchases
    group by customer_id, purchase_date
),

customer_inputs as (
    select
        customer_id,
        count(*) - 1 as frequency,
        date_diff('day', min(purchase_date), max(purchase_date)) as recency,
        date_diff('day', min(purchase_date), date '{as_of}') as "T",
        -- the first purchase day is excluded: it is the acquisition, not repeat behaviour
        coalesce(
            cast(avg(day_amount) filter (where purchase_date > first_purchase_date) as double), 0
        ) as monetary
    from purchase_days
    group by customer_id
)

select * from customer_inputs
"""


def _run(
    con: duckdb.DuckDBPyConnection, source: str | duckdb.DuckDBPyRelation, sql: str
) -> duckdb.DuckDBPyRelation:
    if isinstance(source, duckdb.DuckDBPyRelation):
        return source.query(RELATION_ALIAS, sql)
    return con.sql(sql)


def _source_name(source: str | duckdb.DuckDBPyRelation) -> str:
    if isinstance(source, duckdb.DuckDBPyRelation):
        return RELATION_ALIAS
    if not isinstance(source, str) or not source.strip():
        raise ValueError("source must be a table/view name such as 'main.purchases' or a DuckDB relation")
    return ".".join(_quote(part) for part in source.split("."))


def _quote(identifier: str) -> str:
    if not identifier:
        raise ValueError("column and table names must be non-empty")
    return '"' + identifier.replace('"', '""') + '"'


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"as_of_date must be a date or an ISO 'YYYY-MM-DD' string, got {value!r}") from exc
