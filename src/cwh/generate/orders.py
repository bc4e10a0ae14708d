"""Orders and order lines from a repeat-purchase process per person (the BG/NBD story).

Each buyer makes a first purchase at a uniformly drawn moment of the window, then buys at rate
lambda ~ Gamma(shape, scale) per year, and after each purchase drops out for good with probability
p ~ Beta(a, b). Repeat purchases are the first min(M, G) points of a Poisson process on the rest of the
window (M ~ Poisson(lambda T) points, G ~ Geometric(p) - 1 purchases before dropping out), drawn in
time order with uniform order statistics (normalised exponential spacings), so no sort per person.
The scale is solved so the expected number of orders matches the target:
E[min(M, G)] = (1 - p) / p * (1 - exp(-lambda T p)).

Spend: each order's value is the person's lognormal spend level times lognormal noise; the value is
filled with 1-3 catalogue products near that price, so the order amount is the sum of its lines minus
the discount.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from cwh.generate import text
from cwh.generate.catalogue import Catalogue
from cwh.generate.contract import ENTITY_COLUMNS
from cwh.generate.customers import CRM, SHOP, STORE, CustomerRecords, RecordIndex, format_ids
from cwh.generate.people import ORDER_NOISE_LOG_SD, SYSTEMS, People
from cwh.generate.places import COUNTRIES

YEAR_SECONDS = 365.25 * 86_400
MIN_ORDERS_PER_BUYER = 1.5  # below this many orders per buyer, the buyer share is cut instead
CURRENCIES = ("CNY", "USD", "EUR", "HKD", "JPY")
# The same rates as the warehouse's seed currency_rates, so converted revenue matches the generator's story.
CNY_PER_UNIT = {"CNY": 1.0, "USD": 7.10, "EUR": 7.75, "HKD": 0.91, "JPY": 0.048}
STATUS_SHARE = (0.90, 0.05, 0.05)  # completed, cancelled, returned
# How each system writes a status: per system, per status, (label, weight) pairs.
STATUS_LABELS: tuple[tuple[tuple[tuple[str, float], ...], ...], ...] = (
    ((("completed", 0.7), ("COMPLETED", 0.3)), (("cancelled", 1.0),), (("returned", 1.0),)),
    ((("done", 0.6), ("completed", 0.4)), (("canceled", 1.0),), (("returned", 1.0),)),
    ((("已完成", 1.0),), (("已取消", 1.0),), (("退货", 1.0),)),
)
ORDER_ID_PREFIX = ("CO-", "SO", "POS")
ORDERED_AT_PATTERNS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y%m%d")
ORDERED_AT_FORMAT = ((0.8, 0.2, 0.0), (0.9, 0.0, 0.1), (0.0, 0.7, 0.3))
CHANNELS = ("web", "app", "store", "phone")
CHANNEL_BY_SYSTEM = ((0.4, 0.0, 0.0, 0.6), (0.45, 0.55, 0.0, 0.0), (0.0, 0.0, 1.0, 0.0))
# Share of orders by hour of day, per channel (web, app, store, phone).
HOURS = np.array(
    [
        [
            1,
            0.5,
            0.3,
            0.2,
            0.2,
            0.3,
            0.8,
            1.5,
            2.5,
            3.5,
            4,
            4.5,
            5,
            4.5,
            4.5,
            4.5,
            4.5,
            5,
            6,
            7,
            8.5,
            9,
            7,
            3.5,
        ],
        [
            1.5,
            0.8,
            0.4,
            0.2,
            0.2,
            0.3,
            0.8,
            2,
            3,
            3.5,
            4,
            4.5,
            5.5,
            4.5,
            4,
            4,
            4,
            4.5,
            5.5,
            7,
            8.5,
            9.5,
            8,
            4,
        ],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 4, 7, 9, 9, 8, 8, 8, 9, 10, 11, 10, 6, 0.5, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 12, 12, 8, 9, 12, 12, 11, 9, 7, 0, 0, 0, 0, 0],
    ]
)
LINE_COUNT = (0.55, 0.30, 0.15)
QUANTITY = (0.75, 0.18, 0.07)
PRICE_FACTOR = (1.0, 0.95, 0.9, 0.85)
PRICE_FACTOR_SHARE = (0.6, 0.15, 0.15, 0.1)
PERCENT_DISCOUNTS = np.array([0.05, 0.10, 0.15, 0.20])
COUPONS_CNY = np.array([10, 20, 50, 100])


def limit_buyers(rng: np.random.Generator, people: People, target_orders: float) -> None:
    """With a small order target, fewer people buy at all (every buyer has a first order)."""
    most = int(target_orders / MIN_ORDERS_PER_BUYER)
    buyers = np.flatnonzero(people.buyer)
    if buyers.size > most:
        people.buyer[rng.choice(buyers, buyers.size - most, replace=False)] = False


def purchase_scale(people: People, end_s: int, target_orders: float) -> float:
    """Scale of the Gamma purchase rate (per year) so the expected order count equals the target."""
    buyers = people.buyer
    years = (end_s - people.first_purchase[buyers]) / YEAR_SECONDS
    shape = people.purchase_shape[buyers]
    dropout = people.dropout[buyers]
    needed = target_orders - buyers.sum()
    if needed <= 0:
        return 1e-9

    def expected_repeats(scale: float) -> float:
        return float(np.sum((1 - dropout) / dropout * -np.expm1(-scale * shape * years * dropout)))

    low, high = 1e-6, 1e6
    if expected_repeats(high) < needed:
        return high
    for _ in range(80):
        middle = np.sqrt(low * high)
        low, high = (middle, high) if expected_repeats(middle) < needed else (low, middle)
    return float(np.sqrt(low * high))


@dataclass
class OrderBatch:
    """The orders of one chunk of persons, before defects, plus what the other events need."""

    table: pa.Table
    items: pa.Table
    person: np.ndarray
    ordered: np.ndarray  # epoch seconds
    system: np.ndarray
    record: np.ndarray
    order_id: pa.Array
    amount_cents: np.ndarray


def purchase_times(
    rng: np.random.Generator, people: People, persons: np.ndarray, scale: float, end_s: int
) -> tuple[np.ndarray, np.ndarray]:
    """(person, epoch seconds) of every purchase of the given persons, first purchases included."""
    buyer = people.buyer[persons]
    first = people.first_purchase[persons]
    span = np.maximum(end_s - first, 1).astype(np.float64)
    rate = scale * people.purchase_shape[persons] * span / YEAR_SECONDS
    points = np.where(buyer, rng.poisson(rate), 0)
    before_dropout = rng.geometric(people.dropout[persons]) - 1
    repeats = np.minimum(points, before_dropout)
    owner = np.repeat(np.arange(persons.size), repeats)
    spacing = np.cumsum(rng.exponential(1.0, int(repeats.sum())))
    starts = np.cumsum(repeats) - repeats
    before = np.where(starts > 0, spacing[np.maximum(starts - 1, 0)] if spacing.size else 0.0, 0.0)
    position = spacing - before[owner]
    last = np.where(repeats > 0, position[np.maximum(starts + repeats - 1, 0)] if spacing.size else 0.0, 0.0)
    total = last + rng.gamma(points - repeats + 1.0)
    repeat_at = first[owner] + (span[owner] * position / total[owner]).astype(np.int64)
    person = np.concatenate([persons[buyer], persons[owner]])
    at = np.concatenate([first[buyer], repeat_at])
    return person, at


def make_orders(
    rng: np.random.Generator,
    people: People,
    persons: np.ndarray,
    records: CustomerRecords,
    index: RecordIndex,
    catalogue: Catalogue,
    scale: float,
    end_s: int,
    counters: np.ndarray,
) -> OrderBatch:
    """Orders and order lines of `persons`; `counters` (next order number per system) is advanced."""
    person, at = purchase_times(rng, people, persons, scale, end_s)
    record = index.pick(rng, person, at)
    keep = record >= 0
    person, at, record = person[keep], at[keep], record[keep]
    order = np.argsort(at, kind="stable")
    person, at, record = person[order], at[order], record[order]
    system = records.system[record]
    channel = text.per_group_choice(rng, system, CHANNEL_BY_SYSTEM)
    ordered = _with_time_of_day(rng, at, channel, end_s)
    currency = _currencies(rng, people, person, system)
    lines = _order_lines(rng, people, person, currency, catalogue)
    gross = np.bincount(
        lines["order"], weights=lines["quantity"] * lines["unit_cents"], minlength=person.size
    )
    discount = _discounts(rng, gross.astype(np.int64), currency)
    amount = gross.astype(np.int64) - discount
    status = rng.choice(3, person.size, p=STATUS_SHARE)
    number = _numbers(system, counters)
    order_id = _order_ids(system, number, ordered)
    table = pa.table(
        {
            "source_system": text.lookup(SYSTEMS, system),
            "order_id": order_id,
            "source_customer_id": records.source_id.take(pa.array(record)),
            "ordered_at": text.datetime_strings(
                ordered, text.per_group_choice(rng, system, ORDERED_AT_FORMAT), ORDERED_AT_PATTERNS
            ),
            "amount": text.money_strings(amount),
            "currency": text.lookup(
                CURRENCIES,
                currency,
                valid=~((system == STORE) & (currency == 0) & (rng.random(system.size) < 0.4)),
            ),
            "status": _status_labels(rng, system, status),
            "discount": text.money_strings(discount, valid=~((system == STORE) & (discount == 0))),
            "channel": text.lookup(CHANNELS, channel),
            "updated_at": text.datetime_strings(
                _updated(rng, ordered, status, end_s), np.zeros(system.size, np.int8), ["%Y-%m-%d %H:%M:%S"]
            ),
        }
    )
    items = pa.table(
        {
            "source_system": text.lookup(SYSTEMS, system[lines["order"]]),
            "order_id": order_id.take(pa.array(lines["order"])),
            "line_number": text.int_strings(lines["line"]),
            "product_id": text.lookup(catalogue.product_id, lines["product"]),
            "quantity": text.int_strings(lines["quantity"]),
            "unit_price": text.money_strings(lines["unit_cents"]),
        }
    )
    return OrderBatch(
        table=table.select(list(ENTITY_COLUMNS["orders"])),
        items=items.select(list(ENTITY_COLUMNS["order_items"])),
        person=person,
        ordered=ordered,
        system=system,
        record=record,
        order_id=order_id,
        amount_cents=amount,
    )


def orphan_customer_ids(rng: np.random.Generator, records: CustomerRecords, system: np.ndarray) -> pa.Array:
    """Customer ids in each system's format that no customer record of that system has."""
    number = records.max_number()[system] + 1 + rng.integers(0, 100_000, system.size)
    return format_ids(system, number)


