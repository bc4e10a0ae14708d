"""What a build has to rebuild: the whole warehouse, or only what reads the raw entities that changed.

A table's content is decided by its inputs: the raw files it reads (through source `raw`), the project
(models, macros, seeds, tests, vars, profiles, the `cwh` package whose Python models and UDFs run in
the build), the versions of dbt and DuckDB, and the environment variables that reach the SQL
(`RESULT_ENV_VARS`). When the project and those variables are the same as at the last published build,
a table that reads no changed raw entity would be rebuilt into exactly what it already is. So
`python -m cwh build`:

1. reads the fingerprint the last successful build left in `audit.build_state` of the warehouse;
2. when it equals the current one, loads the raw files first (`dbt source freshness`, whose
   on-run-start hook is the build's loader, which skips unchanged files and appends new part files, so
   the build checks freshness in the same dbt run; `dbt run-operation load_raw_files_now` with
   --skip-freshness) and compares `raw._load_log` before and after: the entities loaded now are the
   changed ones;
3. builds `source:raw.<entity>+` for each of them (plus `source:raw_audit+`, the load logs), with their
   tests: a day's extra orders file rebuilds orders, the facts and the marts that read them, not the
   customers' staging and identity resolution, whose inputs did not change;
4. when the one changed entity is in `DELTA_ENTITIES` and its new files were appended (the rows loaded
   before are still there), sets `CWH_DELTA_ENTITIES` for dbt: the models of that entity's chain
   (macro is_delta) then compute only the new rows and the keys they touch, and replace those keys' rows
   in their tables, instead of recomputing every order (docs/performance.md).

Anything else builds everything: the first build, a changed project, version or variable, a build with
its own `--dbt-args` or the first build after one, or `--full`. The fingerprint is written only by a
build that passed every step, into the copy that gets published, so it always describes the published
tables; a build with its own `--dbt-args` writes `CUSTOM_BUILD` instead.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import duckdb

# Environment variables the project reads (env_var() in dbt_project.yml, profiles.yml, models, macros)
# that change what a table holds. A change of one of them rebuilds everything.
RESULT_ENV_VARS = ("DBT_TARGET", "PII_HASH_SALT", "RAW_DIR")
# The others only say where files go and how much CPU and memory to use: no table changes with them.
# CWH_DELTA_ENTITIES is set by the build itself (step 4 above): a delta build ends with the same tables
# as a full one (tests/python/test_build_scope.py), only sooner.
RUNTIME_ENV_VARS = (
    "CWH_DELTA_ENTITIES", "DBT_THREADS", "DUCKDB_MEMORY_LIMIT", "DUCKDB_TEMP_DIR", "DUCKDB_THREADS",
    "SPARK_HOST", "SPARK_SCHEMA", "WAREHOUSE_PATH",
)
# What dbt reads to build (tests/python holds pytest files, not dbt tests) and the Python package the
# Python models and UDFs import.
PROJECT_PATHS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "src/cwh")
IGNORED_PARTS = ("python", "__pycache__")
PACKAGES = ("dbt-core", "dbt-duckdb", "duckdb")
STATE_TABLE = "audit.build_state"
# Raw entities whose appended files a build can take as a delta (macro is_delta). Only when nothing else
# changed: order lines or customers arriving with them change rows the delta would not revisit.
DELTA_ENTITIES = ("orders",)
DELTA_ENV_VAR = "CWH_DELTA_ENTITIES"
# What a build with its own dbt arguments (--dbt-args) records in place of the fingerprint: it may have
# left out models or tests, so the build after it must not take its tables as built and checked (a delta
# build's tests trust every row it does not write: macro delta_test_scope). Never equal to a digest.
CUSTOM_BUILD = "custom dbt arguments"


@dataclass
class Scope:
    """What the build runs: everything (`full`), the dbt selection `select`, or nothing (`select` empty
    and not full: no raw file changed); `reason` says why, for the log and audit.build_state;
    `changed` the raw entities loaded since the last build, `delta` those taken as a delta."""

    full: bool = True
    select: list[str] = field(default_factory=list)
    reason: str = "full build"
    changed: list[str] = field(default_factory=list)
    delta: list[str] = field(default_factory=list)

    @property
    def description(self) -> str:
        if self.full:
            return "everything"
        return " ".join(self.select) or "nothing (no raw file changed)"

    def env(self) -> dict[str, str]:
        """The environment variable that tells dbt which entities it takes as a delta (empty: none)."""
        return {DELTA_ENV_VAR: ",".join(self.delta)}


def project_fingerprint(project_dir: Path, env: dict[str, str] | None = None) -> str:
    """A digest of everything besides raw data that decides the warehouse's content."""
    env = os.environ if env is None else env
    digest = hashlib.blake2b(digest_size=16)
    for entry in PROJECT_PATHS:
        path = project_dir / entry
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            relative = file.relative_to(project_dir)
            if any(part in IGNORED_PARTS for part in relative.parts) or file.suffix == ".pyc":
                continue
            digest.update(str(relative).encode() + b"\0" + file.read_bytes() + b"\0")
    for package in PACKAGES:
        try:
            digest.update(f"{package}=={version(package)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{package} missing\0".encode())
    for name in RESULT_ENV_VARS:
        value = env.get(name)
        if name == "RAW_DIR" and value:
            value = str(Path(value).resolve())
        digest.update(f"{name}={value}\0".encode())
    return digest.hexdigest()


