"""dbt-duckdb plugin: registers the cleaning functions as vectorised DuckDB UDFs on every connection.

Enabled in profiles.yml (`plugins: - module: cwh.dbt_plugin`). Each UDF receives Arrow arrays; it maps
each distinct value once (cleaning inputs repeat a lot: statuses, currencies, common names) and
builds the result array, so no Python runs per row. Names are prefixed `cwh_` to avoid clashes with
DuckDB built-ins. Readers of the warehouse (BI tools) do not need these: they only run during builds.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

from cwh.cleaning import clean_text, normalize_email, to_e164, to_simplified
from cwh.rawfiles import inspect_csv_json


def _vectorise(func: Callable[[str], str | None]) -> Callable[[pa.Array], pa.Array]:
    def apply(values: pa.Array) -> pa.Array:
        values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        distinct = pc.unique(values)
        mapped = pa.array([None if v is None else func(v) for v in distinct.to_pylist()], type=pa.string())
        return pc.take(mapped, pc.index_in(values, value_set=distinct))

    return apply


def _phone_udf(values: pa.Array, regions: pa.Array) -> pa.Array:
    regions_list = regions.to_pylist()
    region = regions_list[0] if regions_list else "CN"
    if len(set(regions_list)) > 1:
        # different regions per row: rare, so the simple per-pair path is fine
        return pa.array(
            [
                None if v is None else to_e164(v, r or "CN")
                for v, r in zip(values.to_pylist(), regions_list, strict=True)
            ],
            type=pa.string(),
        )
    return _vectorise(lambda v: to_e164(v, region or "CN"))(values)


def set_temp_directory(conn: DuckDBPyConnection) -> None:
    """Spill to DUCKDB_TEMP_DIR (default: DuckDB's own `<warehouse>.tmp` beside the file).

    Set once on the database connection, not in profiles.yml `settings`: dbt-duckdb repeats those on
    every new cursor, and DuckDB refuses any `SET temp_directory` (even to the same folder) once a
    query has spilled ("Cannot switch temporary directory after the current one has been used"),
    which failed the 10M-order build between the raw loader and the first model.
    """
    folder = os.environ.get("DUCKDB_TEMP_DIR")
    if folder:
        current = conn.execute("select current_setting('temp_directory')").fetchall()[0][0]
        if os.path.abspath(current) != os.path.abspath(folder):
            quoted = folder.replace("'", "''")
            conn.execute(f"set temp_directory = '{quoted}'")


class Plugin(BasePlugin):
    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        set_temp_directory(conn)
        scalar = [
            ("cwh_clean_text", clean_text),
            ("cwh_to_simplified", to_simplified),
            ("cwh_normalize_email", normalize_email),
        ]
        for name, func in scalar:
            # null_handling="special": the functions return NULL for non-NULL input (blank text, invalid
            # e-mail or phone), which DuckDB's default null handling rejects
            conn.create_function(
                name, _vectorise(func), ["VARCHAR"], "VARCHAR", type="arrow", null_handling="special"
            )
        conn.create_function(
            "cwh_phone_e164",
            _phone_udf,
            ["VARCHAR", "VARCHAR"],
            "VARCHAR",
            type="arrow",
            null_handling="special",
        )
        # one call per raw file, from the loader macro: not vectorised on purpose
        conn.create_function(
            "cwh_inspect_raw_file", inspect_csv_json, ["VARCHAR", "VARCHAR"], "VARCHAR", side_effects=True
        )
