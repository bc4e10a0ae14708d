"""`python -m cwh build`: the whole build a user runs with `make build`.

Steps: create demo data when RAW_DIR holds none (with --generate-if-empty); copy the published
warehouse to a work copy `<warehouse>.building` (cwh.quality.publish); `dbt build` (seeds, models and
data tests; unit tests with --unit-tests: they test the SQL, not the data, and run in `make test`) and
`dbt source freshness` on the work copy. When the project is the same as at the last published build,
only what reads the raw entities whose files changed is rebuilt (cwh.build_scope; --full rebuilds
everything), and the freshness run comes first: its on-run-start hook is the raw load that decides
the scope. Then the Great Expectations checkpoint (cwh.quality.checkpoint, Data Docs in
reports/data_docs); the quality history and drift checks
(cwh.quality.history, cwh.quality.drift) appended to schema audit; then, when every step passed, the
work copy is published in one atomic step. A summary follows: rows per layer, quarantined rows by
entity and reason, tests and checks passed / warned / failed.

A failed build publishes nothing: BI tools keep reading the last good warehouse, the failed run is
added to its history (audit.dq_runs / dq_results), and the work copy stays for inspection (failing
rows of dbt tests in its schema audit). The exit code is non-zero when any step fails, and the message
says which step and where to look.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from cwh import build_scope
from cwh.quality.publish import PublishError, WarehousePublisher
from cwh.settings import Settings, has_raw_data

console = Console(stderr=False)
STEPS_FILE = "build_steps.json"


class StepClock:
    """Wall seconds of the build's steps in the order they ran (the work copy, the raw load and the
    scope, dbt build, source freshness, Great Expectations, history, publishing, the summary): printed
    at the end of the build and written to target/build_steps.json, which the bench harness reads."""

    def __init__(self, started: float) -> None:
        self.started = self._last = started
        self.steps: list[tuple[str, float]] = []

    def lap(self, step: str) -> None:
        """Close `step`: the time since the previous lap (or the start)."""
        now = time.monotonic()
        self.steps.append((step, now - self._last))
        self._last = now

    def line(self) -> str:
        return "; ".join(f"{step} {seconds:.1f} s" for step, seconds in self.steps)

    def write(self, target_path: Path, run_id: str) -> None:
        target_path.mkdir(parents=True, exist_ok=True)
        document = {
            "run_id": run_id,
            "total_seconds": round(self._last - self.started, 3),
            "steps": [{"step": step, "seconds": round(seconds, 3)} for step, seconds in self.steps],
        }
        (target_path / STEPS_FILE).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--generate-if-empty", action="store_true", help="generate demo data when RAW_DIR has none"
    )
    parser.add_argument(
        "--customers", type=int, default=5000, help="people in generated demo data (default 5000)"
    )
    parser.add_argument(
        "--seed", type=int, default=42, help="random seed of generated demo data (default 42)"
    )
    parser.add_argument(
        "--dbt-args", default="", help='extra arguments for dbt build, e.g. "--select staging"'
    )
    parser.add_argument(
        "--unit-tests", action="store_true", help="run dbt's unit tests too (make test does; data need not)"
    )
    parser.add_argument(
        "--full", action="store_true",
        help="rebuild everything, even when only some raw files changed since the last build",
    )
    parser.add_argument("--skip-quality", action="store_true", help="skip the Great Expectations checks")
    parser.add_argument("--skip-freshness", action="store_true", help="skip `dbt source freshness`")
    parser.set_defaults(func=run)


def run_dbt(
    settings: Settings, *args: str, warehouse: Path | None = None, extra_env: dict[str, str] | None = None
) -> int:
    """Run dbt in a child process (so its memory is freed and its logs stream as usual), on `warehouse`
    (default: the published file), with `extra_env` added to its environment."""
    command = [str(Path(sys.executable).with_name("dbt")), *args]
    console.print(f"[bold]$ dbt {' '.join(args)}[/bold]")
    env = {**settings.dbt_env(warehouse), **(extra_env or {})}
    return subprocess.call(command, cwd=settings.project_dir, env=env)


def ensure_raw_data(settings: Settings, args: argparse.Namespace) -> int | None:
    """None when RAW_DIR has raw data (generating the demo dataset first with --generate-if-empty),
    else the exit code after saying what is missing. Shared by the DuckDB and the Spark build."""
    if has_raw_data(settings.raw_dir):
        return None
    if not args.generate_if_empty:
        console.print(
            f"[red]error:[/red] no raw data in {settings.raw_dir} (need customers and orders files). "
            "Point RAW_DIR at your files, or run `make data` to create a demo dataset."
        )
        return 2
    if generate_demo_data(settings, args.customers, args.seed) != 0:
        console.print("[red]error:[/red] demo data generation failed (see above).")
        return 1
    return None


def generate_demo_data(settings: Settings, customers: int, seed: int) -> int:
    console.print(
        f"[bold]No raw data in {settings.raw_dir}: generating a demo dataset ({customers} people).[/bold]"
    )
    command = [
        sys.executable,
        "-m",
        "cwh",
        "generate",
        "--customers",
        str(customers),
        "--seed",
        str(seed),
        "--out",
        str(settings.raw_dir),
    ]
    return subprocess.call(command, cwd=settings.project_dir)


def test_results(target_path: Path) -> dict[str, int]:
    """Count dbt node results by status from the last run_results.json."""
    path = target_path / "run_results.json"
    if not path.exists():
        return {}
    counts: dict[str, int] = {}
    for result in json.loads(path.read_text())["results"]:
        kind = result["unique_id"].split(".")[0]
        key = f"{kind}:{result['status']}"
        counts[key] = counts.get(key, 0) + 1
    return counts


def layer_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, int]]:
    """(schema, tables, rows) for every warehouse schema; row counts are exact (count(*))."""
    tables = con.execute(
        """
        select schema_name, table_name
        from duckdb_tables()
        where database_name = current_database() and not temporary
        union all
        select schema_name, view_name
        from duckdb_views()
        where database_name = current_database() and not internal and not temporary
        order by 1, 2
        """
    ).fetchall()
    summary: dict[str, list[int]] = {}
    for schema, table in tables:
        rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchall()[0][0]
        entry = summary.setdefault(schema, [0, 0])
        entry[0] += 1
        entry[1] += rows
    return [(schema, n, rows) for schema, (n, rows) in summary.items()]


def quarantine_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    """(entity, reason, rows) over the tables audit.quarantine_<entity> of the raw entities."""
    from cwh.quality.history import quarantine_tables

    tables = quarantine_tables(con)
    if not tables:
        return []
    union = " union all ".join(
        f'select entity, reject_reason from audit."{name}"' for name in tables.values()
    )
    return con.execute(
        f"select entity, reject_reason, count(*) from ({union}) group by all order by 1, 3 desc"
    ).fetchall()


def print_summary(
    settings: Settings, seconds: float, warehouse: Path | None = None, quality: dict[str, int] | None = None
) -> None:
    warehouse = warehouse or settings.warehouse_path
    if not warehouse.exists():
        return
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            layers = layer_rows(con)
            quarantine = quarantine_counts(con)
    except duckdb.Error as exc:
        console.print(f"[yellow]warning:[/yellow] no summary of {warehouse}: {exc}")
        return
    table = Table(title=f"Warehouse {warehouse}")
    for column in ("schema", "tables/views", "rows"):
        table.add_column(column, justify="right" if column != "schema" else "left")
    for schema, n, rows in layers:
        table.add_row(schema, str(n), f"{rows:,}")
    console.print(table)
    if quarantine:
        qtable = Table(title="Quarantined rows (audit.quarantine_<entity>)")
        for column in ("entity", "reason", "rows"):
            qtable.add_column(column)
        for entity, reason, rows in quarantine:
            qtable.add_row(entity, reason, f"{rows:,}")
        console.print(qtable)
    results = test_results(settings.target_path)
    passed = sum(v for k, v in results.items() if k.startswith(("test:pass", "unit_test:pass")))
    failed = sum(v for k, v in results.items() if k.endswith((":fail", ":error")))
    warned = sum(v for k, v in results.items() if k.endswith(":warn"))
    console.print(f"dbt tests: {passed} passed, {warned} warned, {failed} failed; build took {seconds:.0f} s")
    if quality:
        console.print(
            f"quality history: {quality['checks']} checks, {quality['pass']} passed, "
            f"{quality['warn']} warned, "
            f"{quality['fail'] + quality['error']} failed, {quality['skipped']} skipped; "
            f"{quality['drift_warnings']} drift warning(s) (audit.dq_runs, audit.dq_results)"
        )


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    clock = StepClock(time.monotonic())
    (settings.target_path / STEPS_FILE).unlink(missing_ok=True)
    missing = ensure_raw_data(settings, args)
    if missing is not None:
        return missing
    publisher = WarehousePublisher(settings.warehouse_path)
    try:
        building = publisher.prepare()
    except PublishError as exc:
        console.print(f"[red]error:[/red] {exc}")
        return 2
    clock.lap("work copy")
    try:
        return _build(args, settings, publisher, building, clock)
    finally:
        publisher.release()


def _build(
    args: argparse.Namespace,
    settings: Settings,
    publisher: WarehousePublisher,
    building: Path,
    clock: StepClock,
) -> int:
    from cwh.quality import history

    build = history.BuildRun(
        run_id=uuid.uuid4().hex, started_at=dt.datetime.now(dt.UTC), raw_dir=str(settings.raw_dir.resolve())
    )
    if not args.skip_quality:
        preload_quality()
    fingerprint = build_scope.project_fingerprint(settings.project_dir, settings.dbt_env(building))
    checked_freshness = False

    def load_raw_files() -> bool:
        """The raw load that plan_scope needs before the build. `dbt source freshness` runs the load
        (on-run-start) and then checks the loaded sources: one dbt invocation for both steps."""
        nonlocal checked_freshness
        if args.skip_freshness:
            return run_dbt(settings, "run-operation", "load_raw_files_now", warehouse=building) == 0
        checked_freshness = run_freshness(settings, building, build, report_failure=False) == 0
        return checked_freshness

    scope = plan_scope(args, settings, building, fingerprint, load_raw_files)
    console.print(f"[bold]Build scope:[/bold] {scope.description} ({scope.reason})")
    clock.lap("scope and raw load" + (" (with source freshness)" if checked_freshness else ""))
    dbt_args = ["build"] if args.unit_tests else ["build", "--exclude-resource-type", "unit_test"]
    dbt_args += args.dbt_args.split() if scope.full else ["--select", *scope.select]
    code = 0
    if scope.full or scope.select:
        dbt_started = dt.datetime.now(dt.UTC)
        code = run_dbt(settings, *dbt_args, warehouse=building, extra_env=scope.env())
        build.dbt_invocation_id = history.dbt_invocation_id(settings.target_path, dbt_started)
        build.results += history.dbt_results(build, settings.target_path, dbt_started)
    clock.lap("dbt build")
    if code != 0:
        build.status, build.failed_step = "failed", "dbt build"
        console.print(
            "[red]error:[/red] dbt build failed. The failing models and tests are listed above; "
            f"failing rows of tests are in schema audit of the work copy {building}. "
            f"The published warehouse {settings.warehouse_path} was left as it was."
        )
    if code == 0 and not args.skip_freshness and not checked_freshness:
        code = run_freshness(settings, building, build)
        if code != 0:
            build.status, build.failed_step = "failed", "dbt source freshness"
        clock.lap("source freshness")
    if code == 0 and not args.skip_quality:
        code = run_quality(settings, building, build, tuple(scope.delta))
        if code != 0:
            build.status, build.failed_step = "failed", "great expectations"
            console.print(
                "[red]error:[/red] Great Expectations: a critical expectation failed (listed above; "
                f"Data Docs in {settings.data_docs_dir}). The published warehouse was left as it was."
            )
        clock.lap("great expectations")
    if build.status == "success":
        recorded = build_scope.CUSTOM_BUILD if args.dbt_args else fingerprint
        build_scope.save_fingerprint(building, recorded, build.run_id, scope)
    quality = record_history(settings, publisher, building, build)
    clock.lap("history and drift")
    if build.status == "success":
        publisher.publish()
        clock.lap("publish")
        console.print(f"Published {settings.warehouse_path} (build {build.run_id}).")
    shown = settings.warehouse_path if build.status == "success" else building if building.exists() else None
    print_summary(settings, time.monotonic() - clock.started, shown, quality)
    clock.lap("summary")
    console.print(f"Build steps: {clock.line()}")
    clock.write(settings.target_path, build.run_id)
    return 0 if build.status == "success" else code or 1


def preload_quality() -> threading.Thread:
    """Import Great Expectations on a background thread while dbt runs in its own process (cwh.quality.
    checkpoint.preload): the import takes about 9 s of one core, and this process only waits for dbt,
    whose start-up and parsing also keep one core busy at most. An import that fails here is left to
    fail again, with its message, where the checkpoint runs. Not a daemon thread: when a build stops
    before the checkpoint (dbt failed at once), Python waits for the thread at exit instead of cutting
    it off in the middle of an import; the import then stops at its first new thread pool, which Python
    refuses at shutdown, and that error is dropped with the rest."""

    def load() -> None:
        try:
            from cwh.quality import checkpoint

            checkpoint.preload()
        except Exception:  # noqa: BLE001 - reported by the checkpoint step, which imports it again
            pass

    thread = threading.Thread(target=load, name="preload-great-expectations", daemon=False)
    thread.start()
    return thread


def plan_scope(
    args: argparse.Namespace,
    settings: Settings,
    building: Path,
    fingerprint: str,
    load_raw_files: Callable[[], bool],
) -> build_scope.Scope:
    """Everything, or only what reads the raw entities whose files changed (cwh.build_scope).
    `load_raw_files` loads the raw files into the work copy (False when that failed); it runs only when
    the project is the one of the last build, so the changed entities decide the scope."""
    if args.full:
        return build_scope.Scope(reason="--full")
    if args.dbt_args:
        return build_scope.Scope(reason="--dbt-args chooses what to build")
    stored = build_scope.stored_fingerprint(building)
    if stored is None:
        return build_scope.Scope(reason="no earlier build in this warehouse")
    if stored == build_scope.CUSTOM_BUILD:
        return build_scope.Scope(reason="the last build chose what to build and test (--dbt-args)")
    if stored != fingerprint:
        return build_scope.Scope(
            reason="the project, a package version or a variable changed since the last build"
        )
    before = build_scope.raw_loads(building)
    if not load_raw_files():
        # the build's own load (on-run-start) stops with the loader's message
        return build_scope.Scope(reason="the raw files could not be loaded")
    scope = build_scope.changed_selection(before, build_scope.raw_loads(building))
    return build_scope.with_delta(scope, building, before)


def record_history(
    settings: Settings, publisher: WarehousePublisher, building: Path, build
) -> dict[str, int] | None:
    """Append the build to the quality history and run the drift checks. A good build writes into the
    work copy (published next); a failed one into the published warehouse, by an atomic copy-and-swap,
    so its failure is on record while BI tools keep the last good marts."""
    from cwh.quality import drift, history

    bands = drift.DriftBands.from_vars(settings.dbt_vars())

    def write(con: duckdb.DuckDBPyConnection, with_data: bool) -> dict[str, int]:
        history.ensure_tables(con)
        metrics = quarantine = None
        if with_data:
            metrics = history.build_metrics(con, bands.columns)
            quarantine = history.quarantine_rows(con)
            build.results += drift.check(con, build.run_id, metrics, bands)
            for result in build.results:
                if result["source"] == "drift" and result["status"] == "warn":
                    console.print(f"[yellow]warning:[/yellow] {result['message']}")
        build.finished_at = dt.datetime.now(dt.UTC)
        build.published = build.status == "success"
        return history.record(con, build, metrics, quarantine)

    try:
        if build.status == "success":
            with duckdb.connect(str(building)) as con:
                return write(con, with_data=True)
        return publisher.amend_published(lambda con: write(con, with_data=False))
    except Exception as exc:  # the history must never hide the build's own outcome
        console.print(f"[yellow]warning:[/yellow] the quality history could not be written: {exc}")
        if build.status == "success":
            build.status, build.failed_step = "failed", "quality history"
        return None


def run_freshness(settings: Settings, building: Path, build, report_failure: bool = True) -> int:
    """`dbt source freshness` on the work copy (its on-run-start hook loads the raw files first); its
    results go to the build's quality history.

    A stale source is recorded and reported and does not stop the build (dbt exits 1 and writes
    sources.json). A freshness run that checked nothing does stop it: dbt exited 2 (a compilation or
    runtime error, or the raw load failed), or exited 1 without writing this run's sources.json.
    Returns 0 or the exit code. With `report_failure` False a failed run leaves no trace (no results,
    no message): the caller runs it again later and reports that run."""
    from cwh.quality import history

    started = dt.datetime.now(dt.UTC)
    code = run_dbt(settings, "source", "freshness", warehouse=building)
    results = history.freshness_results(settings.target_path, started)
    if code == 0 or (code == 1 and results):
        build.results += results
        return 0
    if not report_failure:
        return code
    build.results += results
    console.print(
        f"[red]error:[/red] dbt source freshness failed (exit code {code}) without checking the sources: "
        "its message is above. The published warehouse was left as it was."
    )
    return code


def run_quality(settings: Settings, building: Path, build, delta: tuple[str, ...] = ()) -> int:
    """Great Expectations checks on the work copy (cwh.quality.checkpoint); `delta`: the raw entities
    this build took as a delta (their suites' row checks then cover the rows the build wrote)."""
    from cwh.quality import history
    from cwh.quality.checkpoint import CheckpointResult, run_checkpoint

    settings.gx_results_path.unlink(missing_ok=True)
    try:
        code = run_checkpoint(settings, building, build.run_id, delta)
    except Exception as exc:  # a broken suite file or an engine error: a clear message, not a traceback
        console.print(f"[red]error:[/red] the Great Expectations checkpoint could not run: {exc}")
        return 1
    if settings.gx_results_path.exists():
        result = CheckpointResult.from_json(json.loads(settings.gx_results_path.read_text(encoding="utf-8")))
        build.results += history.gx_results(result)
    return code
