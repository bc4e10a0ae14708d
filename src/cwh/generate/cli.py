"""`python -m cwh generate`: arguments and the run that prints one summary line."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from cwh.generate.contract import ENTITIES
from cwh.generate.dataset import ORDERS_PER_PERSON, generate_dataset
from cwh.generate.writer import FORMATS


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-06-30") from error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--customers",
        type=int,
        default=5_000,
        metavar="N",
        help="number of real people (source customer records are ~1.2 N); default 5000",
    )
    parser.add_argument("--seed", type=int, default=42, metavar="S", help="random seed; default 42")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("data/raw"),
        metavar="DIR",
        help="output folder for <entity>.csv|parquet and _truth/; default data/raw",
    )
    parser.add_argument(
        "--orders",
        type=int,
        default=None,
        metavar="M",
        help=f"approximate total number of orders; default {ORDERS_PER_PERSON} per person",
    )
    parser.add_argument(
        "--format",
        dest="file_format",
        choices=FORMATS,
        default="csv",
        help="file format of the raw files; default csv",
    )
    parser.add_argument(
        "--start-date",
        type=_date,
        default=date(2021, 1, 1),
        metavar="YYYY-MM-DD",
        help="first day of the data window; default 2021-01-01",
    )
    parser.add_argument(
        "--end-date",
        type=_date,
        default=date(2026, 6, 30),
        metavar="YYYY-MM-DD",
        help="last day of the data window; default 2026-06-30",
    )
    parser.add_argument(
        "--no-defects",
        dest="defects",
        action="store_false",
        help="write a clean dataset (duplicate people remain: that is the identity problem)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        result = generate_dataset(
            args.out,
            args.customers,
            args.seed,
            orders=args.orders,
            start_date=args.start_date,
            end_date=args.end_date,
            file_format=args.file_format,
            defects=args.defects,
            progress=not args.quiet,
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    counts = " ".join(f"{entity}={result.rows[entity]:,}" for entity in ENTITIES)
    print(
        f"generated {args.customers:,} people in {result.seconds:.1f} s -> {result.out_dir} "
        f"({args.file_format}; {result.defects:,} defects): {counts}"
    )
    return 0
