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
    spark.sql("create schema if not exists intermediate")
    spark.createDataFrame(frame).write.mode("overwrite").format("parquet").saveAsTable(f"intermediate.{name}")


def _vars(settings: Settings) -> dict[str, object]:
    return settings.dbt_vars()


def _romanised(spark: SparkSession, settings: Settings) -> pd.DataFrame:
    from cwh.identity.romanise import romanised_names_table

    names = spark.sql(
        "select distinct full_name_simplified from staging.stg_raw__customers "
        "where full_name_simplified is not null"
    ).toPandas()["full_name_simplified"]
    return romanised_names_table([str(name) for name in names])


def _linked(spark: SparkSession, settings: Settings) -> pd.DataFrame:
    import numpy as np

    from cwh.identity.clustering import linked_records_table

    values = _vars(settings)
    match_weight = float(values["identity_match_weight"])  # type: ignore[arg-type]
    cannot_link_weight = float(values["identity_cannot_link_weight"])  # type: ignore[arg-type]
    n_records, top = spark.sql(
        "select count(*), max(record_index) from intermediate.int_customer_records_prepared"
    ).first()
    if n_records and int(top) != int(n_records):
        raise ValueError("record_index must number the records 1..n without gaps")
    pairs = spark.sql(
        "select left_index, right_index, match_weight from intermediate.int_customer_pairs_scored "
        f"where match_weight >= {match_weight} or match_weight <= {cannot_link_weight}"
    ).toPandas()
    table = linked_records_table(
        int(n_records or 0),
        pairs["left_index"].to_numpy(dtype=np.int64) - 1,
        pairs["right_index"].to_numpy(dtype=np.int64) - 1,
        pairs["match_weight"].to_numpy(dtype=float),
        match_weight,
        float(values["identity_strong_link_weight"]),  # type: ignore[arg-type]
        int(values["identity_max_cluster_size"]),  # type: ignore[call-overload]
        cannot_link_weight,
    )
    return table.to_pandas()


def _clv_params(spark: SparkSession, settings: Settings) -> pd.DataFrame:
    from cwh.clv.steps import BGNBD_CELLS_SQL, GAMMA_GAMMA_CELLS_SQL, fit_params

    spark.table("intermediate.int_clv_inputs_summarised").createOrReplaceTempView("inputs")
    as_of = spark.sql("select * from intermediate.int_as_of_date").first()
    return fit_params(
        spark.sql(BGNBD_CELLS_SQL).toPandas(),
        spark.sql(GAMMA_GAMMA_CELLS_SQL).toPandas(),
        as_of[0] if as_of else None,
    )


def _clv_predicted(spark: SparkSession, settings: Settings) -> pd.DataFrame:
    from cwh.clv.steps import predict_customers

    values = _vars(settings)
    return predict_customers(
        spark.table("intermediate.int_clv_params_fitted").toPandas(),
        spark.table("intermediate.int_clv_inputs_summarised").toPandas(),
        horizon_days=float(values["clv_horizon_days"]),  # type: ignore[arg-type]
        discount_rate=float(values["clv_discount_rate_annual"]),  # type: ignore[arg-type]
    )


def _match_parameters(spark: SparkSession, settings: Settings) -> pd.DataFrame:
    from cwh.identity.training import estimate_match_parameters, pattern_layout

    values = _vars(settings)
    training = str(values["identity_fs_training"])
    levels = spark.table("seeds.identity_comparison_levels").toPandas()
    group = pattern_layout(levels).group
    compared = "intermediate.int_customer_pairs_compared"
    candidates = spark.sql(
        f"select {group}, count(*) as pair_count from {compared} group by {group} order by {group}"
    ).toPandas()
    sampled = spark.sql(
        f"select * from intermediate.int_customer_pair_patterns_sampled order by {group}"
    ).toPandas()
    record_count = spark.sql("select count(*) from intermediate.int_customer_records_prepared").first()[0]
    per_pass = passes = None
    if training == "sessions":
        passes = spark.table("seeds.identity_blocking_passes").toPandas()
        per_pass = spark.sql(
            f"select pass_name, {group}, count(*) as pair_count "
            f"from {compared} lateral view explode(blocking_passes) passes as pass_name "
            f"group by pass_name, {group} order by pass_name, {group}"
        ).toPandas()
    return estimate_match_parameters(
        levels,
        candidates,
        sampled,
        per_pass,
        passes,
        int(record_count),
        training,
        int(values["identity_em_max_iterations"]),  # type: ignore[call-overload]
        float(values["identity_em_tolerance"]),  # type: ignore[arg-type]
    )


COMPUTE.update(
    int_customer_match_parameters_estimated=_match_parameters,
    int_customer_names_romanised=_romanised,
    int_customer_records_linked=_linked,
    int_clv_params_fitted=_clv_params,
    int_clv_customers_predicted=_clv_predicted,
)
