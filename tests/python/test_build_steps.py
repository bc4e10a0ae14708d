"""The build's steps: their clock, and when `dbt source freshness` stops the build and what is recorded.

dbt itself is replaced by a stand-in that writes (or does not write) target/sources.json and returns a
given exit code, so the rule is checked without a warehouse."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cwh import build
from cwh.build import StepClock
from cwh.quality.history import BuildRun
from cwh.settings import Settings

SOURCE = "source.customer_warehouse.raw.orders"


def _settings(tmp_path: Path) -> Settings:
    return Settings(
        project_dir=tmp_path,
        raw_dir=tmp_path / "raw",
        warehouse_path=tmp_path / "warehouse.duckdb",
        target_path=tmp_path / "target",
    )


def _fake_dbt(code: int, statuses: list[str] | None):
    """A stand-in for run_dbt: writes sources.json with one result per status (none when None)."""

    def run_dbt(settings: Settings, *args: str, **kwargs: object) -> int:
        assert args == ("source", "freshness")
        if statuses is not None:
            settings.target_path.mkdir(parents=True, exist_ok=True)
            document = {
                "metadata": {"generated_at": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")},
                "results": [
                    {"unique_id": SOURCE, "status": status, "max_loaded_at_time_ago_in_s": 7200.0}
                    for status in statuses
                ],
            }
            (settings.target_path / "sources.json").write_text(json.dumps(document), encoding="utf-8")
        return code

    return run_dbt


def _run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    statuses: list[str] | None,
    report_failure: bool = True,
):
    monkeypatch.setattr(build, "run_dbt", _fake_dbt(code, statuses))
    run = BuildRun(run_id="r1", started_at=dt.datetime.now(dt.UTC), raw_dir=str(tmp_path))
    returned = build.run_freshness(
        _settings(tmp_path), tmp_path / "building.duckdb", run, report_failure=report_failure
    )
    return returned, [(r["model"], r["status"]) for r in run.results]


def test_fresh_sources_pass_and_are_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(tmp_path, monkeypatch, 0, ["pass"]) == (0, [("raw.orders", "pass")])


def test_a_stale_source_is_recorded_and_does_not_stop_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run(tmp_path, monkeypatch, 1, ["error", "runtime error"]) == (
        0,
        [("raw.orders", "fail"), ("raw.orders", "error")],
    )


def test_a_freshness_run_that_checked_nothing_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a compilation error: dbt exits 2 and writes no sources.json
    assert _run(tmp_path, monkeypatch, 2, None) == (2, [])
    assert "dbt source freshness failed (exit code 2)" in capsys.readouterr().out


def test_a_failed_freshness_run_as_the_raw_load_leaves_no_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # the scoping run of an incremental build: the build falls back to a full one and checks again later
    assert _run(tmp_path, monkeypatch, 2, ["runtime error"], report_failure=False) == (2, [])
    assert "failed" not in capsys.readouterr().out
    # a stale source is a result like any other there
    assert _run(tmp_path, monkeypatch, 1, ["warn"], report_failure=False) == (0, [("raw.orders", "warn")])


def test_an_earlier_builds_sources_json_does_not_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "target"
    target.mkdir()
    earlier = {
        "metadata": {"generated_at": "2020-01-01T00:00:00Z"},
        "results": [{"unique_id": SOURCE, "status": "pass"}],
    }
    (target / "sources.json").write_text(json.dumps(earlier), encoding="utf-8")
    # exit code 1 without this run's results: an error, not a stale source
    assert _run(tmp_path, monkeypatch, 1, None) == (1, [])


def test_the_step_clock_writes_each_step_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = iter([100.0, 130.5, 142.0, 431.25])
    monkeypatch.setattr(build.time, "monotonic", lambda: next(ticks))
    clock = StepClock(build.time.monotonic())
    for step in ("work copy", "scope and raw load", "dbt build"):
        clock.lap(step)
    clock.write(tmp_path / "target", "r1")
    assert clock.line() == "work copy 30.5 s; scope and raw load 11.5 s; dbt build 289.2 s"
    written = json.loads((tmp_path / "target" / "build_steps.json").read_text())
    assert written == {
        "run_id": "r1",
        "total_seconds": 331.25,
        "steps": [
            {"step": "work copy", "seconds": 30.5},
            {"step": "scope and raw load", "seconds": 11.5},
            {"step": "dbt build", "seconds": 289.25},
        ],
    }


def test_great_expectations_is_imported_in_the_background_while_dbt_runs() -> None:
    """The build starts the import of Great Expectations (about 9 s) on a thread before dbt, so the
    checkpoint after dbt finds it loaded. Run in a fresh interpreter: this one may have it already."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from cwh.build import preload_quality\n"
        "assert 'great_expectations' not in sys.modules\n"
        "thread = preload_quality()\n"
        "thread.join()\n"
        "print('great_expectations.execution_engine.pandas_execution_engine' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True"]
    # a process that ends while the import runs (a build whose dbt failed at once) exits with its own
    # code and no traceback: the thread is not cut off as a daemon would be, and the import it then
    # cannot finish (Python refuses new thread pools at shutdown) is dropped quietly
    script = "from cwh.build import preload_quality\npreload_quality()\nraise SystemExit(3)"
    ended = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert ended.returncode == 3
    assert "Traceback" not in ended.stderr and "Fatal Python error" not in ended.stderr