def stored_fingerprint(warehouse: Path) -> str | None:
    """The fingerprint of the build that produced `warehouse`, None when there is none."""
    if not warehouse.exists():
        return None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'audit' and table_name = 'build_state'"
        ).fetchall()[0][0]
        if not found:
            return None
        rows = con.execute(f"select max_by(fingerprint, built_at) from {STATE_TABLE}").fetchall()
    return rows[0][0] if rows else None


def save_fingerprint(warehouse: Path, fingerprint: str, run_id: str, scope: Scope) -> None:
    """Record the fingerprint in the work copy that is about to be published."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema if not exists audit")
        con.execute(
            f"create table if not exists {STATE_TABLE} (run_id varchar, built_at timestamp, "
            "fingerprint varchar, selection varchar)"
        )
        con.execute(
            f"insert into {STATE_TABLE} values (?, current_timestamp, ?, ?)",
            [run_id, fingerprint, scope.description],
        )


def raw_loads(warehouse: Path) -> dict[str, tuple]:
    """entity -> (loads, last load time) from raw._load_log; empty before the first load."""
    if not warehouse.exists():
        return {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'raw' and table_name = '_load_log'"
        ).fetchall()[0][0]
        if not found:
            return {}
        rows = con.execute("select entity, count(*), max(loaded_at) from raw._load_log group by entity")
        return {entity: (loads, last) for entity, loads, last in rows.fetchall()}


def changed_selection(before: dict[str, tuple], after: dict[str, tuple]) -> Scope:
    """The selection that rebuilds what reads the entities loaded between `before` and `after`."""
    changed = sorted(entity for entity, load in after.items() if before.get(entity) != load)
    if not changed:
        return Scope(full=False, reason="no raw file changed since the last build")
    select = [f"source:raw.{entity}+" for entity in changed] + ["source:raw_audit+"]
    reason = "raw files changed since the last build: " + ", ".join(changed)
    return Scope(full=False, select=select, reason=reason, changed=changed)


def appended_since(warehouse: Path, entity: str, previous_load) -> bool:
    """Whether the last load of `entity` appended to what was there at `previous_load` (the time of the
    load before it): rows loaded then are still in the raw table. A reload replaces every row."""
    if previous_load is None:
        return False
    with duckdb.connect(str(warehouse), read_only=True) as con:
        kept = con.execute(
            f'select count(*) from (select 1 from raw."{entity}" where _loaded_at <= ? limit 1)',
            [previous_load],
        ).fetchall()[0][0]
    return kept > 0


def with_delta(scope: Scope, warehouse: Path, before: dict[str, tuple]) -> Scope:
    """`scope` with `delta` set when its one changed entity can be taken as a delta (DELTA_ENTITIES) and
    its new files were appended."""
    if scope.full or len(scope.changed) != 1 or scope.changed[0] not in DELTA_ENTITIES:
        return scope
    entity = scope.changed[0]
    previous = before.get(entity)
    if previous and appended_since(warehouse, entity, previous[1]):
        scope.delta = [entity]
        scope.reason += f"; appended files only, {entity} taken as a delta"
    return scope
