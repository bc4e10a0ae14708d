"""The customer value marts (issue 4) on a hand-made dataset whose results were computed by hand.

Seven customers of one source system, as_of_date 2024-06-30, default thresholds (dbt_project.yml):

| customer | completed orders (CNY)                          | other records                            |
|----------|-------------------------------------------------|------------------------------------------|
| A        | 500 every 10 days, 2024-05-01 .. 2024-06-20 (6) | record 2024-04-01                        |
| B        | 5000 on 2023-01-15, 2023-07-15, 2024-01-15      | record 2022-12-01                        |
| C        | 800 on 2024-03-01 (discount 400)                | cancelled order 02-20, ticket 03-05      |
| D        | 150 on 2024-06-25                               | record 06-18, cart_add 06-20             |
| E        | 300 on 2023-09-01                               | returned order 2023-09-10                |
| F        | none                                            | record 2024-01-01, email_open 05-01      |
| G        | none                                            | record 2024-05-15, inquiry 06-01         |

The expected values in the tests are derived in their docstrings from the documented rules
(docs/value-marts.md), not read back from the warehouse.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
from conftest import PROJECT_DIR, Warehouse, hand_made_warehouse, must, run_dbt, write_csv

from cwh.clv import customer_summary

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("value_marts")]

AS_OF = "2024-06-30"
VALUE_SELECTION = ["intermediate.orders", "marts.orders", "marts.value"]

CUSTOMERS = [
    # source_customer_id, full_name, email, phone, created_at
    ("A", "Alice Anderson", "alice@example.com", "13800000001", "2024-04-01"),
    ("B", "Bruno Becker", "bruno@example.org", "13900000002", "2022-12-01"),
    ("C", "Chen Cui", "chen@example.net", "13700000003", "2024-02-01"),
    ("D", "Dmitri Dvorak", "dmitri@example.com", "13600000004", "2024-06-18"),
    ("E", "Elena Esposito", "elena@example.org", "13500000005", "2023-08-01"),
    ("F", "Farah Fadel", "farah@example.net", "13400000006", "2024-01-01"),
    ("G", "Gustav Gray", "gustav@example.com", "13300000007", "2024-05-15"),
]

ORDERS = [
    # order_id, customer, date, amount, status, discount
    *[(f"A{n}", "A", day, "500.00", "completed", "0")
      for n, day in enumerate(["2024-05-01", "2024-05-11", "2024-05-21", "2024-05-31", "2024-06-10",
                               "2024-06-20"], start=1)],
    ("B1", "B", "2023-01-15", "5000.00", "completed", "0"),
    ("B2", "B", "2023-07-15", "5000.00", "completed", "0"),
    ("B3", "B", "2024-01-15", "5000.00", "completed", "0"),
    ("C0", "C", "2024-02-20", "600.00", "cancelled", "0"),
    ("C1", "C", "2024-03-01", "800.00", "completed", "400"),
    ("D1", "D", "2024-06-25", "150.00", "completed", "0"),
    ("E1", "E", "2023-09-01", "300.00", "completed", "0"),
    ("E2", "E", "2023-09-10", "300.00", "returned", "0"),
]


ORDER_HEADER = ["source_system", "order_id", "source_customer_id", "ordered_at", "amount", "currency",
                "status", "discount", "channel", "updated_at"]


def order_row(order: tuple, updated_on: str | None = None) -> tuple:
    order_id, customer, day, amount, status, discount = order
    updated = updated_on or day
    return ("crm", order_id, customer, f"{day} 10:00:00", amount, "CNY", status, discount, "web",
            f"{updated} 12:00:00")


def write_raw_data(raw_dir: Path, order_rows: list[tuple] | None = None) -> None:
    raw_dir.mkdir(parents=True, exist_ok=True)
    write_csv(raw_dir / "customers.csv",
              ["source_system", "source_customer_id", "full_name", "email", "phone", "created_at"],
              [("crm", cid, name, email, phone, created) for cid, name, email, phone, created in CUSTOMERS])
    write_csv(raw_dir / "orders.csv", ORDER_HEADER, order_rows or [order_row(order) for order in ORDERS])
    write_csv(raw_dir / "interactions.csv",
              ["source_system", "interaction_id", "source_customer_id", "occurred_at", "interaction_type",
               "channel"],
              [("crm", "I1", "D", "2024-06-20 09:00:00", "cart_add", "web"),
               ("crm", "I2", "F", "2024-05-01 09:00:00", "email_open", "email")])
    write_csv(raw_dir / "inquiries.csv",
              ["inquiry_id", "source_system", "source_customer_id", "received_at", "channel"],
              [("Q1", "crm", "G", "2024-06-01 11:00:00", "web_form")])
    write_csv(raw_dir / "tickets.csv",
              ["ticket_id", "source_system", "source_customer_id", "order_id", "opened_at", "ticket_type",
               "severity", "status"],
              [("T1", "crm", "C", "C1", "2024-03-05 15:00:00", "complaint", "low", "closed")])


def dbt(warehouse: Warehouse, *args: str) -> subprocess.CompletedProcess:
    return run_dbt(warehouse, *args, dbt_vars={"as_of_date": AS_OF})


@pytest.fixture(scope="module")
def value_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return hand_made_warehouse(
        tmp_path_factory.mktemp("value_marts"), write_raw_data, VALUE_SELECTION,
        dbt_vars={"as_of_date": AS_OF},
    )


def rows_by_customer(warehouse: Warehouse, sql: str) -> dict[str, dict]:
    """Rows of a mart keyed by the source id (A..G) of the customer, as dicts."""
    with warehouse.connect() as con:
        frame = con.execute(f"""
            with mart as ({sql})
            select records.source_customer_id as source_id, mart.*
            from mart
            inner join intermediate.int_customer_records_clustered as records
                on mart.customer_id = records.customer_id
        """).df()
    return {row["source_id"]: row for row in frame.to_dict("records")}


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# ------------------------------------------------------------------------------------------ data tests


def test_dbt_data_and_unit_tests_pass_on_the_known_dataset(value_warehouse: Warehouse) -> None:
    done = dbt(value_warehouse, "test", "--select", *VALUE_SELECTION, "--indirect-selection", "cautious")
    must(done)
    assert "PASS=" in done.stdout


# ---------------------------------------------------------------------------------------------- orders


def test_fct_orders_has_every_clean_order_with_revenue_of_completed_ones(value_warehouse: Warehouse) -> None:
    [(orders, revenue, cancelled_revenue)] = value_warehouse.query("""
        select
            count(*),
            cast(sum(revenue_base) as double),
            cast(sum(revenue_base) filter (where status != 'completed') as double)
        from marts.fct_orders
    """)
    assert orders == len(ORDERS)
    # A 6 x 500 + B 3 x 5000 + C 800 + D 150 + E 300
    assert revenue == pytest.approx(3000 + 15000 + 800 + 150 + 300)
    assert cancelled_revenue == 0


# ------------------------------------------------------------------------------------------------- RFM


def test_rfm_scores_and_segments_by_hand(value_warehouse: Warehouse) -> None:
    """Window 2023-07-02 .. 2024-06-30 (B1 and E's return are out).

    Recency: E 303, B 167, C 121, A 10, D 5 days -> R 1, 2, 3, 4, 5.
    Frequency: C, D, E 1 order (tied: F 1), B 2 (3 of 5 below: F 4), A 6 (F 5).
    Monetary: D 150, E 300, C 800, A 3000, B 10000 -> M 1 .. 5.
    FM = (F + M) // 2: A 454 (R4 FM4) Loyal Customers, B 245 (R2 FM4) At Risk, C 313 (R3 FM2) About to
    Sleep, D 511 New Customers, E 112 (R1 FM1) Lost.
    """
    rfm = rows_by_customer(value_warehouse, "select * from marts.customer_rfm")
    assert set(rfm) == {"A", "B", "C", "D", "E"}
    expected = {
        "A": (10, 6, 3000, "454", "Loyal Customers", "忠诚客户"),
        "B": (167, 2, 10000, "245", "At Risk", "有流失风险客户"),
        "C": (121, 1, 800, "313", "About to Sleep", "即将沉睡客户"),
        "D": (5, 1, 150, "511", "New Customers", "新客户"),
        "E": (303, 1, 300, "112", "Lost", "流失客户"),
    }
    for source_id, (recency, frequency, monetary, code, segment, segment_zh) in expected.items():
        row = rfm[source_id]
        actual = (row["recency_days"], row["frequency"], float(row["monetary"]), row["rfm_code"],
                  row["rfm_segment"], row["rfm_segment_zh"])
        assert actual == (recency, frequency, monetary, code, segment, segment_zh), source_id
        assert row["rfm_score"] == sum(int(digit) for digit in code)


def test_rfm_monthly_current_snapshot_is_customer_rfm(value_warehouse: Warehouse) -> None:
    [(mismatches, snapshots)] = value_warehouse.query("""
        select
            (select count(*) from (
                select customer_id, rfm_code, monetary from marts.customer_rfm
                except
                select customer_id, rfm_code, monetary from marts.customer_rfm_monthly where is_current_month
            )),
            (select count(distinct snapshot_date) from marts.customer_rfm_monthly)
    """)
    assert mismatches == 0
    # 24 months back from June 2024 reach July 2022: B's first order (2023-01-15) is scored from January 2023
    assert snapshots == 18


def test_rfm_transitions_in_june(value_warehouse: Warehouse) -> None:
    """May 31 (window 2023-06-02 .. 2024-05-31, 4 customers: scores 1 to 4 only): A 4 orders 2000
    (recency 0), B 2 orders 10000 (137 days), C 800 (91), E 300 (273); D not a customer yet.
    R: E 1, B 2, C 3, A 4; F: C and E 1 (tied), B 3, A 4; M: E 1, C 2, A 3, B 4 ->
    A 443 (R4 FM3) Potential Loyalists, B 234 (R2 FM3) At Risk, C 312 (R3 FM1) About to Sleep, E 111 Lost.
    June: A moves to Loyal Customers with 1000 of June revenue, D enters as New Customers, B, C and E
    keep their segment."""
    rows = value_warehouse.query("""
        select from_segment, to_segment, customers, revenue_in_month
        from marts.rfm_segment_transitions
        where month_start = date '2024-06-01'
        order by from_segment, to_segment
    """)
    assert rows == [
        ("About to Sleep", "About to Sleep", 1, 0),
        ("At Risk", "At Risk", 1, 0),
        ("Lost", "Lost", 1, 0),
        ("Potential Loyalists", "Loyal Customers", 1, 1000),
        ("Unscored", "New Customers", 1, 150),
    ]


# ------------------------------------------------------------------------------------------- lifecycle


def test_lifecycle_funnel_and_activity_by_hand(value_warehouse: Warehouse) -> None:
    """Funnel: A after-sale on its second purchase day (05-11); B on its second (2023-07-15); C on the ticket
    4 days after its purchase (03-05), its cancelled order being intent (02-20); D customer (cart_add
    06-20 was intent); E after-sale on its return; F potential (email_open is not intent); G intent (inquiry).

    Activity at 2024-06-30: A buys every 10 days (at risk after 15): 10 days since -> active since 06-01
    (new ends 30 days after 05-01). B: gaps 181 and 184 days; the 2024-01-15 purchase came after being
    churned (default rhythm: churn after 180 days, and 183 days had passed), so reactivated for 90 days,
    active from 04-15; its own rhythm (median 182.5) puts at risk after 273 days. C: one purchase 121
    days ago, default interval 60 -> at risk after 90 days, since 05-31. D: first purchase 5 days ago ->
    new. E: 303 days -> churned since day 181, 2024-02-29.
    """
    lifecycle = rows_by_customer(value_warehouse, "select * from marts.customer_lifecycle")
    expected = {
        "A": ("after_sale", "2024-05-11", "active", "2024-06-01"),
        "B": ("after_sale", "2023-07-15", "active", "2024-04-15"),
        "C": ("after_sale", "2024-03-05", "at_risk", "2024-05-31"),
        "D": ("customer", "2024-06-25", "new", "2024-06-25"),
        "E": ("after_sale", "2023-09-10", "churned", "2024-02-29"),
        "F": ("potential", "2024-01-01", "never_purchased", None),
        "G": ("intent", "2024-06-01", "never_purchased", None),
    }
    for source_id, (stage, stage_since, status, status_since) in expected.items():
        row = lifecycle[source_id]
        assert row["funnel_stage"] == stage, source_id
        assert row["funnel_stage_since"] == day(stage_since), source_id
        assert row["activity_status"] == status, source_id
        if status_since is None:
            assert pd.isna(row["activity_status_since"]), source_id
        else:
            assert row["activity_status_since"] == day(status_since), source_id
    assert lifecycle["C"]["intent_on"] == day("2024-02-20")
    assert lifecycle["D"]["intent_on"] == day("2024-06-20")
    assert (lifecycle["A"]["expected_interval_days"], lifecycle["A"]["at_risk_after_days"]) == (10, 15)
    assert (lifecycle["B"]["at_risk_after_days"], lifecycle["B"]["churn_after_days"]) == (273, 365)
    assert lifecycle["B"]["last_return_date"] == day("2024-01-15")


def test_lifecycle_monthly_history_of_one_customer(value_warehouse: Warehouse) -> None:
    """C bought once on 2024-03-01: new on 03-31 (day 30), active on 04-30 (day 60), at risk on 05-31
    (day 91 > 90), before: intent on 02-29 (cancelled order 02-20), potential on 01-31 is not a row
    (C is known from its record of 2024-02-01)."""
    rows = value_warehouse.query("""
        select monthly.snapshot_date, monthly.funnel_stage, monthly.activity_status
        from marts.customer_lifecycle_monthly as monthly
        inner join intermediate.int_customer_records_clustered as records
            on monthly.customer_id = records.customer_id
        where records.source_customer_id = 'C'
            and monthly.snapshot_date >= date '2024-01-01'
        order by 1
    """)
    assert [(str(snapshot), stage, status) for snapshot, stage, status in rows] == [
        ("2024-02-29", "intent", "never_purchased"),
        ("2024-03-31", "after_sale", "new"),
        ("2024-04-30", "after_sale", "active"),
        ("2024-05-31", "after_sale", "at_risk"),
        ("2024-06-30", "after_sale", "at_risk"),
    ]


# ---------------------------------------------------------------------------------------------- value


def test_value_tiers_pareto_trajectory_and_type_by_hand(value_warehouse: Warehouse) -> None:
    """Window 2023-07-02 .. 2024-06-30, revenue B 10000, A 3000, C 800, E 300, D 150 (total 14250).

    Tiers (seed value_tiers): A 3000 in 6 orders -> silver; B 10000 in 2 orders -> VIP (silver needs 4
    orders); C, D, E regular. Pareto: above B 0, A 70.2%, C 91.2%, E 96.8%, D 98.9% -> A, A, B, C, C.
    Trajectory: A and B are class A (top profit; B also grew from 5000); C, D, E had nothing the window
    before -> growing. Type: A's purchases span 50 days (< 90) -> short history; B 3 purchase days over
    365 days -> relationship; C's discount share 400 / 1200 -> price-driven; D, E one purchase day.
    """
    tiers = rows_by_customer(value_warehouse, "select * from marts.customer_value_tiers")
    assert set(tiers) == {"A", "B", "C", "D", "E"}
    expected = {
        "A": ("silver", "银卡客户", "A", "top_profit", "transactional", "short_history"),
        "B": ("vip", "VIP客户", "A", "top_profit", "relationship", "repeat_loyal"),
        "C": ("regular", "普通客户", "B", "growing", "transactional", "price_driven"),
        "D": ("regular", "普通客户", "C", "growing", "transactional", "few_purchases"),
        "E": ("regular", "普通客户", "C", "growing", "transactional", "few_purchases"),
    }
    for source_id, values in expected.items():
        row = tiers[source_id]
        actual = (row["value_tier"], row["value_tier_zh"], row["pareto_class"], row["value_trajectory"],
                  row["customer_type"], row["customer_type_reason"])
        assert actual == values, source_id
    assert tiers["A"]["revenue_share_above"] == pytest.approx(10000 / 14250)
    assert tiers["C"]["discount_share"] == pytest.approx(400 / 1200)
    assert float(tiers["B"]["revenue_previous_window"]) == 5000


# ------------------------------------------------------------------------------------------------- CLV


def test_clv_inputs_by_hand_and_equal_to_cwh_clv_summary(value_warehouse: Warehouse) -> None:
    """A: 5 repeat days, 50 days first to last, 60 days to as_of, 500 per repeat day; B: 2, 365, 532,
    5000; C, D, E one purchase day: 0, 0, T = 121, 5, 303."""
    clv = rows_by_customer(value_warehouse, "select * from marts.customer_clv")
    expected = {"A": (5, 50, 60, 500.0), "B": (2, 365, 532, 5000.0), "C": (0, 0, 121, 0.0),
                "D": (0, 0, 5, 0.0), "E": (0, 0, 303, 0.0)}
    actual = {key: (row["frequency"], row["recency"], row["t"], row["monetary"]) for key, row in clv.items()}
    assert actual == expected
    with value_warehouse.connect() as con:
        purchases = con.sql(
            "select customer_id, order_date, revenue_base from marts.fct_orders where status = 'completed'"
        )
        reference = customer_summary(
            con, purchases, AS_OF, date_column="order_date", amount_column="revenue_base"
        ).df()
        mart = con.execute(
            "select customer_id, frequency, recency, t as T, monetary from marts.customer_clv"
        ).df()
    merged = mart.merge(reference, on="customer_id", suffixes=("", "_reference"))
    assert len(merged) == len(mart) == len(reference)
    for column in ["frequency", "recency", "T", "monetary"]:
        assert (merged[column] - merged[f"{column}_reference"]).abs().max() < 1e-9, column


def test_clv_history_and_predictions_are_consistent(value_warehouse: Warehouse) -> None:
    clv = rows_by_customer(value_warehouse, "select * from marts.customer_clv")
    assert float(clv["B"]["revenue_to_date"]) == 15000
    assert clv["B"]["orders_to_date"] == 3
    [(models, parameters)] = value_warehouse.query(
        "select count(distinct model), count(*) from marts.clv_model_params"
    )
    assert (models, parameters) == (2, 7)
    for row in clv.values():
        if row["is_model_converged"]:
            assert 0 <= row["p_alive"] <= 1
            assert 0 <= row["expected_purchases_90d"] <= row["expected_purchases_365d"]
            assert row["predicted_clv"] >= 0
        else:
            assert pd.isna(row["predicted_clv"])


# ------------------------------------------------------------------------------- incremental fct_orders


def test_fct_orders_incremental_picks_up_updates_and_late_orders(
    value_warehouse: Warehouse, tmp_path: Path
) -> None:
    """Copy the warehouse, then change the raw orders: C1 becomes returned (a version updated on
    2024-04-01), a late order D2 arrives dated before the latest order. An incremental run must write
    exactly those two and end equal to a full refresh."""
    copy = Warehouse(raw_dir=tmp_path / "raw", path=tmp_path / "warehouse" / "value.duckdb",
                     target_dir=tmp_path / "target")
    copy.path.parent.mkdir(parents=True)
    shutil.copy(value_warehouse.path, copy.path)
    rows = [order_row(order) for order in ORDERS if order[0] != "C1"]
    rows.append(order_row(("C1", "C", "2024-03-01", "800.00", "returned", "400"), updated_on="2024-04-01"))
    rows.append(order_row(("D2", "D", "2024-06-24", "90.00", "completed", "0")))
    write_raw_data(copy.raw_dir, rows)

    must(dbt(copy, "run", "--select", "+fct_orders"))
    with copy.connect() as con:
        written = con.execute("""
            select order_id, status from marts.fct_orders
            where loaded_at = (select max(loaded_at) from marts.fct_orders)
            order by order_id
        """).fetchall()
        incremental = con.execute(
            "select * exclude (loaded_at) from marts.fct_orders order by order_key"
        ).df()
    assert written == [("C1", "returned"), ("D2", "completed")]
    assert len(incremental) == len(ORDERS) + 1

    must(dbt(copy, "run", "--select", "fct_orders", "--full-refresh"))
    with copy.connect() as con:
        refreshed = con.execute("select * exclude (loaded_at) from marts.fct_orders order by order_key").df()
    pd.testing.assert_frame_equal(incremental.reset_index(drop=True), refreshed.reset_index(drop=True))


# ---------------------------------------------------------------------------------------- seeds, rules


def test_rfm_segment_map_follows_the_documented_grid() -> None:
    """All 125 codes, each in exactly one segment, equal to the rule in the seed's description."""
    grid = {
        5: ["New Customers", "Potential Loyalists", "Potential Loyalists", "Champions", "Champions"],
        4: ["Promising", "Potential Loyalists", "Potential Loyalists", "Loyal Customers", "Loyal Customers"],
        3: ["About to Sleep", "About to Sleep", "Need Attention", "Loyal Customers", "Loyal Customers"],
        2: ["Hibernating", "Hibernating", "At Risk", "At Risk", "Can't Lose Them"],
        1: ["Lost", "Hibernating", "At Risk", "At Risk", "Can't Lose Them"],
    }
    seed = pd.read_csv(PROJECT_DIR / "seeds" / "rfm_segment_map.csv", dtype={"rfm_code": str})
    assert len(seed) == 125 and seed["rfm_code"].is_unique
    assert set(seed["segment"]) == {segment for row in grid.values() for segment in row}
    assert seed.groupby("segment")["segment_zh"].nunique().eq(1).all()
    for row in seed.itertuples():
        assert row.rfm_code == f"{row.r_score}{row.f_score}{row.m_score}"
        assert row.segment == grid[row.r_score][(row.f_score + row.m_score) // 2 - 1], row.rfm_code


# ----------------------------------------------------------------------------------- demo warehouse


def test_clv_params_agree_with_lifetimes_on_the_demo_warehouse(demo_warehouse: Warehouse) -> None:
    """The dbt model fits on aggregated cells with cwh.clv; lifetimes (an independent implementation)
    fits one row per customer on the same inputs. Parameters must agree to 3 significant figures."""
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    with demo_warehouse.connect() as con:
        inputs = con.execute("select frequency, recency, t, monetary from marts.customer_clv").df()
        params = con.execute(
            "select model, parameter, value, converged, n_customers from marts.clv_model_params"
        ).df()
    assert params["converged"].all(), params
    ours = {(row.model, row.parameter): row.value for row in params.itertuples()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bg = BetaGeoFitter().fit(inputs["frequency"], inputs["recency"], inputs["t"])
        spenders = inputs[(inputs["frequency"] > 0) & (inputs["monetary"] > 0)]
        gg = GammaGammaFitter().fit(spenders["frequency"], spenders["monetary"])
    theirs = {**{("bg_nbd", name): value for name, value in bg.params_.items()},
              **{("gamma_gamma", name): value for name, value in gg.params_.items()}}
    for key, value in theirs.items():
        assert ours[key] == pytest.approx(value, rel=5e-4), key
    assert params.loc[params["model"] == "bg_nbd", "n_customers"].iloc[0] == len(inputs)


def test_value_marts_cover_every_buyer_once_on_the_demo_warehouse(demo_warehouse: Warehouse) -> None:
    [(buyers, rfm_customers, tiers, clv, lifecycle_buyers)] = demo_warehouse.query("""
        with as_of as (select as_of_date from intermediate.int_as_of_date)
        select
            (select count(distinct customer_id) from marts.fct_orders
             where status = 'completed' and order_date <= (select as_of_date from as_of)),
            (select count(*) from marts.customer_rfm),
            (select count(*) from marts.customer_value_tiers),
            (select count(*) from marts.customer_clv),
            (select count(*) from marts.customer_lifecycle where activity_status != 'never_purchased')
    """)
    assert buyers > 0
    assert tiers == clv == lifecycle_buyers == buyers
    assert 0 < rfm_customers <= buyers


def test_clv_calibration_script_on_the_demo_warehouse(demo_warehouse: Warehouse) -> None:
    """bench/clv_calibration.py: every calibration customer lands in one frequency group, the totals
    match the per-group means, and the printed report ends with the error lines."""
    script = PROJECT_DIR / "bench" / "clv_calibration.py"
    spec = importlib.util.spec_from_file_location("clv_calibration", script)
    calibration = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = calibration  # dataclasses look their module up while the class is built
    spec.loader.exec_module(calibration)
    with demo_warehouse.connect() as con:
        [(latest,)] = con.execute(
            "select max(order_date) from marts.fct_orders where status = 'completed'"
        ).fetchall()
        [(buyers_at_cutoff,)] = con.execute(
            "select count(distinct customer_id) from marts.fct_orders "
            "where status = 'completed' and order_date <= ?", [latest - dt.timedelta(days=180)]
        ).fetchall()
        result = calibration.calibrate(con, latest - dt.timedelta(days=180), latest, max_group=7)
    groups = result.by_group
    assert int(groups["customers"].sum()) == result.customers == buyers_at_cutoff
    assert list(groups["group"]) == [str(value) for value in range(len(groups) - 1)] + ["7+"]
    assert (groups["actual"] * groups["customers"]).sum() == pytest.approx(result.actual_total)
    assert (groups["predicted"] * groups["customers"]).sum() == pytest.approx(result.predicted_total)
    assert 0 <= result.mae_per_group <= result.mae_per_customer

    done = subprocess.run(
        [sys.executable, str(script), "--warehouse", str(demo_warehouse.path), "--holdout-days", "180"],
        capture_output=True, text=True, cwd=PROJECT_DIR,
    )
    assert done.returncode == 0, done.stderr
    assert "mean absolute error per customer" in done.stdout
