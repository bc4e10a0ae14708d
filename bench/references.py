"""The two references the warehouse's RFM and CLV inputs are measured and checked against.

Both start from the same two Parquet files, exported from the built warehouse by `export`:

- `orders.parquet`: every clean order (`staging.stg_raw__orders`: the staging rules applied, rejected
  rows and older versions of an order left out) with `customer_record_key`, `order_date`, `status`
  and `amount_cents` (`amount_base` of decimal(18, 2) as a whole number of cents, so both references
  add money exactly, as the warehouse's decimals do);
- `identity.parquet`: the identity map (`intermediate.int_customer_records_clustered`:
  `customer_record_key` -> `customer_id`).

Why these inputs and not the raw CSV files: the numbers depend on the staging rules (date formats,
currency conversion, duplicate rows and keys, orphans, late updates) and on identity resolution; a
reference that re-implemented them would test a second implementation of the rules, not the speed of
the summary. What the references measure is the floor for the work the RFM and CLV models do from clean
orders, which is the work those models do in the warehouse too.

The summary per customer_id at as_of_date (var `as_of_date`, else the latest clean order date), as in
docs/value-marts.md:

- RFM over completed orders with `as_of_date - lookback < order_date <= as_of_date`: `recency_days`
  (days since the last purchase day), `frequency` (orders), `monetary_cents` (revenue); customers
  without such an order have NULLs (they are not in `marts.customer_rfm`);
- CLV inputs over completed orders up to as_of_date, by purchase day: `clv_frequency` (purchase days
  after the first), `clv_recency` (first to last purchase day), `clv_t` (first purchase day to
  as_of_date), `clv_monetary` (mean revenue of the repeat purchase days, 0 without repeat).

    python bench/references.py export --warehouse W --out DIR
    python bench/references.py duckdb --inputs DIR --out DIR/duckdb.parquet --report R.json
    python bench/references.py pandas --inputs DIR --out DIR/pandas.parquet --report R.json
    python bench/references.py compare --warehouse W --result DIR/duckdb.parquet --report R.json

`compare` checks the result row by row against `marts.customer_rfm` and `marts.customer_clv`: equal
customers, equal integers, equal money to the cent; `clv_monetary` is a floating-point mean (the
warehouse averages decimals, the references divide cents), so it may differ in the last bits and is
compared with a relative tolerance of 1e-9.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

CLV_MONETARY_TOLERANCE = 1e-9
ORDERS_FILE = "orders.parquet"
IDENTITY_FILE = "identity.parquet"


def duckdb_settings() -> dict[str, str]:
    """The DuckDB settings of the project's profile (profiles.yml), from the same environment."""
    return {
        "threads": os.environ.get("DUCKDB_THREADS", "2"),
        "memory_limit": os.environ.get("DUCKDB_MEMORY_LIMIT", "4GB"),
    }


