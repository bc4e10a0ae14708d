"""The raw loader on Spark: every entity of the raw data contract into schema `raw`, as text.

On DuckDB the on-run-start macro `load_raw_files` does this in SQL with a Python UDF. On Spark the build
(cwh.spark.build) loads the files here, through Spark's own readers, before dbt runs, and the macro's
`spark__` version only checks that the tables exist. The contract is the same one: the sources YAML
(models/staging/raw/_raw__sources.yml) gives the columns and which are required; each file is first
checked by cwh.rawfiles (encoding, delimiter, header), so errors name the file and what was expected,
and a GBK/UTF-16 file is read through its UTF-8 copy.

Rows keep their place: `_source_row` is the 1-based data row of the file (Spark reads one file into
ordered partitions, and zipWithIndex numbers them in file order). A line Spark's CSV parser cannot
split into the header's fields goes to raw._rejected_rows as malformed_row, a row with a field longer
than var raw_max_field_bytes as field_too_long, as on DuckDB.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from cwh.rawfiles import inspect_raw_file, normalize_column_name

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

SOURCES_YAML = Path("models/staging/raw/_raw__sources.yml")
CORRUPT = "_cwh_corrupt_record"


class RawLoadError(RuntimeError):
    """A raw file or entity breaks the contract; the message names the file and what was expected."""


@dataclass(frozen=True)
class Entity:
    name: str
    columns: list[str]
    required: list[str]
    required_entity: bool


@dataclass
class LoadReport:
    loaded: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)


def contract(project_dir: Path) -> list[Entity]:
    """The entities of source `raw` with their columns, in the order of the sources YAML."""
    document = yaml.safe_load((project_dir / SOURCES_YAML).read_text(encoding="utf-8"))
    source = next(s for s in document["sources"] if s["name"] == "raw")
    return [
        Entity(
            name=table["name"],
            columns=[column["name"] for column in table.get("columns", [])],
            required=[c["name"] for c in table.get("columns", []) if (c.get("meta") or {}).get("required")],
            required_entity=bool((table.get("meta") or {}).get("required_entity")),
        )
        for table in source["tables"]
    ]


def entity_files(raw_dir: Path, entity: str) -> list[Path]:
    """`<entity>.csv|parquet` and `<entity>/*.csv|parquet`, sorted by path (as raw_entity_files)."""
    found = [raw_dir / f"{entity}.csv", raw_dir / f"{entity}.parquet"]
    files = [path for path in found if path.is_file()]
    folder = raw_dir / entity
    if folder.is_dir():
        files += [path for path in folder.iterdir() if path.suffix in (".csv", ".parquet") and path.is_file()]
    return sorted(files, key=str)


def check_columns(entity: Entity, file: Path, found: list[str]) -> None:
    missing = [column for column in entity.required if column not in found]
    if missing:
        raise RawLoadError(
            f"raw file {file}: required column(s) missing: {', '.join(missing)}. Entity '{entity.name}' "
            f"needs at least: {', '.join(entity.required)}. Found: {', '.join(found)}. "
            "See docs/raw-data-contract.md."
        )


def _read_csv(spark: SparkSession, info: dict[str, Any]) -> DataFrame:
    from pyspark.sql.types import StringType, StructField, StructType

    schema = StructType(
        [StructField(column, StringType()) for column in info["columns"]]
        + [StructField(CORRUPT, StringType())]
    )
    return (
        spark.read.option("header", "true")
        .option("sep", info["delimiter"])
        .option("quote", '"')
        .option("escape", '"')
        .option("multiLine", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .option("enforceSchema", "true")
        .option("ignoreLeadingWhiteSpace", "false")
        .option("ignoreTrailingWhiteSpace", "false")
        .option("nullValue", "")
        .schema(schema)
        .csv(info["path"])
    )


def _numbered(frame: DataFrame) -> DataFrame:
    """The frame with `_source_row` = its 1-based position in the file. monotonically_increasing_id
    grows with the partition index and the position inside it, and Spark reads one file into
    partitions in file order (a multi-line CSV into one), so ordering by it is file order."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    order = Window.orderBy(F.monotonically_increasing_id())
    return frame.withColumn("_source_row", F.row_number().over(order).cast("bigint"))


