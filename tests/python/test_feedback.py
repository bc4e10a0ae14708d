"""Feedback marts (issue 5) on a hand-made dataset: NPS, CSAT and complaint figures computed by hand.

Four customers A-D of one source system (plus answers of an unknown respondent Z):

| answers | January 2024 | February 2024 |
|---|---|---|
| NPS  | A 10, A 9, A 10, B 9, B 8, C 7, C 6, D 5, D 9, Z 0 | B 10, C 2 |
| CSAT | A 5, B 4, C 3, D 1, D 2 | |

| ticket | customer | type | category | severity | status | opened -> resolved |
|---|---|---|---|---|---|---|
| T1 | A | complaint | delivery | high | resolved | 01-01 08:00 -> 01-02 08:00 (24 h) |
| T2 | A | complaint | delivery | low | closed | 02-01 08:00 -> 02-01 20:00 (12 h) |
| T3 | A | complaint | quality | critical | open | 03-01 08:00 |
| T4 | B | complaint | price | medium | resolved | 01-10 08:00 -> 01-10 14:00 (6 h) |
| T5 | B | question | billing | low | closed | 01-11 08:00 -> 01-11 09:00 (1 h) |
| T6 | C | complaint | delivery | HIGH | In Progress | 03-05 08:00 |
| T7 | C | suggestion | packaging | (empty) | closed | 03-06 08:00 -> 03-06 10:00 (2 h) |
| T8 | D | complaint | delivery | high | resolved | 01-03 08:00 -> 01-05 08:00 (48 h) |

Expected values are derived in the docstrings from the documented rules (seed scoring_survey_bands,
scoring_ticket_* seeds, docs/scoring-and-segments.md), not read back from the warehouse.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import Warehouse, hand_made_warehouse, must, run_dbt, write_csv

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("feedback_marts")]

SELECTION = ["intermediate.engagement", "marts.feedback"]
DBT_VARS = {"as_of_date": "2024-03-31"}

SURVEYS = [
    # response_id, customer, responded_at, survey_type, score
    ("N01", "A", "2024-01-03 10:00:00", "nps", 10),
    ("N02", "A", "2024-01-13 10:00:00", "nps", 9),
    ("N03", "A", "2024-01-23 10:00:00", "nps", 10),
    ("N04", "B", "2024-01-04 10:00:00", "nps", 9),
    ("N05", "B", "2024-01-14 10:00:00", "nps", 8),
    ("N06", "C", "2024-01-05 10:00:00", "nps", 7),
    ("N07", "C", "2024-01-15 10:00:00", "nps", 6),
    ("N08", "D", "2024-01-06 10:00:00", "nps", 5),
    ("N09", "D", "2024-01-16 10:00:00", "nps", 9),
    ("N10", "Z", "2024-01-07 10:00:00", "nps", 0),
    ("N11", "B", "2024-02-04 10:00:00", "nps", 10),
    ("N12", "C", "2024-02-05 10:00:00", "nps", 2),
    ("S01", "A", "2024-01-08 10:00:00", "csat", 5),
    ("S02", "B", "2024-01-08 11:00:00", "csat", 4),
    ("S03", "C", "2024-01-08 12:00:00", "csat", 3),
    ("S04", "D", "2024-01-08 13:00:00", "csat", 1),
    ("S05", "D", "2024-01-18 13:00:00", "csat", 2),
]

TICKETS = [
    # ticket_id, customer, opened_at, resolved_at, ticket_type, category, severity, status
    ("T1", "A", "2024-01-01 08:00:00", "2024-01-02 08:00:00", "complaint", "delivery", "high", "resolved"),
    ("T2", "A", "2024-02-01 08:00:00", "2024-02-01 20:00:00", "complaint", "delivery", "low", "closed"),
    ("T3", "A", "2024-03-01 08:00:00", "", "complaint", "quality", "critical", "open"),
    ("T4", "B", "2024-01-10 08:00:00", "2024-01-10 14:00:00", "complaint", "price", "medium", "resolved"),
    ("T5", "B", "2024-01-11 08:00:00", "2024-01-11 09:00:00", "question", "billing", "low", "closed"),
    ("T6", "C", "2024-03-05 08:00:00", "", "complaint", "delivery", "HIGH", "In Progress"),
    ("T7", "C", "2024-03-06 08:00:00", "2024-03-06 10:00:00", "suggestion", "packaging", "", "closed"),
    ("T8", "D", "2024-01-03 08:00:00", "2024-01-05 08:00:00", "complaint", "delivery", "high", "resolved"),
]


def write_raw_data(raw_dir: Path) -> None:
    raw_dir.mkdir(parents=True, exist_ok=True)
    write_csv(raw_dir / "customers.csv", ["source_system", "source_customer_id", "full_name", "created_at"],
              [("crm", cid, f"Customer {cid}", "2023-01-01") for cid in "ABCD"])
    write_csv(raw_dir / "orders.csv",
              ["source_system", "order_id", "source_customer_id", "ordered_at", "amount", "status"],
              [("crm", "O1", "A", "2024-03-31 10:00:00", "100.00", "completed")])
    write_csv(raw_dir / "surveys.csv",
              ["response_id", "source_system", "source_customer_id", "responded_at", "survey_type", "score"],
              [(rid, "crm", cid, at, kind, str(score)) for rid, cid, at, kind, score in SURVEYS])
    write_csv(raw_dir / "tickets.csv",
              ["ticket_id", "source_system", "source_customer_id", "opened_at", "resolved_at", "ticket_type",
               "category", "severity", "status"],
              [(tid, "crm", cid, *rest) for tid, cid, *rest in TICKETS])


def dbt(warehouse: Warehouse, *args: str) -> subprocess.CompletedProcess:
    return run_dbt(warehouse, *args, dbt_vars=DBT_VARS)


@pytest.fixture(scope="module")
def feedback_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return hand_made_warehouse(
        tmp_path_factory.mktemp("feedback_marts"), write_raw_data, SELECTION, dbt_vars=DBT_VARS
    )


def by_source_id(warehouse: Warehouse, sql: str) -> dict[str, tuple]:
    """Rows of `sql` (first column customer_id) keyed by the source id (A..D) of the customer."""
    rows = warehouse.query(f"""
        with mart as ({sql})
        select records.source_customer_id, mart.* exclude (customer_id)
        from mart
        inner join intermediate.int_customer_records_clustered as records
            on mart.customer_id = records.customer_id
    """)
    return {row[0]: row[1:] for row in rows}


def test_dbt_data_and_unit_tests_pass_on_the_known_dataset(feedback_warehouse: Warehouse) -> None:
    done = dbt(feedback_warehouse, "test", "--select", *SELECTION, "--indirect-selection", "cautious")
    must(done)
    assert "PASS=" in done.stdout


def test_nps_by_month_by_hand(feedback_warehouse: Warehouse) -> None:
    """January: 10 answers 10, 9, 10, 9, 8, 7, 6, 5, 9, 0 -> promoters 10, 9, 10, 9, 9 (5), passives 8, 7 (2),
    detractors 6, 5, 0 (3): NPS = 50 % - 30 % = 20; respondents A-D (Z is unknown) = 4.
    February: 10 and 2 -> NPS = 50 % - 50 % = 0 (a real zero, not a missing value)."""
    rows = feedback_warehouse.query("""
        select strftime(response_month, '%Y-%m'), responses, respondents, promoters, passives, detractors,
            pct_promoters, pct_detractors, nps, is_small_sample
        from marts.nps_monthly order by response_month
    """)
    assert rows == [
        ("2024-01", 10, 4, 5, 2, 3, 50.0, 30.0, 20.0, True),
        ("2024-02", 2, 2, 1, 0, 1, 50.0, 50.0, 0.0, True),
    ]


def test_csat_by_month_by_hand(feedback_warehouse: Warehouse) -> None:
    """5, 4, 3, 1, 2: satisfied (4-5) 2 of 5 = 40 %, neutral 1, dissatisfied (1-2) 2 = 40 %, mean 3."""
    rows = feedback_warehouse.query("""
        select strftime(response_month, '%Y-%m'), responses, respondents, satisfied, neutral, dissatisfied,
            avg_score, csat_pct, pct_dissatisfied
        from marts.csat_monthly
    """)
    assert rows == [("2024-01", 5, 4, 2, 1, 2, 3.0, 40.0, 40.0)]


def test_survey_answers_rescaled_and_banded(feedback_warehouse: Warehouse) -> None:
    """Every answer is in fct_survey_responses; NPS 9 -> 90, CSAT 4 -> 75; Z's answer has no customer."""
    rows = dict(feedback_warehouse.query("""
        select response_id, (score_0_100, response_band, customer_id is null)
        from marts.fct_survey_responses
    """))
    assert len(rows) == len(SURVEYS)
    assert rows["N02"] == (90.0, "promoter", False)
    assert rows["N05"] == (80.0, "passive", False)
    assert rows["N07"] == (60.0, "detractor", False)
    assert rows["N10"] == (0.0, "detractor", True)
    assert rows["S02"] == (75.0, "satisfied", False)
    assert rows["S03"] == (50.0, "neutral", False)


