"""Calibration / holdout check of the BG/NBD purchase model on a warehouse's orders.

Fits BG/NBD (and Gamma-Gamma) with cwh.clv on the completed orders up to a cut-off date, predicts each
customer's purchase days in the holdout period (cut-off, end], and compares with what they actually
did, by calibration frequency group (repeat purchase days before the cut-off, the groups of Fader,
Hardie and Lee 2005, figure 4). Prints the table, the mean absolute error per customer and per group,
and the same check for the spend model on the customers who bought in the holdout.

    python bench/clv_calibration.py --warehouse warehouse/customers.duckdb --cutoff 2024-01-01
    python bench/clv_calibration.py --data-dir data/raw --holdout-days 180

With --data-dir the raw files are first built into a temporary warehouse (dbt seed + run of
fct_orders and its parents). Exit code 1 when a fit fails or there is nothing to check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from cwh.clv import (
    expected_average_order_value,
    expected_purchases,
    fit_bgnbd,
    fit_gamma_gamma,
)
from cwh.clv.summary import customer_summary_sql

PROJECT_DIR = Path(__file__).resolve().parents[1]
PURCHASES_SQL = """
select customer_id, order_date as purchase_date, revenue_base as amount
from marts.fct_orders
where status = 'completed'
"""


@dataclass(frozen=True)
class Calibration:
    cutoff: dt.date
    end: dt.date
    by_group: pd.DataFrame
    customers: int
    mae_per_customer: float
    mae_per_group: float
    predicted_total: float
    actual_total: float
    spend_mae: float | None
    spend_customers: int


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Fit BG/NBD up to a cut-off date and compare predicted with actual holdout purchases.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--warehouse", type=Path, help="DuckDB warehouse with marts.fct_orders (read-only)")
    source.add_argument("--data-dir", type=Path,
                        help="raw data folder: built into a temporary warehouse first")
    parser.add_argument("--cutoff", type=dt.date.fromisoformat,
                        help="last day of the calibration period (default: end - holdout days)")
    parser.add_argument("--end", type=dt.date.fromisoformat,
                        help="last day of the holdout period (default: latest order date)")
    parser.add_argument("--holdout-days", type=int, default=180,
                        help="holdout length when --cutoff is not given (default 180)")
    parser.add_argument("--max-group", type=int, default=7,
                        help="frequency groups 0 .. N-1 and N+ (default 7)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON instead of a table")
    return parser.parse_args(argv)


def build_warehouse(data_dir: Path, workdir: Path) -> Path:
    """Build fct_orders (and its parents) from raw files into a warehouse under workdir."""
    warehouse = workdir / "calibration.duckdb"
    env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_DIR), RAW_DIR=str(data_dir.resolve()),
               WAREHOUSE_PATH=str(warehouse), DUCKDB_TEMP_DIR=str(workdir / "tmp"))
    dbt = str(Path(sys.executable).with_name("dbt"))
    paths = ["--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs")]
    for args in (["seed"], ["run", "--select", "+fct_orders"]):
        print(f"$ dbt {' '.join(args)}", file=sys.stderr)
        done = subprocess.run([dbt, *args, *paths], cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"error: dbt {' '.join(args)} failed; see {workdir / 'logs'}:\n{done.stdout[-3000:]}")
    return warehouse


def holdout_actuals(con: duckdb.DuckDBPyConnection, cutoff: dt.date, end: dt.date) -> pd.DataFrame:
    """Per customer: purchase days and mean spend per purchase day in (cutoff, end]."""
    return con.execute(f"""
        with purchases as ({PURCHASES_SQL}),
        days as (
            select customer_id, purchase_date, sum(amount) as day_amount
            from purchases
            where purchase_date > ? and purchase_date <= ?
            group by customer_id, purchase_date
        )
        select customer_id, count(*) as actual_purchases, avg(day_amount) as actual_spend
        from days
        group by customer_id
    """, [cutoff, end]).df()


def frequency_group(frequency: pd.Series, max_group: int) -> pd.Series:
    capped = frequency.clip(upper=max_group).astype(int)
    return capped.map(lambda value: f"{value}+" if value == max_group else str(value))


def calibrate(con: duckdb.DuckDBPyConnection, cutoff: dt.date, end: dt.date, max_group: int) -> Calibration:
    if end <= cutoff:
        raise ValueError(f"the holdout end ({end}) must be after the cut-off ({cutoff})")
    con.execute(f"create or replace temp view calibration_purchases as {PURCHASES_SQL}")
    summary = con.sql(customer_summary_sql("calibration_purchases", cutoff, amount_column="amount")).df()
    if summary.empty:
        raise ValueError(f"no customer bought on or before the cut-off {cutoff}")
    cells = summary.groupby(["frequency", "recency", "T"], as_index=False).size()
    bg = fit_bgnbd(cells["frequency"], cells["recency"], cells["T"], weights=cells["size"])
    if not bg.converged:
        raise ValueError(f"BG/NBD did not converge on the calibration period: {bg.message}")
    horizon = (end - cutoff).days
    summary["predicted_purchases"] = expected_purchases(
        bg, horizon, summary["frequency"], summary["recency"], summary["T"]
    )
    actual = holdout_actuals(con, cutoff, end)
    checked = summary.merge(actual, on="customer_id", how="left")
    checked["actual_purchases"] = checked["actual_purchases"].fillna(0)
    checked["group"] = frequency_group(checked["frequency"], max_group)

    by_group = (
        checked.groupby("group", sort=False)
        .agg(customers=("customer_id", "size"), actual=("actual_purchases", "mean"),
             predicted=("predicted_purchases", "mean"))
        .reset_index()
    )
    by_group["order"] = by_group["group"].str.rstrip("+").astype(int)
    by_group = by_group.sort_values("order").drop(columns="order").reset_index(drop=True)
    by_group["error"] = by_group["predicted"] - by_group["actual"]

    spend_mae, spend_customers = spend_check(summary, checked)
    return Calibration(
        cutoff=cutoff,
        end=end,
        by_group=by_group,
        customers=len(checked),
        mae_per_customer=float(np.mean(np.abs(checked["predicted_purchases"] - checked["actual_purchases"]))),
        mae_per_group=float(np.average(np.abs(by_group["error"]), weights=by_group["customers"])),
        predicted_total=float(checked["predicted_purchases"].sum()),
        actual_total=float(checked["actual_purchases"].sum()),
        spend_mae=spend_mae,
        spend_customers=spend_customers,
    )


def spend_check(summary: pd.DataFrame, checked: pd.DataFrame) -> tuple[float | None, int]:
    """Mean absolute error of the Gamma-Gamma expected spend per purchase day against the actual mean
    spend in the holdout, over repeat buyers (calibration) who bought in the holdout."""
    repeat = summary[(summary["frequency"] > 0) & (summary["monetary"] > 0)]
    if repeat.empty:
        return None, 0
    gg = fit_gamma_gamma(repeat["frequency"], repeat["monetary"])
    if not gg.converged:
        return None, 0
    buyers = checked[(checked["frequency"] > 0) & (checked["monetary"] > 0) & checked["actual_spend"].notna()]
    if buyers.empty:
        return None, 0
    predicted = expected_average_order_value(gg, buyers["frequency"], buyers["monetary"])
    return float(np.mean(np.abs(predicted - buyers["actual_spend"]))), len(buyers)


def print_table(result: Calibration) -> None:
    holdout_days = (result.end - result.cutoff).days
    print(f"BG/NBD calibration: fitted on orders up to {result.cutoff}, holdout after it to {result.end} "
          f"({holdout_days} days), {result.customers} customers")
    print()
    print(f"{'repeat days':>12} {'customers':>10} {'actual':>10} {'predicted':>10} {'error':>10}")
    for row in result.by_group.itertuples():
        print(f"{row.group:>12} {row.customers:>10} {row.actual:>10.3f} {row.predicted:>10.3f} "
              f"{row.error:>+10.3f}")
    print()
    print(f"holdout purchase days: actual {result.actual_total:.0f}, predicted {result.predicted_total:.1f} "
          f"({(result.predicted_total / result.actual_total - 1) * 100:+.1f}%)" if result.actual_total else
          f"holdout purchase days: actual 0, predicted {result.predicted_total:.1f}")
    print(f"mean absolute error per customer: {result.mae_per_customer:.4f} purchase days")
    print(f"mean absolute error per frequency group (weighted by customers): {result.mae_per_group:.4f}")
    if result.spend_mae is not None:
        print(f"Gamma-Gamma spend per purchase day, mean absolute error over {result.spend_customers} repeat "
              f"buyers who bought in the holdout: {result.spend_mae:.2f}")


def run(args: argparse.Namespace) -> int:
    # a failed --data-dir build keeps its folder (dbt logs) for the error message; success removes it
    workdir = Path(tempfile.mkdtemp(prefix="clv_calibration_")) if args.data_dir else None
    path = args.warehouse or build_warehouse(args.data_dir, workdir)
    try:
        if not Path(path).exists():
            sys.exit(f"error: warehouse {path} not found; build it with `make build` or pass --data-dir")
        with duckdb.connect(str(path), read_only=args.warehouse is not None) as con:
            [(latest,)] = con.execute(f"select max(purchase_date) from ({PURCHASES_SQL})").fetchall()
            if latest is None:
                sys.exit("error: marts.fct_orders has no completed order")
            end = args.end or latest
            cutoff = args.cutoff or end - dt.timedelta(days=args.holdout_days)
            try:
                result = calibrate(con, cutoff, end, args.max_group)
            except ValueError as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        payload = {key: value for key, value in result.__dict__.items() if key != "by_group"}
        payload.update(cutoff=str(result.cutoff), end=str(result.end),
                       by_group=result.by_group.to_dict("records"))
        print(json.dumps(payload, indent=2))
    else:
        print_table(result)
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
