"""Cross-engine equivalence (issue 9): on the same generated input, every table built on Spark (local
mode, dbt-spark `method: session`, `python -m cwh build-spark`) equals the one DuckDB builds.

Equal means (cwh.spark.compare): same columns, same row count, same keys and customer ids, text / dates /
booleans / whole numbers identical, other numbers within a relative tolerance of 1e-6 (the CLV fits
included: both engines feed the optimiser the same cells in the same order). Build metadata (load and
run timestamps, run ids) is ignored: it says when and by which run each engine wrote a row.

A small dataset (300 people) keeps the Spark build to minutes; it runs in its own xdist group. The Spark
build is the whole of `build-spark`: models, dbt data tests and the Great Expectations suites on frames
Spark computes, whose outcomes must be those of the same suites on the DuckDB warehouse. A table the
Spark build does not produce (yet) goes in SPARK_PENDING with the reason: it is expected to fail (strict
xfail), so the day it starts to pass the suite says to take it off the list.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import BUILD_METADATA_COLUMNS, PROJECT_DIR, build_env, generate

from cwh.spark.compare import compare_table

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("spark")]

PEOPLE = 300
SEED = 5
REL_TOL = 1e-6
# Per table: columns the engines compute differently by design (documented in docs/spark.md).
IGNORED_BY_TABLE = {
    # a 64-bit hash used only to join records of one run: DuckDB hash vs Spark xxhash64
    "int_customer_blocking_keys": ("block_key",),
}

# Tables not (yet) equal on Spark, with the reason. Keep in step with docs/spark.md, "Status". Strict:
# a table that becomes equal fails the suite until it is taken off this list. Empty: every table is equal.
SPARK_PENDING: dict[str, str] = {}

COMPARED_SCHEMAS = ("staging", "audit", "intermediate", "marts", "restricted")


def _tables(duckdb_path: Path, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        rows = con.execute(
            "select schema_name, table_name from duckdb_tables() where schema_name in ({}) "
            "order by 1, 2".format(", ".join(f"'{s}'" for s in schemas))
        ).fetchall()
    return [(schema, table) for schema, table in rows]


@dataclass(frozen=True)
class Engines:
    """The two builds of the same input: DuckDB's warehouse, Spark's folder, and how `build-spark` went."""

    duckdb_path: Path
    spark_dir: Path
    spark_target: Path
    spark_exit: int
    spark_log: str


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Engines:
    """DuckDB warehouse and Spark build (models, dbt data tests, Great Expectations) of one small dataset."""
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        pytest.fail("Spark needs Java 17 and `java` is not on PATH: run `make setup-java` (or make test).")
    root = tmp_path_factory.mktemp("spark_equivalence")
    raw_dir = root / "raw"
    generate(raw_dir, PEOPLE, SEED)
    duckdb_path = root / "duckdb" / "customers.duckdb"
    duckdb_path.parent.mkdir(parents=True)
    duck_env = build_env(raw_dir, duckdb_path, root / "target-duckdb")
    dbt = str(Path(sys.executable).with_name("dbt"))
    for command in (["seed"], ["run"]):
        done = subprocess.run([dbt, *command], cwd=PROJECT_DIR, env=duck_env, capture_output=True, text=True)
        assert done.returncode == 0, (
            f"DuckDB dbt {command[0]} failed:\n{done.stdout[-5000:]}{done.stderr[-3000:]}"
        )
    spark_dir = root / "spark"
    spark_target = root / "target-spark"
    spark_env = build_env(raw_dir, duckdb_path, spark_target)
    spark_env.update(
        SPARK_DIR=str(spark_dir), DBT_THREADS="2", CWH_REPORTS_DIR=str(root / "reports"),
        # small row batches, so the Great Expectations step reads fct_orders (3,193 rows) in four
        CWH_GX_BATCH_ROWS="1000",
    )
    done = subprocess.run(
        [sys.executable, "-m", "cwh", "build-spark"],
        cwd=PROJECT_DIR, env=spark_env, capture_output=True, text=True,
    )
    log = done.stdout + done.stderr
    (root / "spark-build.log").write_text(log, encoding="utf-8")
    # a failed Spark build still leaves the tables it built; each table's test says what is missing
    if done.returncode != 0:
        print(f"Spark build failed (exit {done.returncode}):\n{done.stdout[-8000:]}\n{done.stderr[-4000:]}")
    return Engines(duckdb_path, spark_dir, spark_target, done.returncode, log)


def _cases() -> list:
    """Every table of the DuckDB project's layers, known before the build from the model files."""
    cases = []
    for path in sorted((PROJECT_DIR / "models").rglob("*")):
        if path.suffix not in (".sql", ".py") or path.name.startswith("_"):
            continue
        layer = path.relative_to(PROJECT_DIR / "models").parts[0]
        schema = {"staging": "staging", "audit": "audit", "intermediate": "intermediate",
                  "marts": "marts", "restricted": "restricted"}.get(layer)
        if schema is None:
            continue
        name = path.stem
        marks = [pytest.mark.xfail(strict=True, reason=SPARK_PENDING[name])] if name in SPARK_PENDING else []
        cases.append(pytest.param(schema, name, id=f"{schema}.{name}", marks=marks))
    return cases


