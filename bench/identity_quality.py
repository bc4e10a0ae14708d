"""Identity resolution quality against the demo generator's ground truth.

    .venv/bin/python bench/identity_quality.py                         # 20,000 people, seed 42
    .venv/bin/python bench/identity_quality.py --customers 5000 --seed 7
    .venv/bin/python bench/identity_quality.py --data-dir /tmp/raw     # generated data that exists
    .venv/bin/python bench/identity_quality.py --warehouse W --skip-build --data-dir /tmp/raw
    .venv/bin/python bench/identity_quality.py --without-columns email,phone   # a source with no contacts

Generates a dataset (unless --data-dir is given), builds the identity models into a scratch warehouse
with dbt, then compares int_customer_records_clustered with `_truth/customer_truth.csv` (source_system,
source_customer_id -> person_id). Prints pairwise precision, recall and F1 (a pair of records is
predicted when both get the same customer_id, true when both belong to the same person), customers
found vs true people, candidate pairs per blocking pass and how many true pairs blocking reached.
--without-columns drops whole columns from customers.csv before the build (every source then lacks
them: e.g. only names, birth dates and addresses), to measure resolution when fields are absent.
Exits 1 when precision or recall is below the bar (--min-precision, --min-recall), 2 on a setup error.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
from measure import dbt_env

from cwh.identity.evaluation import load_truth, measure, without_columns

PROJECT_DIR = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")
BUILD_SELECTOR = "+tag:identity"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=20_000, help="people to generate (default 20000)")
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument("--data-dir", type=Path, help="use generated raw data here (must contain _truth/)")
    parser.add_argument("--warehouse", type=Path, help="warehouse file (default: a scratch file)")
    parser.add_argument("--skip-build", action="store_true", help="measure --warehouse as it is")
    parser.add_argument("--min-precision", type=float, default=0.99, help="bar for pairwise precision")
    parser.add_argument("--min-recall", type=float, default=0.98, help="bar for pairwise recall")
    parser.add_argument(
        "--dbt-vars", default="", help='extra --vars for dbt, e.g. "{identity_match_weight: 5}"'
    )
    parser.add_argument(
        "--without-columns",
        default="",
        metavar="COLUMNS",
        help="comma-separated customers.csv columns to remove before the build, e.g. email,phone",
    )
    parser.add_argument(
        "--explain",
        type=int,
        default=0,
        metavar="N",
        help="also print the N most frequent comparison patterns among errors",
    )
    return parser.parse_args(argv)


def generate(out_dir: Path, customers: int, seed: int) -> None:
    print(f"generating {customers:,} people (seed {seed}) into {out_dir} ...", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cwh",
            "generate",
            "--customers",
            str(customers),
            "--seed",
            str(seed),
            "--out",
            str(out_dir),
            "--quiet",
        ],
        cwd=PROJECT_DIR,
        check=True,
    )


def build(raw_dir: Path, warehouse: Path, work_dir: Path, dbt_vars: str) -> float:
    env = dbt_env(PROJECT_DIR, raw_dir, warehouse, work_dir / "tmp")
    # unit tests are not run here (the test suite runs them): this measures the models
    command = [
        str(DBT),
        "build",
        "--select",
        BUILD_SELECTOR,
        "--indirect-selection",
        "cautious",
        "--exclude-resource-type",
        "unit_test",
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
    ]
    if dbt_vars:
        command += ["--vars", dbt_vars]
    print(f"building {BUILD_SELECTOR} into {warehouse} ...", flush=True)
    started = time.monotonic()
    done = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout[-6000:], done.stderr[-3000:], sep="\n")
        raise SystemExit(f"error: dbt build failed (exit {done.returncode}); logs in {work_dir / 'logs'}")
    return time.monotonic() - started


def blacklist_check(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> tuple[int, int, int] | None:
    """(people on the blacklist truth, of them flagged, flagged customers with no blacklisted person)."""
    truth = raw_dir / "_truth" / "blacklist_truth.csv"
    if not truth.exists():
        return None
    return con.execute(f"""
        with listed as (
            select distinct person_id from read_csv('{truth}', all_varchar = true) where person_id is not null
        ),
        customers as (
            select evaluated.customer_id, evaluated.person_id, dim.is_blacklisted
            from evaluated
            inner join marts.dim_customers as dim using (customer_id)
        ),
        present as (
            select listed.person_id, bool_or(customers.is_blacklisted) as flagged
            from listed
            inner join customers using (person_id)
            group by listed.person_id
        ),
        flagged as (
            select customer_id, bool_or(person_id in (select person_id from listed)) as has_listed_person
            from customers where is_blacklisted group by customer_id
        )
        select
            (select count(*) from present),
            (select count(*) from present where flagged),
            (select count(*) from flagged where not has_listed_person)
    """).fetchone()


def pass_counts(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("""
        with pairs as (
            select pairs.*, left_truth.person_id = right_truth.person_id as is_true
            from intermediate.int_customer_pairs_scored as pairs
            left join evaluated as left_truth on pairs.left_record_key = left_truth.customer_record_key
            left join evaluated as right_truth on pairs.right_record_key = right_truth.customer_record_key
        )
        select pass_name, count(*) as pairs, count(*) filter (where is_true) as true_pairs,
               count(*) filter (where len(blocking_passes) = 1) as only_this_pass,
               count(*) filter (where is_true and len(blocking_passes) = 1) as true_only_this_pass
        from pairs, unnest(blocking_passes) as passes(pass_name)
        group by pass_name order by pairs desc
    """).fetchall()


def explain(con: duckdb.DuckDBPyConnection, top: int) -> None:
    levels = "name_level, birth_date_level, email_level, phone_level, location_level, gender_level"
    for title, condition in (
        ("false merges (different people, one customer)", "not is_true and same_customer"),
        ("missed pairs among candidates (same person, two customers)", "is_true and not same_customer"),
    ):
        rows = con.execute(f"""
            with pairs as (
                select pairs.*, left_truth.person_id = right_truth.person_id as is_true,
                       left_truth.customer_id = right_truth.customer_id as same_customer
                from intermediate.int_customer_pairs_scored as pairs
                inner join evaluated as left_truth on pairs.left_record_key = left_truth.customer_record_key
                inner join evaluated as right_truth
                    on pairs.right_record_key = right_truth.customer_record_key
            )
            select {levels}, round(any_value(match_weight), 2) as weight, count(*) as pairs
            from pairs where {condition} group by all order by pairs desc limit {top}
        """).fetchall()
        print(f"\n{title}: top patterns ({levels}, weight, pairs)")
        for row in rows:
            print("  ", row)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="identity_quality_") as scratch:
        work_dir = Path(scratch)
        raw_dir = args.data_dir or work_dir / "raw"
        if args.data_dir is None:
            generate(raw_dir, args.customers, args.seed)
        dropped = [name.strip() for name in args.without_columns.split(",") if name.strip()]
        if dropped:
            try:
                raw_dir = without_columns(raw_dir, work_dir / "raw_without", dropped)
            except ValueError as error:
                raise SystemExit(f"error: --without-columns: {error}") from None
            print(f"customers.csv without {', '.join(dropped)}", flush=True)
        warehouse = args.warehouse or work_dir / "warehouse.duckdb"
        seconds = None
        if not args.skip_build:
            seconds = build(raw_dir.resolve(), warehouse.resolve(), work_dir, args.dbt_vars)
        elif not warehouse.exists():
            raise SystemExit(f"error: --skip-build but no warehouse at {warehouse}")
        with duckdb.connect(str(warehouse), read_only=True) as con:
            try:
                load_truth(con, raw_dir)
            except FileNotFoundError as error:
                hint = "point --data-dir at data written by `cwh generate`"
                raise SystemExit(f"error: {error}; {hint}") from None
            quality = measure(con)
            passes = pass_counts(con)
            blacklist = blacklist_check(con, raw_dir)
            if args.explain:
                explain(con, args.explain)

    print(f"\nrecords evaluated     {quality.records:>12,}")
    print(f"true people           {quality.people:>12,}")
    print(
        f"customers found       {quality.customers:>12,}   ({quality.customers - quality.people:+,} vs true)"
    )
    print(f"true pairs            {quality.true_pairs:>12,}")
    print(f"predicted pairs       {quality.predicted_pairs:>12,}")
    print(f"correct pairs         {quality.correct_pairs:>12,}")
    print(f"precision             {quality.precision:>12.5f}   (bar {args.min_precision})")
    print(f"recall                {quality.recall:>12.5f}   (bar {args.min_recall})")
    print(f"F1                    {quality.f1:>12.5f}")
    print(
        f"candidate pairs       {quality.candidate_pairs:>12,}   "
        f"(blocking reached {quality.blocking_recall:.4%} of true pairs)"
    )
    if blacklist is not None:
        listed, flagged, unexpected = blacklist
        print(f"blacklisted people    {listed:>12,}   ({flagged:,} flagged; {unexpected:,} flagged customers "
              "with no listed person)")
    print("\ncandidate pairs per blocking pass (a pair found by several passes counts in each):")
    print(f"  {'pass':<28}{'pairs':>10}{'true':>10}{'only here':>11}{'true only here':>16}")
    for name, total, true, only, true_only in passes:
        print(f"  {name:<28}{total:>10,}{true:>10,}{only:>11,}{true_only:>16,}")
    if seconds is not None:
        print(f"\ndbt build of {BUILD_SELECTOR}: {seconds:.0f} s")
    ok = quality.precision >= args.min_precision and quality.recall >= args.min_recall
    print("\nPASS" if ok else "\nFAIL: below the bar")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
