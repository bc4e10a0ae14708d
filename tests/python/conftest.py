"""Shared fixtures: one generated demo dataset and one warehouse built from it per test session.

pytest runs with xdist (-n 2): the workers share the session's base temp folder, and a file lock
makes the first worker build while the others wait, so the (slowest) build runs once per session.
Tests open the warehouse read-only and must not modify it; a test that needs its own warehouse
builds one in its own tmp_path.
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))
DEMO_PEOPLE = 1500
DEMO_SEED = 11
# When and by which run a row was written: build metadata, different on every build of the same data.
BUILD_METADATA_COLUMNS = (
    "_loaded_at", "_built_at", "loaded_at", "built_at", "run_at", "run_id", "dbt_invocation_id",
    "first_seen_at", "last_seen_at", "assigned_at", "last_run_id", "trained_at", "training_run_id",
)


@dataclass(frozen=True)
class Warehouse:
    raw_dir: Path
    path: Path
    target_dir: Path

    @property
    def truth_dir(self) -> Path:
        return self.raw_dir / "_truth"

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.path), read_only=True)

    def query(self, sql: str) -> list[tuple]:
        with self.connect() as con:
            return con.execute(sql).fetchall()


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.getbasetemp()
    # under xdist each worker has basetemp/popen-gwN; the parent is shared by all workers
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def generate(out_dir: Path, people: int, seed: int, *extra: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "cwh", "generate", "--customers", str(people), "--seed", str(seed),
         "--out", str(out_dir), "--quiet", *extra],
        cwd=PROJECT_DIR, check=True,
    )


def build_env(raw_dir: Path, warehouse_path: Path, target_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        RAW_DIR=str(raw_dir),
        WAREHOUSE_PATH=str(warehouse_path),
        DBT_TARGET_PATH=str(target_dir),
        DBT_LOG_PATH=str(target_dir / "logs"),
        DUCKDB_TEMP_DIR=str(warehouse_path.parent / "tmp"),
        # Data Docs beside the warehouse: two builds writing the project's reports/ at once (one per
        # xdist worker) removed each other's files
        CWH_REPORTS_DIR=str(warehouse_path.parent / "reports"),
        DBT_THREADS="1",
        DUCKDB_THREADS="1",
    )
    return env


def build(raw_dir: Path, warehouse_path: Path, target_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m cwh build` into the given paths; returns the finished process (output captured)."""
    return subprocess.run(
        [sys.executable, "-m", "cwh", "build", *args],
        cwd=PROJECT_DIR, env=build_env(raw_dir, warehouse_path, target_dir),
        capture_output=True, text=True,
    )


def write_csv(path: Path, header: list[str], rows: list[tuple]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def run_dbt(warehouse: Warehouse, *args: str, dbt_vars: dict | None = None) -> subprocess.CompletedProcess:
    """One dbt command on `warehouse` (its raw files, DuckDB file and target folder); output captured."""
    command = [DBT, *args, "--target-path", str(warehouse.target_dir),
               "--log-path", str(warehouse.target_dir / "logs")]
    if dbt_vars:
        command += ["--vars", json.dumps(dbt_vars)]
    return subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True,
                          env=build_env(warehouse.raw_dir, warehouse.path, warehouse.target_dir))


def must(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 0, (done.stdout + done.stderr)[-6000:]


def hand_made_warehouse(
    root: Path,
    write_raw_data: Callable[[Path], None],
    selection: list[str],
    dbt_vars: dict | None = None,
) -> Warehouse:
    """A small warehouse from hand-written raw files whose right answers the test module knows: the
    seeds plus `selection` and everything upstream of it (models only; tests run in the module)."""
    warehouse = Warehouse(raw_dir=root / "raw", path=root / "warehouse" / "hand_made.duckdb",
                          target_dir=root / "target")
    warehouse.path.parent.mkdir(parents=True)
    warehouse.raw_dir.mkdir(parents=True, exist_ok=True)
    write_raw_data(warehouse.raw_dir)
    must(run_dbt(warehouse, "seed", dbt_vars=dbt_vars))
    upstream = [f"+{selector}" for selector in selection]
    must(run_dbt(warehouse, "run", "--select", *upstream, dbt_vars=dbt_vars))
    return warehouse


@pytest.fixture(scope="session")
def demo_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _shared_root(tmp_path_factory) / "demo"
    raw_dir = root / "raw"
    with _locked(root / ".generate.lock"):
        if not (raw_dir / "_truth" / "params.json").exists():
            generate(raw_dir, DEMO_PEOPLE, DEMO_SEED)
    return raw_dir


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory, demo_raw_dir: Path) -> Warehouse:
    root = _shared_root(tmp_path_factory) / "demo"
    warehouse = Warehouse(raw_dir=demo_raw_dir, path=root / "warehouse" / "customers.duckdb",
                          target_dir=root / "target")
    status_file = root / "build_status.json"
    with _locked(root / ".build.lock"):
        if not status_file.exists():
            # the one build of the suite that runs dbt's unit tests (production builds leave them out)
            done = build(warehouse.raw_dir, warehouse.path, warehouse.target_dir, "--unit-tests")
            status_file.write_text(json.dumps({"returncode": done.returncode,
                                               "output": (done.stdout + done.stderr)[-20000:]}))
    status = json.loads(status_file.read_text())
    if status["returncode"] != 0:
        pytest.fail(f"demo warehouse build failed (exit {status['returncode']}):\n{status['output']}")
    return warehouse
