"""`python -m cwh export` writes every mart of the demo warehouse to Parquet, one folder per mart, and a
manifest whose columns and row counts are those of the marts; the export exposure lists every mart."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, Warehouse, build_env

from cwh.cli import main


def run_export(warehouse: Warehouse, out: Path) -> subprocess.CompletedProcess:
    env = build_env(warehouse.raw_dir, warehouse.path, warehouse.target_dir)
    return subprocess.run([sys.executable, "-m", "cwh", "export", "--out", str(out), "--quiet"],
                          cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def export_dir(demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    # a folder left by an earlier export of a mart that no longer exists, and a user's own folder
    (out / "dropped_mart").mkdir()
    (out / "dropped_mart" / "dropped_mart.parquet").write_bytes(b"old")
    (out / "notes").mkdir()
    (out / "manifest.json").write_text(json.dumps({"marts": [{"name": "dropped_mart"}]}))
    done = run_export(demo_warehouse, out)
    assert done.returncode == 0, done.stderr
    return out


def mart_tables(warehouse: Warehouse) -> dict[str, int]:
    names = [name for (name,) in warehouse.query(
        "select table_name from duckdb_tables() where schema_name = 'marts' "
        "union select view_name from duckdb_views() where schema_name = 'marts' order by 1")]
    return {name: warehouse.query(f'select count(*) from marts."{name}"')[0][0] for name in names}


def test_manifest_row_counts_equal_the_marts(export_dir: Path, demo_warehouse: Warehouse):
    manifest = json.loads((export_dir / "manifest.json").read_text())
    exported = {mart["name"]: mart["rows"] for mart in manifest["marts"]}
    expected = mart_tables(demo_warehouse)
    assert len(expected) >= 10
    assert exported == expected
    assert sum(expected.values()) > 0


def test_one_parquet_folder_per_mart_with_the_marts_columns(export_dir: Path, demo_warehouse: Warehouse):
    manifest = json.loads((export_dir / "manifest.json").read_text())
    with duckdb.connect() as con, demo_warehouse.connect() as warehouse:
        for mart in manifest["marts"]:
            folder = export_dir / mart["name"]
            assert [p.name for p in folder.iterdir()] == [f"{mart['name']}.parquet"]
            file = export_dir / mart["path"]
            rows = con.execute("select count(*) from read_parquet(?)", [str(file)]).fetchone()[0]
            assert rows == mart["rows"]
            described = con.execute("describe select * from read_parquet(?)", [str(file)]).fetchall()
            parquet_columns = [row[0] for row in described]
            described = warehouse.execute(f'describe marts."{mart["name"]}"').fetchall()
            mart_columns = [(row[0], row[1]) for row in described]
            assert parquet_columns == [name for name, _ in mart_columns]
            assert [(c["name"], c["type"]) for c in mart["columns"]] == mart_columns
            assert mart["bytes"] == file.stat().st_size


def test_manifest_carries_the_dbt_descriptions(export_dir: Path):
    manifest = json.loads((export_dir / "manifest.json").read_text())
    rfm = next(mart for mart in manifest["marts"] if mart["name"] == "customer_rfm")
    assert rfm["description"].startswith("RFM")
    assert all(column["description"].strip() for column in rfm["columns"]), "undescribed exported column"


def test_stale_mart_folders_are_removed_and_others_kept(export_dir: Path):
    assert not (export_dir / "dropped_mart").exists()
    assert (export_dir / "notes").is_dir()


def test_export_exposure_lists_every_mart(demo_warehouse: Warehouse):
    manifest = json.loads((demo_warehouse.target_dir / "manifest.json").read_text())
    exposure = manifest["exposures"]["exposure.customer_warehouse.marts_parquet_export"]
    listed = {node.split(".")[-1] for node in exposure["depends_on"]["nodes"]}
    marts = {node["name"] for node in manifest["nodes"].values()
             if node["resource_type"] == "model" and node["schema"] == "marts"}
    assert listed == marts, "update depends_on of marts_parquet_export in models/exposures.yml"


def test_missing_warehouse_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]):
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "missing.duckdb"))
    assert main(["export", "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert "run `make build` first" in capsys.readouterr().err
    assert not (tmp_path / "out" / "manifest.json").exists()
