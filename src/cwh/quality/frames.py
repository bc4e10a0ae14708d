"""The frames Great Expectations validates, computed by DuckDB so no table is loaded whole into pandas.

Great Expectations 1.x cannot validate DuckDB through SQLAlchemy (its metric queries come back empty,
an IndexError in resolve_metric_bundle), and loading a table of tens of millions of rows into pandas
does not scale. So DuckDB does the heavy lifting and Great Expectations validates small pandas frames:

- `row_batches`: the columns a suite's row expectations need, streamed as Arrow record batches of a
  fixed number of rows (memory stays at one batch, whatever the table size), optionally only the rows a
  filter keeps (a delta build's changed rows, `changed_keys_select`);
- `metrics_frame`: one row of aggregates (null counts, distinct counts, min / max, ...) computed in one
  DuckDB scan;
- `shares_frame`: one row per value of a column with its row count and share;
- `schema_frame`: the table's columns without rows.

The validation code reads frames through a `FrameSource`: `DuckDBFrames` here (the `make build`
warehouse), `cwh.spark.quality.SparkFrames` on the Spark build, which computes the same frames with Spark
SQL from the same metric definitions (`metric_select`, `shares_select`), each engine in its own dialect.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import duckdb
import pandas as pd
import pyarrow as pa

from cwh.quality.suites import parse_metric


@dataclass(frozen=True)
class Dialect:
    """How an engine's SQL quotes a name and spells the text type (the rest of the metric SQL is common
    to DuckDB and Spark)."""

    quote_char: str
    text_type: str

    def quote(self, name: str) -> str:
        return self.quote_char + name.replace(self.quote_char, self.quote_char * 2) + self.quote_char

    def relation(self, table: str) -> str:
        schema, name = table.split(".", 1)
        return f"{self.quote(schema)}.{self.quote(name)}"


DUCKDB = Dialect('"', "varchar")
SPARK = Dialect("`", "string")


class FrameSource(Protocol):
    """Where the frames of a suite come from: one warehouse on one engine."""

    #: names the warehouse in results and Data Docs (e.g. duckdb_warehouse)
    name: str

    def table_exists(self, table: str) -> bool: ...

    def row_count(self, table: str) -> int: ...

    def row_batches(
        self, table: str, columns: list[str], batch_rows: int, where: str | None = None
    ) -> Iterator[pd.DataFrame]: ...

    def metrics_frame(self, table: str, names: list[str]) -> pd.DataFrame: ...

    def shares_frame(self, table: str, column: str) -> pd.DataFrame: ...

    def schema_frame(self, table: str) -> pd.DataFrame: ...


def quote(name: str) -> str:
    return DUCKDB.quote(name)


def relation(table: str) -> str:
    return DUCKDB.relation(table)


def table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, name = table.split(".", 1)
    return bool(
        con.execute(
            "select count(*) from (select schema_name, table_name from duckdb_tables() "
            "union all select schema_name, view_name from duckdb_views()) "
            "where schema_name = ? and table_name = ?",
            [schema, name],
        ).fetchone()[0]
    )


def column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    return {name: kind for name, kind, *_ in con.execute(f"describe {relation(table)}").fetchall()}


def _as_validated(column: str, kind: str) -> str:
    """Decimals become doubles (pandas would hold them as Python objects, slow to compare)."""
    if kind.startswith("DECIMAL"):
        return f"cast({quote(column)} as double) as {quote(column)}"
    return quote(column)


def changed_keys_select(entity: str) -> str:
    """The keys whose rows a delta build of raw entity `entity` wrote again (cwh.build_scope), as a query
    on the built warehouse. For orders, the rule of dbt macro changed_order_keys: the orders
    base_raw__orders recomputed, whose `_built_at` is the build's start, the latest in the table."""
    if entity != "orders":
        raise ValueError(f"no rule for the changed keys of raw entity {entity!r}; known: orders")
    return (
        "select order_key from staging.base_raw__orders "
        "where _built_at = (select max(_built_at) from staging.base_raw__orders) and order_key is not null"
    )


def row_batches(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], batch_rows: int, where: str | None = None
) -> Iterator[pd.DataFrame]:
    """The table's `columns`, `batch_rows` rows at a time, only the rows SQL condition `where` keeps when
    given (a column missing from the table is left out, so its expectations fail with Great
    Expectations' own "column not found")."""
    types = column_types(con, table)
    present = [column for column in columns if column in types]
    select = ", ".join(_as_validated(column, types[column]) for column in present) or "null as _no_column"
    query = f"select {select} from {relation(table)}" + (f" where {where}" if where else "")
    # a relation's reader: on an execute() result DuckDB 2.0 copies the rows once more
    reader = con.sql(query).to_arrow_reader(batch_rows)
    empty = True
    for batch in exact_batches(reader, batch_rows):
        empty = False
        yield batch.to_pandas()
    if empty:
        yield con.execute(f"select {select} from {relation(table)} limit 0").df()


