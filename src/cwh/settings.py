"""Paths and settings shared by the CLI commands, read from the environment like dbt reads them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    project_dir: Path
    raw_dir: Path
    # the published warehouse BI tools read; builds work on a copy (cwh.quality.publish)
    warehouse_path: Path
    target_path: Path
    # Great Expectations suites (gx/expectations/*.json)
    gx_dir: Path = PROJECT_DIR / "gx"
    # build reports: Data Docs (reports/data_docs/index.html); git-ignored
    reports_dir: Path = PROJECT_DIR / "reports"

    @classmethod
    def from_env(cls) -> Settings:
        project = Path(os.environ.get("CWH_PROJECT_DIR", PROJECT_DIR))
        return cls(
            project_dir=project,
            raw_dir=Path(os.environ.get("RAW_DIR", project / "data" / "raw")),
            warehouse_path=Path(os.environ.get("WAREHOUSE_PATH", project / "warehouse" / "customers.duckdb")),
            target_path=Path(os.environ.get("DBT_TARGET_PATH", project / "target")),
            gx_dir=Path(os.environ.get("CWH_GX_DIR", project / "gx")),
            reports_dir=Path(os.environ.get("CWH_REPORTS_DIR", project / "reports")),
        )

    @property
    def data_docs_dir(self) -> Path:
        return self.reports_dir / "data_docs"

    @property
    def gx_results_path(self) -> Path:
        """Results of the last checkpoint, read by the quality history loader."""
        return self.target_path / "gx_results.json"

    def dbt_env(self, warehouse: Path | None = None) -> dict[str, str]:
        """Environment for a dbt invocation: profiles at the repo root, absolute paths. `warehouse`
        overrides the database file dbt writes (the build's work copy)."""
        env = dict(os.environ)
        # only the build sets it, for the one dbt build it takes as a delta (cwh.build_scope)
        env.pop("CWH_DELTA_ENTITIES", None)
        env.update(
            DBT_PROFILES_DIR=str(self.project_dir),
            RAW_DIR=str(self.raw_dir.resolve()),
            WAREHOUSE_PATH=str((warehouse or self.warehouse_path).resolve()),
            DBT_TARGET_PATH=str(self.target_path.resolve()),
        )
        env.setdefault("DUCKDB_TEMP_DIR", str(self.warehouse_path.resolve().parent / "tmp"))
        return env

    def dbt_vars(self) -> dict[str, object]:
        """The literal vars of dbt_project.yml (those without Jinja), e.g. the drift bands."""
        import yaml

        project = yaml.safe_load((self.project_dir / "dbt_project.yml").read_text(encoding="utf-8"))
        return {
            key: value
            for key, value in (project.get("vars") or {}).items()
            if not (isinstance(value, str) and "{{" in value)
        }


def has_raw_data(raw_dir: Path) -> bool:
    """True when raw_dir holds the required entities (customers and orders) in any accepted layout."""

    def present(entity: str) -> bool:
        return any(
            [(raw_dir / f"{entity}.csv").exists(), (raw_dir / f"{entity}.parquet").exists()]
            + [
                any((raw_dir / entity).glob(f"*.{ext}"))
                for ext in ("csv", "parquet")
                if (raw_dir / entity).is_dir()
            ]
        )

    return present("customers") and present("orders")