def _with_time_of_day(
    rng: np.random.Generator, at: np.ndarray, channel: np.ndarray, end_s: int
) -> np.ndarray:
    day = at // 86_400
    hour_share = HOURS / HOURS.sum(axis=1, keepdims=True)
    hour = text.per_group_choice(rng, channel, hour_share)
    seconds = day * 86_400 + hour * 3_600 + rng.integers(0, 3_600, at.size)
    return np.minimum(seconds, end_s)


def _currencies(
    rng: np.random.Generator, people: People, person: np.ndarray, system: np.ndarray
) -> np.ndarray:
    home = np.array([CURRENCIES.index(c.currency) for c in COUNTRIES])
    foreign = ~people.is_cn[person]
    currency = np.zeros(person.size, dtype=np.int64)
    pays_home = foreign & (rng.random(person.size) < 0.7)
    currency[pays_home] = home[people.country[person][pays_home]]
    currency[~foreign & (system == SHOP) & (rng.random(person.size) < 0.02)] = CURRENCIES.index("HKD")
    currency[system == STORE] = 0  # the stores are in mainland China
    return currency


def _order_lines(
    rng: np.random.Generator, people: People, person: np.ndarray, currency: np.ndarray, catalogue: Catalogue
) -> dict[str, np.ndarray]:
    value_cny = np.exp(people.spend_log_mean[person] + rng.normal(0.0, ORDER_NOISE_LOG_SD, person.size))
    line_count = rng.choice(3, person.size, p=LINE_COUNT) + 1
    order = np.repeat(np.arange(person.size), line_count)
    line = np.arange(order.size) - np.repeat(np.cumsum(line_count) - line_count, line_count) + 1
    quantity = rng.choice(3, order.size, p=QUANTITY) + 1
    target = value_cny[order] / line_count[order] / quantity
    position = np.searchsorted(catalogue.list_price, target) + rng.integers(-3, 4, order.size)
    product = np.clip(position, 0, len(catalogue.product_id) - 1)
    unit_cny = (
        catalogue.list_price[product]
        * np.array(PRICE_FACTOR)[rng.choice(4, order.size, p=PRICE_FACTOR_SHARE)]
    )
    return {
        "order": order,
        "line": line,
        "product": product,
        "quantity": quantity,
        "unit_cents": to_currency_cents(unit_cny, currency[order]),
    }


