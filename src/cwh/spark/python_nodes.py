"""The dbt Python models, computed on Spark by the build (dbt-spark runs Python models only on Databricks).

Each entry reads the node's inputs (small, aggregated tables) from Spark into pandas, calls the same
function the DuckDB model calls, and writes the result as the Parquet table of the node's name in the
node's schema, so `ref()` downstream resolves to it. Dependency order: parents first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from cwh.settings import Settings

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# the dbt Python models, parents first
PYTHON_NODES = [
    "int_customer_names_romanised",
    "int_customer_match_parameters_estimated",
    "int_customer_records_linked",
    "int_clv_params_fitted",
    "int_clv_customers_predicted",
]

COMPUTE: dict[str, Callable[[SparkSession, Settings], pd.DataFrame]] = {}


def run_python_node(spark: SparkSession, settings: Settings, name: str) -> None:
    compute = COMPUTE.get(name)
    if compute is None:
        raise NotImplementedError(f"the Python model {name} has no Spark step yet (cwh.spark.python_nodes)")
    frame = compute(spark, settings)
    spark.createDataFrame(frame).write.mode("overwrite").format("parquet").saveAsTable(f"intermediate.{name}")
