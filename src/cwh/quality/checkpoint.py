"""The Great Expectations checkpoint of `make build`: every suite in gx/expectations, validated on the
warehouse dbt just built, with Data Docs written to reports/data_docs and results to
target/gx_results.json (read by the quality history loader).

Each suite is split by frame (cwh.quality.suites); DuckDB computes the frames (cwh.quality.frames) and
Great Expectations validates them as pandas batches. The Spark build validates the same suites on frames
Spark computes (cwh.spark.quality, through `validate_source`). Row expectations run batch by batch and their
counts are added up, so the result of a suite is the one Great Expectations would give on the whole
table. A failed `critical` expectation fails the checkpoint (exit code 1); a failed `warning` is
reported. A suite whose table does not exist is reported as skipped (a partial `--select` build).

In a delta build (cwh.build_scope), a suite whose table declares `meta.cwh.delta` has its row
expectations validated on the rows the build wrote again, when the last published build found no
failing row for the same expectation on the same table: every other row is the one that passed then
(`DeltaScope`). The outcome's `checked_rows` and `message` say so.

Run it alone on a built warehouse with `python -m cwh.quality.checkpoint`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from cwh.quality import frames
from cwh.quality.suites import METRICS_FRAME, ROW_FRAME, SCHEMA_FRAME, SHARES_PREFIX, Suite, load_suites
from cwh.settings import Settings

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

DEFAULT_BATCH_ROWS = 500_000
_PARTIAL_VALUES = 20
_NOT_NULL = "expect_column_values_to_not_be_null"
_DELTA_MESSAGE = (
    "delta build: checked the rows of the {entity} this build wrote again; "
    "every other row passed it in the last published build"
)


@dataclass
class ExpectationOutcome:
    """One expectation of one suite, as recorded in audit.dq_results."""

    expectation_id: str
    expectation_type: str
    column: str | None
    frame: str
    severity: str
    status: str  # pass / warn / fail / error
    failing_rows: int | None
    checked_rows: int | None
    observed_value: str | None
    expected: str
    message: str


@dataclass
class SuiteOutcome:
    suite: str
    table: str
    layer: str
    status: str  # pass / warn / fail / skipped
    seconds: float
    rows: int | None = None
    batches: int = 0
    expectations: list[ExpectationOutcome] = field(default_factory=list)
    message: str = ""


@dataclass
class CheckpointResult:
    run_id: str
    started_at: str
    finished_at: str
    database: str
    data_docs: str | None
    suites: list[SuiteOutcome]

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [e for s in self.suites for e in s.expectations if e.status in ("fail", "error")]

    @property
    def warned(self) -> list[ExpectationOutcome]:
        return [e for s in self.suites for e in s.expectations if e.status == "warn"]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> CheckpointResult:
        suites = [
            SuiteOutcome(
                **{**suite, "expectations": [ExpectationOutcome(**e) for e in suite["expectations"]]}
            )
            for suite in document["suites"]
        ]
        return cls(**{**document, "suites": suites})


@dataclass(frozen=True)
class DeltaScope:
    """What a delta build lets the checkpoint leave out.

    `entities`: the raw entities the build took as a delta (cwh.build_scope.Scope.delta). `passed`: the
    row expectations (id, table, type, column, expected) that found 0 failing rows in the last published
    build, read from its quality history (`last_published_passes`). A row expectation of a suite with
    `meta.cwh.delta` on one of `entities` and in `passed` is validated on the rows of the changed keys
    only: the other rows are those that passed it then. Anything else is validated on every row, so a
    changed expectation, a table that had failing rows or a first build gets the full check."""

    entities: tuple[str, ...] = ()
    passed: frozenset[tuple[str, str, str, str | None, str]] = frozenset()

    def row_filter(self, suite: Suite) -> str | None:
        """SQL condition on the suite's table keeping the rows the delta build wrote, or None."""
        if suite.delta is None or suite.delta["entity"] not in self.entities:
            return None
        return f"{frames.quote(suite.delta['key'])} in ({frames.changed_keys_select(suite.delta['entity'])})"

    def covers(self, suite: Suite, expectation: dict[str, Any]) -> bool:
        """Whether every row the build left alone passed `expectation` in the last published build."""
        kwargs = expectation.get("kwargs", {})
        key = (expectation["id"], suite.table, expectation["type"], kwargs.get("column"), _expected(kwargs))
        return key in self.passed


