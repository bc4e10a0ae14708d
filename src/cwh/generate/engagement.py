"""Interactions (touch points): store visits, calls, e-mail opens, web visits, cart additions and chats,
about three per person, logged in the system of one of the person's records."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from cwh.generate import text
from cwh.generate.catalogue import CATEGORIES
from cwh.generate.contract import ENTITY_COLUMNS
from cwh.generate.customers import CustomerRecords, RecordIndex
from cwh.generate.people import SYSTEMS, People

INTERACTION_TYPES = ("visit", "call", "email_open", "web_visit", "cart_add", "chat")
# Share of each interaction type per system (crm, shop, store).
TYPE_BY_SYSTEM = (
    (0.0, 0.40, 0.35, 0.0, 0.0, 0.25),
    (0.0, 0.0, 0.15, 0.45, 0.30, 0.10),
    (0.85, 0.15, 0.0, 0.0, 0.0, 0.0),
)
INTERACTION_CHANNELS = ("store", "phone", "email", "web", "app", "wechat")
# Channel per interaction type (visit, call, email_open, web_visit, cart_add, chat).
CHANNEL_BY_TYPE = (
    (1, 0, 0, 0, 0, 0),
    (0, 1, 0, 0, 0, 0),
    (0, 0, 1, 0, 0, 0),
    (0, 0, 0, 0.6, 0.4, 0),
    (0, 0, 0, 0.45, 0.55, 0),
    (0, 0, 0, 0.2, 0.3, 0.5),
)
OCCURRED_AT_PATTERNS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M")


def event_people(rng: np.random.Generator, persons: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Each person repeated Poisson(rate) times: the owners of their events."""
    return np.repeat(persons, rng.poisson(rate))


def time_after_first_seen(
    rng: np.random.Generator, people: People, person: np.ndarray, start_s: int, end_s: int
) -> np.ndarray:
    """Uniform moment between the person's first appearance (or the window start) and the window end."""
    low = np.maximum(people.first_seen[person], start_s)
    return low + (rng.random(person.size) * np.maximum(end_s - low, 1)).astype(np.int64)


def make_interactions(
    rng: np.random.Generator,
    people: People,
    persons: np.ndarray,
    records: CustomerRecords,
    index: RecordIndex,
    start_s: int,
    end_s: int,
    counter: list[int],
) -> pa.Table:
    person = event_people(rng, persons, people.interaction_rate[persons])
    at = time_after_first_seen(rng, people, person, start_s, end_s)
    record = index.pick(rng, person, at)
    keep = record >= 0
    person, at, record = person[keep], at[keep], record[keep]
    order = np.argsort(at, kind="stable")
    person, at, record = person[order], at[order], record[order]
    system = records.system[record]
    kind = text.per_group_choice(rng, system, TYPE_BY_SYSTEM)
    channel = text.per_group_choice(rng, kind, CHANNEL_BY_TYPE)
    category = np.where(
        rng.random(person.size) < 0.7,
        people.preferred_category[person],
        rng.integers(len(CATEGORIES), size=person.size),
    )
    no_category = (kind == INTERACTION_TYPES.index("call")) & (rng.random(person.size) < 0.5)
    number = counter[0] + np.arange(person.size)
    counter[0] += person.size
    table = pa.table(
        {
            "source_system": text.lookup(SYSTEMS, system),
            "interaction_id": text.join("IA", text.int_strings(number, 10)),
            "source_customer_id": records.source_id.take(pa.array(record)),
            "occurred_at": text.datetime_strings(at, (system == 2).astype(np.int8), OCCURRED_AT_PATTERNS),
            "interaction_type": text.lookup(INTERACTION_TYPES, kind),
            "channel": text.lookup(INTERACTION_CHANNELS, channel),
            "category": text.lookup([c[0] for c in CATEGORIES], category, valid=~no_category),
        }
    )
    return table.select(list(ENTITY_COLUMNS["interactions"]))
