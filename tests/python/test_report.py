"""`python -m cwh report` writes one self-contained HTML page from the demo warehouse: headline numbers
equal to the marts', the main charts as embedded PNGs, and the data-quality state of the build."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import matplotlib.image as mpimg
import pytest
from conftest import PROJECT_DIR, Warehouse, build_env

from cwh.cli import main
from cwh.report import queries, render

CHARTS = {"pareto", "rfm-segments", "activity-status", "cohort-retention", "clv", "nps-segments"}


@pytest.fixture(scope="module")
def report(demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "nested" / "customer_report.html"
    env = build_env(demo_warehouse.raw_dir, demo_warehouse.path, demo_warehouse.target_dir)
    done = subprocess.run([sys.executable, "-m", "cwh", "report", "--out", str(out), "--quiet"],
                          cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8")


def tile(html: str, metric: str) -> str:
    match = re.search(rf'data-metric="{metric}">.*?<div class="value">([^<]*)</div>', html, re.DOTALL)
    assert match, f"no {metric} tile"
    return match.group(1)


def test_report_is_self_contained(report: str):
    assert report.startswith("<!DOCTYPE html>")
    assert "<script" not in report
    assert not re.search(r'(src|href)="(https?:)?//', report), "the report must load nothing from the network"


def test_headline_numbers_equal_the_marts(report: str, demo_warehouse: Warehouse):
    (customers,) = demo_warehouse.query("select count(*) from marts.dim_customers")[0]
    orders, revenue = demo_warehouse.query(
        "select count(*), sum(revenue_base) from marts.fct_orders where status = 'completed'")[0]
    (churn,) = demo_warehouse.query(
        "select avg(cast(activity_status = 'churned' as integer)) from marts.customer_lifecycle "
        "where activity_status != 'never_purchased'")[0]
    assert tile(report, "customers") == f"{customers:,}"
    assert tile(report, "orders") == f"{orders:,}"
    assert tile(report, "revenue") == f"{float(revenue):,.0f} CNY"
    assert tile(report, "churn_rate") == f"{churn:.1%}"
    assert re.fullmatch(r"[+-]\d+", tile(report, "nps"))
    assert tile(report, "average_clv").endswith(" CNY")
    assert customers > 1000 and orders > 1000


def test_main_charts_are_embedded_pngs(report: str):
    pattern = r'<figure id="chart-([a-z-]+)"><img alt="[^"]*" src="data:image/png;base64,([^"]+)"'
    figures = dict(re.findall(pattern, report))
    assert set(figures) == CHARTS
    for name, data in figures.items():
        png = base64.b64decode(data)
        assert len(png) > 15_000, f"chart {name} is suspiciously small"
        height, width = mpimg.imread(io.BytesIO(png), format="png").shape[:2]
        assert width >= 500 and height >= 300


def test_data_quality_state_of_the_build(report: str, demo_warehouse: Warehouse):
    section = report[report.index('<section id="data-quality">'):]
    status, checks, failed, errored = demo_warehouse.query(
        "select status, checks, failed, errored from audit.dq_runs order by started_at desc limit 1")[0]
    expected = "attention" if status != "success" or failed or errored else "(ok|warnings)"
    assert re.search(rf'<span class="badge {expected}" id="dq-status">', section)
    assert re.search(rf'data-run="checks">.*?<div class="value small">{checks:,}</div>', section, re.DOTALL)
    (problems,) = demo_warehouse.query(
        "select count(*) from audit.dq_results where status not in ('pass', 'skipped') "
        "and run_id = (select arg_max(run_id, started_at) from audit.dq_runs)")[0]
    assert f"Checks that did not pass: {problems:,}" in section
    quarantine_tables = [name for (name,) in demo_warehouse.query(
        "select table_name from duckdb_tables() where schema_name = 'audit' "
        "and table_name like 'quarantine\\_%' escape '\\' and table_name != 'quarantine_summary'")]
    quarantined = sum(demo_warehouse.query(f'select count(*) from audit."{name}"')[0][0]
                      for name in quarantine_tables)
    assert quarantined > 0, "the demo data has injected defects"
    assert f"Quarantined rows: {quarantined:,}" in section


def test_missing_warehouse_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "missing.duckdb"))
    assert main(["report", "--out", str(tmp_path / "r.html"), "--quiet"]) == 2
    assert "run `make build` first" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_without_quality_history_the_stored_test_failures_are_shown():
    with duckdb.connect() as con:
        con.execute("create schema audit")
        con.execute("create table audit.quarantine_orders as select 'orders' as entity, 'missing_key' as "
                    "reject_reason from range(3)")
        con.execute("create table audit.not_null_fct_orders_customer_id as select 1 as failing from range(2)")
        con.execute("create table audit.unique_fct_orders_order_key as select 1 as failing limit 0")
        state = queries.quality_state(con)
    assert state.status == "attention"
    assert state.problems.to_dict("records") == [{"check_name": "not_null_fct_orders_customer_id",
                                                  "failing_rows": 2}]
    assert int(state.quarantine["rows"].sum()) == 3
    assert "Quarantined rows: 3" in render.quality_html(state)
