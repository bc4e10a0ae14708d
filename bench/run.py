"""`make bench`: the warehouse's speed and memory at several data sizes, against the targets of the
performance issue and against two references (docs/performance.md).

For every scale (people / orders: 100k = 100,000 / 1M, 1m = 1,000,000 / 10M, optionally 3m):

1. generate the dataset once into bench/data/<scale>/ (`python -m cwh generate`; reused while the
   arguments are the same) and link it into a fresh raw folder bench/work/<scale>/raw/;
2. time dbt's own overhead: `dbt parse` without a saved manifest (cold), again with partial parsing
   (warm), and `dbt ls` (a no-op invocation), each with the environment the build gives dbt (the work
   copy's path), so the full build starts from their saved manifest as every later build does;
3. the full build from an empty warehouse, as a user runs it: `python -m cwh build` (dbt build of
   seeds, models, tests and unit tests, then the Great Expectations checkpoint);
4. the references on the same data: export clean orders and the identity map to Parquet, then the RFM
   and CLV input summary as (a) one hand-written DuckDB query and (b) pandas, each in its own process;
   both results are compared row by row with marts.customer_rfm and marts.customer_clv;
5. append 1% new orders (an extra part file orders/bench_increment.csv) and time the build again
   (the incremental build), then check the warehouse against reference (a) once more.

Every step records wall time, CPU time, the peak RSS of its whole process tree (sampled every 0.2 s)
and input rows per second; the dbt steps also what run_results.json says (slowest models and tests,
the raw load, the RFM models). Results go to bench/results/<date>.json (scales of earlier runs on
the same day are kept unless re-measured), a markdown table to bench/results/<date>.md and to the
README's Performance section, and the verdicts are printed.

    .venv/bin/python bench/run.py                           # 100k and 1m (what make bench runs)
    .venv/bin/python bench/run.py --scales 10k              # a quick look
    .venv/bin/python bench/run.py --scales 300 --quick      # smoke test: 300 people, RFM/CLV models only
    .venv/bin/python bench/run.py --scales 100k,1m,3m --timeout 7200

Exit code: 0 when every step ran and the warehouse equals the references (missed speed targets are
reported, not failed: the numbers are the product), 1 when a step failed or a comparison differs,
2 on bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
import report
from increment import remove_increment
from measure import Step, run_step
from rich.console import Console
from rich.table import Table

from cwh.build_scope import Scope
from cwh.quality.publish import WarehousePublisher

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
PYTHON = sys.executable
DBT = str(Path(sys.executable).with_name("dbt"))
console = Console()

# name -> (people, orders); orders None = the generator's default (10 per person)
SCALES: dict[str, tuple[int, int | None]] = {
    "tiny": (300, None),
    "10k": (10_000, 100_000),
    "100k": (100_000, 1_000_000),
    "1m": (1_000_000, 10_000_000),
    "3m": (3_000_000, 30_000_000),
}
# `--quick`: only what the RFM and CLV marts need, no data tests, no GX (the smoke test of the harness)
QUICK_DBT_ARGS = "--select +customer_rfm +customer_clv --exclude-resource-type test unit_test"
# other engineers' builds count as load when the 1-minute load average is above this share of the CPUs
UNDER_LOAD_SHARE = 0.5


def parse_scale(text: str) -> tuple[str, int, int | None]:
    """`100k` (a named scale) or `PEOPLE[:ORDERS]` such as `300` or `5000:20000`."""
    if text in SCALES:
        return text, *SCALES[text]
    try:
        people, _, orders = text.partition(":")
        return text.replace(":", "x"), int(people), int(orders) if orders else None
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"scale {text!r}: use one of {', '.join(SCALES)} or PEOPLE[:ORDERS], e.g. 5000:20000"
        ) from None


# --- data ------------------------------------------------------------------------------------------------

def ensure_dataset(data_dir: Path, people: int, orders: int | None, seed: int, log: Path) -> Step | None:
    """Generate the dataset unless the same one is there already; None when it was reused."""
    params = data_dir / "_truth" / "params.json"
    if params.exists():
        saved = json.loads(params.read_text())
        arguments = saved.get("arguments", {})
        if (arguments.get("customers"), arguments.get("seed"), saved.get("order_target")) == (
                people, seed, orders if orders is not None else saved.get("order_target")) \
                and (orders is not None or arguments.get("orders") is None):
            return None
    if data_dir.exists():
        shutil.rmtree(data_dir)
    command = [PYTHON, "-m", "cwh", "generate", "--customers", str(people), "--seed", str(seed),
               "--out", str(data_dir), "--quiet"]
    if orders is not None:
        command += ["--orders", str(orders)]
    return run_step("generate", command, cwd=PROJECT_DIR, log_path=log)


def link_raw(data_dir: Path, raw_dir: Path) -> None:
    """A fresh raw folder of hard links to the generated files (same size and mtime, so the loader's
    fingerprints match across builds), without the ground truth."""
    if raw_dir.exists():
        shutil.rmtree(raw_dir)
    raw_dir.mkdir(parents=True)
    for source in data_dir.rglob("*"):
        relative = source.relative_to(data_dir)
        if relative.parts[0] == "_truth" or source.is_dir():
            continue
        target = raw_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def raw_rows(warehouse: Path) -> dict[str, int]:
    """Rows of every raw file the last build read (loaded + rejected), by entity."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("""
            select entity, loaded_rows + rejected_rows
            from raw._load_log
            qualify row_number() over (partition by entity order by loaded_at desc) = 1
        """).fetchall()
    return {entity: int(count) for entity, count in rows}


# --- one scale -------------------------------------------------------------------------------------------

class ScaleRun:
    def __init__(self, name: str, people: int, orders: int | None, args: argparse.Namespace) -> None:
        self.name, self.people, self.orders, self.args = name, people, orders, args
        self.data_dir = args.data_dir / name
        self.work = args.work_dir / name
        self.raw_dir = self.work / "raw"
        self.warehouse = self.work / "warehouse" / "customers.duckdb"
        self.target = self.work / "target"
        self.logs = self.work / "logs"
        self.reference_dir = self.work / "reference"
        self.steps: dict[str, Step] = {}
        self.result: dict[str, Any] = {"people": people, "orders_requested": orders}

    # environment of every dbt / cwh process of this scale: the user's variables, our paths
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DBT_PROFILES_DIR=str(PROJECT_DIR),
            RAW_DIR=str(self.raw_dir.resolve()),
            WAREHOUSE_PATH=str(self.warehouse.resolve()),
            DBT_TARGET_PATH=str(self.target.resolve()),
            DBT_LOG_PATH=str((self.work / "dbt-logs").resolve()),
            DUCKDB_TEMP_DIR=str((self.work / "tmp").resolve()),
            CWH_REPORTS_DIR=str((self.work / "reports").resolve()),
        )
        return env

    def build_dbt_env(self) -> dict[str, str]:
        """The environment `python -m cwh build` gives the dbt build of a full build: the work copy
        `<warehouse>.building` (cwh.quality.publish) and no delta entity (cwh.build_scope). dbt keys its
        saved manifest to the profile, path included, and to the environment variables the project
        reads, so a parse with the published path would make the build parse everything again."""
        building = WarehousePublisher(self.warehouse.resolve()).building
        return {**self.env(), "WAREHOUSE_PATH": str(building), **Scope().env()}

    def step(self, name: str, command: list[str], rows: int | None = None,
             env: dict[str, str] | None = None) -> Step:
        console.print(f"[bold]{self.name}[/bold] {name} ...", end=" ")
        log = self.logs / f"{name}.log"
        retries = 0
        while True:
            step = run_step(name, command, cwd=PROJECT_DIR, env=env or self.env(), log_path=log,
                            timeout=self.args.timeout)
            if step.ok or retries >= self.args.parse_retries or not failed_before_any_node(log):
                break
            # the project did not compile: in a shared tree, usually someone's edit in progress
            retries += 1
            shutil.copy2(log, log.with_suffix(f".attempt{retries}.log"))
            console.print(f"[yellow]dbt could not parse the project; retry {retries} in "
                          f"{self.args.parse_retry_wait:.0f} s[/yellow]", end=" ")
            time.sleep(self.args.parse_retry_wait)
        step.details["parse_retries"] = retries
        step.set_rows(rows)
        self.steps[name] = step
        status = "ok" if step.ok else ("[red]timed out[/red]" if step.timed_out else "[red]failed[/red]")
        console.print(f"{status} {step.seconds:,.1f} s, peak {step.peak_rss_bytes / 2**30:.2f} GB")
        if not step.ok:
            step.details["log_tail"] = _tail(self.logs / f"{name}.log")
        return step

    def json_step(self, name: str, command: list[str], rows_key: str | None = None) -> tuple[Step, dict]:
        """A step whose child writes a JSON report (references, increment)."""
        report_path = self.logs / f"{name}.json"
        report_path.unlink(missing_ok=True)
        step = self.step(name, [*command, "--report", str(report_path)])
        outcome = json.loads(report_path.read_text()) if report_path.exists() else {}
        step.details.update(outcome)
        if "seconds" in outcome:
            step.inner_seconds = outcome["seconds"]
        return step, outcome

    def build(self, name: str) -> Step:
        command = [PYTHON, "-m", "cwh", "build"]
        dbt_args = " ".join(a for a in (QUICK_DBT_ARGS if self.args.quick else "", self.args.dbt_args) if a)
        if self.args.quick:
            command.append("--skip-quality")
        if dbt_args:
            command += ["--dbt-args", dbt_args]
        for file in ("run_results.json", "gx_results.json", "build_steps.json"):
            (self.target / file).unlink(missing_ok=True)
            (self.work / f"{name}.{file}").unlink(missing_ok=True)
        step = self.step(name, command)
        for file in ("run_results.json", "gx_results.json", "build_steps.json"):
            if (self.target / file).exists():
                shutil.copy2(self.target / file, self.work / f"{name}.{file}")
        summary = report.summarise_run_results(self.work / f"{name}.run_results.json",
                                               self.work / f"{name}.gx_results.json",
                                               self.target / "manifest.json")
        if summary.get("available"):
            # what the orchestrator adds around dbt: start-up, parse, GX, summary, publishing
            summary["outside_dbt_seconds"] = round(step.seconds - summary["dbt_elapsed_seconds"], 3)
        summary.update(report.summarise_build_log(self.logs / f"{name}.log"))
        if (self.work / f"{name}.build_steps.json").exists():
            # the orchestrator's own clock: the work copy, the raw load, dbt, freshness, GX, publishing
            steps = json.loads((self.work / f"{name}.build_steps.json").read_text())["steps"]
            summary["build_steps_seconds"] = {s["step"]: s["seconds"] for s in steps}
        summary["step"] = name
        self.result[name] = summary
        if not step.ok and not step.timed_out and self.salvage(summary):
            summary["salvaged_work_copy"] = True
        if self.warehouse.exists():
            # the file every build copies before dbt starts (cwh.quality.publish)
            summary["warehouse_bytes"] = self.warehouse.stat().st_size
        if self.warehouse.exists() and (step.ok or summary.get("salvaged_work_copy")):
            rows = raw_rows(self.warehouse)
            step.set_rows(sum(rows.values()))
            step.details["raw_rows"] = rows
            step.details["orders_rows_per_second"] = round(rows.get("orders", 0) / step.seconds, 1)
        return step

    def salvage(self, summary: dict[str, Any]) -> bool:
        """After a build whose models all ran but some data tests failed (often another team's rule
        in the middle of a change), publish its work copy so the references and the incremental build
        can still be measured. The step stays failed and the verdicts say so."""
        failed = summary.get("failed_nodes") or []
        building = self.warehouse.with_name(self.warehouse.name + ".building")
        if not failed or not all(node.startswith(("test:", "unit_test:")) for node in failed):
            return False
        log = self.logs / f"{summary.get('step', '')}.log"
        if failed_before_any_node(log) or not summary.get("ran_models"):
            return False
        if not building.exists():
            return False
        os.replace(building, self.warehouse)
        wal = building.with_name(building.name + ".wal")
        if wal.exists():
            os.replace(wal, self.warehouse.with_name(self.warehouse.name + ".wal"))
        console.print(f"[yellow]{self.name}: the build failed on data tests only ({', '.join(failed)}); "
                      "its work copy is used for the next steps[/yellow]")
        return True

    def run(self) -> dict[str, Any]:
        self.work.mkdir(parents=True, exist_ok=True)
        waited = settle(self.args.settle_seconds)
        load_start = os.getloadavg()
        self.result["started_at"] = _now()
        self.result["conditions"] = {"load_start": [round(x, 2) for x in load_start],
                                     "settle_wait_seconds": waited}

        console.print(f"[bold]{self.name}[/bold] dataset {self.data_dir} ...", end=" ")
        generated = ensure_dataset(self.data_dir, self.people, self.orders, self.args.seed,
                                   self.work / "generate.log")
        console.print("reused" if generated is None else f"generated in {generated.seconds:,.1f} s")
        if generated is not None:
            self.steps["generate"] = generated
            if not generated.ok:
                return self.finish(load_start, error="data generation failed")
        link_raw(self.data_dir, self.raw_dir)
        for folder in ("warehouse", "tmp", "reports", "reference"):
            shutil.rmtree(self.work / folder, ignore_errors=True)
        self.warehouse.parent.mkdir(parents=True, exist_ok=True)

        # dbt overhead: cold parse (no saved manifest), warm parse (partial parsing), a no-op command;
        # with the build's own dbt environment, so the full build starts from the manifest they save
        # (as every build after the first does) and its parse is the warm one reported here
        shutil.rmtree(self.target, ignore_errors=True)
        for name in ("dbt_parse_cold", "dbt_parse_warm"):
            step = self.step(name, [DBT, "parse"], env=self.build_dbt_env())
            step.details.update(parse_info(self.target / "perf_info.json"))
        self.step("dbt_ls", [DBT, "ls", "--resource-type", "model", "--quiet"], env=self.build_dbt_env())

        full = self.build("full_build")
        raw = full.details.get("raw_rows", {})
        self.result["orders_rows"] = raw.get("orders")
        self.result["customers_rows"] = raw.get("customers")
        self.result["raw_rows"] = raw
        if not full.ok and not self.result["full_build"].get("salvaged_work_copy"):
            return self.finish(load_start, error="full build failed; see steps.full_build.log")

        self.references()
        remove_increment(self.raw_dir)
        append, outcome = self.json_step("append_orders", [
            PYTHON, str(BENCH_DIR / "increment.py"), "--warehouse", str(self.warehouse),
            "--raw-dir", str(self.raw_dir), "--share", str(self.args.incremental_share),
            "--seed", str(self.args.seed),
        ])
        append.set_rows(outcome.get("rows"))
        if not append.ok:
            return self.finish(load_start, error="appending orders failed")
        incremental = self.build("incremental_build")
        self.result["incremental_build"]["appended_orders"] = outcome.get("rows")
        if incremental.ok or self.result["incremental_build"].get("salvaged_work_copy"):
            # the summary after the increment, against reference (a) on the new clean orders
            self.references(after_incremental=True)
        return self.finish(load_start)

    def references(self, after_incremental: bool = False) -> None:
        suffix = "_after_incremental" if after_incremental else ""
        inputs = self.reference_dir / ("after_incremental" if after_incremental else "full")
        export, exported = self.json_step(f"reference_inputs{suffix}", [
            PYTHON, str(BENCH_DIR / "references.py"), "export", "--warehouse", str(self.warehouse),
            "--out", str(inputs)])
        export.set_rows(exported.get("orders_rows"))
        if not export.ok:
            return
        vars_ = project_vars()
        common = ["--inputs", str(inputs), "--lookback-days", str(vars_.get("rfm_lookback_days", 365))]
        if vars_.get("as_of_date"):
            common += ["--as-of", str(vars_["as_of_date"])]
        engines = ["duckdb"] if after_incremental else ["duckdb", "pandas"]
        equality = self.result.setdefault("equality", {})
        for engine in engines:
            out = inputs / f"{engine}.parquet"
            step, _ = self.json_step(f"reference_{engine}{suffix}", [
                PYTHON, str(BENCH_DIR / "references.py"), engine, *common, "--out", str(out)])
            if step.inner_seconds:
                step.rows = exported.get("orders_rows")
                step.rows_per_second = round(step.rows / step.inner_seconds, 1) if step.rows else None
            if not step.ok:
                equality[engine + suffix] = {"equal": False, "error": "reference failed"}
                continue
            compared, outcome = self.json_step(f"compare_{engine}{suffix}", [
                PYTHON, str(BENCH_DIR / "references.py"), "compare", "--warehouse", str(self.warehouse),
                "--result", str(out)])
            key = "after_incremental" if after_incremental else engine
            equality[key] = outcome or {"equal": False, "error": "comparison failed"}

    def finish(self, load_start: tuple[float, float, float], error: str | None = None) -> dict[str, Any]:
        load_end = os.getloadavg()
        cpus = psutil.cpu_count() or 1
        conditions = self.result["conditions"]
        conditions["load_end"] = [round(x, 2) for x in load_end]
        conditions["max_load1_during_steps"] = max((s.max_load1 for s in self.steps.values()), default=0.0)
        # our own steps add up to ~DUCKDB_THREADS of load; the start value is everybody else's
        conditions["under_load"] = load_start[0] > UNDER_LOAD_SHARE * cpus
        conditions["note"] = (
            f"1-minute load average {load_start[0]:.1f} on {cpus} CPUs before the first step"
            + (": other work was running, times are inflated" if conditions["under_load"] else "")
        )
        self.result["finished_at"] = _now()
        self.result["steps"] = {name: step.to_json() for name, step in self.steps.items()}
        self.result["quick"] = self.args.quick
        # a build narrowed by --quick or --dbt-args is not the full build of the targets
        self.result["partial_build"] = " ".join(
            a for a in (QUICK_DBT_ARGS if self.args.quick else "", self.args.dbt_args) if a) or None
        self.result["git"] = git_state()
        if error:
            self.result["error"] = error
        return self.result


# --- helpers ---------------------------------------------------------------------------------------------

def settle(limit_seconds: float) -> float:
    """Wait, at most `limit_seconds`, for the 1-minute load average to fall below the under-load mark.

    The previous scale's own build keeps the load average up for a minute or two after it ends; without
    the wait every scale after the first was marked "under load", as if other work were running.
    Returns the seconds waited."""
    started = time.perf_counter()
    threshold = UNDER_LOAD_SHARE * (os.cpu_count() or 1)
    while os.getloadavg()[0] > threshold and time.perf_counter() - started < limit_seconds:
        time.sleep(5)
    return round(time.perf_counter() - started, 1)


def failed_before_any_node(log: Path) -> bool:
    """dbt stopped while parsing or compiling the project, before running any node."""
    if not log.exists():
        return False
    text = log.read_text(errors="replace")
    return "Encountered an error" in text and " START " not in text


def parse_info(path: Path) -> dict[str, Any]:
    """dbt's own account of a parse (target/perf_info.json): files parsed again, seconds inside dbt."""
    if not path.exists():
        return {}
    info = json.loads(path.read_text())
    return {"files": info.get("path_count"), "files_parsed": info.get("parsed_path_count"),
            "is_partial_parse_enabled": info.get("is_partial_parse_enabled"),
            "dbt_load_all_seconds": round(info.get("load_all_elapsed") or 0.0, 3)}


