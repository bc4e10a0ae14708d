"""Customer scores, segments and segment profiles (issue 5) on a hand-made dataset, as_of_date 2024-06-30.

Three customers of one source system:

- A, a moderate buyer: completed orders of 100 on 2023-04-19, 2023-05-01, 2024-01-15 and 2024-04-18
  (three food lines and one toys line), 6 touch points from August 2023 to January 2024, NPS 9 and CSAT 4
  in May 2024, one medium complaint (resolved); gold member, born 1985-05-05 in 上海, income 20k-50k,
  household 3, doctor.
- B, the best customer on paper, but blacklisted (by e-mail): 1000 every month from 2021-07-01 to
  2024-06-01 in five categories, 12 touch points and 3 inquiries in the window, NPS 10 and CSAT 5,
  platinum member, income >50k, household 5, business owner.
- F, a prospect: a record and nothing else.

The expected values are derived in the docstrings from the rules in seed scoring_inputs (documented in
docs/scoring-and-segments.md), not read back from the warehouse. Predicted CLV and p_alive come from the
fitted BG/NBD model and are not hand-computed here: the tests check the inputs that do not depend on them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import Warehouse, hand_made_warehouse, must, run_dbt, write_csv

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("scoring_marts")]

AS_OF = "2024-06-30"
SELECTION = ["marts.scoring", "nps_by_segment"]
CUSTOMER_HEADER = ["source_system", "source_customer_id", "full_name", "gender", "birth_date", "email",
                   "phone", "country", "city", "occupation", "income_band", "household_size", "is_member",
                   "member_level", "created_at"]
CUSTOMERS = [
    ("crm", "A", "王芳", "F", "1985-05-05", "fang.wang@example.com", "13800000001", "CN", "上海", "doctor",
     "20k-50k", "3", "true", "gold", "2023-01-01"),
    ("crm", "B", "李强", "M", "1975-03-03", "qiang.li@example.com", "13800000002", "CN", "北京",
     "business owner", ">50k", "5", "true", "platinum", "2021-01-01"),
    ("crm", "F", "赵敏", "", "", "min.zhao@example.com", "13800000003", "", "", "", "", "", "false", "",
     "2024-01-01"),
]


def monthly(start_year: int, start_month: int, count: int) -> list[str]:
    days = []
    year, month = start_year, start_month
    for _ in range(count):
        days.append(f"{year:04d}-{month:02d}-01")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return days


A_ORDERS = [("A1", "2023-04-19", "P1"), ("A2", "2023-05-01", "P1"), ("A3", "2024-01-15", "P1"),
            ("A4", "2024-04-18", "P2")]
B_ORDERS = [(f"B{n}", day, f"P{1 + n % 5}") for n, day in enumerate(monthly(2021, 7, 36), start=1)]


def write_raw_data(raw_dir: Path) -> None:
    raw_dir.mkdir(parents=True, exist_ok=True)
    write_csv(raw_dir / "customers.csv", CUSTOMER_HEADER, CUSTOMERS)
    orders = [("crm", oid, "A", f"{day} 10:00:00", "100.00", "completed", "web")
              for oid, day, _ in A_ORDERS]
    orders += [("crm", oid, "B", f"{day} 10:00:00", "1000.00", "completed", "store")
               for oid, day, _ in B_ORDERS]
    write_csv(raw_dir / "orders.csv",
              ["source_system", "order_id", "source_customer_id", "ordered_at", "amount", "status",
               "channel"], orders)
    items = [("crm", oid, "1", product, "1", "100.00") for oid, _, product in A_ORDERS]
    items += [("crm", oid, "1", product, "1", "1000.00") for oid, _, product in B_ORDERS]
    write_csv(raw_dir / "order_items.csv",
              ["source_system", "order_id", "line_number", "product_id", "quantity", "unit_price"], items)
    write_csv(raw_dir / "products.csv", ["product_id", "product_name", "category"],
              [("P1", "Rice X1", "food"), ("P2", "Robot T2", "toys"), ("P3", "Phone K3", "phones"),
               ("P4", "Shirt A4", "apparel"), ("P5", "Lipstick B5", "beauty")])
    touches = [("crm", f"IA{n}", "A", f"{day[:8]}10 09:00:00", "web_visit", "web")
               for n, day in enumerate(monthly(2023, 8, 6), start=1)]
    touches += [("crm", f"IB{n}", "B", f"{day[:8]}05 09:00:00", "call", "phone")
                for n, day in enumerate(monthly(2023, 7, 12), start=1)]
    write_csv(raw_dir / "interactions.csv",
              ["source_system", "interaction_id", "source_customer_id", "occurred_at", "interaction_type",
               "channel"], touches)
    write_csv(raw_dir / "inquiries.csv",
              ["inquiry_id", "source_system", "source_customer_id", "received_at", "product_mentioned"],
              [(f"QB{n}", "crm", "B", f"2024-0{n}-20 09:00:00", "K3") for n in range(1, 4)])
    write_csv(raw_dir / "surveys.csv",
              ["response_id", "source_system", "source_customer_id", "responded_at", "survey_type", "score"],
              [("SA1", "crm", "A", "2024-05-01 10:00:00", "nps", "9"),
               ("SA2", "crm", "A", "2024-05-02 10:00:00", "csat", "4"),
               ("SB1", "crm", "B", "2024-06-01 10:00:00", "nps", "10"),
               ("SB2", "crm", "B", "2024-06-02 10:00:00", "csat", "5")])
    write_csv(raw_dir / "tickets.csv",
              ["ticket_id", "source_system", "source_customer_id", "opened_at", "resolved_at", "ticket_type",
               "category", "severity", "status"],
              [("TA1", "crm", "A", "2024-03-01 10:00:00", "2024-03-02 10:00:00", "complaint", "delivery",
                "medium", "resolved")])
    write_csv(raw_dir / "blacklist.csv", ["blacklist_id", "email", "reason"],
              [("BL1", "qiang.li@example.com", "chargeback")])


def dbt(warehouse: Warehouse, *args: str) -> subprocess.CompletedProcess:
    return run_dbt(warehouse, *args, dbt_vars={"as_of_date": AS_OF})


@pytest.fixture(scope="module")
def scoring_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return hand_made_warehouse(
        tmp_path_factory.mktemp("scoring_marts"), write_raw_data, SELECTION, dbt_vars={"as_of_date": AS_OF}
    )


def by_source_id(warehouse: Warehouse, sql: str) -> dict[str, dict]:
    """Rows of `sql` (which has customer_id) keyed by the source id (A, B, F) of the customer."""
    with warehouse.connect() as con:
        frame = con.execute(f"""
            with mart as ({sql})
            select records.source_customer_id as source_id, mart.*
            from mart
            inner join intermediate.int_customer_records_clustered as records
                on mart.customer_id = records.customer_id
        """).df()
    return {row["source_id"]: row for row in frame.to_dict("records")}


def inputs_of(warehouse: Warehouse, source_id: str) -> dict[str, tuple]:
    """The customer's rows of customer_score_inputs: input -> (value, treatment, score)."""
    with warehouse.connect() as con:
        found = con.execute("""
            select inputs.input_name, inputs.input_value, inputs.treatment, inputs.input_score
            from marts.customer_score_inputs as inputs
            inner join intermediate.int_customer_records_clustered as records
                on inputs.customer_id = records.customer_id
            where records.source_customer_id = ?
        """, [source_id]).fetchall()
    return {name: (value, treatment, score) for name, value, treatment, score in found}


