"""A build after new raw files rebuilds only what reads them, and ends with the same warehouse as a
full build of the same files (cwh.build_scope).

One generated dataset of 300 people; its last orders are held back as a later delivery (an extra part
file `orders/late.csv`), which also brings a newer version of an early order (it must win) and an exact
copy of another (it must be quarantined). A third delivery (`orders/next_month.csv`) brings orders dated
a month after the latest one, as a day's feed does. Warehouse A is built, built again unchanged, then
built after each delivery, which it takes as a delta of orders (macro is_delta); warehouse B is built
once from all the files. Every table of A must equal B's, value for value.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
from pathlib import Path

import duckdb
import pytest
from conftest import BUILD_METADATA_COLUMNS, PROJECT_DIR, build, generate

from cwh import build as cwh_build
from cwh import build_scope

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("build_scope")]

PEOPLE = 300
SEED = 23
HELD_BACK_ORDERS = 40
COMPARED_SCHEMAS = ("staging", "intermediate", "marts", "restricted")


def _scope_line(output: str) -> str:
    found = re.search(r"Build scope: (.*)", output)
    assert found, output[-3000:]
    return found.group(1)


def _built_nodes(target_dir: Path) -> set[str]:
    results = json.loads((target_dir / "run_results.json").read_text())["results"]
    return {r["unique_id"].split(".")[-1] for r in results if r["unique_id"].startswith("model.")}


def _tests_run(target_dir: Path) -> dict[str, dict]:
    """The tests of the last dbt build: name, the model they are attached to, generic test and SQL."""
    nodes = json.loads((target_dir / "manifest.json").read_text())["nodes"]
    results = json.loads((target_dir / "run_results.json").read_text())["results"]
    tests = {}
    for result in results:
        if not result["unique_id"].startswith("test."):
            continue
        node = nodes[result["unique_id"]]
        tests[node["name"]] = {
            "model": (node.get("attached_node") or "").split(".")[-1],
            "test": (node.get("test_metadata") or {}).get("name"),
            "reads": sorted(parent.split(".")[-1] for parent in node["depends_on"]["nodes"]),
            "status": result["status"],
            "sql": result["compiled_code"],
        }
    return tests


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("build_scope")
    raw = root / "raw"
    generate(raw, PEOPLE, SEED)
    # hold the last orders back: the later delivery
    with open(raw / "orders.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    with open(raw / "orders.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *body[:-HELD_BACK_ORDERS]])

    a = {"path": root / "a" / "customers.duckdb", "target": root / "a" / "target"}
    outcome: dict = {"a": a}
    first = build(raw, a["path"], a["target"])
    assert first.returncode == 0, (first.stdout + first.stderr)[-5000:]
    outcome["first"] = _scope_line(first.stdout)
    again = build(raw, a["path"], a["target"])
    assert again.returncode == 0, (again.stdout + again.stderr)[-5000:]
    outcome["again"] = _scope_line(again.stdout)

    (raw / "orders").mkdir()
    column = {name: index for index, name in enumerate(header)}
    with duckdb.connect(str(a["path"]), read_only=True) as con:
        # two clean orders of the first delivery: one gets a newer version, the other an exact copy
        clean = con.execute(
            "select order_id from staging.base_raw__orders where reject_reason is null "
            "qualify count(*) over (partition by order_id) = 1 order by _source_row limit 2"
        ).fetchall()
    first_clean, second_clean = (
        next(row for row in body if row[column["order_id"]].strip() == order_id) for (order_id,) in clean
    )
    updated = list(first_clean)
    updated[column["status"]], updated[column["amount"]] = "cancelled", "12.34"
    # later than any generated update, and not checked against the build time (only ordered_at is)
    updated[column["updated_at"]] = "2030-01-01 00:00:00"
    outcome["updated_order"] = (updated[column["source_system"]], updated[column["order_id"]])
    with open(raw / "orders" / "late.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *body[-HELD_BACK_ORDERS:], updated, second_clean])
    later = build(raw, a["path"], a["target"])
    assert later.returncode == 0, (later.stdout + later.stderr)[-5000:]
    outcome["later"] = _scope_line(later.stdout)
    outcome["later_output"] = " ".join(later.stdout.split())
    outcome["later_models"] = _built_nodes(a["target"])
    outcome["later_tests"] = _tests_run(a["target"])
    with duckdb.connect(str(a["path"]), read_only=True) as con:
        outcome["later_recomputed"] = con.execute(
            "select count(*) filter (where _built_at = (select max(_built_at) "
            "from staging.base_raw__orders)), count(*) from staging.base_raw__orders"
        ).fetchall()[0]
        outcome["later_fct_orders"] = con.execute(
            "select count(*) filter (where order_key in (select order_key from staging.base_raw__orders "
            "where _built_at = (select max(_built_at) from staging.base_raw__orders))), count(*) "
            "from marts.fct_orders"
        ).fetchall()[0]
        outcome["later_freshness_checks"] = con.execute(
            "select count(*) from audit.dq_results where source = 'dbt' and check_kind = 'source_freshness' "
            "and run_id = (select arg_max(run_id, started_at) from audit.dq_runs)"
        ).fetchall()[0][0]
    outcome["later_steps"] = [
        step["step"] for step in json.loads((a["target"] / "build_steps.json").read_text())["steps"]
    ]
    gx_suites = json.loads((a["target"] / "gx_results.json").read_text())["suites"]
    outcome["later_gx_fct_orders"] = next(s for s in gx_suites if s["table"] == "marts.fct_orders")

    # a third delivery, like a day's feed: copies of clean orders dated in the month after the latest
    # order, so as_of_date moves on a month, the oldest month leaves the histories and only the newest
    # snapshots are recomputed (macro snapshots_recomputed_from)
    with duckdb.connect(str(a["path"]), read_only=True) as con:
        as_of, copied = con.execute(
            "select (select max(order_date) from staging.stg_raw__orders), "
            "list(order_id order by order_id) from (select order_id from staging.stg_raw__orders "
            "where status = 'completed' order by order_id limit 5)"
        ).fetchall()[0]
    next_day = as_of + dt.timedelta(days=35)
    outcome["next_as_of"] = next_day
    fed = []
    for number, order_id in enumerate(copied):
        row = list(next(row for row in body if row[column["order_id"]].strip() == order_id))
        row[column["order_id"]] = f"NEXT-{number}"
        row[column["ordered_at"]] = row[column["updated_at"]] = f"{next_day.isoformat()} 10:00:00"
        fed.append(row)
    with open(raw / "orders" / "next_month.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *fed])
    fed_build = build(raw, a["path"], a["target"])
    assert fed_build.returncode == 0, (fed_build.stdout + fed_build.stderr)[-5000:]
    outcome["fed_output"] = " ".join(fed_build.stdout.split())

    b = {"path": root / "b" / "customers.duckdb", "target": root / "b" / "target"}
    full = build(raw, b["path"], b["target"])
    assert full.returncode == 0, (full.stdout + full.stderr)[-5000:]
    outcome["b"] = b
    return outcome


def test_first_build_rebuilds_everything_and_an_unchanged_one_nothing(builds: dict) -> None:
    assert builds["first"].startswith("everything (no earlier build")
    assert builds["again"].startswith("nothing (no raw file changed)")


def test_new_orders_rebuild_what_reads_orders_and_not_identity_resolution(builds: dict) -> None:
    expected = "source:raw.orders+ source:raw_audit+ (raw files changed"
    assert builds["later"].startswith(expected), builds["later"]
    models = builds["later_models"]
    assert {"base_raw__orders", "fct_orders", "customer_rfm", "customer_clv", "customer_segments"} <= models
    assert not models & {"base_raw__customers", "int_customer_records_clustered", "int_customer_pairs_scored",
                         "base_raw__order_items", "base_raw__inquiries"}


def test_new_orders_alone_are_taken_as_a_delta(builds: dict) -> None:
    assert "appended files only, orders taken as a delta" in builds["later_output"], builds["later"]
    started = set(re.findall(r"START sql (\w+) model \w+\.(\w+)", builds["later_output"]))
    for model in ("base_raw__orders", "int_order_lines_costed", "int_orders_joined_to_customers",
                  "fct_order_items", "fct_orders"):
        assert ("incremental", model) in started, model
    assert ("table", "customer_rfm") in started
    with duckdb.connect(str(builds["a"]["path"]), read_only=True) as con:
        source_system, order_id = builds["updated_order"]
        copies = con.execute(
            "select count(*) from audit.quarantine_orders where reject_reason = 'exact_duplicate' "
            "and _source_file like '%late.csv'"
        ).fetchall()[0][0]
        versions = con.execute(
            "select _source_file like '%late.csv', reject_reason, status, amount "
            "from staging.base_raw__orders where source_system = lower(trim(?)) and order_id = trim(?) "
            "order by 1", [source_system, order_id]
        ).fetchall()
    # the delta recomputed the new rows and the orders they touch, not every order
    recomputed, rows = builds["later_recomputed"]
    assert HELD_BACK_ORDERS + 2 <= recomputed < rows / 4, (recomputed, rows)
    # the first delivery's version lost to the newer one in the late file
    assert [(late, reason) for late, reason, _, _ in versions] == [(False, "duplicate_key"), (True, None)]
    assert versions[1][2] == "cancelled" and float(versions[1][3]) == 12.34
    assert copies == 1


def test_the_freshness_run_is_the_raw_load_of_a_scoped_build(builds: dict) -> None:
    """One dbt run loads the raw files, which decides the scope, and checks their freshness."""
    scoping = "scope and raw load (with source freshness)"
    assert builds["later_steps"][:3] == ["work copy", scoping, "dbt build"]
    assert "source freshness" not in builds["later_steps"]
    assert builds["later_freshness_checks"] == 10  # every raw source, recorded once


def test_great_expectations_checks_the_orders_the_delta_wrote(builds: dict) -> None:
    """The row checks of fct_orders (suite meta.cwh.delta) cover the orders the delta build wrote again:
    every other order passed them in the build before. Its metrics still cover the whole table."""
    written, rows = builds["later_fct_orders"]
    suite = builds["later_gx_fct_orders"]
    assert suite["status"] == "pass" and 0 < written < rows, (written, rows)
    checked = {(e["frame"], e["checked_rows"]) for e in suite["expectations"]}
    assert checked == {("rows", written), ("metrics", None), ("shares:status", None)}, checked
    assert all("delta build" in e["message"] for e in suite["expectations"] if e["frame"] == "rows")


DELTA_MODELS = {"base_raw__orders", "int_order_lines_costed", "int_orders_joined_to_customers",
                "int_purchase_days_aggregated", "int_purchase_days_sequenced", "int_activity_spells_derived",
                "int_customer_purchase_mix", "int_funnel_events_unioned", "fct_orders", "fct_order_items",
                "customer_rfm_monthly", "customer_lifecycle_monthly"}
# views over one delta-built model: their tests take that model's written keys
DELTA_VIEWS = {"stg_raw__orders"}
WRITTEN_KEYS = "__delta_written"


def test_the_delta_builds_row_tests_check_the_rows_it_wrote(builds: dict) -> None:
    """In the delta build, the tests of the models it updated (and of a view over one of them) whose
    verdict on a row depends on that row alone read the rows it wrote (macro delta_test_scope); so do
    relationships and list_values_in to a table the build did not touch, and relationships to one the
    same delta updated on the same key. Relationships to a rebuilt parent, unique_combination without
    the key, reconciliations and the tests of every other model read whole tables. No written-keys table
    is left in the warehouse."""
    tests = builds["later_tests"]
    assert not [name for name, test in tests.items() if test["status"] in ("fail", "error")]
    scoped = {name for name, test in tests.items() if WRITTEN_KEYS in test["sql"]}
    row_tests = {"not_null", "accepted_values", "expression_is_true", "unique", "unique_combination",
                 "list_values_in"}
    scoped_models = DELTA_MODELS | DELTA_VIEWS
    assert scoped, "no test read the written keys"
    assert {tests[name]["model"] for name in scoped} == scoped_models
    assert {tests[name]["test"] for name in scoped} == row_tests | {"relationships"}
    assert not any(tests[name]["test"] in ("totals_reconcile", "row_count_reconciles") for name in scoped)
    # a view has no written keys of its own: it reads those of the one model under it
    assert not any(f"{view}{WRITTEN_KEYS}" in tests[name]["sql"] for name in scoped for view in DELTA_VIEWS)
    unscoped_row_tests = {(test["model"], test["test"]) for name, test in tests.items()
                          if test["model"] in scoped_models and test["test"] in row_tests
                          and name not in scoped}
    # the lineage pair (_source_file, _source_row) does not hold the key: any old row may share it
    assert unscoped_row_tests == {("base_raw__orders", "unique_combination")}, unscoped_row_tests
    relationships = {
        (test["model"], *(set(test["reads"]) - {test["model"]})): name in scoped
        for name, test in tests.items() if test["model"] in scoped_models and test["test"] == "relationships"
    }
    assert relationships == {
        # not built by a delta of orders
        ("fct_orders", "int_customer_records_clustered"): True,
        ("customer_lifecycle_monthly", "int_customer_records_clustered"): True,
        ("stg_raw__orders", "stg_raw__customers"): True,
        ("stg_raw__orders", "currency_rates"): True,
        ("base_raw__orders", "quarantine_reasons"): True,
        # the same delta of orders, on order_key
        ("fct_order_items", "fct_orders"): True,
        # rebuilt whole: it may have lost a day an old row has
        ("customer_rfm_monthly", "int_value_snapshot_dates"): False,
    }, relationships
    with duckdb.connect(str(builds["a"]["path"]), read_only=True) as con:
        left = con.execute(f"select table_name from duckdb_tables() where table_name like '%{WRITTEN_KEYS}'")
        assert left.fetchall() == []


def _copy_with_late_orders_written(builds: dict, tmp_path: Path, *tables: str) -> Path:
    """A copy of the delta-built warehouse with the written-keys tables of `tables` put back (the run's
    hook dropped them), each holding the orders of the late delivery, as the delta build wrote them."""
    copy = tmp_path / "customers.duckdb"
    copy.write_bytes(builds["a"]["path"].read_bytes())
    with duckdb.connect(str(copy)) as con:
        for table in tables:
            con.execute(
                f"create table {table}{WRITTEN_KEYS} as select distinct order_key "
                "from staging.base_raw__orders where _source_file like '%late.csv' and order_key is not null"
            )
    return copy


def test_a_scoped_test_finds_a_bad_written_row_and_skips_old_rows(builds: dict, tmp_path: Path) -> None:
    """The SQL of two scoped tests of fct_orders and fct_order_items, run on a copy of the warehouse with
    written keys put back (the orders of the late delivery): a wrong status in a written order fails
    accepted_values, the same in an order not written does not (it passed before); an order line written
    with the key of an old line fails unique."""
    tests = builds["later_tests"]
    statuses = next(test["sql"] for test in tests.values()
                    if test["model"] == "fct_orders" and test["test"] == "accepted_values")
    item_keys = next(test["sql"] for test in tests.values()
                     if test["model"] == "fct_order_items" and test["test"] == "unique")
    assert WRITTEN_KEYS in statuses and WRITTEN_KEYS in item_keys
    copy = _copy_with_late_orders_written(builds, tmp_path, "marts.fct_orders", "marts.fct_order_items")
    with duckdb.connect(str(copy)) as con:
        old, written = (
            con.execute(
                f"select min(order_key) from marts.fct_orders where order_key {negation} in "
                f"(select order_key from marts.fct_orders{WRITTEN_KEYS}) "
                "and order_key in (select order_key from marts.fct_order_items)"
            ).fetchall()[0][0]
            for negation in ("not", "")
        )
        assert old and written

        def failures(sql: str) -> int:
            return con.execute(f"select count(*) from ({sql})").fetchall()[0][0]

        assert failures(statuses) == failures(item_keys) == 0
        con.execute("update marts.fct_orders set status = 'lost' where order_key = ?", [old])
        assert failures(statuses) == 0
        con.execute("update marts.fct_orders set status = 'lost' where order_key = ?", [written])
        assert con.execute(f"select value_field, n_records from ({statuses})").fetchall() == [("lost", 1)]
        first_item = "(select min(order_item_key) from marts.fct_order_items where order_key = ?)"
        con.execute(
            f"update marts.fct_order_items set order_item_key = {first_item} "
            f"where order_item_key = {first_item}", [old, written]
        )
        assert failures(item_keys) == 1


def test_a_views_scoped_test_reads_the_written_keys_under_it(builds: dict, tmp_path: Path) -> None:
    """The scoped accepted_values test of the view stg_raw__orders, run on a copy of the warehouse with
    the keys base_raw__orders wrote put back (the orders of the late delivery): a wrong status in a
    written order fails it, the same in an order not written does not (it passed before)."""
    statuses = next(test["sql"] for test in builds["later_tests"].values()
                    if test["model"] == "stg_raw__orders" and test["test"] == "accepted_values")
    assert f"base_raw__orders{WRITTEN_KEYS}" in statuses
    copy = _copy_with_late_orders_written(builds, tmp_path, "staging.base_raw__orders")
    with duckdb.connect(str(copy)) as con:
        old, written = (
            con.execute(
                f"select min(order_key) from staging.stg_raw__orders where order_key {negation} in "
                f"(select order_key from staging.base_raw__orders{WRITTEN_KEYS})"
            ).fetchall()[0][0]
            for negation in ("not", "")
        )
        assert old and written

        def failing_statuses() -> list[tuple]:
            return con.execute(f"select value_field, n_records from ({statuses})").fetchall()

        assert failing_statuses() == []
        lose = ("update staging.base_raw__orders set status = 'lost' "
                "where order_key = ? and reject_reason is null")
        con.execute(lose, [old])
        assert failing_statuses() == []
        con.execute(lose, [written])
        assert failing_statuses() == [("lost", 1)]


def test_a_day_of_new_orders_updates_the_histories_by_delta(builds: dict) -> None:
    """The per-customer histories and the funnel events replace the customers whose orders changed (the
    activity spells also those whose current spell ends before the new as_of_date), the monthly histories
    the snapshots from the earliest changed order day on; the month the feed moved into is there."""
    output = builds["fed_output"]
    assert "appended files only, orders taken as a delta" in output, output[-3000:]
    started = set(re.findall(r"START sql (\w+) model \w+\.(\w+)", output))
    histories = ("int_purchase_days_aggregated", "int_purchase_days_sequenced", "int_activity_spells_derived",
                 "int_customer_purchase_mix", "int_funnel_events_unioned", "customer_rfm_monthly",
                 "customer_lifecycle_monthly")
    for model in histories:
        assert ("incremental", model) in started, model
    with duckdb.connect(str(builds["a"]["path"]), read_only=True) as con:
        current = con.execute(
            "select max(snapshot_date), count(distinct snapshot_date) filter (where is_current_month) "
            "from marts.customer_lifecycle_monthly"
        ).fetchall()[0]
        snapshot_days = [
            con.execute(f"select list(distinct snapshot_date order by snapshot_date) from {table}").fetchall()
            for table in ("intermediate.int_value_snapshot_dates", "marts.customer_lifecycle_monthly",
                          "marts.customer_rfm_monthly")
        ]
    assert current == (builds["next_as_of"], 1)
    # the month that left the window is gone, the month the feed moved into is there
    assert snapshot_days[0] == snapshot_days[1] == snapshot_days[2], snapshot_days


def test_the_scoped_build_equals_a_full_build_of_the_same_files(builds: dict) -> None:
    a, b = builds["a"]["path"], builds["b"]["path"]
    with duckdb.connect(str(b), read_only=True) as con:
        schemas = ", ".join(f"'{schema}'" for schema in COMPARED_SCHEMAS)
        tables = con.execute(
            f"select schema_name, table_name from duckdb_tables() where schema_name in ({schemas}) "
            "or (schema_name = 'audit' and table_name like 'quarantine\\_%' escape '\\') order by 1, 2"
        ).fetchall()
        con.execute(f"attach '{a}' as a (read_only)")
        differences = []
        for schema, table in tables:
            # doubles to 9 decimals: a float sum may differ in its last bit between any two builds
            columns = [
                f'round("{name}", 9)' if data_type in ("DOUBLE", "FLOAT") else f'"{name}"'
                for name, data_type in con.execute(
                    "select column_name, data_type from duckdb_columns() where database_name = "
                    "current_database() and schema_name = ? and table_name = ? order by column_index",
                    [schema, table],
                ).fetchall()
                if name not in BUILD_METADATA_COLUMNS
            ]
            listed = ", ".join(columns)
            rows_b = f'select {listed} from "{schema}"."{table}"'
            rows_a = f'select {listed} from a."{schema}"."{table}"'
            only = con.execute(
                f"select (select count(*) from ({rows_b} except all {rows_a})), "
                f"(select count(*) from ({rows_a} except all {rows_b})), (select count(*) from ({rows_b}))"
            ).fetchall()[0]
            if only[0] or only[1]:
                differences.append(f"{schema}.{table}: {only[0]} rows only in the full build, {only[1]} only "
                                   f"in the scoped one (of {only[2]})")
    compared = {table for _, table in tables}
    assert {"quarantine_orders", "base_raw__customers", "int_customer_records_clustered", "fct_orders",
            "customer_rfm", "customer_clv", "customer_segments", "dim_customers"} <= compared
    assert not differences, "\n".join(differences)


def test_the_fingerprint_follows_what_decides_the_tables(tmp_path: Path) -> None:
    env = {"RAW_DIR": "/data/raw", "PII_HASH_SALT": "one", "DUCKDB_THREADS": "2"}
    base = build_scope.project_fingerprint(PROJECT_DIR, env)
    assert base == build_scope.project_fingerprint(PROJECT_DIR, dict(env))
    assert base != build_scope.project_fingerprint(PROJECT_DIR, {**env, "PII_HASH_SALT": "two"})
    assert base != build_scope.project_fingerprint(PROJECT_DIR, {**env, "RAW_DIR": "/data/other"})
    assert base == build_scope.project_fingerprint(PROJECT_DIR, {**env, "DUCKDB_THREADS": "1"})
    assert base == build_scope.project_fingerprint(PROJECT_DIR, {**env, "WAREHOUSE_PATH": "/x.duckdb"})


def test_the_fingerprint_reads_the_project_files_and_not_the_pytest_files(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "tests" / "python").mkdir(parents=True)
    (project / "dbt_project.yml").write_text("name: x\n")
    (project / "models" / "a.sql").write_text("select 1 as a\n")
    (project / "tests" / "python" / "test_a.py").write_text("x = 1\n")
    base = build_scope.project_fingerprint(project, {})
    (project / "tests" / "python" / "test_a.py").write_text("x = 2\n")
    assert build_scope.project_fingerprint(project, {}) == base
    (project / "models" / "a.sql").write_text("select 2 as a\n")
    assert build_scope.project_fingerprint(project, {}) != base


def test_every_environment_variable_the_project_reads_is_classified() -> None:
    """A new env_var() in the project must be put in RESULT_ENV_VARS (a change rebuilds everything) or
    RUNTIME_ENV_VARS (no table changes with it)."""
    pattern = re.compile(r"env_var\(\s*['\"]([A-Z0-9_]+)['\"]")
    found = set()
    for folder in ("models", "macros", "seeds", "tests"):
        for path in (PROJECT_DIR / folder).rglob("*"):
            if path.is_file() and path.suffix in (".sql", ".yml", ".yaml") and "python" not in path.parts:
                found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    for name in ("dbt_project.yml", "profiles.yml"):
        found |= set(pattern.findall((PROJECT_DIR / name).read_text(encoding="utf-8")))
    assert found, "no env_var() found: the scan is broken"
    unclassified = found - set(build_scope.RESULT_ENV_VARS) - set(build_scope.RUNTIME_ENV_VARS)
    assert not unclassified, f"classify these in cwh.build_scope: {sorted(unclassified)}"


def test_only_appended_orders_alone_are_taken_as_a_delta(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema raw")
        con.execute("create table raw.orders (order_id varchar, _loaded_at timestamp)")
        con.execute("insert into raw.orders values ('1', '2026-01-01 10:00'), ('2', '2026-01-02 10:00')")
    before_append = {"orders": (1, dt.datetime(2026, 1, 1, 10, 0, 1))}
    before_reload = {"orders": (1, dt.datetime(2025, 12, 31))}

    def scope(*entities: str) -> build_scope.Scope:
        # the raw load logs before and after a load of `entities`
        loaded = {entity: (1, dt.datetime(2026, 1, 2, 10)) for entity in entities}
        return build_scope.changed_selection({}, loaded)

    # rows of the load before are still there: appended
    assert build_scope.with_delta(scope("orders"), warehouse, before_append).delta == ["orders"]
    assert build_scope.with_delta(scope("orders"), warehouse, before_append).env() == {
        "CWH_DELTA_ENTITIES": "orders"}
    # every row is newer than the load before: the entity was reloaded whole
    assert build_scope.with_delta(scope("orders"), warehouse, before_reload).delta == []
    # order lines or customers changed too, another entity, a first load or a full build: no delta
    assert build_scope.with_delta(scope("order_items", "orders"), warehouse, before_append).delta == []
    assert build_scope.with_delta(scope("customers", "orders"), warehouse, before_append).delta == []
    assert build_scope.with_delta(scope("surveys"), warehouse, before_append).delta == []
    assert build_scope.with_delta(scope("orders"), warehouse, {}).delta == []
    assert build_scope.with_delta(build_scope.Scope(), warehouse, before_append).delta == []
    assert build_scope.Scope().env() == {"CWH_DELTA_ENTITIES": ""}


def test_the_build_after_one_with_its_own_dbt_arguments_builds_everything(tmp_path: Path) -> None:
    """A build with --dbt-args may have left out models or tests, so it records no fingerprint that the
    next build could match: that one builds everything, without loading the raw files to scope itself."""
    warehouse = tmp_path / "customers.duckdb"
    build_scope.save_fingerprint(warehouse, build_scope.CUSTOM_BUILD, "run-1", build_scope.Scope())
    fingerprint = build_scope.project_fingerprint(PROJECT_DIR)
    assert fingerprint != build_scope.CUSTOM_BUILD
    args = argparse.Namespace(full=False, dbt_args="")

    def load_raw_files() -> bool:
        raise AssertionError("a full build does not scope itself on the raw load")

    scope = cwh_build.plan_scope(args, None, warehouse, fingerprint, load_raw_files)
    assert scope.full and "--dbt-args" in scope.reason, scope
    build_scope.save_fingerprint(warehouse, fingerprint, "run-2", build_scope.Scope())
    assert build_scope.stored_fingerprint(warehouse) == fingerprint