def to_currency_cents(value_cny: np.ndarray, currency: np.ndarray) -> np.ndarray:
    """CNY values converted to cents of each row's currency (whole units for JPY)."""
    rate = np.array([CNY_PER_UNIT[c] for c in CURRENCIES])[currency]
    units = value_cny / rate
    whole = currency == CURRENCIES.index("JPY")
    return np.where(whole, np.round(units) * 100, np.round(units * 100)).astype(np.int64)


def _discounts(rng: np.random.Generator, gross: np.ndarray, currency: np.ndarray) -> np.ndarray:
    kind = rng.choice(3, gross.size, p=[0.65, 0.25, 0.10])  # none, percentage, coupon
    percent = PERCENT_DISCOUNTS[rng.integers(len(PERCENT_DISCOUNTS), size=gross.size)]
    coupon = to_currency_cents(
        COUPONS_CNY[rng.integers(len(COUPONS_CNY), size=gross.size)].astype(float), currency
    )
    discount = np.where(
        kind == 1, np.round(gross * percent), np.where(kind == 2, np.minimum(coupon, gross // 2), 0)
    )
    whole = currency == CURRENCIES.index("JPY")  # yen have no cents
    return np.where(whole, np.round(discount / 100) * 100, discount).astype(np.int64)


def _numbers(system: np.ndarray, counters: np.ndarray) -> np.ndarray:
    number = np.empty(system.size, dtype=np.int64)
    for s in range(3):
        rows = np.flatnonzero(system == s)
        number[rows] = counters[s] + np.arange(rows.size)
        counters[s] += rows.size
    return number


def _order_ids(system: np.ndarray, number: np.ndarray, ordered: np.ndarray) -> pa.Array:
    def crm(rows: np.ndarray) -> pa.Array:
        return text.join(ORDER_ID_PREFIX[CRM], text.int_strings(number[rows], 8))

    def shop(rows: np.ndarray) -> pa.Array:
        day = text.from_matrix(text.datetime_matrix(ordered[rows], "%Y%m%d"))
        return text.join(ORDER_ID_PREFIX[SHOP], day, text.int_strings(number[rows], 7))

    def store(rows: np.ndarray) -> pa.Array:
        return text.join(ORDER_ID_PREFIX[STORE], text.int_strings(number[rows], 9))

    return text.choose_built(system, [crm, shop, store])


def _status_labels(rng: np.random.Generator, system: np.ndarray, status: np.ndarray) -> pa.Array:
    labels: list[str] = []
    weights: list[list[float]] = []
    group = system * 3 + status
    for per_system in STATUS_LABELS:
        for options in per_system:
            labels_before = len(labels)
            labels.extend(label for label, _ in options)
            weights.append([0.0] * labels_before + [w for _, w in options])
    width = len(labels)
    table = [row + [0.0] * (width - len(row)) for row in weights]
    return text.lookup(labels, text.per_group_choice(rng, group, table))


def _updated(rng: np.random.Generator, ordered: np.ndarray, status: np.ndarray, end_s: int) -> np.ndarray:
    low = np.array([1.0, 0.05, 7.0])[status]
    high = np.array([10.0, 2.0, 30.0])[status]
    delay = (low + rng.random(status.size) * (high - low)) * 86_400
    return np.minimum(ordered + delay.astype(np.int64), end_s)
