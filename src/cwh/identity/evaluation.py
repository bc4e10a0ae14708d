"""Identity resolution measured against the demo generator's ground truth (`_truth/customer_truth.csv`).

Used by bench/identity_quality.py (the report against the issue's bar) and by the test suite. A pair of
records is predicted when both get the same customer_id and true when both belong to the same person;
precision and recall are over pairs, computed in DuckDB from group sizes (no pair is materialised).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class Quality:
    records: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    customers: int
    people: int
    candidate_pairs: int
    candidate_true_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def blocking_recall(self) -> float:
        return self.candidate_true_pairs / self.true_pairs if self.true_pairs else 1.0


def load_truth(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> None:
    """Temp tables `truth` (record -> person) and `evaluated` (record -> customer_id, person_id)."""
    truth = raw_dir / "_truth" / "customer_truth.csv"
    if not truth.exists():
        raise FileNotFoundError(f"no ground truth at {truth}: use raw data written by `cwh generate`")
    con.execute(f"""
        create or replace temp table truth as
        select distinct
            lower(trim(source_system)) as source_system,
            trim(source_customer_id) as source_customer_id,
            person_id
        from read_csv('{truth}', all_varchar = true)
    """)
    con.execute("""
        create or replace temp table evaluated as
        select clustered.customer_record_key, clustered.customer_id, truth.person_id
        from intermediate.int_customer_records_clustered as clustered
        inner join truth using (source_system, source_customer_id)
    """)


def measure(con: duckdb.DuckDBPyConnection) -> Quality:
    """Pairwise quality of the warehouse `con` reads (after load_truth)."""
    def pairs(group: str) -> int:
        return int(
            con.execute(
                "select coalesce(sum(n * (n - 1) / 2), 0) "
                f"from (select count(*) as n from evaluated group by {group})"
            ).fetchone()[0]
        )

    records, customers, people = con.execute(
        "select count(*), count(distinct customer_id), count(distinct person_id) from evaluated"
    ).fetchone()
    candidates, candidate_true = con.execute("""
        select count(*), count(*) filter (where left_truth.person_id = right_truth.person_id)
        from intermediate.int_customer_pairs_compared as pairs
        left join evaluated as left_truth on pairs.left_record_key = left_truth.customer_record_key
        left join evaluated as right_truth on pairs.right_record_key = right_truth.customer_record_key
    """).fetchone()
    return Quality(
        records=int(records),
        true_pairs=pairs("person_id"),
        predicted_pairs=pairs("customer_id"),
        correct_pairs=pairs("customer_id, person_id"),
        customers=int(customers),
        people=int(people),
        candidate_pairs=int(candidates),
        candidate_true_pairs=int(candidate_true),
    )


def without_columns(raw_dir: Path, out_dir: Path, columns: list[str]) -> Path:
    """A copy of raw_dir (other files linked) whose customers.csv lacks `columns` entirely."""
    out_dir.mkdir(parents=True)
    for entry in raw_dir.iterdir():
        if entry.name != "customers.csv":
            (out_dir / entry.name).symlink_to(entry.resolve())
    with duckdb.connect() as con:
        header = [row[0] for row in con.execute(
            f"describe select * from read_csv('{raw_dir / 'customers.csv'}', all_varchar = true)"
        ).fetchall()]
        unknown = sorted(set(columns) - set(header))
        if unknown:
            raise ValueError(f"customers.csv has no column {', '.join(unknown)}")
        kept = ", ".join(f'"{name}"' for name in header if name not in columns)
        con.execute(
            f"copy (select {kept} from read_csv('{raw_dir / 'customers.csv'}', all_varchar = true)) "
            f"to '{out_dir / 'customers.csv'}' (header true)"
        )
    return out_dir