def test_tickets_mapped_to_closed_sets(feedback_warehouse: Warehouse) -> None:
    """T6 `HIGH` / `In Progress` are normalised; T7's type, category and empty severity are not in the seeds
    and become `unknown` (weighted like medium, 2); T3 and T6 have no resolution, the others do."""
    rows = dict(feedback_warehouse.query("""
        select ticket_id, (ticket_type, is_complaint, category, severity, complaint_weight, status,
            is_resolved, hours_to_resolution)
        from marts.fct_tickets
    """))
    assert rows["T6"] == ("complaint", True, "delivery", "high", 4.0, "in_progress", False, None)
    assert rows["T7"] == ("unknown", False, "unknown", "unknown", 2.0, "closed", True, 2.0)
    assert rows["T1"] == ("complaint", True, "delivery", "high", 4.0, "resolved", True, 24.0)
    assert rows["T3"][6:] == (False, None)


def test_complaints_summary_by_hand(feedback_warehouse: Warehouse) -> None:
    """complaint|delivery|high|resolved holds T1 (24 h, A) and T8 (48 h, D): 2 tickets, 2 customers, mean and
    median 36 h, p90 = 24 + 0.9 x 24 = 45.6 h. The other six tickets are one group each: 7 groups adding up
    to the 8 tickets."""
    [(tickets, customers, resolved, avg_hours, median_hours, p90_hours)] = feedback_warehouse.query("""
        select tickets, customers, resolved_tickets, avg_hours_to_resolution, median_hours_to_resolution,
            p90_hours_to_resolution
        from marts.complaints_summary where summary_key = 'complaint|delivery|high|resolved'
    """)
    assert (tickets, customers, resolved) == (2, 2, 2)
    assert avg_hours == pytest.approx(36.0)
    assert median_hours == pytest.approx(36.0)
    assert p90_hours == pytest.approx(45.6)
    [(total, groups)] = feedback_warehouse.query(
        "select sum(tickets), count(*) from marts.complaints_summary")
    assert (total, groups) == (8, 7)


def test_repeat_complainers_by_hand(feedback_warehouse: Warehouse) -> None:
    """Only A has two or more complaints (T1, T2, T3): 1 unresolved, 2 categories, top delivery (2), worst
    critical, weighted 4 + 1 + 8 = 13, mean resolution (24 + 12) / 2 = 18 h, 60 days / 2 gaps = 30 days apart.
    B (T4 + a question), C (T6 + a suggestion) and D (T8) have one complaint each."""
    rows = by_source_id(feedback_warehouse, """
        select customer_id, complaints, unresolved_complaints, categories, top_category, max_severity,
            weighted_complaints, avg_hours_to_resolution, avg_days_between_complaints
        from marts.repeat_complainers
    """)
    assert rows == {"A": (3, 1, 2, "delivery", "critical", 13.0, 18.0, 30.0)}
