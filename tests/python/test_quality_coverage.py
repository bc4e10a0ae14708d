"""The house rules of docs/data-quality.md, checked on dbt's manifest: every model is tested, every mart
has a test on its grain and an enforced contract (column names and types BI tools can rely on)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_quality_support import PROJECT_DIR, BuildPaths, output

pytestmark = pytest.mark.xdist_group("quality_coverage")


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    paths = BuildPaths(tmp_path_factory.mktemp("coverage"))
    paths.warehouse.parent.mkdir(parents=True)
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "parse",
            "--target-path",
            str(paths.target),
            "--log-path",
            str(paths.root / "logs"),
        ],
        cwd=PROJECT_DIR,
        env=paths.env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, output(result)[-3000:]
    return json.loads((paths.target / "manifest.json").read_text())


def _models(manifest: dict[str, Any], schema: str | None = None) -> dict[str, dict[str, Any]]:
    return {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and (schema is None or node["schema"] == schema)
    }


def _tests_on(manifest: dict[str, Any]) -> dict[str, list[str]]:
    """{model unique_id: names of the generic tests (or 'singular') that read it}."""
    tests: dict[str, list[str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test":
            continue
        kind = (node.get("test_metadata") or {}).get("name", "singular")
        for uid in node["depends_on"]["nodes"]:
            tests.setdefault(uid, []).append(kind)
    return tests


def test_every_mart_enforces_its_contract(manifest: dict[str, Any]) -> None:
    missing = sorted(
        node["name"]
        for node in _models(manifest, "marts").values()
        if not node["config"].get("contract", {}).get("enforced")
    )
    assert missing == [], (
        f"marts without an enforced contract (config(contract={{'enforced': true}})): {missing}"
    )


def test_every_model_has_a_data_test(manifest: dict[str, Any]) -> None:
    tests = _tests_on(manifest)
    untested = sorted(
        f"{node['schema']}.{node['name']}" for uid, node in _models(manifest).items() if uid not in tests
    )
    assert untested == [], f"models no data test reads: {untested}"


def test_every_mart_has_a_test_on_its_grain(manifest: dict[str, Any]) -> None:
    tests = _tests_on(manifest)
    without_key = sorted(
        node["name"]
        for uid, node in _models(manifest, "marts").items()
        if not {"unique", "unique_combination"} & set(tests.get(uid, []))
        and not any(c.get("type") == "primary_key" for c in node.get("constraints", []))
        and not any(
            c.get("type") == "primary_key"
            for col in node.get("columns", {}).values()
            for c in col.get("constraints", [])
        )
    )
    assert without_key == [], f"marts without a unique test or primary key on their grain: {without_key}"


def test_every_generic_test_of_the_project_is_documented(manifest: dict[str, Any]) -> None:
    macros = {
        node["name"]: node
        for node in manifest["macros"].values()
        if node["package_name"] == "customer_warehouse"
    }
    generic = sorted(name for name in macros if name.startswith("test_"))
    assert {
        "test_accepted_range",
        "test_value_proportion_within_bounds",
        "test_recency",
        "test_mutually_exclusive_ranges",
    } <= set(generic)
    undocumented = [
        name for name in generic if not macros[name]["description"] or not macros[name]["arguments"]
    ]
    assert undocumented == []
