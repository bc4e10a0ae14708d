"""Injected data defects: the rate table, choosing the damaged rows, damaging them and recording where.

Every damaged row carries exactly one defect code (hard or soft), a row copied into an exact duplicate
stays clean, and the copy is written after the original. `hard` rows must be quarantined by the
warehouse; `soft` rows stay and are flagged. The codes are the ones the warehouse's staging uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cwh.generate import text

HARD, SOFT = "hard", "soft"
SEVERITY: dict[str, str] = {
    "missing_key": HARD,
    "unparseable_date": HARD,
    "future_date": HARD,
    "negative_amount": HARD,
    "invalid_amount": HARD,
    "unknown_currency": HARD,
    "orphan_order": HARD,
    "exact_duplicate": HARD,
    "invalid_email": SOFT,
    "invalid_phone": SOFT,
    "zero_amount": SOFT,
    "unparseable_birth_date": SOFT,
}
CODES: tuple[str, ...] = tuple(SEVERITY)
DUPLICATE = CODES.index("exact_duplicate")
CLEAN = -1


@dataclass(frozen=True)
class DefectRate:
    """Share of an entity's rows that get `code`, damaging `columns` (one of them, for missing_key)."""

    entity: str
    code: str
    rate: float
    columns: tuple[str, ...] = ()


EVENT_RATE = 0.003
# The single table of default defect rates. Rates of soft defects on a column apply to the rows where
# that column has a value (only a present e-mail can be malformed).
DEFECT_RATES: tuple[DefectRate, ...] = (
    DefectRate("customers", "exact_duplicate", 0.01),
    DefectRate("customers", "missing_key", 0.003, ("source_customer_id",)),
    DefectRate("customers", "invalid_email", 0.02, ("email",)),
    DefectRate("customers", "invalid_phone", 0.01, ("phone",)),
    DefectRate("customers", "unparseable_birth_date", 0.005, ("birth_date",)),
    DefectRate("orders", "exact_duplicate", 0.01),
    DefectRate("orders", "missing_key", 0.003, ("order_id", "source_customer_id")),
    DefectRate("orders", "unparseable_date", 0.003, ("ordered_at",)),
    DefectRate("orders", "future_date", 0.003, ("ordered_at",)),
    DefectRate("orders", "negative_amount", 0.003, ("amount",)),
    DefectRate("orders", "invalid_amount", 0.003, ("amount",)),
    DefectRate("orders", "unknown_currency", 0.003, ("currency",)),
    DefectRate("orders", "orphan_order", 0.003, ("source_customer_id",)),
    DefectRate("orders", "zero_amount", 0.005, ("amount",)),
    DefectRate("order_items", "exact_duplicate", EVENT_RATE),
    DefectRate("order_items", "missing_key", EVENT_RATE, ("order_id",)),
    DefectRate("interactions", "exact_duplicate", EVENT_RATE),
    DefectRate("interactions", "missing_key", EVENT_RATE, ("interaction_id",)),
    DefectRate("interactions", "unparseable_date", EVENT_RATE, ("occurred_at",)),
    DefectRate("inquiries", "exact_duplicate", EVENT_RATE),
    DefectRate("inquiries", "missing_key", EVENT_RATE, ("inquiry_id",)),
    DefectRate("inquiries", "unparseable_date", EVENT_RATE, ("received_at",)),
    DefectRate("surveys", "exact_duplicate", EVENT_RATE),
    DefectRate("surveys", "missing_key", EVENT_RATE, ("response_id",)),
    DefectRate("surveys", "unparseable_date", EVENT_RATE, ("responded_at",)),
    DefectRate("tickets", "exact_duplicate", EVENT_RATE),
    DefectRate("tickets", "missing_key", EVENT_RATE, ("ticket_id",)),
    DefectRate("tickets", "unparseable_date", EVENT_RATE, ("opened_at",)),
    DefectRate("memberships", "exact_duplicate", EVENT_RATE),
    DefectRate("memberships", "missing_key", EVENT_RATE, ("membership_id",)),
    DefectRate("memberships", "unparseable_date", EVENT_RATE, ("joined_at",)),
)

BAD_TIMESTAMPS = (
    "2024-13-45",
    "not a date",
    "32/01/2024",
    "2023-02-30 10:00:00",
    "0000-00-00 00:00:00",
    "20241345",
)
BAD_BIRTH_DATES = ("1985-02-30", "00/00/0000", "不详", "unknown", "19851345", "31/31/1990")
BAD_CURRENCIES = ("XYZ", "RMBB", "QQQ")
BAD_PHONES = ("12345", "000000", "1234567")