def last_published_passes(con: duckdb.DuckDBPyConnection) -> frozenset:
    """Keys (id, table, type, column, expected) of the Great Expectations row expectations with 0
    failing rows in the last published build, from audit.dq_runs / dq_results (none without history)."""
    if not (frames.table_exists(con, "audit.dq_runs") and frames.table_exists(con, "audit.dq_results")):
        return frozenset()
    rows = con.execute(
        """
        select unique_id, model, check_type, column_name, expected
        from audit.dq_results
        where
            source = 'great_expectations'
            and check_kind = 'expectation'
            and failing_rows = 0
            and run_id = (select arg_max(run_id, started_at) from audit.dq_runs where published)
        """
    ).fetchall()
    return frozenset(tuple(row) for row in rows)


# ---------------------------------------------------------------------------------------- Great Expectations


def _context(data_docs_dir: Path | None):  # -> EphemeralDataContext
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    sites = {}
    if data_docs_dir is not None:
        sites["local_site"] = {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(data_docs_dir),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        data_docs_sites=sites,
    )
    return gx.get_context(project_config=config, mode="ephemeral")


def preload() -> None:
    """Import Great Expectations (about 9 s: it pulls in scipy, altair, jsonschema's format checkers and,
    when installed, pyspark). `cwh.build` calls it on a background thread while the dbt build runs in
    its own process, so the checkpoint after the build does not wait for the import."""
    import great_expectations  # noqa: F401
    import great_expectations.core.expectation_validation_result  # noqa: F401
    import great_expectations.execution_engine.pandas_execution_engine  # noqa: F401


def _skip_frame_fingerprints() -> None:
    """Stop Great Expectations from hashing every pandas batch it is given.

    Its PandasExecutionEngine hashes each frame under `HASH_THRESHOLD` bytes (1 GB) into the batch
    marker `pandas_data_fingerprint`, and a batch is built twice per validation: on 10M orders that
    hashing was 13 of the 21 seconds of the fct_orders suite. The checkpoint never reads that marker (a
    suite's result is merged from its row batches and described by our own batch spec), so the
    threshold is set to 0. tests/python/test_quality_checkpoint.py checks that the markers no longer
    carry the fingerprint, so a release that renames the constant fails there instead of quietly
    slowing the build down again.
    """
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0


class _Validator:
    """Validates pandas frames with Great Expectations, through one in-memory dataframe asset."""

    def __init__(self, context) -> None:
        _skip_frame_fingerprints()
        self.context = context
        asset = context.data_sources.add_pandas("duckdb_frames").add_dataframe_asset("frame")
        self.batch_definition = asset.add_batch_definition_whole_dataframe("whole_frame")

    def validate(self, name: str, expectations: list[dict[str, Any]], frame, result_format: dict[str, Any]):
        import great_expectations as gx

        suite = gx.ExpectationSuite(name=name, expectations=[dict(e) for e in expectations])
        batch = self.batch_definition.get_batch(batch_parameters={"dataframe": frame})
        return batch.validate(suite, result_format=result_format)


def _with_ids(suite: Suite) -> list[dict[str, Any]]:
    """The suite's expectations with stable ids (results of the frames are matched back by id)."""
    return [
        {**e, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"cwh:{suite.name}:{index}"))}
        for index, e in enumerate(suite.expectations)
    ]


def _merge_batches(per_batch: list[Any]) -> tuple[bool, dict[str, Any], dict[str, Any]]:
    """Add up the results of one row expectation over all batches: (success, result, exception_info)."""
    first = per_batch[0]
    raised = next((r for r in per_batch if r.exception_info.get("raised_exception")), None)
    if raised is not None:
        return False, dict(raised.result or {}), dict(raised.exception_info)
    totals = {"element_count": 0, "missing_count": 0, "unexpected_count": 0}
    partial: list[Any] = []
    for result in per_batch:
        for key in totals:
            totals[key] += int(result.result.get(key) or 0)
        room = _PARTIAL_VALUES - len(partial)
        if room > 0:
            partial.extend((result.result.get("partial_unexpected_list") or [])[:room])
    config = first.expectation_config
    checked = (
        totals["element_count"]
        if config.type == _NOT_NULL
        else totals["element_count"] - totals["missing_count"]
    )
    unexpected_share = totals["unexpected_count"] / checked if checked else 0.0
    mostly = float(config.kwargs.get("mostly", 1) or 1)
    success = totals["unexpected_count"] == 0 if mostly >= 1 else (1 - unexpected_share) >= mostly
    result = {
        **totals,
        "unexpected_percent": 100 * unexpected_share,
        "missing_percent": 100 * totals["missing_count"] / totals["element_count"]
        if totals["element_count"]
        else 0,
        "partial_unexpected_list": partial,
        "batches": len(per_batch),
    }
    return success, result, dict(first.exception_info)