def exact_batches(batches: Iterable[pa.RecordBatch], batch_rows: int) -> Iterator[pa.Table]:
    """The rows of `batches` regrouped `batch_rows` at a time (the last group smaller). DuckDB 2.0's Arrow
    reader never crosses a row group of its table (122,880 rows): asked for 500,000 it yields 122,880,
    which made four times the Great Expectations validations on fct_orders. At most one group is held."""
    pending: list[pa.RecordBatch] = []
    pending_rows = 0
    for batch in batches:
        pending.append(batch)
        pending_rows += batch.num_rows
        while pending_rows >= batch_rows:
            rows = pa.Table.from_batches(pending)
            yield rows.slice(0, batch_rows)
            rest = rows.slice(batch_rows)
            pending, pending_rows = rest.to_batches(), rest.num_rows
    if pending_rows:
        yield pa.Table.from_batches(pending)


def _metric_sql(name: str, types: dict[str, str], dialect: Dialect = DUCKDB) -> str:
    column, statistic = parse_metric(name)
    if column is None:
        return "count(*)"
    if column not in types:
        # a missing column gives a NULL metric, which fails any bound with a clear observed value
        return "cast(null as double)"
    ref = dialect.quote(column)
    text = f"cast({ref} as {dialect.text_type})"
    numeric_text = f"try_cast(replace(regexp_replace(trim({text}), '^[¥$€£]', ''), ',', '') as double)"
    return {
        "null_count": f"count(*) - count({ref})",
        "null_share": f"(count(*) - count({ref})) / nullif(count(*), 0)",
        "distinct_count": f"count(distinct {ref})",
        "duplicate_count": f"count({ref}) - count(distinct {ref})",
        "min": f"min({ref})",
        "max": f"max({ref})",
        "mean": f"avg({ref})",
        "sum": f"sum({ref})",
        "min_length": f"min(length({text}))",
        "max_length": f"max(length({text}))",
        "not_numeric_count": f"count(*) filter (where {ref} is not null and {numeric_text} is null)",
        "not_numeric_share": f"(count(*) filter (where {ref} is not null and {numeric_text} is null))"
        f" / nullif(count({ref}), 0)",
    }[statistic]


def metric_select(table: str, names: list[str], types: dict[str, str], dialect: Dialect = DUCKDB) -> str:
    """The query of a metrics frame: one row, a column per named metric, in one scan of the table."""
    select = ", ".join(f"{_metric_sql(name, types, dialect)} as {dialect.quote(name)}" for name in names)
    return f"select {select} from {dialect.relation(table)}"


def decimals_as_floats(frame: pd.DataFrame) -> pd.DataFrame:
    """Metric columns that came back as Python Decimals (sums of decimals) as floats."""
    for name in frame.columns:
        if frame[name].dtype == object and len(frame) and isinstance(frame[name].iloc[0], decimal.Decimal):
            frame[name] = frame[name].astype(float)
    return frame


def metrics_frame(con: duckdb.DuckDBPyConnection, table: str, names: list[str]) -> pd.DataFrame:
    """One row: each named metric of the table, from one DuckDB scan."""
    return decimals_as_floats(con.execute(metric_select(table, names, column_types(con, table))).df())


def empty_shares_frame() -> pd.DataFrame:
    """The shares frame of a column the table lacks (its expectations then fail on no rows)."""
    return pd.DataFrame(
        {
            "value": pd.Series(dtype=object),
            "rows": pd.Series(dtype="int64"),
            "share": pd.Series(dtype=float),
        }
    )


def shares_select(table: str, column: str, dialect: Dialect = DUCKDB) -> str:
    """The query of a shares frame: one row per value of `column` (NULL included): value, rows, share."""
    value = f"cast({dialect.quote(column)} as {dialect.text_type})"
    return (
        f"select {value} as value, count(*) as {dialect.quote('rows')}, count(*) / sum(count(*)) over () "
        f"as share from {dialect.relation(table)} group by 1 order by 2 desc"
    )


def shares_frame(con: duckdb.DuckDBPyConnection, table: str, column: str) -> pd.DataFrame:
    """One row per value of `column` (NULL included): value, rows, share of all rows."""
    if column not in column_types(con, table):
        return empty_shares_frame()
    return con.execute(shares_select(table, column)).df()


def schema_frame(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    return con.execute(f"select * from {relation(table)} limit 0").df()


class DuckDBFrames:
    """The frames of a DuckDB warehouse, on an open connection."""

    name = "duckdb_warehouse"

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def table_exists(self, table: str) -> bool:
        return table_exists(self.con, table)

    def row_count(self, table: str) -> int:
        return int(self.con.execute(f"select count(*) from {relation(table)}").fetchone()[0])

    def row_batches(
        self, table: str, columns: list[str], batch_rows: int, where: str | None = None
    ) -> Iterator[pd.DataFrame]:
        return row_batches(self.con, table, columns, batch_rows, where)

    def metrics_frame(self, table: str, names: list[str]) -> pd.DataFrame:
        return metrics_frame(self.con, table, names)

    def shares_frame(self, table: str, column: str) -> pd.DataFrame:
        return shares_frame(self.con, table, column)

    def schema_frame(self, table: str) -> pd.DataFrame:
        return schema_frame(self.con, table)
