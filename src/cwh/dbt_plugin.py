"""dbt-duckdb plugin: registers the cleaning functions as vectorised DuckDB UDFs on every connection.

Enabled in profiles.yml (`plugins: - module: cwh.dbt_plugin`). Each UDF receives Arrow arrays; it maps
each distinct value once (cleaning inputs repeat a lot: statuses, currencies, common names) and
builds the result array, so no Python runs per row. Names are prefixed `cwh_` to avoid clashes with
DuckDB built-ins. Readers of the warehouse (BI tools) do not need these: they only run during builds.
"""

from __future__ import annotations

import os

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

from cwh.cleaning import clean_text, normalize_email, to_simplified
from cwh.cleaning.vectorised import phone_e164_arrow as _phone_udf
from cwh.cleaning.vectorised import vectorise as _vectorise
from cwh.rawfiles import inspect_csv_json


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