def _observed(
    frame_name: str, result: dict[str, Any], metrics: dict[str, Any], column: str | None
) -> str | None:
    if frame_name == METRICS_FRAME and column in metrics:
        value = metrics[column]
        return None if value is None else str(value)
    if frame_name.startswith(SHARES_PREFIX) and result.get("unexpected_index_list"):
        return "; ".join(
            f"{row.get('value')}: {float(row.get('share', 0)):.4f}"
            if "share" in row
            else str(row.get("value"))
            for row in result["unexpected_index_list"][:_PARTIAL_VALUES]
        )
    if "observed_value" in result:
        return json.dumps(result["observed_value"], default=str)
    if result.get("partial_unexpected_list"):
        return "unexpected: " + json.dumps(
            result["partial_unexpected_list"][:5], default=str, ensure_ascii=False
        )
    return None


def _expected(kwargs: dict[str, Any]) -> str:
    shown = {k: v for k, v in kwargs.items() if k not in ("column", "batch_id", "result_format")}
    return json.dumps(shown, default=str, ensure_ascii=False)


def _message(result: Any, raised: bool, suite: Suite, on_delta_rows: bool) -> str:
    """The engine's message for a broken expectation; for one checked on a delta build's rows, which
    rows those were; else none."""
    if raised:
        return result.exception_info.get("exception_message") or ""
    return _DELTA_MESSAGE.format(entity=suite.delta["entity"]) if on_delta_rows else ""


def _status(success: bool, severity: str, raised: bool) -> str:
    """pass; a failed or broken (raised) expectation: fail / error when critical, warn otherwise."""
    if success and not raised:
        return "pass"
    if severity != "critical":
        return "warn"
    return "error" if raised else "fail"


