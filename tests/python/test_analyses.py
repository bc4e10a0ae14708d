"""analyses/: every analysis compiles with dbt, returns the columns its YAML documents, and answers its
question on the demo warehouse with numbers that add up."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from conftest import PROJECT_DIR, Warehouse
from test_docs_site import generated_docs_site

ANALYSES_DIR = PROJECT_DIR / "analyses"


def documented_analyses() -> dict[str, list[str]]:
    spec = yaml.safe_load((ANALYSES_DIR / "_analyses.yml").read_text(encoding="utf-8"))
    return {entry["name"]: [column["name"] for column in entry["columns"]] for entry in spec["analyses"]}


@pytest.fixture(scope="module")
def compiled(demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The analyses as `dbt docs generate` compiles them with every other node (one dbt run per session,
    shared with the docs-site test)."""
    target = generated_docs_site(demo_warehouse, tmp_path_factory)
    folder = target / "compiled" / "customer_warehouse" / "analyses"
    return {path.stem: path.read_text(encoding="utf-8") for path in folder.glob("*.sql")}


@pytest.fixture(scope="module")
def results(compiled: dict[str, str], demo_warehouse: Warehouse) -> dict[str, pd.DataFrame]:
    with demo_warehouse.connect() as con:
        return {name: con.execute(sql).df() for name, sql in compiled.items()}


def test_every_analysis_is_documented_and_compiles(compiled: dict[str, str]):
    on_disk = {path.stem for path in ANALYSES_DIR.glob("*.sql")}
    assert on_disk == set(documented_analyses()), "document every analysis in analyses/_analyses.yml"
    assert set(compiled) == on_disk
    for name, sql in compiled.items():
        assert "{{" not in sql and '"marts".' in sql, f"{name} did not compile to warehouse relations"


def test_analyses_return_their_documented_columns(results: dict[str, pd.DataFrame]):
    for name, columns in documented_analyses().items():
        assert list(results[name].columns) == columns, name
        assert len(results[name]) > 0, f"{name} returned no rows on the demo warehouse"


def test_pareto_classes_add_up(results: dict[str, pd.DataFrame], demo_warehouse: Warehouse):
    pareto = results["pareto_80_20"].set_index("pareto_class")
    (customers,) = demo_warehouse.query("select count(*) from marts.customer_value_tiers")[0]
    assert pareto["customers"].sum() == customers
    assert float(pareto["revenue_share"].sum()) == pytest.approx(1.0, abs=1e-3)
    # class A is the customers making the first 80% of revenue, the one crossing 80% included
    assert float(pareto.loc["A", "revenue_share"]) >= 0.8
    assert 0.2 < float(pareto["top_20pct_revenue_share"].iloc[0]) < 1.0


def test_cohort_retention_starts_at_one(results: dict[str, pd.DataFrame], demo_warehouse: Warehouse):
    cohorts = results["cohort_retention"]
    first = cohorts[cohorts["months_since_first"] == 0]
    assert (first["retention"] == 1).all()
    (buyers,) = demo_warehouse.query(
        "select count(distinct customer_id) from marts.fct_orders where status = 'completed'")[0]
    assert first["cohort_customers"].sum() == buyers
    assert cohorts["retention"].between(0, 1).all()
    assert (cohorts["months_since_first"] > 0).any()


def test_segment_migration_shares_add_up(results: dict[str, pd.DataFrame]):
    shares = results["segment_migration"].groupby("from_segment")["share_of_from_segment"].sum()
    assert shares.apply(lambda share: abs(share - 1) < 1e-3).all()
    assert results["segment_migration"]["is_move"].any()


def test_lead_conversion_covers_complete_windows(results: dict[str, pd.DataFrame],
                                                 demo_warehouse: Warehouse):
    (inquiries,) = demo_warehouse.query(
        "select sum(inquiries) from marts.lead_funnel where is_window_complete")[0]
    leads = results["lead_conversion"]
    assert leads["inquiries"].sum() == inquiries
    assert leads["conversion_rate"].dropna().between(0, 1).all()


def test_top_complaints_are_the_worst_categories(results: dict[str, pd.DataFrame], demo_warehouse: Warehouse):
    top = results["top_complaints"]
    assert len(top) <= 10
    assert top["weighted_complaints"].is_monotonic_decreasing
    (complaints,) = demo_warehouse.query("select count(*) from marts.fct_tickets where is_complaint")[0]
    assert 0 < top["complaints"].sum() <= complaints