def load_file(
    spark: SparkSession, entity: Entity, file: Path, cache_dir: Path, max_field_bytes: int
) -> tuple[DataFrame, DataFrame, dict[str, Any]]:
    """(rows in contract shape, rejected rows, inspection) of one raw file."""
    from pyspark.sql import functions as F

    info = inspect_raw_file(str(file), str(cache_dir))
    if info["error"]:
        raise RawLoadError(info["error"])
    basename = file.name
    if info["format"] == "parquet":
        frame = spark.read.parquet(str(file))
        by_name = {normalize_column_name(column): column for column in frame.columns}
        check_columns(entity, file, list(by_name))
        frame = frame.select(
            [F.col(f"`{by_name[c]}`").cast("string").alias(c) for c in entity.columns if c in by_name]
        ).withColumn(CORRUPT, F.lit(None).cast("string"))
        present = [c for c in entity.columns if c in by_name]
    else:
        check_columns(entity, file, info["columns"])
        frame = _read_csv(spark, info)
        present = [c for c in entity.columns if c in info["columns"]]
    numbered = _numbered(frame)
    longest = F.greatest(F.lit(0), *[F.coalesce(F.octet_length(F.col(c)), F.lit(0)) for c in present])
    numbered = numbered.withColumn("_longest_field", longest)
    contract_columns = [
        (F.col(c) if c in present else F.lit(None).cast("string")).alias(c) for c in entity.columns
    ]
    good = numbered.where(F.col(CORRUPT).isNull() & (F.col("_longest_field") <= max_field_bytes)).select(
        *contract_columns,
        F.lit(basename).alias("_source_file"),
        F.col("_source_row"),
        F.xxhash64(*[F.coalesce(c, F.lit("\u0000null")) for c in contract_columns]).alias("_row_hash"),
        F.current_timestamp().alias("_loaded_at"),
    )
    rejected = numbered.where(
        F.col(CORRUPT).isNotNull() | (F.col("_longest_field") > max_field_bytes)
    ).select(
        F.lit(entity.name).alias("entity"),
        F.lit(basename).alias("_source_file"),
        F.col("_source_row"),
        F.when(F.col(CORRUPT).isNotNull(), F.lit("MALFORMED ROW"))
        .otherwise(F.lit("FIELD TOO LONG"))
        .alias("error_type"),
        F.when(
            F.col(CORRUPT).isNotNull(),
            F.lit("Spark's CSV parser could not split the line into the header's fields"),
        )
        .otherwise(
            F.concat(
                F.lit("a field has "),
                F.col("_longest_field").cast("string"),
                F.lit(f" bytes; var raw_max_field_bytes allows {max_field_bytes}"),
            )
        )
        .alias("error_message"),
        F.col(CORRUPT).alias("raw_line"),
        F.current_timestamp().alias("_loaded_at"),
        F.when(F.col(CORRUPT).isNotNull(), F.lit("malformed_row"))
        .otherwise(F.lit("field_too_long"))
        .alias("reject_reason"),
    )
    return good, rejected, info


def _empty(spark: SparkSession, columns: list[str]) -> DataFrame:
    from pyspark.sql.types import StringType, StructField, StructType

    return spark.createDataFrame([], StructType([StructField(c, StringType()) for c in columns]))


def load_raw(
    spark: SparkSession, project_dir: Path, raw_dir: Path, cache_dir: Path, max_field_bytes: int
) -> LoadReport:
    """Load every entity into raw.<entity> (Parquet tables) and the rejects into raw._rejected_rows."""
    from pyspark.sql import functions as F

    spark.sql("create schema if not exists raw")
    report = LoadReport()
    rejected_frames = []
    log_rows = []
    for entity in contract(project_dir):
        files = entity_files(raw_dir, entity.name)
        if not files and entity.required_entity:
            raise RawLoadError(
                f"raw data: no file for required entity '{entity.name}' in {raw_dir}. Expected "
                f"{entity.name}.csv, {entity.name}.parquet or {entity.name}/*.csv|*.parquet with at least "
                f"the columns: {', '.join(entity.required)}. Set RAW_DIR to the folder with your files, "
                "or run `make data`."
            )
        parts = []
        for file in files:
            good, rejected, info = load_file(spark, entity, file, cache_dir, max_field_bytes)
            parts.append(good)
            rejected_frames.append(rejected)
            log_rows.append(
                (entity.name, file.name, str(file), info["format"], json.dumps(info, default=str))
            )
        if parts:
            frame = parts[0]
            for part in parts[1:]:
                frame = frame.unionByName(part)
        else:
            frame = _empty(spark, entity.columns).select(
                *entity.columns,
                F.lit(None).cast("string").alias("_source_file"),
                F.lit(None).cast("bigint").alias("_source_row"),
                F.lit(None).cast("bigint").alias("_row_hash"),
                F.lit(None).cast("timestamp").alias("_loaded_at"),
            )
        frame.write.mode("overwrite").format("parquet").saveAsTable(f"raw.{entity.name}")
        report.loaded[entity.name] = spark.table(f"raw.{entity.name}").count()
    rejected_schema = (
        "entity string, _source_file string, _source_row bigint, error_type string, error_message string, "
        "raw_line string, _loaded_at timestamp, reject_reason string"
    )
    rejected_all = spark.createDataFrame([], rejected_schema)
    for part in rejected_frames:
        rejected_all = rejected_all.unionByName(part)
    rejected_all.write.mode("overwrite").format("parquet").saveAsTable("raw._rejected_rows")
    for row in spark.table("raw._rejected_rows").groupBy("entity").count().collect():
        report.rejected[row["entity"]] = row["count"]
    spark.createDataFrame(
        log_rows, "entity string, file_name string, file_path string, file_format string, inspection string"
    ).withColumn("loaded_at", F.current_timestamp()).write.mode("overwrite").format("parquet").saveAsTable(
        "raw._load_files"
    )
    return report