def validate_suite(
    source: frames.FrameSource,
    validator: _Validator,
    suite: Suite,
    batch_rows: int,
    delta: DeltaScope | None = None,
):
    """Validate one suite on its table; returns (SuiteOutcome, merged Great Expectations result or None).
    With `delta`, row expectations it covers are validated on the rows the delta build wrote."""
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResult,
        ExpectationValidationResult,
    )

    started = time.monotonic()
    if not source.table_exists(suite.table):
        return SuiteOutcome(
            suite.name,
            suite.table,
            suite.layer,
            "skipped",
            0.0,
            message=f"table {suite.table} does not exist in this warehouse; suite not run",
        ), None
    expectations = _with_ids(suite)
    by_id: dict[str, tuple[Any, str]] = {}
    narrowed: set[str] = set()
    metrics: dict[str, Any] = {}
    outcome = SuiteOutcome(suite.name, suite.table, suite.layer, "pass", 0.0)
    outcome.rows = source.row_count(suite.table)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for expectation in expectations:
        grouped.setdefault((expectation.get("meta") or {}).get("frame", ROW_FRAME), []).append(expectation)

    for frame_name, members in grouped.items():
        label = f"{suite.name}:{frame_name}"
        if frame_name == ROW_FRAME:
            per_batch: dict[str, list[Any]] = {}
            row_filter = delta.row_filter(suite) if delta is not None else None
            narrowed = {e["id"] for e in members if row_filter is not None and delta.covers(suite, e)}
            passes = [
                (None, [e for e in members if e["id"] not in narrowed]),
                (row_filter, [e for e in members if e["id"] in narrowed]),
            ]
            for where, group in passes:
                if not group:
                    continue
                for batch in source.row_batches(suite.table, suite.row_columns(), batch_rows, where):
                    outcome.batches += 1
                    validation = validator.validate(label, group, batch, {"result_format": "SUMMARY"})
                    for result in validation.results:
                        per_batch.setdefault(result.expectation_config.id, []).append(result)
            for expectation_id, results in per_batch.items():
                success, merged, exception_info = _merge_batches(results)
                by_id[expectation_id] = (
                    ExpectationValidationResult(
                        success=success,
                        expectation_config=results[0].expectation_config,
                        result=merged,
                        exception_info=exception_info,
                    ),
                    frame_name,
                )
            continue
        if frame_name == METRICS_FRAME:
            frame = source.metrics_frame(suite.table, suite.metric_names())
            # per column, so an integer metric stays an integer (a row of mixed types would be all floats)
            metrics = frame.to_dict("records")[0] if len(frame) else {}
            result_format = {"result_format": "SUMMARY"}
        elif frame_name.startswith(SHARES_PREFIX):
            frame = source.shares_frame(suite.table, frame_name[len(SHARES_PREFIX) :])
            result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": ["value"]}
        else:
            assert frame_name == SCHEMA_FRAME
            frame = source.schema_frame(suite.table)
            result_format = {"result_format": "SUMMARY"}
        validation = validator.validate(label, members, frame, result_format)
        for result in validation.results:
            by_id[result.expectation_config.id] = (result, frame_name)

    results = []
    for expectation in expectations:
        result, frame_name = by_id[expectation["id"]]
        results.append(result)
        raised = bool(result.exception_info.get("raised_exception"))
        severity = str(
            getattr(result.expectation_config, "severity", None) or expectation.get("severity", "critical")
        )
        severity = severity.split(".")[-1].lower()
        data = result.result or {}
        column = expectation.get("kwargs", {}).get("column")
        failing = data.get("unexpected_count")
        checked = data.get("element_count")
        outcome.expectations.append(
            ExpectationOutcome(
                expectation_id=expectation["id"],
                expectation_type=expectation["type"],
                column=column,
                frame=frame_name,
                severity=severity,
                status=_status(bool(result.success), severity, raised),
                failing_rows=int(failing) if failing is not None and frame_name == ROW_FRAME else None,
                checked_rows=int(checked) if checked is not None and frame_name == ROW_FRAME else None,
                observed_value=_observed(frame_name, data, metrics, column),
                expected=_expected(expectation.get("kwargs", {})),
                message=_message(result, raised, suite, expectation["id"] in narrowed),
            )
        )
    statuses = {e.status for e in outcome.expectations}
    outcome.status = "fail" if statuses & {"fail", "error"} else "warn" if "warn" in statuses else "pass"
    outcome.seconds = round(time.monotonic() - started, 3)
    successful = sum(1 for r in results if r.success)
    merged = ExpectationSuiteValidationResult(
        success=outcome.status != "fail",
        results=results,
        suite_name=suite.name,
        statistics={
            "evaluated_expectations": len(results),
            "successful_expectations": successful,
            "unsuccessful_expectations": len(results) - successful,
            "success_percent": 100.0 * successful / len(results) if results else 100.0,
        },
        meta={
            "active_batch_definition": {
                "datasource_name": source.name,
                "data_connector_name": "cwh_frames",
                "data_asset_name": suite.table,
                "batch_identifiers": {"frames": ", ".join(grouped)},
            },
            "batch_spec": {
                "datasource": source.name,
                "data_asset_name": suite.table,
                "rows": outcome.rows,
                "row_batches": outcome.batches,
                "frames": ", ".join(grouped),
            },
            "batch_markers": {},
        },
    )
    return outcome, merged


def _write_data_docs(context, suites: list[Suite], merged: dict[str, Any], run_name: str) -> str | None:
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    run_id = RunIdentifier(run_name=run_name, run_time=dt.datetime.now(dt.UTC))
    for suite in suites:
        if suite.name not in merged:
            continue
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=suite.name),
            run_id=run_id,
            batch_identifier=suite.table,
        )
        result = merged[suite.name]
        result.meta["run_id"] = run_id
        result.meta["validation_time"] = run_id.run_time.isoformat()
        context.validation_results_store.set(key, result)
    sites = context.build_data_docs(site_names=["local_site"])
    return sites.get("local_site")


