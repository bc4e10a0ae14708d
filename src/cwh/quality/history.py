"""Quality history: after each build, what was checked and how it went, appended to schema audit.

- `audit.dq_runs`: one row per build (run id, start and end, status, the step that failed, counts).
- `audit.dq_results`: one row per check per build: dbt data tests and unit tests (from
  target/run_results.json and manifest.json), source freshness (target/sources.json), Great
  Expectations expectations (target/gx_results.json) and drift checks (cwh.quality.drift), with layer,
  model, check, severity, status and failing rows.
- `audit.dq_quarantine_history`: per build, entity and reason code, the rows set aside and the share
  of the entity's raw rows (audit.quarantine_summary, a dbt model, holds the current build only).
- `audit.dq_metrics`: per build, the numbers drift is judged on (rows per layer and per mart, share of
  each segment / tier / status value, quarantine rate per entity).

These tables are written here, never by dbt, so they accumulate: dbt rebuilds its models and its
store_failures tables every run, the history only grows. `audit.dq_latest_results` is a view of the
last build's rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from cwh.quality.checkpoint import CheckpointResult

LAYERS = ("raw", "staging", "intermediate", "marts", "restricted", "audit")

DDL = """
create schema if not exists audit;
create table if not exists audit.dq_runs (
    run_id varchar,
    started_at timestamp,
    finished_at timestamp,
    status varchar,
    failed_step varchar,
    dbt_invocation_id varchar,
    raw_dir varchar,
    published boolean,
    checks integer,
    passed integer,
    warned integer,
    failed integer,
    errored integer,
    skipped integer,
    pass_rate double,
    drift_warnings integer,
    seconds double
);
create table if not exists audit.dq_results (
    run_id varchar,
    run_started_at timestamp,
    source varchar,
    check_kind varchar,
    layer varchar,
    model varchar,
    column_name varchar,
    check_type varchar,
    check_name varchar,
    unique_id varchar,
    severity varchar,
    status varchar,
    passed boolean,
    failing_rows bigint,
    observed_value varchar,
    expected varchar,
    message varchar,
    execution_seconds double
);
create table if not exists audit.dq_quarantine_history (
    run_id varchar,
    run_started_at timestamp,
    entity varchar,
    reject_reason varchar,
    rows bigint,
    raw_rows bigint,
    share_of_raw double
);
create table if not exists audit.dq_metrics (
    run_id varchar,
    run_started_at timestamp,
    metric varchar,
    layer varchar,
    model varchar,
    column_name varchar,
    value_label varchar,
    value double
);
create or replace view audit.dq_latest_results as
select *
from audit.dq_results
where run_id = (select arg_max(run_id, started_at) from audit.dq_runs);
"""

RESULT_COLUMNS = (
    "run_id",
    "run_started_at",
    "source",
    "check_kind",
    "layer",
    "model",
    "column_name",
    "check_type",
    "check_name",
    "unique_id",
    "severity",
    "status",
    "passed",
    "failing_rows",
    "observed_value",
    "expected",
    "message",
    "execution_seconds",
)


@dataclass
class BuildRun:
    """What the build orchestrator knows about one build."""

    run_id: str
    started_at: dt.datetime
    raw_dir: str
    finished_at: dt.datetime | None = None
    status: str = "success"
    failed_step: str | None = None
    published: bool = False
    dbt_invocation_id: str | None = None
    results: list[dict[str, Any]] = field(default_factory=list)


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def _read_json(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _generated_before(document: dict[str, Any], moment: dt.datetime | None) -> bool:
    """True when a dbt artifact was written before `moment`: left over from an earlier build."""
    generated = document.get("metadata", {}).get("generated_at", "")
    if moment is None or not generated:
        return False
    written = dt.datetime.fromisoformat(generated.replace("Z", "+00:00")).replace(tzinfo=None)
    return written < moment.astimezone(dt.UTC).replace(tzinfo=None)


def dbt_invocation_id(target_path: Path, since: dt.datetime | None = None) -> str | None:
    run_results = _read_json(target_path / "run_results.json") or {}
    if _generated_before(run_results, since):
        return None
    return run_results.get("metadata", {}).get("invocation_id")


def _node_location(node: dict[str, Any] | None) -> tuple[str | None, str | None]:
    """(layer, model) of a model / seed / source node of the manifest."""
    if not node:
        return None, None
    if node.get("resource_type") == "source":
        return node.get("schema"), f"{node.get('schema')}.{node.get('name')}"
    schema = node.get("schema")
    return schema, f"{schema}.{node.get('alias') or node.get('name')}"


def _status(dbt_status: str) -> str:
    return {
        "success": "pass",
        "pass": "pass",
        "warn": "warn",
        "fail": "fail",
        "error": "error",
        "runtime error": "error",
        "skipped": "skipped",
    }.get(dbt_status, dbt_status)


def dbt_results(
    run: BuildRun, target_path: Path, invocation_started: dt.datetime | None = None
) -> list[dict]:
    """dq_results rows of the last dbt build: data tests, unit tests, and models or seeds that failed."""
    run_results = _read_json(target_path / "run_results.json")
    manifest = _read_json(target_path / "manifest.json")
    if not run_results or not manifest:
        return []
    if _generated_before(run_results, invocation_started):
        # a stale run_results.json from an earlier build: this build's dbt never got that far
        return []
    nodes = {**manifest.get("nodes", {}), **manifest.get("sources", {}), **manifest.get("unit_tests", {})}
    by_name = {(n.get("resource_type"), n.get("name")): n for n in nodes.values()}
    rows = []
    for result in run_results.get("results", []):
        unique_id = result["unique_id"]
        node = nodes.get(unique_id, {})
        kind = node.get("resource_type") or unique_id.split(".")[0]
        status = _status(result.get("status", ""))
        if kind == "test":
            depends = [nodes.get(uid) for uid in node.get("depends_on", {}).get("nodes", [])]
            depends = [
                d for d in depends if d and d.get("resource_type") in ("model", "seed", "source", "snapshot")
            ]
            attached = nodes.get(node.get("attached_node") or "") or (
                depends[0] if len(depends) == 1 else None
            )
            layer, model = _node_location(attached)
            if attached is None and depends:
                layers = {(_node_location(d)[0]) for d in depends}
                layer = layers.pop() if len(layers) == 1 else "cross-model"
                model = ", ".join(sorted(_node_location(d)[1] or "" for d in depends))
            metadata = node.get("test_metadata") or {}
            check_type = metadata.get("name") or "singular"
            check_kind = "data_test"
            severity = str(node.get("config", {}).get("severity", "error")).lower()
        elif kind == "unit_test":
            tested = by_name.get(("model", node.get("model")))
            layer, model = _node_location(tested)
            check_type, check_kind, severity = "unit_test", "unit_test", "error"
        elif status in ("error", "fail"):
            layer, model = _node_location(node)
            check_type, check_kind, severity = f"{kind}_build", "build", "error"
        else:
            continue
        failures = result.get("failures")
        rows.append(
            {
                "source": "dbt",
                "check_kind": check_kind,
                "layer": layer,
                "model": model,
                "column_name": node.get("column_name")
                or (node.get("test_metadata") or {}).get("kwargs", {}).get("column_name"),
                "check_type": check_type,
                "check_name": node.get("name") or unique_id,
                "unique_id": unique_id,
                "severity": severity,
                "status": status,
                "failing_rows": failures if isinstance(failures, int) else None,
                "observed_value": None,
                "expected": None,
                "message": (result.get("message") or "")[:2000] if status != "pass" else None,
                "execution_seconds": result.get("execution_time"),
            }
        )
    return rows


def freshness_results(target_path: Path, run_started: dt.datetime) -> list[dict]:
    """dq_results rows of `dbt source freshness` (target/sources.json), when it ran in this build."""
    sources = _read_json(target_path / "sources.json")
    if not sources:
        return []
    if _generated_before(sources, run_started):
        return []
    rows = []
    for result in sources.get("results", []):
        _, _, source, table = result["unique_id"].split(".", 3)
        criteria = result.get("criteria") or {}
        age = result.get("max_loaded_at_time_ago_in_s")
        # dbt's freshness statuses: pass, warn, error (older than error_after: a failed check) and
        # runtime error (the check could not run)
        status = {"error": "fail"}.get(result.get("status", ""), _status(result.get("status", "")))
        rows.append(
            {
                "source": "dbt",
                "check_kind": "source_freshness",
                "layer": "raw",
                "model": f"{source}.{table}",
                "column_name": None,
                "check_type": "source_freshness",
                "check_name": f"freshness_{source}_{table}",
                "unique_id": result["unique_id"],
                "severity": "error" if status == "fail" else "warn",
                "status": status,
                "failing_rows": None,
                "observed_value": None if age is None else f"{age / 3600:.1f} hours since the last load",
                "expected": json.dumps(criteria, default=str),
                "message": result.get("error"),
                "execution_seconds": result.get("execution_time"),
            }
        )
    return rows


def gx_results(checkpoint: CheckpointResult) -> list[dict]:
    rows = []
    for suite in checkpoint.suites:
        if suite.status == "skipped":
            rows.append(
                {
                    "source": "great_expectations",
                    "check_kind": "expectation_suite",
                    "layer": suite.layer,
                    "model": suite.table,
                    "column_name": None,
                    "check_type": "suite",
                    "check_name": suite.suite,
                    "unique_id": None,
                    "severity": "critical",
                    "status": "skipped",
                    "failing_rows": None,
                    "observed_value": None,
                    "expected": None,
                    "message": suite.message,
                    "execution_seconds": suite.seconds,
                }
            )
        for e in suite.expectations:
            rows.append(
                {
                    "source": "great_expectations",
                    "check_kind": "expectation",
                    "layer": suite.layer,
                    "model": suite.table,
                    "column_name": e.column,
                    "check_type": e.expectation_type,
                    "check_name": f"{suite.suite}:{e.expectation_type}({e.column or ''})[{e.frame}]",
                    "unique_id": e.expectation_id,
                    "severity": e.severity,
                    "status": e.status,
                    "failing_rows": e.failing_rows,
                    "observed_value": e.observed_value,
                    "expected": e.expected,
                    "message": e.message or None,
                    "execution_seconds": None,
                }
            )
    return rows


def quarantine_tables(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """{entity: table} of the quarantine tables audit.quarantine_<entity>, one per raw entity (other
    audit tables whose names start alike, such as stored test failures, are not quarantine tables)."""
    rows = con.execute(
        "select quarantined.table_name, raw.table_name from duckdb_tables() as quarantined "
        "inner join duckdb_tables() as raw on raw.schema_name = 'raw' "
        "and raw.database_name = quarantined.database_name "
        "and quarantined.table_name = 'quarantine_' || raw.table_name "
        "where quarantined.database_name = current_database() and quarantined.schema_name = 'audit' "
        "order by 1"
    ).fetchall()
    return {entity: table for table, entity in rows}


def quarantine_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int, int]]:
    """(entity, reason, rows, raw rows of the entity) over every audit.quarantine_<entity> table."""
    tables = quarantine_tables(con)
    has_rejects = bool(
        con.execute(
            "select count(*) from duckdb_tables() where database_name = current_database() "
            "and schema_name = 'raw' and table_name = '_rejected_rows'"
        ).fetchone()[0]
    )
    found = []
    for entity, table in tables.items():
        raw_rows = con.execute(f'select count(*) from raw."{entity}"').fetchone()[0]
        if has_rejects:
            raw_rows += con.execute(
                "select count(*) from raw._rejected_rows where entity = ?", [entity]
            ).fetchone()[0]
        counts = con.execute(
            f'select reject_reason, count(*) from audit."{table}" group by 1 order by 1'
        ).fetchall()
        found.extend((entity, reason, rows, raw_rows) for reason, rows in counts)
        if not counts:
            found.append((entity, None, 0, raw_rows))
    return found


def _relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = current_database() "
        "and not temporary union all select schema_name, view_name from duckdb_views() "
        "where database_name = current_database() and not internal and not temporary order by 1, 2"
    ).fetchall()


def build_metrics(con: duckdb.DuckDBPyConnection, drift_columns: Iterable[str]) -> list[tuple]:
    """(metric, layer, model, column, value label, value) of this build, for drift checks."""
    metrics: list[tuple] = []
    per_layer: dict[str, int] = {}
    columns = set(drift_columns)
    quarantine = set(quarantine_tables(con).values())
    for schema, table in _relations(con):
        # the audit layer's volume is its quarantine; stored test failures and history are not data
        if schema not in LAYERS or (schema == "audit" and table not in quarantine):
            continue
        rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
        per_layer[schema] = per_layer.get(schema, 0) + rows
        if schema == "marts":
            metrics.append(("rows", schema, f"{schema}.{table}", None, None, float(rows)))
            described = {name for name, *_ in con.execute(f'describe "{schema}"."{table}"').fetchall()}
            for column in sorted(columns & described):
                for label, share in con.execute(
                    f"select coalesce(cast(\"{column}\" as varchar), '(null)'), "
                    f'count(*) / sum(count(*)) over () from "{schema}"."{table}" group by 1 order by 1'
                ).fetchall():
                    metrics.append(("share", schema, f"{schema}.{table}", column, label, float(share)))
    for layer, rows in sorted(per_layer.items()):
        metrics.append(("rows", layer, None, None, None, float(rows)))
    totals: dict[str, list[int]] = {}
    for entity, _, rows, raw_rows in quarantine_rows(con):
        entry = totals.setdefault(entity, [0, raw_rows])
        entry[0] += rows
    for entity, (rows, raw_rows) in sorted(totals.items()):
        if raw_rows:
            metrics.append(
                ("quarantine_rate", "audit", f"audit.quarantine_{entity}", None, entity, rows / raw_rows)
            )
    return metrics


def record(
    con: duckdb.DuckDBPyConnection,
    run: BuildRun,
    metrics: list[tuple] | None,
    quarantine: list[tuple[str, str, int, int]] | None,
) -> dict[str, int]:
    """Append this build to the history tables, in one transaction; returns the counts in dq_runs."""
    ensure_tables(con)
    con.begin()
    try:
        counts = _insert(con, run, metrics, quarantine)
    except BaseException:
        con.rollback()
        raise
    con.commit()
    return counts


def _insert(
    con: duckdb.DuckDBPyConnection,
    run: BuildRun,
    metrics: list[tuple] | None,
    quarantine: list[tuple[str, str, int, int]] | None,
) -> dict[str, int]:
    started = run.started_at.replace(tzinfo=None)
    finished = (run.finished_at or dt.datetime.now(dt.UTC)).replace(tzinfo=None)
    rows = []
    for result in run.results:
        status = result["status"]
        rows.append(
            tuple(
                [run.run_id, started]
                + [result.get(c) for c in RESULT_COLUMNS[2:12]]
                + [status == "pass"]
                + [result.get(c) for c in RESULT_COLUMNS[13:]]
            )
        )
    if rows:
        frame = pd.DataFrame(rows, columns=list(RESULT_COLUMNS)).astype({"failing_rows": "Int64"})
        con.register("_cwh_dq_results", frame)
        con.execute(f"insert into audit.dq_results select {', '.join(RESULT_COLUMNS)} from _cwh_dq_results")
        con.unregister("_cwh_dq_results")
    summary = [
        (run.run_id, started, entity, reason, count, raw, count / raw if raw else None)
        for entity, reason, count, raw in quarantine or []
        if reason is not None
    ]
    if summary:
        con.executemany("insert into audit.dq_quarantine_history values (?, ?, ?, ?, ?, ?, ?)", summary)
    if metrics:
        con.executemany(
            "insert into audit.dq_metrics values (?, ?, ?, ?, ?, ?, ?, ?)",
            [(run.run_id, started, *metric) for metric in metrics],
        )
    checks = [r for r in run.results if r["check_kind"] != "build"]
    counts = {
        s: sum(1 for r in checks if r["status"] == s) for s in ("pass", "warn", "fail", "error", "skipped")
    }
    evaluated = counts["pass"] + counts["warn"] + counts["fail"] + counts["error"]
    drift_warnings = sum(1 for r in checks if r["check_kind"] == "drift" and r["status"] == "warn")
    con.execute(
        "insert into audit.dq_runs values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run.run_id,
            started,
            finished,
            run.status,
            run.failed_step,
            run.dbt_invocation_id,
            run.raw_dir,
            run.published,
            len(checks),
            counts["pass"],
            counts["warn"],
            counts["fail"],
            counts["error"],
            counts["skipped"],
            counts["pass"] / evaluated if evaluated else None,
            drift_warnings,
            (finished - started).total_seconds(),
        ],
    )
    return {"checks": len(checks), **counts, "drift_warnings": drift_warnings}