def project_vars() -> dict[str, Any]:
    import yaml

    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return project.get("vars") or {}


def git_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=PROJECT_DIR, capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""

    return {"commit": git("rev-parse", "HEAD"), "dirty_files": len(git("status", "--porcelain").splitlines())}


def versions() -> dict[str, str]:
    import duckdb
    from dbt.version import __version__ as dbt_version

    try:
        from importlib.metadata import version

        adapter = version("dbt-duckdb")
    except Exception:  # noqa: BLE001 - a missing distribution only blanks the field
        adapter = ""
    return {"python": platform.python_version(), "duckdb": duckdb.__version__, "dbt_core": dbt_version,
            "dbt_duckdb": adapter}


def _tail(path: Path, lines: int = 30) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def merge_results(path: Path, scales: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """This run's scales over the ones already recorded today (a scale measured again is replaced)."""
    previous = json.loads(path.read_text()) if path.exists() else {}
    merged = {**previous.get("scales", {}), **scales}
    results = {**base, "scales": merged}
    exponents = report.scaling(merged)
    results["summary"] = {"scaling": exponents, "verdicts": report.verdicts(merged, exponents)}
    return results


def resummarise(path: Path, work_dir: Path) -> dict[str, Any]:
    """The scales of a results file with their build summaries computed again from the saved
    run_results.json (after a change to report.py); steps and comparisons are kept as measured."""
    if not path.exists():
        raise SystemExit(f"error: no results file {path}; run bench/run.py first")
    scales = json.loads(path.read_text()).get("scales", {})
    for name, scale in scales.items():
        work = work_dir / name
        for build in ("full_build", "incremental_build"):
            run_results = work / f"{build}.run_results.json"
            if not run_results.exists() or build not in scale:
                continue
            summary = report.summarise_run_results(run_results, work / f"{build}.gx_results.json",
                                                   work / "target" / "manifest.json")
            summary.update(report.summarise_build_log(work / "logs" / f"{build}.log"))
            seconds = scale.get("steps", {}).get(build, {}).get("seconds")
            if seconds and summary.get("available"):
                summary["outside_dbt_seconds"] = round(seconds - summary["dbt_elapsed_seconds"], 3)
            for key in ("salvaged_work_copy", "appended_orders", "warehouse_bytes", "build_steps_seconds"):
                if key in scale[build]:
                    summary[key] = scale[build][key]
            scale[build] = summary
    return scales


def print_verdicts(results: dict[str, Any]) -> None:
    table = Table(title="Targets")
    for column in ("target", "scale", "limit", "measured", "verdict"):
        table.add_column(column)
    for verdict in results["summary"]["verdicts"]:
        colour = {"met": "green", "missed": "red"}.get(verdict["status"], "yellow")
        table.add_row(verdict["target"], verdict["scale"], report.format_limit(verdict),
                      report.format_value(verdict),
                      f"[{colour}]{verdict['status']}[/{colour}] {verdict.get('margin') or ''} "
                      f"{verdict.get('note') or ''}")
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("--scales", default="100k,1m",
                        help=f"comma-separated: {', '.join(SCALES)} or PEOPLE[:ORDERS] (default 100k,1m)")
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument("--incremental-share", type=float, default=0.01,
                        help="new orders appended before the incremental build, share of raw orders (0.01)")
    parser.add_argument("--quick", action="store_true",
                        help="build only the RFM/CLV models and their parents, no tests, no GX (smoke test)")
    parser.add_argument("--dbt-args", default="",
                        help="extra arguments for the builds' dbt build, e.g. "
                             "\"--exclude customer_lifecycle_monthly+\"; recorded as partial_build")
    parser.add_argument("--parse-retries", type=int, default=3,
                        help="when dbt cannot parse the project (an edit in progress), retry this often (3)")
    parser.add_argument("--parse-retry-wait", type=float, default=60, help="seconds between those retries")
    parser.add_argument("--settle-seconds", type=float, default=180,
                        help="before each scale, wait up to this long for the load average to fall below "
                             f"{UNDER_LOAD_SHARE} x CPUs (default 180; 0: no wait)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a step is stopped (3600)")
    parser.add_argument("--data-dir", type=Path, default=BENCH_DIR / "data", help="generated datasets")
    parser.add_argument("--work-dir", type=Path, default=BENCH_DIR / "work",
                        help="raw links, warehouses, logs")
    parser.add_argument("--results-dir", type=Path, default=BENCH_DIR / "results",
                        help="results JSON + markdown")
    parser.add_argument("--results-name", default=None, help="file name without extension (default: today)")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: re-read the results JSON (and the builds' run_results.json "
                             "in --work-dir), recompute summaries and verdicts, rewrite markdown and README")
    parser.add_argument("--no-readme", dest="readme", action="store_false",
                        help="do not write the table into README.md (Performance section)")
    args = parser.parse_args(argv)
    try:
        scales = [parse_scale(text.strip()) for text in args.scales.split(",") if text.strip()]
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    args.data_dir, args.work_dir, args.results_dir = (p.resolve() for p in (args.data_dir, args.work_dir,
                                                                             args.results_dir))

    started = time.monotonic()
    measured: dict[str, Any] = {}
    stem = args.results_name or dt.date.today().isoformat()
    if args.report_only:
        measured = resummarise(args.results_dir / f"{stem}.json", args.work_dir)
        scales = []
    for name, people, orders in scales:
        console.rule(f"scale {name}: {people:,} people, {orders or 'default'} orders")
        measured[name] = ScaleRun(name, people, orders, args).run()

    base = {
        "schema_version": 1,
        "date": dt.date.today().isoformat(),
        "machine": {"cpus": psutil.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
                    "platform": platform.platform(), **versions()},
        "settings": {"duckdb_memory_limit": os.environ.get("DUCKDB_MEMORY_LIMIT", "4GB"),
                     "duckdb_threads": os.environ.get("DUCKDB_THREADS", "2"),
                     "dbt_threads": os.environ.get("DBT_THREADS", "2"),
                     "rss_sample_interval_seconds": 0.2},
        "targets": {**report.TARGETS, "target_scale": report.TARGET_SCALE},
    }
    args.results_dir.mkdir(parents=True, exist_ok=True)
    json_path = args.results_dir / f"{stem}.json"
    results = merge_results(json_path, measured, base)
    json_path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    table = report.markdown(results)
    (args.results_dir / f"{stem}.md").write_text(f"# Benchmark {stem}\n\n{table}")
    if args.readme:
        relative = json_path.relative_to(PROJECT_DIR) if json_path.is_relative_to(PROJECT_DIR) else json_path
        if not report.update_readme(PROJECT_DIR / "README.md", table, str(relative)):
            console.print("[yellow]README.md has no bench markers; table not written there[/yellow]")
    console.print(table)
    print_verdicts(results)
    console.print(f"results: {json_path} ({time.monotonic() - started:,.0f} s)")

    failed = [f"{scale}.{step}" for scale, data in measured.items()
              for step, values in data.get("steps", {}).items()
              if values.get("returncode") != 0 or values.get("timed_out")]
    unequal = [f"{scale}.{key}" for scale, data in measured.items()
               for key, value in data.get("equality", {}).items() if not value.get("equal")]
    if failed or unequal or any("error" in data for data in measured.values()):
        console.print(f"[red]failed steps: {failed or '-'}; references not equal: {unequal or '-'}[/red]")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