def validate_warehouse(
    database: Path,
    gx_dir: Path,
    data_docs_dir: Path | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    run_id: str | None = None,
    delta_entities: tuple[str, ...] = (),
) -> CheckpointResult:
    """Validate every suite of `gx_dir` on `database` (opened read-only); `delta_entities`: the raw
    entities the build took as a delta (see DeltaScope)."""
    with duckdb.connect(str(database), read_only=True) as con:
        delta = DeltaScope(tuple(delta_entities), last_published_passes(con)) if delta_entities else None
        return validate_source(
            frames.DuckDBFrames(con), str(database), gx_dir, data_docs_dir, batch_rows, run_id, delta
        )


def validate_source(
    source: frames.FrameSource,
    database: str,
    gx_dir: Path,
    data_docs_dir: Path | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    run_id: str | None = None,
    delta: DeltaScope | None = None,
) -> CheckpointResult:
    """Validate every suite of `gx_dir` on the frames of `source`; `database` names the warehouse in the
    result."""
    started = dt.datetime.now(dt.UTC)
    suites = load_suites(gx_dir)
    context = _context(data_docs_dir)
    validator = _Validator(context)
    outcomes: list[SuiteOutcome] = []
    merged: dict[str, Any] = {}
    for suite in suites:
        outcome, result = validate_suite(source, validator, suite, batch_rows, delta)
        outcomes.append(outcome)
        if result is not None:
            merged[suite.name] = result
    docs = None
    if data_docs_dir is not None and merged:
        data_docs_dir.mkdir(parents=True, exist_ok=True)
        docs = _write_data_docs(context, suites, merged, run_id or started.strftime("%Y%m%dT%H%M%SZ"))
    return CheckpointResult(
        run_id=run_id or "",
        started_at=started.isoformat(),
        finished_at=dt.datetime.now(dt.UTC).isoformat(),
        database=database,
        data_docs=docs,
        suites=outcomes,
    )


def print_result(result: CheckpointResult) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="Great Expectations checkpoint")
    for column in ("suite", "table", "rows", "status", "passed", "warned", "failed", "seconds"):
        table.add_column(
            column, justify="right" if column in ("rows", "passed", "warned", "failed", "seconds") else "left"
        )
    for suite in result.suites:
        counts = {
            s: sum(1 for e in suite.expectations if e.status == s) for s in ("pass", "warn", "fail", "error")
        }
        table.add_row(
            suite.suite,
            suite.table,
            "" if suite.rows is None else f"{suite.rows:,}",
            suite.status,
            str(counts["pass"]),
            str(counts["warn"]),
            str(counts["fail"] + counts["error"]),
            f"{suite.seconds:.1f}",
        )
    console.print(table)
    for suite in result.suites:
        if suite.status == "skipped":
            console.print(f"[yellow]skipped[/yellow] {suite.suite}: {suite.message}")
        for e in suite.expectations:
            if e.status in ("fail", "error", "warn"):
                colour = "yellow" if e.status == "warn" else "red"
                what = f"{e.expectation_type}({e.column or ''})"
                detail = (
                    f"failing rows {e.failing_rows:,}" if e.failing_rows else f"observed {e.observed_value}"
                )
                console.print(
                    f"[{colour}]{e.status}[/{colour}] {suite.table} {what} [{e.frame}] expected "
                    f"{e.expected}; {detail} {e.message}".rstrip()
                )
    if result.data_docs:
        console.print(f"Data Docs: {result.data_docs}")


def run_checkpoint(
    settings: Settings,
    database: Path | None = None,
    run_id: str | None = None,
    delta_entities: tuple[str, ...] = (),
) -> int:
    """Validate the warehouse, write Data Docs and target/gx_results.json; 1 when a critical expectation
    failed, else 0. `database` defaults to the published warehouse; `delta_entities` as in
    validate_warehouse."""
    batch_rows = int(os.environ.get("CWH_GX_BATCH_ROWS", DEFAULT_BATCH_ROWS))
    result = validate_warehouse(
        database or settings.warehouse_path,
        settings.gx_dir,
        settings.data_docs_dir,
        batch_rows,
        run_id,
        delta_entities,
    )
    settings.gx_results_path.parent.mkdir(parents=True, exist_ok=True)
    settings.gx_results_path.write_text(json.dumps(result.to_json(), indent=1, default=str), encoding="utf-8")
    print_result(result)
    return 1 if result.failed else 0


def main() -> int:
    return run_checkpoint(Settings.from_env())


if __name__ == "__main__":
    raise SystemExit(main())
