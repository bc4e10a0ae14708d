"""The benchmark harness (bench/run.py): a smoke run at a tiny scale, and its arithmetic.

The smoke run generates 300 people, builds the RFM / CLV models and their parents (`--quick`: no data
tests, no GX, to stay around two minutes), runs both references, appends 1% orders and builds again.
It checks that every step was measured and that the warehouse equals both references exactly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
BENCH_DIR = PROJECT_DIR / "bench"
sys.path.insert(0, str(BENCH_DIR))

import report  # noqa: E402 - bench/ is a folder of scripts, not a package
import run  # noqa: E402

EXPECTED_STEPS = [
    "generate", "dbt_parse_cold", "dbt_parse_warm", "dbt_ls", "full_build",
    "reference_inputs", "reference_duckdb", "reference_pandas", "compare_duckdb", "compare_pandas",
    "append_orders", "incremental_build",
    "reference_inputs_after_incremental", "reference_duckdb_after_incremental",
    "compare_duckdb_after_incremental",
]


@pytest.fixture(scope="module")
def smoke_results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("bench")
    env = dict(os.environ, DBT_THREADS="1", DUCKDB_THREADS="1")
    done = subprocess.run(
        [sys.executable, str(BENCH_DIR / "run.py"), "--scales", "300", "--quick", "--no-readme",
         "--data-dir", str(root / "data"), "--work-dir", str(root / "work"),
         "--results-dir", str(root / "results"), "--results-name", "smoke", "--timeout", "900",
         # make test keeps both cores busy: waiting for a quiet machine would only cost time here
         "--settle-seconds", "0"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
    )
    results_path = root / "results" / "smoke.json"
    output = done.stdout[-6000:] + done.stderr[-3000:]
    assert done.returncode == 0, f"bench/run.py failed (exit {done.returncode}):\n{output}"
    assert results_path.exists()
    assert (root / "results" / "smoke.md").exists()
    return json.loads(results_path.read_text())


@pytest.mark.slow
def test_every_step_is_measured(smoke_results: dict) -> None:
    scale = smoke_results["scales"]["300"]
    missing = [name for name in EXPECTED_STEPS if name not in scale["steps"]]
    assert not missing, f"steps not recorded: {missing}"
    for name in EXPECTED_STEPS:
        step = scale["steps"][name]
        assert step["returncode"] == 0 and not step["timed_out"], name
        assert step["seconds"] > 0, name
        assert step["peak_rss_bytes"] > 0, name
    for name in ("full_build", "incremental_build"):
        assert scale["steps"][name]["rows"] > 0 and scale["steps"][name]["rows_per_second"] > 0
    for name in ("reference_duckdb", "reference_pandas"):
        assert scale["steps"][name]["inner_seconds"] > 0
    assert scale["full_build"]["summary_path_seconds"] > 0
    assert scale["incremental_build"]["appended_orders"] > 0
    for name in ("full_build", "incremental_build"):
        # the build's own clock, beside the bench's: its steps add up to the step the bench timed
        clock = scale[name]["build_steps_seconds"]
        first, scoping, dbt_build = list(clock)[:3]
        assert (first, dbt_build) == ("work copy", "dbt build") and scoping.startswith("scope and raw load")
        assert 0 < sum(clock.values()) <= scale["steps"][name]["seconds"]
    assert scale["conditions"]["load_start"] and scale["conditions"]["load_end"]
    assert scale["conditions"]["settle_wait_seconds"] == 0


@pytest.mark.slow
def test_references_equal_the_warehouse_exactly(smoke_results: dict) -> None:
    equality = smoke_results["scales"]["300"]["equality"]
    assert set(equality) == {"duckdb", "pandas", "after_incremental"}
    for name, outcome in equality.items():
        assert outcome["equal"], f"{name}: {outcome}"
        assert outcome["differences"] == 0
        assert outcome["rfm"]["warehouse_rows"] == outcome["rfm"]["reference_rows"] > 0
        assert outcome["clv"]["warehouse_rows"] == outcome["clv"]["reference_rows"] > 0
        assert outcome["rfm"]["warehouse_monetary"] == outcome["rfm"]["reference_monetary"]
    # the increment moved the as-of date: new orders reached the marts
    before = smoke_results["scales"]["300"]["equality"]["duckdb"]["rfm"]["warehouse_monetary"]
    after = smoke_results["scales"]["300"]["equality"]["after_incremental"]["rfm"]["warehouse_monetary"]
    assert after != before


@pytest.mark.slow
def test_verdicts_cover_every_target(smoke_results: dict) -> None:
    verdicts = smoke_results["summary"]["verdicts"]
    assert len(verdicts) == len(report.TARGETS) + 1
    for verdict in verdicts:
        assert verdict["status"] in ("met", "missed", "not measured")
    assert smoke_results["scales"]["300"]["partial_build"]


def test_settle_waits_for_the_load_to_fall_but_not_longer_than_allowed(monkeypatch) -> None:
    loads = iter([9.0, 9.0, 0.1])
    monkeypatch.setattr(run.os, "getloadavg", lambda: (next(loads), 0.0, 0.0))
    monkeypatch.setattr(run.time, "sleep", lambda seconds: None)
    run.settle(60)
    with pytest.raises(StopIteration):
        next(loads)  # read until the load was low, then stopped
    monkeypatch.setattr(run.os, "getloadavg", lambda: (9.0, 0.0, 0.0))
    assert run.settle(0) == 0


def test_scaling_exponent_fit() -> None:
    assert report.fit_exponent([(1e6, 30.0), (1e7, 300.0)]) == pytest.approx(1.0)
    assert report.fit_exponent([(1e6, 30.0), (1e7, 150.0), (3e7, 450.0)]) < 1.0
    assert report.fit_exponent([(1e6, 30.0)]) is None


def test_verdict_says_by_how_much_a_target_is_missed() -> None:
    missed = report._verdict("full build", 450.0, 300.0, "s", "1m")
    assert missed["status"] == "missed" and "50%" in missed["margin"] and "1.50x" in missed["margin"]
    met = report._verdict("full build", 240.0, 300.0, "s", "1m")
    assert met["status"] == "met" and "20%" in met["margin"]


def test_readme_table_goes_between_the_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n## Performance\n\n{report.README_START}\nold\n{report.README_END}"
                      "\n\n## Next\n")
    assert report.update_readme(readme, "| new |\n", "bench/results/x.json")
    text = readme.read_text()
    assert "| new |" in text and "old" not in text and text.endswith("## Next\n")
