"""The Great Expectations checkpoint (cwh.quality) on a small DuckDB warehouse with known defects.

No dbt here: the warehouse is made by hand, the suites are written into a temporary gx folder, and the
row batches are tiny (3 rows), so batching and the merging of batch results are exercised.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from cwh.quality import frames, history
from cwh.quality.checkpoint import CheckpointResult, run_checkpoint, validate_warehouse
from cwh.quality.suites import SuiteError, load_suite
from cwh.settings import Settings

pytestmark = pytest.mark.xdist_group("quality_checkpoint")


def _expectation(kind: str, frame: str = "rows", severity: str = "critical", **kwargs: object) -> dict:
    return {"type": kind, "kwargs": kwargs, "meta": {"frame": frame}, "severity": severity}


def _write_suite(gx_dir: Path, table: str, expectations: list[dict], delta: object = None) -> None:
    folder = gx_dir / "expectations"
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"table": table} if delta is None else {"table": table, "delta": delta}
    document = {"name": table, "meta": {"cwh": meta}, "expectations": expectations}
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


def test_the_validator_does_not_fingerprint_the_frames_it_is_given() -> None:
    """Great Expectations hashes every pandas batch under its HASH_THRESHOLD into a batch marker; the
    checkpoint turns that off (13 of 21 s of the fct_orders suite at 10M orders). The same validation
    still finds the failing row."""
    import pandas as pd

    from cwh.quality.checkpoint import _context, _Validator

    validator = _Validator(_context(None))
    frame = pd.DataFrame({"customer_id": ["C1", None, "C3"]})
    batch = validator.batch_definition.get_batch(batch_parameters={"dataframe": frame})
    assert "ge_load_time" in batch.batch_markers
    assert "pandas_data_fingerprint" not in batch.batch_markers
    result = validator.validate(
        "fingerprint", [_expectation("expect_column_values_to_not_be_null", column="customer_id")], frame,
        {"result_format": "SUMMARY"},
    )
    assert not result.success
    assert result.results[0].result["unexpected_count"] == 1


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


# ------------------------------------------------------------------------------------------ delta builds

_ORDERS_DELTA = {"entity": "orders", "key": "order_key"}


def _orders_suite(gx_dir: Path, min_amount: float = 0, delta: object = _ORDERS_DELTA) -> None:
    _write_suite(
        gx_dir,
        "marts.fct_orders",
        [
            _expectation("expect_column_values_to_not_be_null", column="order_key"),
            _expectation("expect_column_values_to_be_between", column="amount", min_value=min_amount),
            _expectation(
                "expect_column_values_to_be_between", frame="metrics", column="row_count", min_value=1
            ),
        ],
        delta=delta,
    )


def _publish(warehouse: Path, result: CheckpointResult, started: str) -> None:
    """Record `result` in the warehouse's quality history as a published build's."""
    import datetime as dt

    with duckdb.connect(str(warehouse)) as con:
        run = history.BuildRun(
            run_id=f"run-{started}",
            started_at=dt.datetime.fromisoformat(started),
            raw_dir="raw",
            published=True,
            results=[{**row, "run_id": f"run-{started}"} for row in history.gx_results(result)],
        )
        history.record(con, run, None, None)


def _checked(result: CheckpointResult) -> list[tuple]:
    return [(e.status, e.failing_rows, e.checked_rows) for e in result.suites[0].expectations]


@pytest.fixture
def orders_warehouse(tmp_path: Path) -> Path:
    """Six orders built in a first build; a delta build then wrote orders O5 and O6 again and O7 (which
    staging quarantined, so it is not in fct_orders): their base_raw__orders rows carry its start."""
    path = tmp_path / "customers.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema staging")
        con.execute("create schema marts")
        con.execute(
            """
            create table staging.base_raw__orders as
            select * from (values
                ('O1', timestamp '2026-11-01 08:00:00'), ('O2', timestamp '2026-11-01 08:00:00'),
                ('O3', timestamp '2026-11-01 08:00:00'), ('O4', timestamp '2026-11-01 08:00:00'),
                ('O5', timestamp '2026-11-02 08:00:00'), ('O6', timestamp '2026-11-02 08:00:00'),
                ('O7', timestamp '2026-11-02 08:00:00'), (null, timestamp '2026-11-02 08:00:00')
            ) as t(order_key, _built_at)
            """
        )
        con.execute(
            """
            create table marts.fct_orders as
            select * from (values ('O1', 10.0), ('O2', 20.0), ('O3', 30.0), ('O4', 40.0), ('O5', 50.0),
                ('O6', 60.0)) as t(order_key, amount)
            """
        )
    return path


def test_a_delta_build_checks_the_rows_it_wrote_when_the_rest_passed_before(
    orders_warehouse: Path, tmp_path: Path
) -> None:
    gx_dir = tmp_path / "gx"
    _orders_suite(gx_dir)
    first = validate_warehouse(orders_warehouse, gx_dir, batch_rows=2)
    assert _checked(first) == [("pass", 0, 6), ("pass", 0, 6), ("pass", None, None)]
    _publish(orders_warehouse, first, "2026-11-01T08:00:00")
    with duckdb.connect(str(orders_warehouse)) as con:
        con.execute("update marts.fct_orders set amount = -5 where order_key = 'O6'")

    delta = validate_warehouse(orders_warehouse, gx_dir, batch_rows=2, delta_entities=("orders",))
    # O5 and O6 only; the metric still sees the whole table
    assert _checked(delta) == [("pass", 0, 2), ("fail", 1, 2), ("pass", None, None)]
    not_null, amount, row_count = delta.suites[0].expectations
    assert amount.observed_value == "unexpected: [-5.0]" and row_count.observed_value == "6"
    assert "rows of the orders this build wrote again" in not_null.message
    assert row_count.message == ""
    assert delta.suites[0].batches == 1  # the two changed rows fit one batch of 2

    # the same data outside a delta build: every row
    assert _checked(validate_warehouse(orders_warehouse, gx_dir, batch_rows=2)) == [
        ("pass", 0, 6),
        ("fail", 1, 6),
        ("pass", None, None),
    ]


def test_a_delta_build_checks_every_row_of_what_did_not_pass_before(
    orders_warehouse: Path, tmp_path: Path
) -> None:
    gx_dir = tmp_path / "gx"
    _orders_suite(gx_dir)
    with duckdb.connect(str(orders_warehouse)) as con:
        con.execute("update marts.fct_orders set amount = -1 where order_key = 'O1'")
    first = validate_warehouse(orders_warehouse, gx_dir, batch_rows=2)
    assert _checked(first)[1] == ("fail", 1, 6)
    _publish(orders_warehouse, first, "2026-11-01T08:00:00")  # as if the amount check were a warning

    delta = validate_warehouse(orders_warehouse, gx_dir, batch_rows=2, delta_entities=("orders",))
    # the amount check failed on O1 before, so O1 is checked (and counted) again; order_key passed
    assert _checked(delta)[:2] == [("pass", 0, 2), ("fail", 1, 6)]
    assert delta.suites[0].expectations[1].message == ""


def test_a_changed_expectation_or_a_table_without_delta_is_checked_on_every_row(
    orders_warehouse: Path, tmp_path: Path
) -> None:
    gx_dir = tmp_path / "gx"
    _orders_suite(gx_dir)
    _publish(orders_warehouse, validate_warehouse(orders_warehouse, gx_dir), "2026-11-01T08:00:00")

    _orders_suite(gx_dir, min_amount=15)  # a stricter bound: O1 was never checked against it
    delta = validate_warehouse(orders_warehouse, gx_dir, batch_rows=2, delta_entities=("orders",))
    assert _checked(delta)[:2] == [("pass", 0, 2), ("fail", 1, 6)]

    _orders_suite(gx_dir, delta=None)  # no meta.cwh.delta: the table may change anywhere
    delta = validate_warehouse(orders_warehouse, gx_dir, batch_rows=2, delta_entities=("orders",))
    assert _checked(delta)[:2] == [("pass", 0, 6), ("pass", 0, 6)]


def test_a_delta_build_without_history_checks_every_row(orders_warehouse: Path, tmp_path: Path) -> None:
    gx_dir = tmp_path / "gx"
    _orders_suite(gx_dir)
    delta = validate_warehouse(orders_warehouse, gx_dir, batch_rows=2, delta_entities=("orders",))
    assert _checked(delta)[:2] == [("pass", 0, 6), ("pass", 0, 6)]


@pytest.mark.parametrize(
    "delta",
    [
        {"entity": "customers", "key": "customer_id"},
        {"entity": "orders"},
        {"entity": "orders", "key": "a; b"},
    ],
)
def test_a_suite_delta_names_a_delta_entity_and_a_key_column(tmp_path: Path, delta: dict) -> None:
    _orders_suite(tmp_path, delta=delta)
    with pytest.raises(SuiteError, match=r"meta.cwh.delta must be .*entity.*orders.*key"):
        load_suite(tmp_path / "expectations" / "marts.fct_orders.json")
