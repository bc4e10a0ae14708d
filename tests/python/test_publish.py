"""Atomic publishing (cwh.quality.publish): BI readers never see a half-built warehouse, a killed build
leaves the last good one as it was, and building twice on the same input gives the same marts."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from test_quality_support import (
    PROJECT_DIR,
    SharedBuild,
    copy_build,
    marts_differences,
    marts_fingerprint,
    output,
    query,
    run_build,
    shared_build,
)

from cwh.quality.publish import PublishError, WarehousePublisher

pytestmark = pytest.mark.xdist_group("dq_warehouse")
# models and seeds only: what publishing and idempotency are about, at a fraction of a full build
QUICK = ("--skip-freshness", "--dbt-args", "--resource-type model --resource-type seed")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> SharedBuild:
    built = shared_build(tmp_path_factory.getbasetemp())
    assert built.result.returncode == 0, output(built.result)[-5000:]
    return built


# ------------------------------------------------------------------------------------------ on the file level


def _warehouse_with(path: Path, value: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema if not exists marts")
        con.execute(f"create or replace table marts.numbers as select {value} as value")


def test_publish_swaps_the_work_copy_in_while_open_readers_keep_the_old_one(tmp_path: Path) -> None:
    published = tmp_path / "customers.duckdb"
    _warehouse_with(published, 1)
    publisher = WarehousePublisher(published)
    building = publisher.prepare()
    assert building == tmp_path / "customers.duckdb.building" and building.exists()
    _warehouse_with(building, 2)
    reader = duckdb.connect(str(published), read_only=True)
    try:
        assert reader.execute("select value from marts.numbers").fetchone() == (1,)
        publisher.publish()
        assert reader.execute("select value from marts.numbers").fetchone() == (1,)
    finally:
        reader.close()
        publisher.release()
    assert query(published, "select value from marts.numbers") == [(2,)]
    assert not building.exists()


def test_a_second_build_is_refused_while_one_holds_the_lock(tmp_path: Path) -> None:
    first = WarehousePublisher(tmp_path / "customers.duckdb")
    first.acquire()
    try:
        with pytest.raises(PublishError, match="another build is running .* holds .*customers.duckdb.lock"):
            WarehousePublisher(tmp_path / "customers.duckdb").acquire()
    finally:
        first.release()
    WarehousePublisher(tmp_path / "customers.duckdb").acquire()


def test_amending_history_keeps_the_published_marts(tmp_path: Path) -> None:
    published = tmp_path / "customers.duckdb"
    _warehouse_with(published, 7)
    before = marts_fingerprint(published)
    WarehousePublisher(published).amend_published(
        lambda con: con.execute(
            "create schema audit; create table audit.note as select 'failed build' as note"
        )
    )
    assert marts_fingerprint(published) == before
    assert query(published, "select note from audit.note") == [("failed build",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["customers.duckdb"]


# ------------------------------------------------------------------------------------------ whole builds


def test_killed_build_leaves_the_published_warehouse_unchanged_and_readable(
    shared: SharedBuild, tmp_path: Path
) -> None:
    paths = copy_build(shared, tmp_path / "killed")
    before_bytes = _sha256(paths.warehouse)
    log_path = paths.root / "build.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "cwh", "build", *QUICK],
            cwd=PROJECT_DIR,
            env=paths.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 600
        # kill while dbt is building models into the work copy
        while (
            " START " not in log_path.read_text() and process.poll() is None and time.monotonic() < deadline
        ):
            time.sleep(0.2)
        assert process.poll() is None, log_path.read_text()[-3000:]
        assert Path(str(paths.warehouse) + ".building").exists()
        time.sleep(1.0)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert _sha256(paths.warehouse) == before_bytes
    assert marts_fingerprint(paths.warehouse) == marts_fingerprint(shared.paths.warehouse)
    assert query(paths.warehouse, "select count(*), bool_and(published) from audit.dq_runs") == [(1, True)]
    assert not Path(str(paths.warehouse) + ".wal").exists()


def test_rebuild_on_the_same_input_gives_the_same_marts(shared: SharedBuild, tmp_path: Path) -> None:
    paths = copy_build(shared, tmp_path / "again")
    loads_before = query(paths.warehouse, "select count(*) from raw._load_log")[0][0]
    # a BI reader connected during the build keeps reading the warehouse it opened
    reader = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        result = run_build(paths, *QUICK)
        assert result.returncode == 0, output(result)[-5000:]
        assert reader.execute("select count(*) from audit.dq_runs").fetchone() == (1,)
    finally:
        reader.close()
    assert marts_differences(shared.paths.warehouse, paths.warehouse) == {}
    assert query(
        paths.warehouse, "select count(*), count(distinct run_id), bool_and(published) from audit.dq_runs"
    ) == [(2, 2, True)]
    # unchanged raw files are not reloaded
    assert query(paths.warehouse, "select count(*) from raw._load_log")[0][0] == loads_before
    assert not Path(str(paths.warehouse) + ".building").exists()