@pytest.mark.parametrize(("schema", "table"), _cases())
def test_spark_table_equals_duckdb(engines: Engines, schema: str, table: str) -> None:
    if (schema, table) not in _tables(engines.duckdb_path, COMPARED_SCHEMAS):
        pytest.skip(f"{schema}.{table} is a view on DuckDB (compared through the tables it reads)")
    diff = compare_table(
        engines.duckdb_path, engines.spark_dir, schema, table, rel_tol=REL_TOL,
        ignore_columns=BUILD_METADATA_COLUMNS + IGNORED_BY_TABLE.get(table, ()),
    )
    assert diff.equal, str(diff)


def test_spark_build_passes_its_dbt_data_tests(engines: Engines) -> None:
    """`build-spark` ran every dbt data test on Spark (its last dbt step) and none failed."""
    assert engines.spark_exit == 0, f"build-spark failed:\n{engines.spark_log[-6000:]}"
    results = json.loads((engines.spark_target / "run_results.json").read_text(encoding="utf-8"))
    assert results["args"]["which"] == "test"
    statuses: dict[str, list[str]] = {}
    for result in results["results"]:
        if result["unique_id"].startswith("test."):  # not the on-run-start hook
            statuses.setdefault(result["status"], []).append(result["unique_id"])
    failed = {status: ids[:10] for status, ids in statuses.items() if status not in ("pass", "warn")}
    assert not failed, failed
    # every generic and singular data test of the project (unit tests run on DuckDB)
    assert len(statuses.get("pass", [])) > 500


def test_spark_great_expectations_match_duckdb(engines: Engines) -> None:
    """The Spark build's Great Expectations step validated every suite, nothing failed, and each
    expectation came out as the same suite gives on the DuckDB warehouse (same status, same failing and
    checked rows, the same observed value within REL_TOL)."""
    from cwh.quality.checkpoint import CheckpointResult, validate_warehouse

    path = engines.spark_target / "gx_results_spark.json"
    assert path.exists(), f"no Great Expectations results from build-spark:\n{engines.spark_log[-4000:]}"
    spark = CheckpointResult.from_json(json.loads(path.read_text(encoding="utf-8")))
    assert spark.suites and not spark.failed
    not_passed = [(s.suite, s.status, s.message) for s in spark.suites if s.status not in ("pass", "warn")]
    assert not not_passed, not_passed
    duck = validate_warehouse(engines.duckdb_path, PROJECT_DIR / "gx")
    on_spark = {(s.suite, e.expectation_id): (s, e) for s in spark.suites for e in s.expectations}
    assert len(on_spark) == sum(len(s.expectations) for s in duck.suites)
    for suite in duck.suites:
        for expected in suite.expectations:
            spark_suite, got = on_spark[(suite.suite, expected.expectation_id)]
            what = f"{suite.suite} {expected.expectation_type}({expected.column}) [{expected.frame}]"
            assert spark_suite.rows == suite.rows, what
            assert (got.status, got.failing_rows, got.checked_rows) == (
                expected.status, expected.failing_rows, expected.checked_rows
            ), what
            assert _same_observation(got.observed_value, expected.observed_value), (
                f"{what}: Spark observed {got.observed_value}, DuckDB {expected.observed_value}"
            )


def _same_observation(left: str | None, right: str | None) -> bool:
    """Observed values as the checkpoint reports them (text): equal, or both numbers within REL_TOL."""
    if left == right:
        return True
    try:
        return math.isclose(float(left), float(right), rel_tol=REL_TOL, abs_tol=1e-9)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def test_jaro_winkler_udf_gives_duckdb_values() -> None:
    """The Spark UDF behind identity_jaro_winkler against DuckDB's jaro_winkler_similarity."""
    import pyarrow as pa

    from cwh.spark.session import jaro_winkler_arrow

    pairs = [
        ("martha", "marhta"), ("dwayne", "duane"), ("dixon", "dicksonx"), ("", "abc"), ("张伟", "张伟伟"),
        ("wang wei", "wei wang"), ("li na", "lina"), ("abc", "abc"), (None, "x"),
    ]
    ours = jaro_winkler_arrow(pa.array([a for a, _ in pairs]), pa.array([b for _, b in pairs])).to_pylist()
    with duckdb.connect() as con:
        for (left, right), value in zip(pairs, ours, strict=True):
            expected = con.execute("select jaro_winkler_similarity(?, ?)", [left, right]).fetchone()[0]
            if expected is None:
                assert value is None
            else:
                assert value == pytest.approx(expected, rel=1e-12), (left, right)


def test_duckdb_hash_replica() -> None:
    """The Spark UDF behind the u-sample draw reproduces DuckDB's hash(a, b), so both engines draw the
    same random record pairs."""
    import pyarrow as pa

    from cwh.spark.session import hash_mod_arrow

    left = [1, 0, 12345, 7, 2**40, 99]
    right = [2, 0, 7, 12345, 3, 0]
    modulus = 997
    ours = hash_mod_arrow(pa.array(left), pa.array(right), pa.array([modulus] * len(left))).to_pylist()
    with duckdb.connect() as con:
        for a, b, value in zip(left, right, ours, strict=True):
            expected = con.execute(
                "select cast(hash(?::bigint, ?::bigint) % cast(? as ubigint) as bigint)", [a, b, modulus]
            ).fetchone()[0]
            assert value == expected, (a, b)
