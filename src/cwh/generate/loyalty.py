"""Store memberships (会员): one membership per store record flagged as a member, with level, joining
and expiry dates and a points balance. A quarter of the memberships have lapsed before the window end."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from cwh.generate import text
from cwh.generate.contract import ENTITY_COLUMNS
from cwh.generate.customers import LEVELS, STORE, CustomerRecords
from cwh.generate.people import People

LEVEL_LABELS_ZH = ("普通会员", "银卡会员", "金卡会员", "白金会员")
DATE_PATTERNS = ("%Y-%m-%d", "%Y/%m/%d")
LAPSED_SHARE = 0.25


def make_memberships(
    rng: np.random.Generator, people: People, records: CustomerRecords, unusable: np.ndarray, end_s: int
) -> pa.Table:
    """Memberships of store member records (records whose key was lost are left out)."""
    rows = np.flatnonzero((records.system == STORE) & records.is_member & ~unusable)
    joined = records.created[rows]
    years_to_end = np.ceil(np.maximum(end_s - joined, 1) / (365 * 86_400)).astype(np.int64)
    lapsed = rng.random(rows.size) < LAPSED_SHARE
    term_years = np.where(
        lapsed, np.maximum(years_to_end - 1, 1), years_to_end + rng.integers(0, 2, rows.size)
    )
    expires = joined + term_years * 365 * 86_400
    level = records.level[rows]
    chinese = rng.random(rows.size) < 0.3
    labels = list(LEVELS) + list(LEVEL_LABELS_ZH)
    spend = np.exp(people.spend_log_mean[records.person[rows]])
    points = np.round(spend * rng.gamma(2.0, 3.0, rows.size)).astype(np.int64)
    style = (rng.random(rows.size) < 0.3).astype(np.int8)
    table = pa.table(
        {
            "membership_id": text.join("MB", text.int_strings(np.arange(1, rows.size + 1), 8)),
            "source_system": text.lookup(["store"], np.zeros(rows.size, np.int64)),
            "source_customer_id": records.source_id.take(pa.array(rows)),
            "member_level": text.lookup(labels, level + 4 * chinese),
            "joined_at": text.datetime_strings(joined, style, DATE_PATTERNS),
            "expires_at": text.datetime_strings(expires, style, DATE_PATTERNS),
            "points": text.int_strings(points),
        }
    )
    return table.select(list(ENTITY_COLUMNS["memberships"]))