def test_dbt_data_and_unit_tests_pass_on_the_known_dataset(scoring_warehouse: Warehouse) -> None:
    done = dbt(scoring_warehouse, "test", "--select", *SELECTION, "--indirect-selection", "cautious")
    must(done)
    assert "PASS=" in done.stdout


def test_one_score_row_per_customer_in_range(scoring_warehouse: Warehouse) -> None:
    rows = by_source_id(scoring_warehouse, "select * from marts.customer_scores")
    assert set(rows) == {"A", "B", "F"}
    for row in rows.values():
        for column in ("needs_score", "potential_score", "loyalty_score", "spending_power_score",
                       "feedback_score", "composite_score"):
            value = row[column]
            assert value != value or 0 <= value <= 100, (column, value)  # NaN = NULL


def test_inputs_of_a_by_hand(scoring_warehouse: Warehouse) -> None:
    """A: 2 categories of 5 = 40; 6 touch points of 12 = 50; no inquiry = 0; last interest (the order of
    2024-04-18, after the last touch in January) is 73 days before as_of: (73 - 365) / (0 - 365) = 80;
    tenure 2023-04-19 -> 438 days of 1095 = 40; 4 purchase days -> repeat share 0.75 of 0.8 = 93.75;
    revenue 200 in the value window (from 2023-07-02) and 200 before: trend 0 = 50; NPS 9 = 90; CSAT 4 =
    75; gold = rank 3 of 4 = 75; window revenue 200 between F's 0 and B's 11000 = percentile 50; AOV 100
    below B's 1000 = 0; income rank 4 -> 75; household 3 -> 50; doctor tier 3 -> 100; ratings 90 and 75
    -> 82.5; one medium complaint (weight 2) -> 75; 1 of 1 resolved -> 100."""
    inputs = inputs_of(scoring_warehouse, "A")
    expected = {
        "categories_bought": 40.0, "interactions_window": 50.0, "inquiries_window": 0.0,
        "days_since_last_interest": 80.0, "revenue_trend": 50.0, "tenure_days": 40.0,
        "repeat_purchase_share": 93.75,
        "latest_nps_score": 90.0, "latest_csat_score": 75.0, "membership_level_rank": 75.0,
        "revenue_window": 50.0, "average_order_value": 0.0, "income_band_rank": 75.0, "household_size": 50.0,
        "occupation_tier": 100.0, "avg_rating_window": 82.5, "weighted_complaints_window": 75.0,
        "complaint_resolution_share": 100.0,
    }
    for name, score in expected.items():
        assert inputs[name][1] == "observed", name
        assert inputs[name][2] == pytest.approx(score), name