def rates_for(entity: str) -> tuple[DefectRate, ...]:
    return tuple(r for r in DEFECT_RATES if r.entity == entity)


@dataclass
class DefectPlan:
    """Which rows of a freshly generated table get which defect, and which rows are copied."""

    codes: np.ndarray  # per row: index into CODES, or CLEAN
    duplicate_sources: np.ndarray  # rows that get an exact copy written after them

    def rows(self, code: str) -> np.ndarray:
        return np.flatnonzero(self.codes == CODES.index(code))


def plan_defects(
    rng: np.random.Generator,
    entity: str,
    row_count: int,
    enabled: bool,
    eligible: dict[str, np.ndarray] | None = None,
) -> DefectPlan:
    """Pick disjoint sets of rows for each defect of the entity (none when `enabled` is False)."""
    codes = np.full(row_count, CLEAN, dtype=np.int8)
    sources = np.empty(0, dtype=np.int64)
    if not enabled or row_count == 0:
        return DefectPlan(codes, sources)
    taken = np.zeros(row_count, dtype=bool)
    for rule in rates_for(entity):
        allowed = ~taken & (eligible or {}).get(rule.code, np.ones(row_count, dtype=bool))
        candidates = np.flatnonzero(allowed)
        how_many = min(int(rng.binomial(candidates.size, rule.rate)), candidates.size)
        rows = np.sort(rng.choice(candidates, how_many, replace=False))
        taken[rows] = True
        if rule.code == "exact_duplicate":
            sources = rows
        else:
            codes[rows] = CODES.index(rule.code)
    return DefectPlan(codes, sources)


@dataclass(frozen=True)
class DamageContext:
    """What some defects need to know: the first impossible year, and how to make orphan ids."""

    future_year: int
    orphan_ids: Callable[[np.ndarray], pa.Array] | None = None


def apply_defects(
    rng: np.random.Generator, entity: str, table: pa.Table, plan: DefectPlan, context: DamageContext
) -> tuple[pa.Table, np.ndarray]:
    """Damage the planned rows and insert the duplicates; returns the table and per-row defect codes."""
    for rule in rates_for(entity):
        if rule.code == "exact_duplicate":
            continue
        rows = plan.rows(rule.code)
        if rows.size:
            table = _DAMAGE[rule.code](rng, table, rows, rule.columns, context)
    return insert_duplicates(rng, table, plan.codes, plan.duplicate_sources)


def insert_duplicates(
    rng: np.random.Generator, table: pa.Table, codes: np.ndarray, sources: np.ndarray
) -> tuple[pa.Table, np.ndarray]:
    """Write an exact copy of each source row a few rows after it."""
    if sources.size == 0:
        return table, codes
    rows = table.num_rows
    after = np.minimum(sources + rng.integers(0, 200, sources.size), rows - 1)
    key = np.concatenate([np.arange(rows) * 2, after * 2 + 1])
    order = np.argsort(key, kind="stable")
    take = np.concatenate([np.arange(rows), sources])[order]
    new_codes = np.concatenate([codes, np.full(sources.size, DUPLICATE, dtype=np.int8)])[order]
    return table.take(pa.array(take)), new_codes


def _set(table: pa.Table, column: str, rows: np.ndarray, values: pa.Array | list[str | None]) -> pa.Table:
    index = table.schema.get_field_index(column)
    return table.set_column(index, column, text.replace_rows(table.column(column), rows, values))


def _pick(rng: np.random.Generator, options: tuple[str, ...], count: int) -> list[str]:
    return [options[i] for i in rng.integers(len(options), size=count)]


def _missing_key(
    rng: np.random.Generator,
    table: pa.Table,
    rows: np.ndarray,
    columns: tuple[str, ...],
    context: DamageContext,
) -> pa.Table:
    which = rng.integers(len(columns), size=rows.size)
    for k, column in enumerate(columns):
        part = rows[which == k]
        if part.size:
            table = _set(table, column, part, [None] * part.size)
    return table


def _unparseable_date(
    rng: np.random.Generator,
    table: pa.Table,
    rows: np.ndarray,
    columns: tuple[str, ...],
    context: DamageContext,
) -> pa.Table:
    return _set(table, columns[0], rows, _pick(rng, BAD_TIMESTAMPS, rows.size))


