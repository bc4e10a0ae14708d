"""Cross-engine equivalence: a table built on Spark against the same table built on DuckDB.

Spark's local warehouse is plain Parquet (`<SPARK_DIR>/warehouse/<schema>.db/<table>/`), so DuckDB reads
both sides and no Spark session is needed to compare. Two tables are equal when they have the same
columns, the same number of rows, and, after both are sorted on every column, the same values row by
row: text, dates, booleans and whole numbers exactly, other numbers within a relative tolerance
(`rel_tol`, default 1e-6, with an absolute floor `abs_tol` for values near zero). Timestamps are compared
as UTC wall-clock time (the Spark session runs in UTC). Lists compare element by element.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

DEFAULT_REL_TOL = 1e-6
DEFAULT_ABS_TOL = 1e-9


@dataclass
class TableDiff:
    table: str
    problems: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        return f"{self.table}: " + ("equal" if self.equal else "; ".join(self.problems))


def spark_table_path(spark_dir: Path, schema: str, table: str) -> Path:
    return spark_dir / "warehouse" / f"{schema}.db" / table


def spark_tables(spark_dir: Path, schema: str) -> list[str]:
    folder = spark_dir / "warehouse" / f"{schema}.db"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def _read(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[list[str], list[tuple]]:
    columns = [row[0] for row in con.execute(f"describe {relation}").fetchall()]
    rows = con.execute(f"select * from {relation}").fetchall()
    return columns, rows


def _normalise(value: Any) -> Any:
    import datetime as dt
    import decimal

    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    return value


def _sort_key(row: tuple) -> list[tuple[bool, str]]:
    """Both sides sort the same way: floats rounded to 9 significant digits, so a last-digit difference
    between engines does not reorder rows."""
    key = []
    for value in row:
        value = _normalise(value)
        if isinstance(value, float) and math.isfinite(value):
            value = float(f"{value:.9g}")
        key.append((value is not None, repr(value)))
    return key


def values_equal(left: Any, right: Any, rel_tol: float, abs_tol: float) -> bool:
    left, right = _normalise(left), _normalise(right)
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, bool) or isinstance(right, bool):
        return left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        if isinstance(left, float) and isinstance(right, float) and math.isnan(left) and math.isnan(right):
            return True
        return math.isclose(left, right, rel_tol=rel_tol, abs_tol=abs_tol)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(
            values_equal(a, b, rel_tol, abs_tol) for a, b in zip(left, right, strict=True)
        )
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(
            values_equal(left[k], right[k], rel_tol, abs_tol) for k in left
        )
    return left == right


def compare_table(
    duckdb_path: Path,
    spark_dir: Path,
    schema: str,
    table: str,
    rel_tol: float = DEFAULT_REL_TOL,
    abs_tol: float = DEFAULT_ABS_TOL,
    ignore_columns: tuple[str, ...] = (),
    max_shown: int = 5,
) -> TableDiff:
    """How `schema.table` on Spark differs from the DuckDB warehouse (empty problems: equal)."""
    diff = TableDiff(f"{schema}.{table}")
    folder = spark_table_path(spark_dir, schema, table)
    if not folder.is_dir():
        diff.problems.append(f"not built on Spark (no {folder})")
        return diff
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        present = {row[0] for row in con.execute(f'describe "{schema}"."{table}"').fetchall()}
        ignored = ", ".join(f'"{c}"' for c in ignore_columns if c in present)
        exclude = f" exclude ({ignored})" if ignored else ""
        con.execute(
            f"create temp view spark_side as select *{exclude} from read_parquet('{folder}/*.parquet')"
        )
        con.execute(f'create temp view duck_side as select *{exclude} from "{schema}"."{table}"')
        spark_columns, spark_rows = _read(con, "spark_side")
        duck_columns, duck_rows = _read(con, "duck_side")
    if sorted(spark_columns) != sorted(duck_columns):
        only_duck = sorted(set(duck_columns) - set(spark_columns))
        only_spark = sorted(set(spark_columns) - set(duck_columns))
        diff.problems.append(f"columns differ: only on DuckDB {only_duck}, only on Spark {only_spark}")
        return diff
    position = [spark_columns.index(c) for c in duck_columns]
    spark_rows = sorted((tuple(row[i] for i in position) for row in spark_rows), key=_sort_key)
    duck_rows = sorted(duck_rows, key=_sort_key)
    if len(spark_rows) != len(duck_rows):
        diff.problems.append(f"row count: DuckDB {len(duck_rows)}, Spark {len(spark_rows)}")
        return diff
    shown = 0
    for number, (duck_row, spark_row) in enumerate(zip(duck_rows, spark_rows, strict=True)):
        for column, duck_value, spark_value in zip(duck_columns, duck_row, spark_row, strict=True):
            if not values_equal(duck_value, spark_value, rel_tol, abs_tol):
                if shown < max_shown:
                    diff.problems.append(
                        f"sorted row {number}, column {column}: DuckDB {duck_value!r}, Spark {spark_value!r}"
                    )
                shown += 1
    if shown > max_shown:
        diff.problems.append(f"... {shown - max_shown} more differing values")
    return diff