def test_sub_scores_of_a_by_hand(scoring_warehouse: Warehouse) -> None:
    """needs = .30 x 40 + .25 x 50 + .15 x 0 + .30 x 80 = 48.5;
    loyalty = .25 x 40 + .25 x 93.75 + .20 x 90 + .10 x 75 + .20 x 75 = 73.9375 -> 73.9;
    spending power = .35 x 50 + .25 x 0 + .20 x 75 + .10 x 50 + .10 x 100 = 47.5;
    feedback = .40 x 82.5 + .40 x 75 + .20 x 100 = 83."""
    row = by_source_id(scoring_warehouse, "select * from marts.customer_scores")["A"]
    assert (row["needs_score"], row["loyalty_score"], row["spending_power_score"], row["feedback_score"]) == (
        48.5, 73.9, 47.5, 83.0)
    # every input of A is observed except, possibly, the two the BG/NBD fit gives (with two buyers it may
    # not converge): the confidence is 1 minus their weights (0.20 x 0.50 and 0.20 x 0.25)
    missing = {name for name, (_, treatment, _) in inputs_of(scoring_warehouse, "A").items()
               if treatment != "observed"}
    assert missing <= {"predicted_clv", "p_alive"}
    expected = 1 - 0.10 * ("predicted_clv" in missing) - 0.05 * ("p_alive" in missing)
    assert row["score_confidence"] == pytest.approx(expected)
    assert row["missing_inputs"] == len(missing)
    assert not row["is_low_confidence"]


def test_prospect_scores_by_hand_missing_is_not_zero(scoring_warehouse: Warehouse) -> None:
    """F never bought nor did anything. Observed: 0 categories, 0 touch points, 0 inquiries (needs = 0), not a
    member (loyalty = 0), revenue 0 (lowest percentile: spending power = 0), no complaint (100); the rating
    is missing and neutral (50): feedback = (.4 x 50 + .4 x 100) / .8 = 75. Potential has no input at all:
    NULL, and the composite is re-weighted without it: .15 x 75 / .80 = 14.0625 -> 14.1, grade D, low.
    Confidence = .25 x (.30 + .25 + .15) + .20 x .20 + .20 x .35 + .15 x .40 = 0.345 (low); 14 of the 20
    inputs are missing."""
    row = by_source_id(scoring_warehouse, "select * from marts.customer_scores")["F"]
    assert row["potential_score"] != row["potential_score"]  # NULL, not 0
    assert (row["needs_score"], row["loyalty_score"], row["spending_power_score"], row["feedback_score"]) == (
        0.0, 0.0, 0.0, 75.0)
    assert row["composite_score"] == 14.1
    assert row["score_grade"] == "D"
    assert row["score_confidence"] == pytest.approx(0.345)
    assert row["is_low_confidence"]
    assert row["missing_inputs"] == 14
    assert (row["priority_class"], row["service_level"]) == ("low", "automated_service")