def _future_date(
    rng: np.random.Generator,
    table: pa.Table,
    rows: np.ndarray,
    columns: tuple[str, ...],
    context: DamageContext,
) -> pa.Table:
    first = int(np.datetime64(f"{context.future_year}-01-01", "s").astype(np.int64))
    seconds = first + rng.integers(0, 3 * 365 * 86_400, rows.size)
    values = text.datetime_strings(seconds, np.zeros(rows.size, np.int8), ["%Y-%m-%d %H:%M:%S"])
    return _set(table, columns[0], rows, values)


def _current(table: pa.Table, column: str, rows: np.ndarray) -> pa.Array:
    return table.column(column).take(pa.array(rows)).combine_chunks()


def _negative_amount(
    rng: np.random.Generator,
    table: pa.Table,
    rows: np.ndarray,
    columns: tuple[str, ...],
    context: DamageContext,
) -> pa.Table:
    return _set(table, columns[0], rows, text.join("-", _current(table, columns[0], rows)))


def _invalid_amount(
    rng: np.random.Generator,
    table: pa.Table,
    rows: np.ndarray,
    columns: tuple[str, ...],
    context: DamageContext,
) -> pa.Table:
    current = _current(table, columns[0], rows)
    comma = text.join(pc.replace_substring(current, ".", ","), "x")
    double_dot = text.join(current, ".", text.int_strings(rng.integers(0, 10, rows.size)))
    word = pa.array(["abc"] * rows.size)
    return _set(
        table, columns[0], rows, text.choose(rng.integers(0, 3, rows.size), [comma, double_dot, word])
    )


def _unknown_currency(
    rng: np.random.Generator,
    table: pa.Table,
    rows: np.ndarray,
    columns: tuple[str, ...],
    context: DamageContext,
) -> pa.Table:
    return _set(table, columns[0], rows, _pick(rng, BAD_CURRENCIES, rows.size))


def _orphan_order(
    rng: np.random.Generator,
    table: pa.Table,
    rows: np.ndarray,
    columns: tuple[str, ...],
    context: DamageContext,
) -> pa.Table:
    assert context.orphan_ids is not None
    return _set(table, columns[0], rows, context.orphan_ids(rows))


def _zero_amount(
    rng: np.random.Generator,
    table: pa.Table,
    rows: np.ndarray,
    columns: tuple[str, ...],
    context: DamageContext,
) -> pa.Table:
    return _set(table, columns[0], rows, ["0.00"] * rows.size)


def _invalid_email(
    rng: np.random.Generator,
    table: pa.Table,
    rows: np.ndarray,
    columns: tuple[str, ...],
    context: DamageContext,
) -> pa.Table:
    current = _current(table, columns[0], rows)
    double_at = pc.replace_substring(current, "@", "@@")
    no_domain = pc.replace_substring_regex(current, "@.*$", "@")
    placeholder = pa.array(_pick(rng, ("no-email", "none@", "无"), rows.size))
    return _set(
        table,
        columns[0],
        rows,
        text.choose(rng.integers(0, 3, rows.size), [double_at, no_domain, placeholder]),
    )


def _invalid_phone(
    rng: np.random.Generator,
    table: pa.Table,
    rows: np.ndarray,
    columns: tuple[str, ...],
    context: DamageContext,
) -> pa.Table:
    digits = pc.replace_substring_regex(_current(table, columns[0], rows), "[^0-9]", "")
    truncated = pc.utf8_slice_codeunits(digits, 0, 9)
    constant = pa.array(_pick(rng, BAD_PHONES, rows.size))
    return _set(table, columns[0], rows, text.choose(rng.integers(0, 2, rows.size), [truncated, constant]))


def _unparseable_birth_date(
    rng: np.random.Generator,
    table: pa.Table,
    rows: np.ndarray,
    columns: tuple[str, ...],
    context: DamageContext,
) -> pa.Table:
    return _set(table, columns[0], rows, _pick(rng, BAD_BIRTH_DATES, rows.size))


Damage = Callable[[np.random.Generator, pa.Table, np.ndarray, tuple[str, ...], DamageContext], pa.Table]
_DAMAGE: dict[str, Damage] = {
    "missing_key": _missing_key,
    "unparseable_date": _unparseable_date,
    "future_date": _future_date,
    "negative_amount": _negative_amount,
    "invalid_amount": _invalid_amount,
    "unknown_currency": _unknown_currency,
    "orphan_order": _orphan_order,
    "zero_amount": _zero_amount,
    "invalid_email": _invalid_email,
    "invalid_phone": _invalid_phone,
    "unparseable_birth_date": _unparseable_birth_date,
}
