"""The Great Expectations checkpoint (cwh.quality) on a small DuckDB warehouse with known defects.

No dbt here: the warehouse is made by hand, the suites are written into a temporary gx folder, and the
row batches are tiny (3 rows), so batching and the merging of batch results are exercised.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from cwh.quality import frames
from cwh.quality.checkpoint import CheckpointResult, run_checkpoint, validate_warehouse
from cwh.quality.suites import SuiteError, load_suite
from cwh.settings import Settings

pytestmark = pytest.mark.xdist_group("quality_checkpoint")


def _expectation(kind: str, frame: str = "rows", severity: str = "critical", **kwargs: object) -> dict:
    return {"type": kind, "kwargs": kwargs, "meta": {"frame": frame}, "severity": severity}


def _write_suite(gx_dir: Path, table: str, expectations: list[dict]) -> None:
    folder = gx_dir / "expectations"
    folder.mkdir(parents=True, exist_ok=True)
    document = {"name": table, "meta": {"cwh": {"table": table}}, "expectations": expectations}
    (folder / f"{table}.json").write_text(json.dumps(document))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("checkpoint") / "customers.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        # 10 customers: ids 1-10 with id 7 twice (11 rows), 2 NULL segments, scores 1-5 but one 9
        con.execute(
            """
            create table marts.customer_rfm as
            select * from (values
                ('C1', 'a', 1, 10.50), ('C2', 'a', 2, 20.00), ('C3', 'a', 3, 5.25), ('C4', 'a', 4, 1.00),
                ('C5', 'a', 5, 2.00), ('C6', 'a', 1, 3.00), ('C7', 'b', 2, 4.00), ('C7', 'b', 9, 4.00),
                ('C8', 'c', 3, 0.00), ('C9', null, 4, 7.00), ('C10', null, 5, 8.00)
            ) as t(customer_id, rfm_segment, r_score, monetary)
            """
        )
    return path


@pytest.fixture(scope="module")
def checked(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> CheckpointResult:
    gx_dir = tmp_path_factory.mktemp("gx")
    _write_suite(
        gx_dir,
        "marts.customer_rfm",
        [
            _expectation("expect_column_values_to_not_be_null", column="customer_id"),
            _expectation("expect_column_values_to_not_be_null", column="rfm_segment"),
            _expectation("expect_column_values_to_be_between", column="r_score", min_value=1, max_value=5),
            _expectation(
                "expect_column_values_to_be_between", column="r_score", min_value=1, max_value=5, mostly=0.9
            ),
            _expectation(
                "expect_column_values_to_be_in_set",
                severity="warning",
                column="rfm_segment",
                value_set=["a", "b"],
            ),
            _expectation(
                "expect_column_values_to_be_between",
                frame="metrics",
                column="customer_id__duplicate_count",
                max_value=0,
            ),
            _expectation(
                "expect_column_values_to_be_between",
                frame="metrics",
                column="row_count",
                min_value=11,
                max_value=11,
            ),
            _expectation(
                "expect_column_values_to_be_between",
                frame="metrics",
                column="monetary__sum",
                min_value=64.74,
                max_value=64.76,
            ),
            _expectation(
                "expect_column_values_to_be_between",
                frame="shares:rfm_segment",
                severity="warning",
                column="share",
                max_value=0.5,
            ),
            _expectation("expect_column_to_exist", frame="schema", column="frequency"),
        ],
    )
    _write_suite(
        gx_dir, "marts.not_built_yet", [_expectation("expect_column_values_to_not_be_null", column="x")]
    )
    return validate_warehouse(warehouse, gx_dir, gx_dir.parent / "docs", batch_rows=3, run_id="test")


def _outcome(result: CheckpointResult, index: int):
    suite = next(s for s in result.suites if s.suite == "marts.customer_rfm")
    return suite.expectations[index]


def test_row_expectations_add_up_over_batches(checked: CheckpointResult) -> None:
    suite = next(s for s in checked.suites if s.suite == "marts.customer_rfm")
    assert (suite.rows, suite.batches) == (11, 4)
    not_null_ids, not_null_segments, scores = (_outcome(checked, i) for i in range(3))
    assert (not_null_ids.status, not_null_ids.failing_rows, not_null_ids.checked_rows) == ("pass", 0, 11)
    assert (not_null_segments.status, not_null_segments.failing_rows) == ("fail", 2)
    assert (scores.status, scores.failing_rows, scores.observed_value) == ("fail", 1, "unexpected: [9]")


def test_mostly_is_judged_on_the_whole_table_not_per_batch(checked: CheckpointResult) -> None:
    # 1 bad score of 11 is 91% good: passes mostly=0.9 although its batch alone is 67% good
    assert (_outcome(checked, 3).status, _outcome(checked, 3).failing_rows) == ("pass", 1)


def test_warning_severity_warns_and_critical_fails(checked: CheckpointResult) -> None:
    in_set = _outcome(checked, 4)
    assert (in_set.severity, in_set.status, in_set.failing_rows) == ("warning", "warn", 1)
    assert {e.status for e in checked.failed} == {"fail"}
    assert len(checked.failed) == 4  # null segments, score 9, duplicate id, missing column


def test_metrics_are_computed_in_duckdb(checked: CheckpointResult) -> None:
    duplicates, row_count, revenue = (_outcome(checked, i) for i in (5, 6, 7))
    assert (duplicates.status, duplicates.observed_value) == ("fail", "1")
    assert (row_count.status, row_count.observed_value) == ("pass", "11")
    assert (revenue.status, float(revenue.observed_value)) == ("pass", 64.75)


def test_shares_name_the_value_out_of_bounds(checked: CheckpointResult) -> None:
    share = _outcome(checked, 8)
    assert (share.status, share.observed_value) == ("warn", "a: 0.5455")


def test_schema_frame_reports_a_missing_column(checked: CheckpointResult) -> None:
    assert _outcome(checked, 9).status == "fail"


def test_suite_of_a_missing_table_is_skipped_with_a_reason(checked: CheckpointResult) -> None:
    skipped = next(s for s in checked.suites if s.suite == "marts.not_built_yet")
    assert (skipped.status, skipped.expectations) == ("skipped", [])
    assert "marts.not_built_yet does not exist" in skipped.message


def test_data_docs_hold_a_page_per_validated_suite(checked: CheckpointResult) -> None:
    assert checked.data_docs and checked.data_docs.endswith("index.html")
    docs = Path(checked.data_docs.removeprefix("file://")).parent
    pages = list((docs / "validations").rglob("*.html"))
    assert [page.name for page in pages] == ["marts.customer_rfm.html"]
    text = pages[0].read_text()
    assert "values must never be null" in text and "marts.customer_rfm" in text


def test_run_checkpoint_exit_code_and_results_file(warehouse: Path, tmp_path: Path) -> None:
    gx_dir = tmp_path / "gx"
    _write_suite(
        gx_dir,
        "marts.customer_rfm",
        [
            _expectation(
                "expect_column_values_to_be_between", severity="warning", column="r_score", max_value=5
            ),
        ],
    )
    settings = Settings(
        project_dir=tmp_path,
        raw_dir=tmp_path,
        warehouse_path=warehouse,
        target_path=tmp_path / "target",
        gx_dir=gx_dir,
        reports_dir=tmp_path / "reports",
    )
    assert run_checkpoint(settings) == 0  # a warning alone does not fail the build
    saved = CheckpointResult.from_json(json.loads(settings.gx_results_path.read_text()))
    assert [e.status for e in saved.suites[0].expectations] == ["warn"]
    _write_suite(
        gx_dir,
        "marts.customer_rfm",
        [
            _expectation("expect_column_values_to_be_between", column="r_score", max_value=5),
        ],
    )
    assert run_checkpoint(settings) == 1
    assert (settings.reports_dir / "data_docs" / "index.html").exists()


def test_cross_row_expectations_are_refused_on_row_batches(tmp_path: Path) -> None:
    _write_suite(
        tmp_path, "marts.customer_rfm", [_expectation("expect_column_values_to_be_unique", column="x")]
    )
    with pytest.raises(SuiteError, match="validated batch by batch.*duplicate_count"):
        load_suite(tmp_path / "expectations" / "marts.customer_rfm.json")
    _write_suite(
        tmp_path,
        "marts.customer_rfm",
        [_expectation("expect_column_values_to_be_between", frame="metrics", column="x__median")],
    )
    with pytest.raises(SuiteError, match="x__median"):
        load_suite(tmp_path / "expectations" / "marts.customer_rfm.json")


def test_row_batches_never_hold_more_than_a_batch(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "big.duckdb")) as con:
        con.execute("create schema marts")
        con.execute("create table marts.big as select range as id, range % 7 as other from range(250000)")
        sizes = [len(batch) for batch in frames.row_batches(con, "marts.big", ["id"], 100_000)]
        columns = next(frames.row_batches(con, "marts.big", ["id"], 10)).columns.tolist()
    assert sizes == [100_000, 100_000, 50_000]
    assert columns == ["id"]  # only the columns the expectations read leave DuckDB


def test_repo_suites_load_and_name_real_frames() -> None:
    from cwh.quality.suites import load_suites

    suites = load_suites(Path(__file__).resolve().parents[2] / "gx")
    assert {s.table for s in suites} >= {
        "raw.orders",
        "raw.customers",
        "marts.customer_rfm",
        "marts.nps_monthly",
    }
    assert all(s.expectations for s in suites)
