"""`python -m cwh build`: the whole build a user runs with `make build`.

Steps: create demo data when RAW_DIR holds none (with --generate-if-empty), `dbt build` (seeds,
models, tests, unit tests), the data-quality checks, then a summary: rows per layer, quarantined rows
by entity and reason, tests passed / failed. The exit code is non-zero when any step fails, and the
message says which step and where to look.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from cwh.settings import Settings, has_raw_data

console = Console(stderr=False)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--generate-if-empty", action="store_true", help="generate demo data when RAW_DIR has none")
    parser.add_argument("--customers", type=int, default=5000, help="people in generated demo data (default 5000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed of generated demo data (default 42)")
    parser.add_argument("--dbt-args", default="", help="extra arguments for dbt build, e.g. \"--select staging\"")
    parser.add_argument("--skip-quality", action="store_true", help="skip the Great Expectations checks")
    parser.set_defaults(func=run)


def run_dbt(settings: Settings, *args: str) -> int:
    """Run dbt in a child process (so its memory is freed and its logs stream as usual)."""
    command = [str(Path(sys.executable).with_name("dbt")), *args]
    console.print(f"[bold]$ dbt {' '.join(args)}[/bold]")
    return subprocess.call(command, cwd=settings.project_dir, env=settings.dbt_env())


def generate_demo_data(settings: Settings, customers: int, seed: int) -> int:
    console.print(f"[bold]No raw data in {settings.raw_dir}: generating a demo dataset ({customers} people).[/bold]")
    command = [sys.executable, "-m", "cwh", "generate", "--customers", str(customers), "--seed", str(seed),
               "--out", str(settings.raw_dir)]
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
    names = [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'audit' "
        "and table_name like 'quarantine\\_%' escape '\\' and table_name != 'quarantine_summary' order by 1"
    ).fetchall()]
    if not names:
        return []
    union = " union all ".join(f'select entity, reject_reason from audit."{name}"' for name in names)
    return con.execute(
        f"select entity, reject_reason, count(*) from ({union}) group by all order by 1, 3 desc"
    ).fetchall()


def print_summary(settings: Settings, seconds: float) -> None:
    if not settings.warehouse_path.exists():
        return
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        layers = layer_rows(con)
        quarantine = quarantine_counts(con)
    table = Table(title=f"Warehouse {settings.warehouse_path}")
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


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    started = time.monotonic()
    if not has_raw_data(settings.raw_dir):
        if not args.generate_if_empty:
            console.print(f"[red]error:[/red] no raw data in {settings.raw_dir} (need customers and orders files). "
                          "Point RAW_DIR at your files, or run `make data` to create a demo dataset.")
            return 2
        if generate_demo_data(settings, args.customers, args.seed) != 0:
            console.print("[red]error:[/red] demo data generation failed (see above).")
            return 1
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    dbt_args = ["build", *args.dbt_args.split()] if args.dbt_args else ["build"]
    code = run_dbt(settings, *dbt_args)
    if code != 0:
        console.print("[red]error:[/red] dbt build failed. The failing models and tests are listed above; "
                      f"failing rows of tests are in schema audit of {settings.warehouse_path}.")
        print_summary(settings, time.monotonic() - started)
        return code
    if not args.skip_quality:
        code = run_quality(settings)
        if code != 0:
            print_summary(settings, time.monotonic() - started)
            return code
    print_summary(settings, time.monotonic() - started)
    return 0


def run_quality(settings: Settings) -> int:
    """Great Expectations checks on the built warehouse (cwh.quality), when the suites exist."""
    try:
        from cwh.quality.checkpoint import run_checkpoint
    except ImportError:
        return 0
    return run_checkpoint(settings)