def test_blacklisted_top_customer_is_never_high_priority(scoring_warehouse: Warehouse) -> None:
    """B's inputs are at or near the top everywhere (needs 100: 5 categories, 12 touch points, 3 inquiries,
    bought on as_of month; loyalty 100; spending 100; feedback 100), so the score alone earns high; the
    blacklist caps B at low, automated service."""
    row = by_source_id(scoring_warehouse, "select * from marts.customer_scores")["B"]
    assert row["is_blacklisted"]
    assert row["composite_score"] >= 70
    assert row["score_priority_class"] == "high"
    assert (row["priority_class"], row["service_level"], row["priority_rule"]) == (
        "low", "automated_service", "capped_blacklisted")


def test_segments_by_hand(scoring_warehouse: Warehouse) -> None:
    """A: 39 at as_of (35_44, 80后), 上海 is 一线, 2 orders in the value window (occasional), 3 of 4 lines
    food (0.75), all orders on the web, gold member, no tag (1 complaint, answers surveys, irregular gaps
    of 12, 259 and 94 days: coefficient of variation 0.84 > 0.5). B: 11 orders in the value window
    (365 days up to as_of inclusive start 2023-07-02, so 2023-07-01 is out: regular), monthly purchase days
    (gaps 28-31 days: coefficient of variation far below 0.5) -> 条理型.
    F: no birth date, no city, no order: unknown bands, frequency none, untagged."""
    rows = by_source_id(scoring_warehouse, """
        select customer_id, age, age_band, birth_cohort_zh, city_tier_zh, purchase_frequency_band,
            top_category, top_category_share, preferred_channel, membership_status, member_level,
            primary_temperament, temperament_tags
        from marts.customer_segments
    """)
    a, b, f = rows["A"], rows["B"], rows["F"]
    assert (a["age"], a["age_band"], a["birth_cohort_zh"], a["city_tier_zh"]) == (39, "35_44", "80后", "一线")
    assert (a["purchase_frequency_band"], a["top_category"], a["top_category_share"]) == (
        "occasional", "food", 0.75)
    assert (a["preferred_channel"], a["membership_status"], a["member_level"]) == ("web", "member", "gold")
    assert (a["primary_temperament"], a["temperament_tags"]) == ("untagged", "")
    assert (b["primary_temperament"], b["member_level"], b["purchase_frequency_band"]) == (
        "orderly_repeat_buyer", "platinum", "regular")
    assert (f["age_band"], f["city_tier_zh"], f["purchase_frequency_band"], f["top_category"]) == (
        "unknown", "未知", "none", "unknown")


def test_segment_profiles_add_up_and_carry_nps(scoring_warehouse: Warehouse) -> None:
    """membership_status: members A and B (revenue 400 + 36000, both promoters: NPS 100), non-member F (no
    revenue, no answer: NPS NULL). Every dimension adds up to 3 customers and 36400 of revenue."""
    rows = {row[0]: row[1:] for row in scoring_warehouse.query("""
        select segment_value, customers, cast(revenue_to_date as double), nps_responses, nps
        from marts.segment_profiles where segment_dimension = 'membership_status'
    """)}
    assert rows == {"member": (2, 36400.0, 2, 100.0), "non_member": (1, 0.0, 0, None)}
    totals = scoring_warehouse.query("""
        select segment_dimension, sum(customers), cast(sum(revenue_to_date) as double), sum(pct_of_customers)
        from marts.segment_profiles group by segment_dimension
    """)
    assert len(totals) == 17
    for dimension, customers, revenue, pct in totals:
        assert (customers, revenue) == (3, 36400.0), dimension
        assert pct == pytest.approx(100.0), dimension
