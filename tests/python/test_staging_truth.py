"""The staging layer against the generator's ground truth (docs/generator.md).

The demo dataset records every defect it injected (entity, file, data row, code). Staging must
quarantine exactly the rows with a hard defect, each with that defect's reason code, keep every other
row, flag the soft defects, and lose nothing.
"""

from __future__ import annotations

import csv
import re

import pytest

from cwh.cleaning import to_e164

ENTITIES = ["customers", "orders", "order_items", "products", "interactions", "inquiries", "surveys",
            "tickets", "memberships", "blacklist"]


def truth_defects(warehouse, severity: str) -> set[tuple[str, str, int, str]]:
    with open(warehouse.truth_dir / "defects.csv", encoding="utf-8") as handle:
        return {
            (row["entity"], row["source_file"], int(row["source_row"]), row["defect_code"])
            for row in csv.DictReader(handle)
            if row["severity"] == severity
        }


def quarantined(warehouse) -> set[tuple[str, str, int, str]]:
    union = " union all ".join(
        f"select entity, _source_file, _source_row, reject_reason from audit.quarantine_{entity}"
        for entity in ENTITIES
    )
    return {tuple(row) for row in warehouse.query(union)}


def test_demo_data_has_hard_defects_of_every_kind(demo_warehouse):
    codes = {code for *_, code in truth_defects(demo_warehouse, "hard")}
    assert {"missing_key", "unparseable_date", "future_date", "negative_amount", "invalid_amount",
            "unknown_currency", "orphan_order", "exact_duplicate"} <= codes


def test_every_hard_defect_is_quarantined_with_its_reason(demo_warehouse):
    expected = truth_defects(demo_warehouse, "hard")
    actual = quarantined(demo_warehouse)
    missed = sorted(expected - actual)
    assert not missed, f"{len(missed)} injected defects not quarantined with their reason, e.g. {missed[:5]}"


def test_no_clean_row_is_quarantined(demo_warehouse):
    expected = truth_defects(demo_warehouse, "hard")
    extra = sorted(quarantined(demo_warehouse) - expected)
    assert not extra, f"{len(extra)} rows quarantined without an injected defect, e.g. {extra[:5]}"


@pytest.mark.parametrize("entity", ENTITIES)
def test_raw_rows_equal_staged_plus_quarantined(demo_warehouse, entity):
    [(raw_rows, rejected, staged, quarantined_rows)] = demo_warehouse.query(f"""
        select
            (select count(*) from raw.{entity}),
            (select count(*) from raw._rejected_rows where entity = '{entity}'),
            (select count(*) from staging.stg_raw__{entity}),
            (select count(*) from audit.quarantine_{entity})
    """)
    assert raw_rows + rejected == staged + quarantined_rows
    with open(demo_warehouse.raw_dir / f"{entity}.csv", encoding="utf-8") as handle:
        file_rows = sum(1 for _ in csv.reader(handle)) - 1
    assert raw_rows + rejected == file_rows


def test_soft_defects_stay_and_are_flagged(demo_warehouse):
    soft = truth_defects(demo_warehouse, "soft")
    assert {code for *_, code in soft} >= {"invalid_email", "invalid_phone", "zero_amount"}
    flagged = {
        tuple(row)
        for entity in ("customers", "orders")
        for row in demo_warehouse.query(f"""
            select '{entity}', _source_file, _source_row, unnest(dq_flags)
            from staging.stg_raw__{entity}
        """)
    }
    soft_here = {row for row in soft if row[0] in ("customers", "orders")}
    assert soft_here - flagged == set(), f"soft defects not flagged: {sorted(soft_here - flagged)[:5]}"
    assert flagged - soft_here == set(), f"rows flagged without a defect: {sorted(flagged - soft_here)[:5]}"


@pytest.mark.parametrize(
    "written",
    ["+86 138 0013 8000", "13800138000", "138-0013-8000", "(0086)13800138000", "+8613800138000",
     "86-138-0013-8000", "0086 138 0013 8000"],
)
def test_each_phone_format_normalises_to_one_e164(written):
    assert to_e164(written, "CN") == "+8613800138000"


def test_same_number_in_any_format_gives_one_e164_in_the_warehouse(demo_warehouse):
    rows = demo_warehouse.query("""
        select raw.phone, stg.phone_e164
        from raw.customers as raw
        inner join staging.stg_raw__customers as stg
            on raw._source_file = stg._source_file and raw._source_row = stg._source_row
        where stg.phone_e164 like '+861%'
    """)
    by_digits: dict[str, set[str]] = {}
    for written, e164 in rows:
        by_digits.setdefault(re.sub(r"\D", "", written)[-11:], set()).add(e164)
    formats = {re.sub(r"\d", "9", written) for written, _ in rows}
    assert len(formats) >= 4, f"expected several written formats of Chinese mobiles, got {formats}"
    assert all(len(e164s) == 1 for e164s in by_digits.values())
    assert all(e164 == "+86" + digits for digits, e164s in by_digits.items() for e164 in e164s)
