"""The SparkSession of a local Spark build, with the project's UDFs registered on it.

dbt-spark's `method: session` calls `SparkSession.builder.getOrCreate()`: when this module created the
session first, in the same process, dbt runs its SQL on it and finds the UDFs the cleaning macros call
(`cwh_clean_text`, `cwh_to_simplified`, `cwh_normalize_email`, `cwh_phone_e164`, and for functions
Spark SQL lacks, `cwh_jaro_winkler` and `cwh_strip_accents`).
Warehouse files and the Derby metastore live under SPARK_DIR (default `.spark/`, git-ignored), never in
the repo root. Nothing is downloaded: no `spark.jars.packages`, plain Parquet tables (no Delta).
On a cluster (`method: thrift` / `http`) the same functions are installed as permanent functions by the
cluster's admin instead (docs/spark.md).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from cwh.cleaning import clean_text, normalize_email, to_simplified
from cwh.cleaning.text import strip_accents
from cwh.cleaning.vectorised import phone_e164_arrow, vectorise

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_SPARK_DIR = Path(".spark")


class JavaMissingError(RuntimeError):
    """No `java` on PATH and no JAVA_HOME: Spark cannot start."""


def check_java() -> None:
    if os.environ.get("JAVA_HOME") or shutil.which("java"):
        return
    raise JavaMissingError(
        "Spark needs Java 17 and no `java` was found (nor JAVA_HOME). Run `make build-spark`, which "
        "installs Debian's openjdk-17-jre-headless when it is missing, or install a Java 17 runtime yourself."
    )


def spark_dir(project_dir: Path) -> Path:
    """Where the local Spark warehouse and metastore live (env SPARK_DIR, default `<project>/.spark`)."""
    folder = Path(os.environ.get("SPARK_DIR", project_dir / DEFAULT_SPARK_DIR))
    return folder.resolve()


def jaro_winkler_arrow(left: pa.Array, right: pa.Array) -> pa.Array:
    """Jaro-Winkler similarity of each pair, as DuckDB's jaro_winkler_similarity computes it (prefix
    scale 0.1, up to 4 bytes of UTF-8, as DuckDB compares bytes; 0.0 when either side is empty, null
    when either side is null)."""
    from rapidfuzz.distance import JaroWinkler

    values = [
        None
        if a is None or b is None
        else (0.0 if not a or not b else JaroWinkler.similarity(a.encode(), b.encode()))
        for a, b in zip(left.to_pylist(), right.to_pylist(), strict=True)
    ]
    return pa.array(values, type=pa.float64())


_HASH_MULTIPLIER = 0xD6E8FEB86659FD93


def _murmur64(values):  # type: ignore[no-untyped-def]
    import numpy as np

    x = values.astype(np.uint64)
    with np.errstate(over="ignore"):
        x ^= x >> np.uint64(32)
        x *= np.uint64(_HASH_MULTIPLIER)
        x ^= x >> np.uint64(32)
        x *= np.uint64(_HASH_MULTIPLIER)
        x ^= x >> np.uint64(32)
    return x


def hash_mod_arrow(left: pa.Array, right: pa.Array, modulus: pa.Array) -> pa.Array:
    """DuckDB's `hash(left, right) % modulus` for two BIGINTs (MurmurHash64 of each, combined as DuckDB
    combines them), so the u-sample of identity resolution draws the same record pairs on Spark."""
    import numpy as np

    a = _murmur64(np.asarray(left.to_numpy(zero_copy_only=False), dtype=np.int64).view(np.uint64))
    b = _murmur64(np.asarray(right.to_numpy(zero_copy_only=False), dtype=np.int64).view(np.uint64))
    with np.errstate(over="ignore"):
        a ^= a >> np.uint64(32)
        a *= np.uint64(_HASH_MULTIPLIER)
    combined = a ^ b
    n = np.asarray(modulus.to_numpy(zero_copy_only=False), dtype=np.int64).astype(np.uint64)
    return pa.array((combined % n).astype(np.int64), type=pa.int64())


def register_udfs(spark: SparkSession) -> None:
    """The cleaning functions and Jaro-Winkler as Arrow UDFs (one batch of values per call)."""
    from pyspark.sql.functions import arrow_udf

    for name, func in (
        ("cwh_clean_text", clean_text),
        ("cwh_to_simplified", to_simplified),
        ("cwh_normalize_email", normalize_email),
        ("cwh_strip_accents", strip_accents),
    ):
        spark.udf.register(name, arrow_udf(vectorise(func), "string"))
    spark.udf.register("cwh_phone_e164", arrow_udf(phone_e164_arrow, "string"))
    spark.udf.register("cwh_jaro_winkler", arrow_udf(jaro_winkler_arrow, "double"))
    spark.udf.register("cwh_hash_mod", arrow_udf(hash_mod_arrow, "bigint"))


def create_session(project_dir: Path, master: str | None = None) -> SparkSession:
    """A local SparkSession (Hive catalog in SPARK_DIR) with the UDFs registered."""
    check_java()
    # Python workers must import cwh and pyarrow: run them with this interpreter
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    folder = spark_dir(project_dir)
    folder.mkdir(parents=True, exist_ok=True)
    metastore = folder / "metastore_db"
    builder = (
        SparkSession.builder.appName("customer_warehouse")
        .master(master or os.environ.get("SPARK_MASTER", "local[2]"))
        .config("spark.sql.warehouse.dir", str(folder / "warehouse"))
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL", f"jdbc:derby:;databaseName={metastore};create=true"
        )
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={folder}")
        .config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "3g"))
        .config("spark.local.dir", str(folder / "tmp"))
        # DuckDB's timestamps carry no zone: read and write them as UTC wall-clock time
        .config("spark.sql.session.timeZone", "UTC")
        # demo and test data are small: few shuffle partitions keep local mode quick
        .config("spark.sql.shuffle.partitions", os.environ.get("SPARK_SHUFFLE_PARTITIONS", "4"))
        .config("spark.ui.enabled", "false")
        # pandas <-> Spark through Arrow (the Python steps hand over small frames)
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .enableHiveSupport()
    )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(os.environ.get("SPARK_LOG_LEVEL", "ERROR"))
    register_udfs(spark)
    return spark
