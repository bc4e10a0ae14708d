"""`python -m cwh build-spark`: the warehouse on Apache Spark (local mode by default), dbt target `spark`.

Steps, all in this one process so dbt-spark's `method: session` shares the SparkSession:
1. create the session (cwh.spark.session: UDFs, warehouse and metastore under SPARK_DIR);
2. load the raw files into schema `raw` (cwh.spark.raw; on DuckDB the on-run-start macro does it);
3. `dbt seed`, then the SQL models in dependency order. dbt-spark runs Python models only on Databricks,
   so each dbt Python model is computed here instead (cwh.spark.python_nodes): dbt first builds the
   node's SQL ancestors, then the node's function (the same one the DuckDB model calls) runs on its
   small, aggregated inputs in pandas and its result is written as the table of the node's name, so
   `ref()` downstream resolves to it;
4. `dbt test` of the built models (data tests; unit tests run on DuckDB);
5. the Great Expectations suites of gx/expectations on frames Spark computes (cwh.spark.quality):
   results in target/gx_results_spark.json, Data Docs in reports/data_docs_spark.
The exit code is non-zero when a step fails, naming the step.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from cwh.settings import Settings

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

console = Console(stderr=False)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--generate-if-empty", action="store_true", help="generate demo data when RAW_DIR has none"
    )
    parser.add_argument("--customers", type=int, default=5000, help="people in generated demo data")
    parser.add_argument("--seed", type=int, default=42, help="random seed of generated demo data")
    parser.add_argument(
        "--select",
        default="",
        help="dbt selection to build (default: everything); ancestors must be built or selected too",
    )
    parser.add_argument(
        "--skip-tests",
        action="store_true",
        help="build only: no dbt data tests and no Great Expectations checks",
    )
    parser.add_argument(
        "--skip-quality", action="store_true", help="skip the Great Expectations checks (dbt tests still run)"
    )
    parser.add_argument(
        "--reuse-raw",
        action="store_true",
        help="keep the raw tables and seeds of the last Spark build (no reload, no dbt seed)",
    )
    parser.set_defaults(func=run)


class DbtStepError(RuntimeError):
    pass


def invoke_dbt(args: list[str]) -> None:
    """Run dbt in this process (dbtRunner), so it uses the SparkSession created here."""
    from dbt.cli.main import dbtRunner

    console.print(f"[bold]$ dbt {' '.join(args)}[/bold]")
    result = dbtRunner().invoke(args)
    if not result.success:
        raise DbtStepError(f"dbt {args[0]} failed ({result.exception or 'see the failing nodes above'})")


def run(args: argparse.Namespace) -> int:
    from cwh.build import ensure_raw_data
    from cwh.spark.python_nodes import run_python_node
    from cwh.spark.raw import RawLoadError, load_raw
    from cwh.spark.session import JavaMissingError, create_session

    settings = Settings.from_env()
    started = time.monotonic()
    missing = ensure_raw_data(settings, args)
    if missing is not None:
        return missing
    os.environ.update(settings.dbt_env())
    os.environ["DBT_TARGET"] = "spark"
    try:
        spark = create_session(settings.project_dir)
    except JavaMissingError as exc:
        console.print(f"[red]error:[/red] {exc}")
        return 2
    timings: dict[str, float] = {}
    step = "raw load"
    try:
        mark = time.monotonic()
        vars_ = settings.dbt_vars()
        report = (
            None
            if args.reuse_raw
            else load_raw(
                spark,
                settings.project_dir,
                settings.raw_dir.resolve(),
                Path(os.environ.get("SPARK_DIR", settings.project_dir / ".spark")) / "raw_utf8",
                int(vars_.get("raw_max_field_bytes", 1048576)),
            )
        )
        timings["raw load"] = time.monotonic() - mark
        if report:
            console.print(
                f"raw: {sum(report.loaded.values()):,} rows loaded, "
                f"{sum(report.rejected.values()):,} rejected"
            )
        step = "dbt seed"
        mark = time.monotonic()
        if not args.reuse_raw:
            invoke_dbt(["seed", "--target", "spark"])
        timings["seeds"] = time.monotonic() - mark
        step = "dbt run"
        mark = time.monotonic()
        plan = build_plan(settings, args.select)
        done: list[str] = []
        for python_node in [] if args.select else plan.python_nodes:
            ancestors = f"+{python_node}"
            invoke_dbt(
                ["run", "--target", "spark", "-s", ancestors, "--exclude", *plan.python_nodes, *(done or [])]
            )
            done.append(ancestors)
            step = f"python node {python_node}"
            console.print(f"[bold]Python step {python_node}[/bold] (cwh.spark.python_nodes)")
            try:
                run_python_node(spark, settings, python_node)
            except Exception as exc:  # a clear step name instead of a bare traceback
                raise DbtStepError(f"{type(exc).__name__}: {exc}") from exc
            step = "dbt run"
        final = ["run", "--target", "spark", "--exclude", *plan.python_nodes, *done]
        if args.select:
            final[3:3] = ["-s", args.select]
        invoke_dbt(final)
        timings["models"] = time.monotonic() - mark
        if not args.skip_tests:
            step = "dbt test"
            mark = time.monotonic()
            test = ["test", "--target", "spark", "--exclude", "test_type:unit"]
            if args.select:
                test[3:3] = ["-s", args.select]
            invoke_dbt(test)
            timings["tests"] = time.monotonic() - mark
        if not args.skip_tests and not args.skip_quality:
            step = "great expectations"
            mark = time.monotonic()
            run_quality(spark, settings)
            timings["quality"] = time.monotonic() - mark
    except (RawLoadError, DbtStepError) as exc:
        console.print(f"[red]error:[/red] Spark build failed at step {step}: {exc}")
        return 1
    total = time.monotonic() - started
    console.print(
        "Spark build done in {:.0f} s ({}).".format(
            total, ", ".join(f"{k} {v:.0f} s" for k, v in timings.items())
        )
    )
    return 0


def run_quality(spark: SparkSession, settings: Settings) -> None:
    """The Great Expectations checkpoint on the Spark tables; a failed critical expectation (or a suite
    that cannot run) stops the build with the step's name."""
    from cwh.spark.quality import results_path, run_spark_checkpoint

    console.print("[bold]Great Expectations[/bold] (cwh.spark.quality)")
    try:
        code = run_spark_checkpoint(spark, settings)
    except Exception as exc:  # a broken suite file or an engine error: a clear message, not a traceback
        raise DbtStepError(f"the checkpoint could not run: {type(exc).__name__}: {exc}") from exc
    if code != 0:
        raise DbtStepError(
            f"a critical expectation failed (listed above; all results in {results_path(settings)})"
        )


class BuildPlan:
    """The dbt Python models of the selection, in dependency order (parents first)."""

    def __init__(self, python_nodes: list[str]) -> None:
        self.python_nodes = python_nodes


def build_plan(settings: Settings, select: str) -> BuildPlan:
    from cwh.spark.python_nodes import PYTHON_NODES

    return BuildPlan(list(PYTHON_NODES))