def connect(database: str = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    settings = duckdb_settings()
    con = duckdb.connect(database, read_only=read_only)
    con.execute(f"set threads = {int(settings['threads'])}")
    con.execute(f"set memory_limit = '{settings['memory_limit']}'")
    temp = os.environ.get("DUCKDB_TEMP_DIR")
    if temp:
        con.execute(f"set temp_directory = '{temp}'")
    return con


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


# --- export --------------------------------------------------------------------------------------------

def export_inputs(warehouse: Path, out_dir: Path) -> dict[str, Any]:
    """Write the two input files of the references from a built warehouse."""
    out_dir.mkdir(parents=True, exist_ok=True)
    orders, identity = out_dir / ORDERS_FILE, out_dir / IDENTITY_FILE
    with connect(str(warehouse), read_only=True) as con:
        con.execute(f"""
            copy (
                select
                    customer_record_key,
                    order_date,
                    status,
                    cast(amount_base * 100 as bigint) as amount_cents
                from staging.stg_raw__orders
            ) to {_quote(orders)} (format parquet)
        """)
        con.execute(f"""
            copy (
                select customer_record_key, customer_id
                from intermediate.int_customer_records_clustered
            ) to {_quote(identity)} (format parquet)
        """)
        rows = con.execute(
            f"select (select count(*) from {_quote(orders)}), (select count(*) from {_quote(identity)})"
        ).fetchone()
    return {"orders_rows": rows[0], "identity_rows": rows[1], "orders": str(orders),
            "identity": str(identity)}


# --- reference (a): one DuckDB query --------------------------------------------------------------------

def summary_sql(inputs: Path, lookback_days: int, as_of: dt.date | None) -> str:
    """The whole RFM + CLV input summary as one hand-written query over the two input files."""
    as_of_select = (f"select date '{as_of.isoformat()}' as as_of_date" if as_of
                    else "select max(order_date) as as_of_date from orders")
    return f"""
        with

        orders as (
            select * from read_parquet({_quote(inputs / ORDERS_FILE)})
        ),

        identity as (
            select * from read_parquet({_quote(inputs / IDENTITY_FILE)})
        ),

        as_of as (
            {as_of_select}
        ),

        purchase_days as (
            select
                identity.customer_id,
                orders.order_date,
                count(*) as orders,
                sum(orders.amount_cents) as cents
            from orders
            inner join identity
                on orders.customer_record_key = identity.customer_record_key
            where orders.status = 'completed'
                and orders.order_date <= (select as_of_date from as_of)
            group by identity.customer_id, orders.order_date
        )

        select
            purchase_days.customer_id,
            as_of.as_of_date - max(purchase_days.order_date) filter (where purchase_days.order_date
                > as_of.as_of_date - {lookback_days}) as recency_days,
            sum(purchase_days.orders) filter (where purchase_days.order_date
                > as_of.as_of_date - {lookback_days}) as frequency,
            sum(purchase_days.cents) filter (where purchase_days.order_date
                > as_of.as_of_date - {lookback_days}) as monetary_cents,
            count(*) - 1 as clv_frequency,
            max(purchase_days.order_date) - min(purchase_days.order_date) as clv_recency,
            as_of.as_of_date - min(purchase_days.order_date) as clv_t,
            case
                when count(*) > 1
                    then (sum(purchase_days.cents) - arg_min(purchase_days.cents, purchase_days.order_date))
                        / (count(*) - 1) / 100
                else 0
            end as clv_monetary
        from purchase_days
        cross join as_of
        group by purchase_days.customer_id, as_of.as_of_date
    """


def run_duckdb(inputs: Path, out: Path, lookback_days: int, as_of: dt.date | None) -> dict[str, Any]:
    started = time.perf_counter()
    with connect() as con:
        con.execute(f"copy ({summary_sql(inputs, lookback_days, as_of)}) to {_quote(out)} (format parquet)")
        seconds = time.perf_counter() - started
        rows = con.execute(f"select count(*), count(frequency) from {_quote(out)}").fetchone()
    return {"seconds": round(seconds, 3), "rows": rows[0], "rfm_rows": rows[1]}


# --- reference (b): pandas ------------------------------------------------------------------------------

def run_pandas(inputs: Path, out: Path, lookback_days: int, as_of: dt.date | None) -> dict[str, Any]:
    """The same summary written the way a pandas user would: read, filter, merge, group by."""
    import pandas as pd

    started = time.perf_counter()
    orders = pd.read_parquet(inputs / ORDERS_FILE)
    identity = pd.read_parquet(inputs / IDENTITY_FILE)
    orders["order_date"] = pd.to_datetime(orders["order_date"])
    as_of_day = pd.Timestamp(as_of) if as_of else orders["order_date"].max()

    completed = orders[(orders["status"] == "completed") & (orders["order_date"] <= as_of_day)]
    completed = completed.merge(identity, on="customer_record_key", how="inner")
    days = (
        completed.groupby(["customer_id", "order_date"], as_index=False)
        .agg(orders=("amount_cents", "size"), cents=("amount_cents", "sum"))
        .sort_values(["customer_id", "order_date"])
    )

    window = days[days["order_date"] > as_of_day - pd.Timedelta(days=lookback_days)]
    rfm = window.groupby("customer_id").agg(
        last_purchase=("order_date", "max"), frequency=("orders", "sum"), monetary_cents=("cents", "sum")
    )
    rfm["recency_days"] = (as_of_day - rfm["last_purchase"]).dt.days

    clv = days.groupby("customer_id").agg(
        first_purchase=("order_date", "first"),
        last_purchase=("order_date", "last"),
        purchase_days=("order_date", "size"),
        cents=("cents", "sum"),
        first_cents=("cents", "first"),
    )
    clv["clv_frequency"] = clv["purchase_days"] - 1
    clv["clv_recency"] = (clv["last_purchase"] - clv["first_purchase"]).dt.days
    clv["clv_t"] = (as_of_day - clv["first_purchase"]).dt.days
    repeat = clv["clv_frequency"] > 0
    clv["clv_monetary"] = 0.0
    clv.loc[repeat, "clv_monetary"] = (
        (clv.loc[repeat, "cents"] - clv.loc[repeat, "first_cents"]) / clv.loc[repeat, "clv_frequency"] / 100
    )

    result = clv[["clv_frequency", "clv_recency", "clv_t", "clv_monetary"]].join(
        rfm[["recency_days", "frequency", "monetary_cents"]].astype("Int64"), how="left"
    ).reset_index()
    result.to_parquet(out, index=False)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "rows": len(result),
            "rfm_rows": int(result["frequency"].notna().sum())}


# --- comparison with the warehouse -----------------------------------------------------------------------

