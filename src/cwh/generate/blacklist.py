"""Blacklist: blocked contacts (fraud, chargebacks, fake registrations ...). About 0.2% of people are
listed, by phone, by e-mail, or by name plus birth date; some entries match nobody at all."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cwh.generate import contacts, text
from cwh.generate.contract import ENTITY_COLUMNS
from cwh.generate.customers import reference_names
from cwh.generate.people import People

LISTED_SHARE = 0.002
UNMATCHED_SHARE = 0.3  # extra entries, relative to the listed people, that match no person
REASONS = (
    "fraud",
    "chargeback",
    "abusive behaviour",
    "fake registration",
    "恶意刷单",
    "虚假注册",
    "恶意退货",
)
BY_PHONE, BY_EMAIL, BY_NAME = 0, 1, 2


@dataclass
class Blacklist:
    table: pa.Table
    person: np.ndarray  # listed person per entry, -1 for entries matching nobody
    phones: pa.Array  # blocked phones (non-null entries only), for inquiries from blocked contacts
    emails: pa.Array


def make_blacklist(rng: np.random.Generator, people: People, start_s: int, end_s: int) -> Blacklist:
    listed = np.sort(rng.choice(people.count, max(1, round(LISTED_SHARE * people.count)), replace=False))
    kind = rng.choice(3, listed.size, p=[0.4, 0.3, 0.3])
    no_email = pc.is_null(people.email.take(pa.array(listed))).to_numpy(zero_copy_only=False)
    kind[(kind == BY_PHONE) & (people.phone[listed] == 0)] = BY_NAME
    kind[(kind == BY_EMAIL) & no_email] = BY_NAME
    extra = max(1, round(UNMATCHED_SHARE * listed.size))
    extra_kind = rng.integers(0, 2, extra)  # unmatched entries are phones or e-mails only
    taken = np.concatenate([people.phone, people.alt_phone])
    fresh_phone = contacts.unique_mobiles(rng, np.full(extra, contacts.CHINA), taken=taken)

    phone_numbers = np.concatenate([people.phone[listed], fresh_phone])
    formats = rng.integers(len(contacts.CN_PHONE_FORMATS), size=phone_numbers.size)
    phone = contacts.format_phones(
        np.where(phone_numbers == 0, fresh_phone[0], phone_numbers),
        formats,
        rng.integers(len(contacts.INTL_PHONE_FORMATS), size=phone_numbers.size),
    )
    fresh_email = text.join(
        text.lookup(("vip", "deal", "service", "kefu", "shop"), rng.integers(5, size=extra)),
        text.int_strings(rng.integers(100_000, 99_999_999, extra)),
        "@",
        text.lookup(("163.com", "qq.com", "gmail.com", "126.com"), rng.integers(4, size=extra)),
    )
    email = pa.concat_arrays(
        [pc.utf8_lower(people.email.take(pa.array(listed))).cast(pa.string()), fresh_email.cast(pa.string())]
    )
    all_kind = np.concatenate([kind, extra_kind])
    name = pa.concat_arrays([reference_names(people, listed).cast(pa.string()), pa.nulls(extra, pa.string())])
    birth = np.concatenate([people.birth_day[listed], np.zeros(extra, np.int64)]) * 86_400
    count = all_kind.size
    order = rng.permutation(count)
    table = pa.table(
        {
            "blacklist_id": text.join("BL", text.int_strings(np.arange(1, count + 1), 6)),
            "full_name": text.null_where(name, all_kind != BY_NAME).take(pa.array(order)),
            "birth_date": text.datetime_strings(
                birth, np.zeros(count, np.int8), ["%Y-%m-%d"], valid=all_kind == BY_NAME
            ).take(pa.array(order)),
            "email": text.null_where(email, all_kind != BY_EMAIL).take(pa.array(order)),
            "phone": text.null_where(phone, all_kind != BY_PHONE).take(pa.array(order)),
            "reason": text.lookup(REASONS, rng.integers(len(REASONS), size=count)),
            "listed_at": text.datetime_strings(
                rng.integers(start_s, end_s, count), np.zeros(count, np.int8), ["%Y-%m-%d"]
            ),
        }
    )
    person = np.concatenate([listed, np.full(extra, -1)])[order]
    return Blacklist(
        table=table.select(list(ENTITY_COLUMNS["blacklist"])),
        person=person,
        phones=pc.drop_null(table.column("phone")).combine_chunks(),
        emails=pc.drop_null(table.column("email")).combine_chunks(),
    )
