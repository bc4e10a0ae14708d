"""The semantic layer (models/semantic/): the build's semantic manifest passes the dbt semantic
interfaces validation, every entity, dimension and measure expression binds against the demo warehouse,
and the metrics computed from their measures equal the numbers the marts give directly. When
MetricFlow is installed, `mf query` answers a metric by segment and month with the same numbers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, Warehouse, build_env
from dbt_semantic_interfaces.implementations.semantic_manifest import PydanticSemanticManifest
from dbt_semantic_interfaces.validations.semantic_manifest_validator import SemanticManifestValidator

METRICS = {"revenue", "orders", "active_customers", "nps", "average_clv", "churn_rate"}
AGGREGATIONS = {"sum": "sum({})", "count": "count({})", "count_distinct": "count(distinct {})",
                "average": "avg({})", "min": "min({})", "max": "max({})"}


@pytest.fixture(scope="module")
def semantic_manifest(demo_warehouse: Warehouse) -> PydanticSemanticManifest:
    path = demo_warehouse.target_dir / "semantic_manifest.json"
    return PydanticSemanticManifest.parse_raw(path.read_text())


@pytest.fixture(scope="module")
def relations(demo_warehouse: Warehouse) -> dict[str, str]:
    """semantic model name -> schema.table of the model it reads."""
    manifest = json.loads((demo_warehouse.target_dir / "manifest.json").read_text())
    nodes = {node["unique_id"]: node for node in manifest["nodes"].values()}
    return {
        model["name"]: "{schema}.{alias}".format(**nodes[model["depends_on"]["nodes"][0]])
        for model in manifest["semantic_models"].values()
    }


def measure_value(warehouse: Warehouse, manifest: PydanticSemanticManifest, relations: dict[str, str],
                  measure_name: str) -> float:
    """A measure's total over all rows, computed from its definition in the semantic manifest."""
    for model in manifest.semantic_models:
        for measure in model.measures:
            if measure.name == measure_name:
                expression = AGGREGATIONS[measure.agg.value].format(measure.expr or measure.name)
                return float(warehouse.query(f"select {expression} from {relations[model.name]}")[0][0])
    raise KeyError(measure_name)


def test_semantic_manifest_validates(semantic_manifest: PydanticSemanticManifest):
    validator = SemanticManifestValidator[PydanticSemanticManifest]()
    results = validator.validate_semantic_manifest(semantic_manifest)
    assert not results.has_blocking_issues, [issue.as_readable_str() for issue in results.all_issues]
    assert {metric.name for metric in semantic_manifest.metrics} >= METRICS
    assert semantic_manifest.project_configuration.time_spines, "no time spine configured"


def test_every_expression_binds_against_the_marts(semantic_manifest: PydanticSemanticManifest,
                                                   relations: dict[str, str], demo_warehouse: Warehouse):
    with demo_warehouse.connect() as con:
        for model in semantic_manifest.semantic_models:
            elements = [*model.entities, *model.dimensions, *model.measures]
            for element in elements:
                sql = f"select {element.expr or element.name} from {relations[model.name]} limit 0"
                try:
                    con.execute(sql)
                except Exception as error:  # noqa: BLE001 (report which expression broke)
                    pytest.fail(f"{model.name}.{element.name}: {error}")
            assert con.execute(f"select count(*) from {relations[model.name]}").fetchone()[0] > 0


def test_metrics_equal_the_marts(semantic_manifest: PydanticSemanticManifest, relations: dict[str, str],
                                 demo_warehouse: Warehouse):
    def value(measure: str) -> float:
        return measure_value(demo_warehouse, semantic_manifest, relations, measure)

    revenue, orders, buyers = demo_warehouse.query(
        "select sum(revenue_base), count(*), count(distinct customer_id) from marts.fct_orders "
        "where status = 'completed'")[0]
    assert value("revenue") == pytest.approx(float(revenue))
    assert value("completed_orders") == orders
    assert value("buying_customers") == buyers
    promoters, detractors, responses = demo_warehouse.query(
        "select sum(promoters), sum(detractors), sum(responses) from marts.nps_monthly")[0]
    nps = 100.0 * (value("nps_promoters") - value("nps_detractors")) / value("nps_responses")
    assert nps == pytest.approx(100.0 * (promoters - detractors) / responses)
    (clv,) = demo_warehouse.query("select avg(predicted_clv) from marts.customer_clv")[0]
    assert value("predicted_clv_average") == pytest.approx(clv)
    churned, buyers_at = demo_warehouse.query(
        "select count_if(activity_status = 'churned'), count_if(activity_status != 'never_purchased') "
        "from marts.customer_lifecycle_monthly")[0]
    assert value("churned_at_snapshot") / value("buyers_at_snapshot") == pytest.approx(churned / buyers_at)


def test_metricflow_answers_revenue_by_segment_and_month(demo_warehouse: Warehouse, tmp_path: Path):
    mf = Path(os.environ.get("VIRTUAL_ENV", PROJECT_DIR / ".venv")) / "bin" / "mf"
    # dbt-metricflow is in requirements.lock: a missing `mf` is a broken set-up, not a reason to skip
    assert mf.exists() or shutil.which("mf"), "MetricFlow missing: run `make setup` (it is pinned)"
    # mf reads <project>/target/semantic_manifest.json: give it a project folder with the demo's target
    project = tmp_path / "project"
    project.mkdir()
    for name in ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "analyses", "tests"):
        if (PROJECT_DIR / name).exists():
            (project / name).symlink_to(PROJECT_DIR / name)
    (project / "target").mkdir()
    shutil.copy2(demo_warehouse.target_dir / "semantic_manifest.json", project / "target")
    warehouse = tmp_path / "customers.duckdb"
    shutil.copy2(demo_warehouse.path, warehouse)
    env = build_env(demo_warehouse.raw_dir, warehouse, project / "target")
    env["DBT_PROFILES_DIR"] = str(project)
    out = tmp_path / "revenue.csv"
    done = subprocess.run(
        [str(mf if mf.exists() else shutil.which("mf")), "query", "--metrics", "revenue",
         "--group-by", "metric_time__month,customer__rfm_segment", "--csv", str(out)],
        cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with demo_warehouse.connect() as con:
        by_mf = con.execute(f"select sum(revenue) from read_csv('{out}')").fetchone()[0]
        expected = con.execute("select sum(revenue_base) from marts.fct_orders").fetchone()[0]
        segments = con.execute(
            f"select count(distinct customer__rfm_segment) from read_csv('{out}')").fetchone()[0]
    assert float(by_mf) == pytest.approx(float(expected))
    assert segments >= 5
