"""Great Expectations on the Spark build: the suites of gx/expectations, validated on frames Spark computes.

The DuckDB build validates small pandas frames DuckDB computes (cwh.quality.frames); here Spark SQL
computes the same frames from the same definitions (`metric_select` and `shares_select` in Spark's
dialect), and the same validation code (cwh.quality.checkpoint.validate_source) hands them to Great
Expectations' pandas engine. So there is one copy of the expectations and one of the metric
definitions, and no table is loaded whole into the driver:

- metrics and shares are one aggregate query each (one row, or one row per value);
- row expectations read only the columns they check, one batch of `batch_rows` rows at a time: a table
  of one batch is collected as is; a larger one is first spread over one partition per batch and
  cached, then collected partition by partition (the driver holds one batch).

Results go to target/gx_results_spark.json and Data Docs to reports/data_docs_spark (the DuckDB
build's own results and Data Docs stay as they are). A failed critical expectation fails the build.
"""

from __future__ import annotations

import json
import math
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from cwh.quality import frames
from cwh.quality.checkpoint import DEFAULT_BATCH_ROWS, CheckpointResult, print_result, validate_source
from cwh.settings import Settings

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

RESULTS_NAME = "gx_results_spark.json"
DATA_DOCS_NAME = "data_docs_spark"


def _to_pandas(frame: DataFrame) -> pd.DataFrame:
    """A small Spark result as pandas (through Arrow), without pyspark's warning about pandas 3 on every
    call: the frames hold plain numbers, text, dates and booleans, which it converts well."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
        return frame.toPandas()


class SparkFrames:
    """The frames of the tables of a Spark warehouse (the session's catalog)."""

    name = "spark_warehouse"

    def __init__(self, spark: SparkSession) -> None:
        self.spark = spark

    def _table(self, table: str) -> DataFrame:
        return self.spark.table(frames.SPARK.relation(table))

    def _types(self, table: str) -> dict[str, str]:
        return {field.name: field.dataType.simpleString() for field in self._table(table).schema.fields}

    def _sql(self, query: str) -> pd.DataFrame:
        return _to_pandas(self.spark.sql(query))

    def table_exists(self, table: str) -> bool:
        return bool(self.spark.catalog.tableExists(table))

    def row_count(self, table: str) -> int:
        return int(self._table(table).count())

    def row_batches(
        self, table: str, columns: list[str], batch_rows: int, where: str | None = None
    ) -> Iterator[pd.DataFrame]:
        """The table's `columns` (decimals as doubles, like DuckDB's batches; a column missing from the
        table is left out, so its expectations fail with Great Expectations' own "column not found").
        Every row: the Spark build has no delta builds, so `where` (a delta build's filter) is refused."""
        from pyspark.sql import functions as F

        if where is not None:
            raise ValueError("the Spark build validates every row; only a delta build filters rows")

        types = self._types(table)
        present = [column for column in columns if column in types]
        selected = [
            F.col(frames.SPARK.quote(column)).cast("double").alias(column)
            if types[column].startswith("decimal")
            else F.col(frames.SPARK.quote(column))
            for column in present
        ] or [F.lit(None).alias("_no_column")]
        rows = self._table(table).select(*selected)
        batches = math.ceil(self.row_count(table) / batch_rows)
        if batches <= 1:
            yield _to_pandas(rows)
            return
        # one partition per batch, cached (memory, then local disk) so every batch reads the same rows
        spread = rows.repartition(batches).persist()
        spread.count()
        try:
            for index in range(batches):
                yield _to_pandas(spread.where(F.spark_partition_id() == index))
        finally:
            spread.unpersist()

    def metrics_frame(self, table: str, names: list[str]) -> pd.DataFrame:
        query = frames.metric_select(table, names, self._types(table), frames.SPARK)
        return frames.decimals_as_floats(self._sql(query))

    def shares_frame(self, table: str, column: str) -> pd.DataFrame:
        if column not in self._types(table):
            return frames.empty_shares_frame()
        return self._sql(frames.shares_select(table, column, frames.SPARK))

    def schema_frame(self, table: str) -> pd.DataFrame:
        return _to_pandas(self._table(table).limit(0))


def results_path(settings: Settings) -> Path:
    return settings.target_path / RESULTS_NAME


def run_spark_checkpoint(spark: SparkSession, settings: Settings, run_id: str | None = None) -> int:
    """Validate every suite on the Spark warehouse; write Data Docs and target/gx_results_spark.json;
    1 when a critical expectation failed, else 0."""
    batch_rows = int(os.environ.get("CWH_GX_BATCH_ROWS", DEFAULT_BATCH_ROWS))
    warehouse = spark.conf.get("spark.sql.warehouse.dir", "spark")
    data_docs = settings.reports_dir / DATA_DOCS_NAME
    data_docs.mkdir(parents=True, exist_ok=True)
    result: CheckpointResult = validate_source(
        SparkFrames(spark), f"spark:{warehouse}", settings.gx_dir, data_docs, batch_rows, run_id
    )
    path = results_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result.to_json(), indent=1, default=str), encoding="utf-8")
    print_result(result)
    return 1 if result.failed else 0
