"""Expectation suites kept in the repo (gx/expectations/*.json), in Great Expectations' own format.

A suite validates one table (`meta.cwh.table`, e.g. `marts.customer_rfm`) and each expectation says
in `meta.frame` which *frame* of that table Great Expectations validates (see cwh.quality.frames):

- `rows` (the default): the table's rows, streamed from DuckDB in Arrow batches. Only row-by-row
  ("map") expectations are allowed here, because each batch is validated on its own and the results
  are added up; uniqueness over the whole table is a metric (`<column>__duplicate_count`).
- `metrics`: one row of aggregates DuckDB computes in one pass, named `row_count` or
  `<column>__<statistic>` (null_count, null_share, distinct_count, duplicate_count, min, max, mean,
  sum, min_length, max_length, not_numeric_count, not_numeric_share).
- `shares:<column>`: one row per value of the column with `value`, `rows` and `share` (of all rows).
- `schema`: the table's columns with no rows (table-level expectations such as the column set).

`severity` (critical / warning, Great Expectations' own field) grades a failure: a failed critical
expectation fails the build, a failed warning is reported and recorded.

`meta.cwh.delta` (optional, e.g. `{"entity": "orders", "key": "order_key"}`) says that a delta build of
that raw entity (cwh.build_scope) rewrites only the table's rows of the keys it changed and leaves every
other row as it was. The checkpoint then validates a row expectation on those rows only, when the last
published build found no failing row for the same expectation (cwh.quality.checkpoint.DeltaScope).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROW_FRAME = "rows"
METRICS_FRAME = "metrics"
SCHEMA_FRAME = "schema"
SHARES_PREFIX = "shares:"

METRIC_STATISTICS = (
    "null_count",
    "null_share",
    "distinct_count",
    "duplicate_count",
    "min",
    "max",
    "mean",
    "sum",
    "min_length",
    "max_length",
    "not_numeric_count",
    "not_numeric_share",
)
# map expectations that compare rows with other rows: wrong when each batch is validated alone
_CROSS_ROW = {
    "expect_column_values_to_be_unique",
    "expect_compound_columns_to_be_unique",
    "expect_column_values_to_be_increasing",
    "expect_column_values_to_be_decreasing",
}
_MAP_BASES = {"ColumnMapExpectation", "ColumnPairMapExpectation", "MulticolumnMapExpectation"}


class SuiteError(ValueError):
    """A suite file that cannot be used; the message names the file and the expectation."""


@dataclass(frozen=True)
class Suite:
    name: str
    table: str
    path: Path
    expectations: list[dict[str, Any]] = field(default_factory=list)
    description: str = ""
    # {"entity": raw entity, "key": key column}: see the module doc
    delta: dict[str, str] | None = None

    @property
    def schema(self) -> str:
        return self.table.split(".", 1)[0]

    @property
    def table_name(self) -> str:
        return self.table.split(".", 1)[1]

    @property
    def layer(self) -> str:
        return self.schema

    def frames(self) -> dict[str, list[dict[str, Any]]]:
        """Expectations grouped by the frame they validate, in suite order."""
        grouped: dict[str, list[dict[str, Any]]] = {}
        for expectation in self.expectations:
            grouped.setdefault(frame_of(expectation), []).append(expectation)
        return grouped

    def row_columns(self) -> list[str]:
        """Columns the row expectations read (the only ones streamed out of DuckDB)."""
        columns: list[str] = []
        for expectation in self.frames().get(ROW_FRAME, []):
            kwargs = expectation.get("kwargs", {})
            for key in ("column", "column_A", "column_B"):
                if key in kwargs and kwargs[key] not in columns:
                    columns.append(kwargs[key])
            for column in kwargs.get("column_list", []):
                if column not in columns:
                    columns.append(column)
        return columns

    def metric_names(self) -> list[str]:
        names: list[str] = []
        for expectation in self.frames().get(METRICS_FRAME, []):
            column = expectation.get("kwargs", {}).get("column")
            if column and column not in names:
                names.append(column)
        return names


def frame_of(expectation: dict[str, Any]) -> str:
    return (expectation.get("meta") or {}).get("frame", ROW_FRAME)


def parse_metric(name: str) -> tuple[str | None, str]:
    """`row_count` -> (None, 'row_count'); `amount__not_numeric_share` -> ('amount', 'not_numeric_share')."""
    if name == "row_count":
        return None, name
    column, _, statistic = name.rpartition("__")
    if not column or statistic not in METRIC_STATISTICS:
        raise SuiteError(
            f"metric {name!r}: expected row_count or <column>__<statistic> with a statistic among "
            + ", ".join(METRIC_STATISTICS)
        )
    return column, statistic


def _check_expectation(path: Path, index: int, expectation: dict[str, Any]) -> None:
    from great_expectations.expectations.registry import get_expectation_impl

    kind = expectation.get("type")
    where = f"{path}: expectation {index + 1} ({kind})"
    try:
        implementation = get_expectation_impl(kind)
    except Exception:
        raise SuiteError(f"{where}: unknown expectation type") from None
    frame = frame_of(expectation)
    bases = {base.__name__ for base in implementation.__mro__}
    if frame == ROW_FRAME and (not bases & _MAP_BASES or kind in _CROSS_ROW):
        raise SuiteError(
            f"{where}: the rows frame is validated batch by batch, so it takes row-by-row expectations only; "
            "validate this on frame 'metrics' (e.g. <column>__duplicate_count) or 'shares:<column>'"
        )
    if frame == METRICS_FRAME:
        column = expectation.get("kwargs", {}).get("column")
        if column is None:
            raise SuiteError(f"{where}: a metrics expectation needs kwargs.column naming a metric")
        try:
            parse_metric(column)
        except SuiteError as exc:
            raise SuiteError(f"{where}: {exc}") from None
    elif frame not in (ROW_FRAME, SCHEMA_FRAME) and not frame.startswith(SHARES_PREFIX):
        raise SuiteError(f"{where}: unknown frame {frame!r}; use rows, metrics, schema or shares:<column>")
    if expectation.get("severity", "critical") not in ("critical", "warning", "info"):
        raise SuiteError(f"{where}: severity must be critical, warning or info")


def _check_delta(path: Path, delta: Any) -> dict[str, str] | None:
    from cwh.build_scope import DELTA_ENTITIES

    if delta is None:
        return None
    if (
        not isinstance(delta, dict)
        or set(delta) != {"entity", "key"}
        or delta["entity"] not in DELTA_ENTITIES
        or not isinstance(delta["key"], str)
        or not re.fullmatch(r"[a-z_][a-z0-9_]*", delta["key"])
    ):
        raise SuiteError(
            f"{path}: meta.cwh.delta must be {{\"entity\": <one of {', '.join(DELTA_ENTITIES)}>, "
            f"\"key\": <the table's key column>}}, got {json.dumps(delta)}"
        )
    return dict(delta)


def load_suite(path: Path) -> Suite:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SuiteError(f"{path}: not valid JSON ({exc})") from None
    cwh = (document.get("meta") or {}).get("cwh") or {}
    table = cwh.get("table", "")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*", table):
        raise SuiteError(f"{path}: meta.cwh.table must name the validated table as <schema>.<table>")
    expectations = document.get("expectations", [])
    for index, expectation in enumerate(expectations):
        _check_expectation(path, index, expectation)
    return Suite(
        name=document.get("name") or path.stem,
        table=table,
        path=path,
        expectations=expectations,
        description=cwh.get("description", ""),
        delta=_check_delta(path, cwh.get("delta")),
    )


def load_suites(gx_dir: Path) -> list[Suite]:
    """Every suite in `gx_dir/expectations`, sorted by file name."""
    return [load_suite(path) for path in sorted((gx_dir / "expectations").glob("*.json"))]