def _comparison(con: Any, mart: str, reference: str, measures: dict[str, str]) -> dict[str, Any]:
    """One mart against one reference on customer_id (full outer join): rows on each side, customers on
    one side only, then `measures` (name -> SQL aggregate over `warehouse` and `reference`)."""
    columns = {
        "warehouse_rows": "count(warehouse.customer_id)",
        "reference_rows": "count(reference.customer_id)",
        "only_in_warehouse": "count(*) filter (where reference.customer_id is null)",
        "only_in_reference": "count(*) filter (where warehouse.customer_id is null)",
        **measures,
    }
    select = ",\n                ".join(f"{sql} as {name}" for name, sql in columns.items())
    row = con.execute(f"""
            with
            warehouse as (select * from {mart}),
            reference as ({reference})
            select
                {select}
            from warehouse
            full outer join reference
                on warehouse.customer_id = reference.customer_id
        """).fetchone()
    return {name: _plain(value) for name, value in zip(columns, row, strict=True)}


def compare(warehouse: Path, result: Path) -> dict[str, Any]:
    """Row-by-row comparison of a reference result with marts.customer_rfm and marts.customer_clv."""
    ref = _quote(result)
    with connect(str(warehouse), read_only=True) as con:
        rfm_result = _comparison(con, "marts.customer_rfm",
                                 f"select * from read_parquet({ref}) where frequency is not null", {
            "recency_days_mismatches":
                "count(*) filter (where warehouse.recency_days is distinct from reference.recency_days)",
            "frequency_mismatches":
                "count(*) filter (where warehouse.frequency is distinct from reference.frequency)",
            "monetary_mismatches": "count(*) filter (where cast(warehouse.monetary * 100 as bigint)"
                                   " is distinct from reference.monetary_cents)",
            "warehouse_monetary": "sum(warehouse.monetary)",
            "reference_monetary": "sum(reference.monetary_cents) / 100",
        })
        clv_result = _comparison(con, "marts.customer_clv", f"select * from read_parquet({ref})", {
            "frequency_mismatches":
                "count(*) filter (where warehouse.frequency is distinct from reference.clv_frequency)",
            "recency_mismatches":
                "count(*) filter (where warehouse.recency is distinct from reference.clv_recency)",
            "t_mismatches": "count(*) filter (where warehouse.t is distinct from reference.clv_t)",
            "monetary_mismatches": "count(*) filter (where warehouse.monetary is null"
                                   " or reference.clv_monetary is null"
                                   " or abs(warehouse.monetary - reference.clv_monetary)"
                                   f" > {CLV_MONETARY_TOLERANCE} * greatest(1, abs(reference.clv_monetary)))",
            "monetary_max_abs_difference": "max(abs(warehouse.monetary - reference.clv_monetary))",
        })
    differences = sum(value for name, value in {**rfm_result, **clv_result}.items()
                      if name.startswith("only_in") or name.endswith("mismatches"))
    equal = (differences == 0
             and rfm_result["warehouse_rows"] == rfm_result["reference_rows"]
             and clv_result["warehouse_rows"] == clv_result["reference_rows"]
             and clv_result["warehouse_rows"] > 0)
    return {"equal": equal, "differences": differences, "rfm": rfm_result, "clv": clv_result,
            "clv_monetary_relative_tolerance": CLV_MONETARY_TOLERANCE}


def _plain(value: Any) -> Any:
    """JSON-friendly numbers (DuckDB returns Decimal for sums of decimals)."""
    if value is None or isinstance(value, int | float):
        return value
    return float(value)


# --- command line ---------------------------------------------------------------------------------------

def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write orders.parquet and identity.parquet from a warehouse")
    export.add_argument("--warehouse", type=Path, required=True)
    export.add_argument("--out", type=Path, required=True, help="folder for the two input files")
    for name in ("duckdb", "pandas"):
        command = commands.add_parser(name, help=f"the summary with {name}")
        command.add_argument("--inputs", type=Path, required=True, help="folder written by export")
        command.add_argument("--out", type=Path, required=True, help="result Parquet file")
        command.add_argument("--lookback-days", type=int, default=365, help="var rfm_lookback_days")
        command.add_argument("--as-of", type=_date, default=None,
                             help="var as_of_date (default: latest order)")
    check = commands.add_parser("compare", help="compare a result with marts.customer_rfm / customer_clv")
    check.add_argument("--warehouse", type=Path, required=True)
    check.add_argument("--result", type=Path, required=True)
    for command in (export, check, *[commands.choices[name] for name in ("duckdb", "pandas")]):
        command.add_argument("--report", type=Path, default=None, help="write the outcome as JSON here")
    args = parser.parse_args(argv)

    if args.command == "export":
        outcome = export_inputs(args.warehouse, args.out)
    elif args.command == "duckdb":
        outcome = run_duckdb(args.inputs, args.out, args.lookback_days, args.as_of)
    elif args.command == "pandas":
        outcome = run_pandas(args.inputs, args.out, args.lookback_days, args.as_of)
    else:
        outcome = compare(args.warehouse, args.result)
    text = json.dumps(outcome, indent=2, default=str)
    if args.report:
        args.report.write_text(text)
    print(text)
    return 0 if outcome.get("equal", True) else 1


if __name__ == "__main__":
    sys.exit(main())
