"""Append new orders to a raw folder, as a day's delivery would: an extra part file of the orders entity.

The new orders are copies of a random sample of clean orders (`staging.stg_raw__orders` of the built
warehouse), taken from the raw rows as delivered, so they have the raw formats and pass the same
staging rules; each gets a new `order_id` and an `ordered_at` / `updated_at` in the days after the
latest clean order (never after yesterday, so no copy is a future date). Their customers are existing
customers, their statuses and amounts the usual mix.

The file is `<raw_dir>/orders/bench_increment.csv` (or `.parquet` when the orders are Parquet): the loader
reads `orders.csv`, `orders.parquet` and `orders/*.csv|*.parquet` together.

    python bench/increment.py --warehouse W --raw-dir R --share 0.01 --seed 42 --report R.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from references import _quote, connect

INCREMENT_STEM = "bench_increment"
# lineage columns the loader adds to every raw table; not part of a raw file
LINEAGE_COLUMNS = ("_source_file", "_source_row", "_row_hash", "_loaded_at")
SPREAD_DAYS = 7


def increment_files(raw_dir: Path) -> list[Path]:
    folder = raw_dir / "orders"
    return sorted(folder.glob(f"{INCREMENT_STEM}*")) if folder.is_dir() else []


def remove_increment(raw_dir: Path) -> None:
    """Restore the raw folder to the generated data (the harness's raw folder is a set of links)."""
    for path in increment_files(raw_dir):
        path.unlink()
    folder = raw_dir / "orders"
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def append_orders(warehouse: Path, raw_dir: Path, share: float, seed: int,
                  today: dt.date | None = None) -> dict[str, Any]:
    today = today or dt.date.today()
    file_format = "csv" if (raw_dir / "orders.csv").exists() or not (raw_dir / "orders.parquet").exists() \
        else "parquet"
    out = raw_dir / "orders" / f"{INCREMENT_STEM}.{file_format}"
    out.parent.mkdir(parents=True, exist_ok=True)
    with connect(str(warehouse), read_only=True) as con:
        raw_rows, as_of = con.execute(
            "select (select count(*) from raw.orders), (select max(order_date) from staging.stg_raw__orders)"
        ).fetchone()
        rows = max(1, round(raw_rows * share))
        columns = [name for (name,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'orders' order by ordinal_position"
        ).fetchall() if name not in LINEAGE_COLUMNS]
        first_day = as_of + dt.timedelta(days=1)
        last_day = min(as_of + dt.timedelta(days=SPREAD_DAYS), today - dt.timedelta(days=1))
        if last_day < first_day:
            # data that ends yesterday: the new orders are on the latest day (still new orders)
            first_day = last_day = as_of
        spread = (last_day - first_day).days + 1
        replaced = {
            "order_id": "'BENCH-' || cast(new_number as varchar)",
            "ordered_at": "strftime(new_ordered_at, '%Y-%m-%d %H:%M:%S')",
            "updated_at": "strftime(new_ordered_at, '%Y-%m-%d %H:%M:%S')",
        }
        select_list = ",\n".join(replaced.get(name, f'"{name}"') + f' as "{name}"' for name in columns)
        copy_options = "format csv, header true, force_quote *" if file_format == "csv" else "format parquet"
        con.execute(f"""
            copy (
                with
                clean as (
                    select _source_file, _source_row
                    from staging.stg_raw__orders
                ),
                sampled as (
                    select raw_orders.*
                    from raw.orders as raw_orders
                    inner join clean
                        on raw_orders._source_file = clean._source_file
                        and raw_orders._source_row = clean._source_row
                    using sample reservoir({rows} rows) repeatable ({seed})
                ),
                numbered as (
                    select
                        *,
                        row_number() over (order by _source_file, _source_row) as new_number
                    from sampled
                ),
                dated as (
                    select
                        *,
                        date '{first_day.isoformat()}' + cast(new_number % {spread} as integer)
                            + to_seconds(cast(hash(new_number, {seed}) % 86400 as bigint)) as new_ordered_at
                    from numbered
                )
                select {select_list}
                from dated
                order by new_number
            ) to {_quote(out)} ({copy_options})
        """)
        written = con.execute(f"select count(*) from {_quote(out)}").fetchone()[0]
    return {"file": str(out), "rows": written, "raw_orders_before": raw_rows, "share": share,
            "as_of_before": as_of.isoformat(), "first_new_day": first_day.isoformat(),
            "last_new_day": last_day.isoformat()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, required=True, help="built warehouse (read-only)")
    parser.add_argument("--raw-dir", type=Path, required=True, help="raw folder the warehouse was built from")
    parser.add_argument("--share", type=float, default=0.01, help="new orders as a share of raw orders rows")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--report", type=Path, default=None, help="write the outcome as JSON here")
    args = parser.parse_args(argv)
    outcome = append_orders(args.warehouse, args.raw_dir, args.share, args.seed)
    text = json.dumps(outcome, indent=2)
    if args.report:
        args.report.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
