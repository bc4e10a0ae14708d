"""Customer feedback: complaint / service tickets and survey answers (NPS 0-10, CSAT 1-5).

Each person has a latent satisfaction. Ticket rates are heavy-tailed (Gamma with a small shape) and
higher for unhappy people, so a few customers complain again and again; survey scores rise with
satisfaction and fall with every ticket the person opened. Many people never answer a survey.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from cwh.generate import text
from cwh.generate.contract import ENTITY_COLUMNS
from cwh.generate.customers import CustomerRecords, RecordIndex
from cwh.generate.engagement import event_people, time_after_first_seen
from cwh.generate.orders import OrderBatch
from cwh.generate.people import SYSTEMS, People

TICKET_TYPES = (("complaint", 0.5), ("question", 0.25), ("return_request", 0.15), ("feedback", 0.10))
TICKET_CATEGORIES = (("delivery", 0.3), ("quality", 0.3), ("price", 0.1), ("service", 0.2), ("billing", 0.1))
SEVERITIES = (("low", 0.40), ("medium", 0.35), ("high", 0.18), ("critical", 0.07))
TICKET_STATUSES = ("open", "in_progress", "resolved", "closed")
TICKET_PATTERNS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M")
SURVEY_PATTERNS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y%m%d")
COMMENTS = (
    (
        "物流太慢",
        "质量一般,有色差",
        "客服态度差",
        "Delivery was late",
        "退货流程太麻烦",
        "Product broke after a week",
    ),
    ("还可以", "OK", "一般般", "价格有点贵", "Average experience"),
    (
        "服务很好",
        "物流很快,包装完好",
        "Great quality, will buy again",
        "非常满意",
        "性价比高",
        "Friendly staff",
    ),
)


def _labels_and_weights(pairs: tuple[tuple[str, float], ...]) -> tuple[list[str], np.ndarray]:
    weight = np.array([w for _, w in pairs])
    return [label for label, _ in pairs], weight / weight.sum()


class PersonOrders:
    """Orders of a chunk grouped by person, to attach a ticket or survey to one of them."""

    def __init__(self, batch: OrderBatch, persons: np.ndarray) -> None:
        self.batch = batch
        local = batch.person - persons[0]
        self.by_person = np.argsort(local, kind="stable")
        self.count = np.bincount(local, minlength=persons.size)
        self.first = np.cumsum(self.count) - self.count
        self.offset = int(persons[0])

    def pick(self, rng: np.random.Generator, person: np.ndarray) -> np.ndarray:
        """A random order row of each person, -1 for persons without orders."""
        local = person - self.offset
        count = self.count[local]
        slot = np.floor(rng.random(person.size) * np.maximum(count, 1)).astype(np.int64)
        row = (
            self.by_person[np.minimum(self.first[local] + slot, max(self.by_person.size - 1, 0))]
            if self.by_person.size
            else np.zeros(person.size, np.int64)
        )
        return np.where(count > 0, row, -1)

    def values(self, column: np.ndarray, row: np.ndarray, fill: int) -> np.ndarray:
        """`column[row]` for linked rows, `fill` where row is -1."""
        if column.size == 0:
            return np.full(row.size, fill, dtype=np.int64)
        return np.where(row >= 0, column[np.maximum(row, 0)], fill)


def _event_times(
    rng: np.random.Generator,
    people: People,
    person: np.ndarray,
    order_row: np.ndarray,
    orders: PersonOrders,
    delay_days: tuple[float, float],
    start_s: int,
    end_s: int,
) -> np.ndarray:
    """Shortly after the linked order when there is one, else any time after the person appeared."""
    free = time_after_first_seen(rng, people, person, start_s, end_s)
    after = orders.values(orders.batch.ordered, order_row, 0)
    delay = (delay_days[0] + rng.random(person.size) * (delay_days[1] - delay_days[0])) * 86_400
    return np.where(order_row >= 0, np.minimum(after + delay.astype(np.int64), end_s), free)


def make_tickets(
    rng: np.random.Generator,
    people: People,
    persons: np.ndarray,
    records: CustomerRecords,
    index: RecordIndex,
    orders: PersonOrders,
    start_s: int,
    end_s: int,
    counter: list[int],
) -> tuple[pa.Table, np.ndarray]:
    """Tickets of `persons`, and the number of tickets per person (for their survey scores)."""
    person = event_people(rng, persons, people.ticket_rate[persons])
    order_row = orders.pick(rng, person)
    order_row = np.where(rng.random(person.size) < 0.7, order_row, -1)
    opened = _event_times(rng, people, person, order_row, orders, (0.5, 20.0), start_s, end_s)
    record = np.where(
        order_row >= 0, orders.values(orders.batch.record, order_row, -1), index.pick(rng, person, opened)
    )
    keep = record >= 0
    person, order_row, opened, record = person[keep], order_row[keep], opened[keep], record[keep]
    order = np.argsort(opened, kind="stable")
    person, order_row, opened, record = person[order], order_row[order], opened[order], record[order]
    status, resolved = _resolution(rng, opened, end_s)
    types, type_p = _labels_and_weights(TICKET_TYPES)
    categories, category_p = _labels_and_weights(TICKET_CATEGORIES)
    severities, severity_p = _labels_and_weights(SEVERITIES)
    number = counter[0] + np.arange(person.size)
    counter[0] += person.size
    style = (rng.random(person.size) < 0.25).astype(np.int8)
    linked = order_row >= 0
    order_id = (
        orders.batch.order_id.take(pa.array(np.maximum(order_row, 0)))
        if linked.any()
        else pa.nulls(order_row.size, pa.string())
    )
    table = pa.table(
        {
            "ticket_id": text.join("TK", text.int_strings(number, 8)),
            "source_system": text.lookup(SYSTEMS, records.system[record]),
            "source_customer_id": records.source_id.take(pa.array(record)),
            "order_id": text.null_where(order_id, ~linked),
            "opened_at": text.datetime_strings(opened, style, TICKET_PATTERNS),
            "resolved_at": text.datetime_strings(resolved, style, TICKET_PATTERNS, valid=resolved >= 0),
            "ticket_type": text.lookup(types, rng.choice(len(types), person.size, p=type_p)),
            "category": text.lookup(categories, rng.choice(len(categories), person.size, p=category_p)),
            "severity": text.lookup(severities, rng.choice(len(severities), person.size, p=severity_p)),
            "status": text.lookup(TICKET_STATUSES, status),
        }
    )
    per_person = np.bincount(person - persons[0], minlength=persons.size)
    return table.select(list(ENTITY_COLUMNS["tickets"])), per_person


def _resolution(rng: np.random.Generator, opened: np.ndarray, end_s: int) -> tuple[np.ndarray, np.ndarray]:
    """Status and resolution time (-1 while unresolved); recent tickets are more often still open."""
    hours = rng.lognormal(np.log(20.0), 1.0, opened.size)
    resolved = opened + (hours * 3_600).astype(np.int64)
    finished = rng.choice([2, 3], opened.size, p=[0.6, 0.4])
    pending = rng.choice([0, 1], opened.size, p=[0.5, 0.5])
    stuck = rng.random(opened.size) < 0.04
    recent = opened > end_s - 14 * 86_400
    unresolved = stuck | (resolved > end_s) | (recent & (rng.random(opened.size) < 0.6))
    status = np.where(unresolved, pending, finished)
    return status, np.where(unresolved, -1, resolved)


def make_surveys(
    rng: np.random.Generator,
    people: People,
    persons: np.ndarray,
    records: CustomerRecords,
    index: RecordIndex,
    orders: PersonOrders,
    tickets_per_person: np.ndarray,
    start_s: int,
    end_s: int,
    counter: list[int],
) -> pa.Table:
    person = event_people(rng, persons, people.survey_rate[persons])
    order_row = orders.pick(rng, person)
    responded = _event_times(rng, people, person, order_row, orders, (1.0, 10.0), start_s, end_s)
    record = index.pick(rng, person, responded)
    keep = record >= 0
    person, responded, record = person[keep], responded[keep], record[keep]
    order = np.argsort(responded, kind="stable")
    person, responded, record = person[order], responded[order], record[order]
    mood = people.satisfaction[person] - 0.35 * tickets_per_person[person - persons[0]]
    is_nps = rng.random(person.size) < 0.55
    nps = np.clip(np.round(7.2 + 2.0 * mood + rng.normal(0, 1.2, person.size)), 0, 10)
    csat = np.clip(np.round(3.8 + 0.9 * mood + rng.normal(0, 0.6, person.size)), 1, 5)
    score = np.where(is_nps, nps, csat).astype(np.int64)
    bucket = np.where(
        is_nps, np.searchsorted([7, 9], score, side="right"), np.searchsorted([3, 4], score, side="right")
    )
    number = counter[0] + np.arange(person.size)
    counter[0] += person.size
    table = pa.table(
        {
            "response_id": text.join("SR", text.int_strings(number, 9)),
            "source_system": text.lookup(SYSTEMS, records.system[record]),
            "source_customer_id": records.source_id.take(pa.array(record)),
            "responded_at": text.datetime_strings(
                responded,
                text.per_group_choice(rng, records.system[record], ((1, 0, 0), (0.8, 0, 0.2), (0, 1, 0))),
                SURVEY_PATTERNS,
            ),
            "survey_type": text.lookup(("csat", "nps"), is_nps.astype(np.int64)),
            "score": text.int_strings(score),
            "comment": _comments(rng, bucket),
        }
    )
    return table.select(list(ENTITY_COLUMNS["surveys"]))


def _comments(rng: np.random.Generator, bucket: np.ndarray) -> pa.Array:
    labels = [c for group in COMMENTS for c in group]
    offsets = np.cumsum([0] + [len(g) for g in COMMENTS])[:-1]
    sizes = np.array([len(g) for g in COMMENTS])
    pick = offsets[bucket] + np.floor(rng.random(bucket.size) * sizes[bucket]).astype(np.int64)
    return text.lookup(labels, pick, valid=rng.random(bucket.size) < 0.5)
