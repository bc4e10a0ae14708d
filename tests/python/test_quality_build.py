"""`python -m cwh build` and its quality record: Great Expectations in the build, the history in schema
audit, drift warnings with numbers, and failed builds that publish nothing but stay on record.

The shared test warehouse (test_quality_support.shared_build) is built from data with known defects:
2 orders whose amount is not a number, 1 exact copy of a customer row, nothing else. The scenarios
after it work on copies and run dbt on one model only: seconds of dbt rather than a full build.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from test_quality_support import (
    SharedBuild,
    copy_build,
    marts_fingerprint,
    output,
    query,
    run_build,
    shared_build,
)

from cwh.quality.suites import load_suites

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dq_warehouse")]
GX_DIR = Path(__file__).resolve().parents[2] / "gx"
# dbt on one model: the scenarios below are about what happens after dbt
ONE_MODEL = ("--skip-freshness", "--dbt-args", "--select quarantine_summary")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> SharedBuild:
    built = shared_build(tmp_path_factory.getbasetemp())
    assert built.result.returncode == 0, output(built.result)[-5000:]
    return built


def _run_id(database: Path, position: int = -1) -> str:
    return query(database, "select run_id from audit.dq_runs order by started_at")[position][0]


# ------------------------------------------------------------------------------------- the shared build


def test_every_check_of_the_build_is_recorded_once(shared: SharedBuild) -> None:
    warehouse = shared.paths.warehouse
    run_results = json.loads((shared.paths.target / "run_results.json").read_text())["results"]
    dbt_checks = [r for r in run_results if r["unique_id"].split(".")[0] in ("test", "unit_test")]
    expectations = sum(len(suite.expectations) for suite in load_suites(GX_DIR))
    counts = dict(
        query(warehouse, "select source || ':' || check_kind, count(*) from audit.dq_results group by 1")
    )
    assert counts["dbt:data_test"] + counts.get("dbt:unit_test", 0) == len(dbt_checks)
    assert counts["great_expectations:expectation"] == expectations
    assert counts["dbt:source_freshness"] == 10
    assert query(
        warehouse,
        "select count(*) - count(distinct source || coalesce(unique_id, check_name)) from audit.dq_results",
    ) == [(0,)]
    runs = query(
        warehouse,
        "select status, published, checks, failed + errored, checks = passed + warned from audit.dq_runs",
    )
    assert runs == [("success", True, len(dbt_checks) + expectations + 10, 0, True)]


def test_the_build_times_its_steps(shared: SharedBuild) -> None:
    steps = json.loads((shared.paths.target / "build_steps.json").read_text())
    assert steps["run_id"] == _run_id(shared.paths.warehouse)
    assert [s["step"] for s in steps["steps"]] == [
        "work copy", "scope and raw load", "dbt build", "source freshness", "great expectations",
        "history and drift", "publish", "summary",
    ]
    assert all(s["seconds"] >= 0 for s in steps["steps"])
    assert sum(s["seconds"] for s in steps["steps"]) == pytest.approx(steps["total_seconds"], abs=0.01)
    # dbt build is the bulk of a full build of the test data
    assert max(steps["steps"], key=lambda s: s["seconds"])["step"] == "dbt build"
    assert "Build steps: work copy " in output(shared.result)


def test_results_name_layer_model_and_failing_rows(shared: SharedBuild) -> None:
    rows = query(
        shared.paths.warehouse,
        "select layer, model, check_type, status, failing_rows from audit.dq_results "
        "where check_name = 'summary_share_of_raw_at_most_5_percent'",
    )
    assert rows == [("audit", "audit.quarantine_summary", "accepted_range", "pass", 0)]
    gx = query(
        shared.paths.warehouse,
        "select layer, status, failing_rows from audit.dq_results "
        "where model = 'marts.customer_rfm' and check_type = 'expect_column_values_to_not_be_null' "
        "and column_name = 'customer_id'",
    )
    assert gx == [("marts", "pass", 0)]


def test_failing_rows_of_dbt_tests_are_kept_in_audit(shared: SharedBuild) -> None:
    tables = {
        t
        for (t,) in query(
            shared.paths.warehouse, "select table_name from duckdb_tables() where schema_name = 'audit'"
        )
    }
    assert {
        "summary_share_of_raw_at_most_5_percent",
        "customer_rfm_one_segment_per_buyer",
        "value_tier_revenue_reconciles",
    } <= tables


def test_quarantine_is_summarised_per_entity_reason_and_run(shared: SharedBuild) -> None:
    current = query(
        shared.paths.warehouse,
        "select entity, reject_reason, rows, raw_rows from audit.quarantine_summary order by 1, 2",
    )
    customers, orders = len(shared.data.customers) + 1, len(shared.data.orders) + 2
    assert current == [
        ("customers", "exact_duplicate", 1, customers),
        ("orders", "invalid_amount", 2, orders),
    ]
    history = query(
        shared.paths.warehouse,
        "select entity, reject_reason, rows, raw_rows, round(share_of_raw, 6) "
        "from audit.dq_quarantine_history order by 1, 2",
    )
    assert history == [
        ("customers", "exact_duplicate", 1, customers, round(1 / customers, 6)),
        ("orders", "invalid_amount", 2, orders, round(2 / orders, 6)),
    ]


def test_data_docs_are_written_for_every_suite(shared: SharedBuild) -> None:
    docs = shared.paths.reports / "data_docs"
    assert (docs / "index.html").exists()
    pages = {page.name.removesuffix(".html") for page in (docs / "validations").rglob("*.html")}
    assert pages == {suite.name for suite in load_suites(GX_DIR)}


# ------------------------------------------------------------------------------------- drift


def test_drift_warns_with_the_numbers_and_does_not_fail(shared: SharedBuild, tmp_path: Path) -> None:
    paths = copy_build(shared, tmp_path / "drift")
    with duckdb.connect(str(paths.warehouse)) as con:
        total = con.execute("select count(*) from marts.customer_rfm").fetchone()[0]
        # remove the largest segments until a third of the customers are gone
        segments = con.execute(
            "select rfm_segment, count(*) from marts.customer_rfm group by 1 order by 2 desc, 1"
        ).fetchall()
        removed, gone = [], 0
        for segment, rows in segments:
            if gone >= total / 3:
                break
            removed.append((segment, rows))
            gone += rows
        con.execute(
            "delete from marts.customer_rfm where rfm_segment in (select unnest(?::varchar[]))",
            [[segment for segment, _ in removed]],
        )
    result = run_build(paths, *ONE_MODEL)
    text = output(result)
    assert result.returncode == 0, text[-5000:]
    assert (
        f"drift: rows of marts.customer_rfm {total - gone:,} rows vs {total:,} ({-gone / total:+.1%}" in text
    )
    segment, rows = removed[0]
    assert (
        f"drift: share of rfm_segment = '{segment}' in marts.customer_rfm 0.000 vs {rows / total:.3f}" in text
    )
    run = _run_id(paths.warehouse)
    warned = dict(
        query(
            paths.warehouse,
            "select check_name, observed_value from audit.dq_results "
            "where run_id = ? and source = 'drift' and status = 'warn'",
            [run],
        )
    )
    assert warned["rows:marts:marts.customer_rfm"] == str(total - gone)
    assert f"share:marts:marts.customer_rfm:rfm_segment:{segment}" in warned
    untouched = query(
        paths.warehouse,
        "select status from audit.dq_results where run_id = ? and check_name = 'rows:marts:marts.fct_orders'",
        [run],
    )
    assert untouched == [("pass",)]
    assert query(
        paths.warehouse, "select status, drift_warnings >= 2 from audit.dq_runs order by started_at"
    ) == [("success", False), ("success", True)]


# ------------------------------------------------------------------------------------- failed builds


def test_failed_critical_expectation_fails_the_build_and_publishes_nothing(
    shared: SharedBuild, tmp_path: Path
) -> None:
    paths = copy_build(shared, tmp_path / "gx_fails")
    suite = {
        "name": "marts.fct_orders",
        "meta": {"cwh": {"table": "marts.fct_orders"}},
        "expectations": [
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "row_count", "max_value": 10},
                "meta": {"frame": "metrics"},
                "severity": "critical",
            },
            {
                "type": "expect_column_values_to_be_in_set",
                "kwargs": {"column": "status", "value_set": ["completed"]},
                "severity": "warning",
            },
        ],
    }
    gx_dir = tmp_path / "gx"
    (gx_dir / "expectations").mkdir(parents=True)
    (gx_dir / "expectations" / "marts.fct_orders.json").write_text(json.dumps(suite))
    before = marts_fingerprint(paths.warehouse)
    clean_orders = query(paths.warehouse, "select count(*) from marts.fct_orders")[0][0]
    not_completed = query(
        paths.warehouse, "select count(*) from marts.fct_orders where status != 'completed'"
    )[0][0]

    result = run_build(paths, *ONE_MODEL, CWH_GX_DIR=str(gx_dir))
    text = output(result)
    assert result.returncode == 1, text[-5000:]
    assert "Great Expectations: a critical expectation failed" in text and "Traceback" not in text
    assert marts_fingerprint(paths.warehouse) == before
    assert query(
        paths.warehouse, "select status, failed_step, published from audit.dq_runs order by started_at"
    ) == [("success", None, True), ("failed", "great expectations", False)]
    recorded = query(
        paths.warehouse,
        "select check_type, severity, status, failing_rows, observed_value "
        "from audit.dq_results where run_id = ? and source = 'great_expectations' order by 1",
        [_run_id(paths.warehouse)],
    )
    assert recorded == [
        ("expect_column_values_to_be_between", "critical", "fail", None, str(clean_orders)),
        ("expect_column_values_to_be_in_set", "warning", "warn", not_completed, recorded[1][4]),
    ]


def test_unreadable_raw_file_fails_the_build_and_the_failure_is_on_record(
    shared: SharedBuild, tmp_path: Path
) -> None:
    paths = copy_build(shared, tmp_path / "dbt_fails")
    (paths.raw_dir / "orders" / "broken.csv").write_bytes(b"")
    before = marts_fingerprint(paths.warehouse)
    result = run_build(paths, *ONE_MODEL)
    text = output(result)
    assert result.returncode != 0
    assert "broken.csv: is empty (0 bytes); expected a header row naming the columns" in text
    assert "error: dbt build failed" in text and "Traceback" not in text
    assert marts_fingerprint(paths.warehouse) == before
    assert query(
        paths.warehouse, "select status, failed_step, published from audit.dq_runs order by started_at"
    ) == [("success", None, True), ("failed", "dbt build", False)]
