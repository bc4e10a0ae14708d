"""Inquiries and leads (询盘), about 0.3 per person, from known customers and from unknown contacts.

Genuine leads (~60%) name a specific model, give a company website, an e-mail on the company's domain,
the full company details, and answer the follow-up questions (industry, years in business, customer
type, annual sales). Vague ones (~40%) say "very interested, big quantity, send samples" from a free-mail
address with no website and few details; a few of them come from a blacklisted contact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cwh.generate import contacts, text
from cwh.generate.blacklist import Blacklist
from cwh.generate.catalogue import Catalogue
from cwh.generate.companies import Companies
from cwh.generate.contract import ENTITY_COLUMNS
from cwh.generate.customers import CustomerRecords, reference_name_parts
from cwh.generate.names import GIVEN_CHARS, SURNAMES, given_char_weights
from cwh.generate.people import LATIN_FIRST, LATIN_LAST, LATIN_OFFSETS, SYSTEMS, People
from cwh.generate.places import CN_CITIES, ROADS

INQUIRIES_PER_PERSON = 0.3
KNOWN_SHARE = 0.3
GENUINE_IF_KNOWN = 0.8
GENUINE_IF_UNKNOWN = 0.514  # with the known share this gives ~60% genuine overall
BLACKLISTED_SHARE_OF_VAGUE = 0.04
CHANNELS = (("web_form", 0.35), ("email", 0.35), ("phone", 0.1), ("trade_show", 0.1), ("wechat", 0.1))
INDUSTRIES = (
    ("retail", "零售"),
    ("electronics", "电子"),
    ("home & garden", "家居园艺"),
    ("hospitality", "酒店"),
    ("healthcare", "医疗"),
    ("education", "教育"),
    ("construction", "建筑"),
    ("e-commerce", "电商"),
)
CUSTOMER_TYPES = (
    ("retailer", "零售商"),
    ("wholesaler", "批发商"),
    ("distributor", "经销商"),
    ("end user", "终端用户"),
)
ANNUAL_SALES = (
    ("<1M USD", "100万元以下"),
    ("1M-5M USD", "100万-500万元"),
    ("5M-20M USD", "500万-2000万元"),
    (">20M USD", "2000万元以上"),
)
VAGUE_MESSAGES = (
    "Very interested in your products, big quantity, please send samples.",
    "Hello dear, we want big order, send catalogue and free samples.",
    "We are very interested. Best price for large quantity? Send samples first.",
    "对你们的产品非常感兴趣,大量采购,请先寄样品。",
    "我们需求量很大,请发报价和样品。",
)
VAGUE_PRODUCT = ("your products", "all items", "所有产品")
GENERIC_MAILBOXES = ("sales", "purchasing", "info", "procurement")
EN_CITIES = ("New York", "London", "Berlin", "Sydney", "Singapore", "Toronto", "Dubai", "Paris")


@dataclass
class Inquiries:
    table: pa.Table
    truth: pa.Table  # inquiry_id, is_genuine


def make_inquiries(
    rng: np.random.Generator,
    people: People,
    records: CustomerRecords,
    unusable: np.ndarray,
    catalogue: Catalogue,
    companies: Companies,
    blacklist: Blacklist,
    start_s: int,
    end_s: int,
) -> Inquiries:
    count = int(rng.poisson(INQUIRIES_PER_PERSON * people.count))
    usable = np.flatnonzero(~unusable)
    known = (rng.random(count) < KNOWN_SHARE) & (usable.size > 0)
    genuine = rng.random(count) < np.where(known, GENUINE_IF_KNOWN, GENUINE_IF_UNKNOWN)
    record = np.where(
        known,
        usable[rng.integers(max(usable.size, 1), size=count) % max(usable.size, 1)] if usable.size else 0,
        -1,
    )
    person = np.where(known, records.person[np.maximum(record, 0)], 0)
    company = rng.integers(len(companies.domain), size=count)
    received = np.sort(rng.integers(start_s, end_s, count))
    contact = _contact_names(rng, people, person, known)
    family, given = contact["family"], contact["given"]
    chinese = np.where(known, people.is_cn[person], contact["is_cn"])
    company_cn = companies.is_cn[company]
    zh_message = chinese & company_cn & (rng.random(count) < 0.7)
    details = np.where(genuine, rng.random(count) < 0.95, rng.random(count) < 0.15)
    model = rng.integers(len(catalogue.model), size=count)
    industry = rng.integers(len(INDUSTRIES), size=count)
    customer_type = rng.integers(len(CUSTOMER_TYPES), size=count)
    sales = rng.integers(len(ANNUAL_SALES), size=count)
    quantity = text.int_strings(rng.choice([50, 100, 200, 300, 500, 1000, 2000, 5000], count))
    industry_en = text.lookup([i[0] for i in INDUSTRIES], industry)
    type_en = text.lookup([t[0] for t in CUSTOMER_TYPES], customer_type)
    model_name = text.lookup(catalogue.model, model)
    genuine_message = text.choose(
        zh_message.astype(np.int8),
        [
            text.join(
                "Dear sir, we are ",
                text.lookup(
                    [("an " if t[0][0] in "aeiou" else "a ") + t[0] for t in CUSTOMER_TYPES], customer_type
                ),
                " in the ",
                industry_en,
                " business. Please quote your ",
                model_name,
                " for ",
                quantity,
                " units, with lead time and payment terms.",
            ),
            text.join(
                "您好,我们是",
                text.lookup([i[1] for i in INDUSTRIES], industry),
                "行业的",
                text.lookup([t[1] for t in CUSTOMER_TYPES], customer_type),
                ",需要",
                model_name,
                "共",
                quantity,
                "台,请报价并告知交期和付款方式。",
            ),
        ],
    )
    vague_message = text.lookup(
        VAGUE_MESSAGES, np.where(chinese, rng.integers(3, 5, count), rng.integers(0, 3, count))
    )
    email, phone = _contact_channels(
        rng, people, person, known, genuine, family, given, companies, company, contact["phone"]
    )
    email, phone, blocked = _blacklisted(rng, email, phone, genuine, blacklist)
    sales_label = text.choose(
        company_cn.astype(np.int8),
        [text.lookup([s[0] for s in ANNUAL_SALES], sales), text.lookup([s[1] for s in ANNUAL_SALES], sales)],
    )
    inquiry_id = text.join("INQ-", text.int_strings(np.arange(1, count + 1), 7))
    system = np.where(known, records.system[np.maximum(record, 0)], rng.choice([0, 1], count, p=[0.8, 0.2]))
    channels, channel_p = [c for c, _ in CHANNELS], np.array([w for _, w in CHANNELS])
    table = pa.table(
        {
            "inquiry_id": inquiry_id,
            "source_system": text.lookup(SYSTEMS, system),
            "source_customer_id": text.null_where(
                records.source_id.take(pa.array(np.maximum(record, 0))), ~known
            ),
            "received_at": text.datetime_strings(
                received, (rng.random(count) < 0.3).astype(np.int8), ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M")
            ),
            "channel": text.lookup(channels, rng.choice(len(channels), count, p=channel_p / channel_p.sum())),
            "contact_name": text.choose(
                chinese.astype(np.int8), [text.join(given, " ", family), text.join(family, given)]
            ),
            "company_name": text.null_where(
                companies.name.take(pa.array(company)), ~genuine & (rng.random(count) < 0.6)
            ),
            "email": email,
            "phone": phone,
            "website": text.null_where(
                companies.website.take(pa.array(company)), ~genuine | (rng.random(count) < 0.05)
            ),
            "address": text.null_where(_company_addresses(rng, companies, company), ~genuine & ~details),
            "product_mentioned": text.choose(
                genuine.astype(np.int8),
                [
                    text.lookup(
                        VAGUE_PRODUCT,
                        rng.integers(len(VAGUE_PRODUCT), size=count),
                        valid=rng.random(count) < 0.2,
                    ),
                    model_name,
                ],
            ),
            "message": text.choose(genuine.astype(np.int8), [vague_message, genuine_message]),
            "industry": text.null_where(industry_en, ~details),
            "years_in_business": text.null_where(
                text.int_strings(np.minimum(rng.geometric(0.08, count), 60)), ~details
            ),
            "customer_type": text.null_where(type_en, ~details),
            "annual_sales": text.null_where(sales_label, ~details),
        }
    )
    truth = pa.table({"inquiry_id": inquiry_id, "is_genuine": pa.array(genuine)})
    return Inquiries(table=table.select(list(ENTITY_COLUMNS["inquiries"])), truth=truth)


def _contact_names(
    rng: np.random.Generator, people: People, person: np.ndarray, known: np.ndarray
) -> dict[str, object]:
    """Given and family name of each contact (the customer's own for known customers), and a phone."""
    count = person.size
    is_cn = rng.random(count) < 0.7
    female = rng.random(count) < 0.5
    surname = rng.choice(len(SURNAMES.simplified), count, p=SURNAMES.weight / SURNAMES.weight.sum())
    given_index = np.where(
        female,
        rng.choice(len(GIVEN_CHARS.simplified), count, p=given_char_weights(True)),
        rng.choice(len(GIVEN_CHARS.simplified), count, p=given_char_weights(False)),
    )
    m0, mn, f0, fn, l0, ln = LATIN_OFFSETS["EN"]
    first = np.where(female, f0 + rng.integers(fn, size=count), m0 + rng.integers(mn, size=count))
    last = l0 + rng.integers(ln, size=count)
    new_family = text.choose(
        is_cn.astype(np.int8), [text.lookup(LATIN_LAST, last), text.lookup(SURNAMES.simplified, surname)]
    )
    new_given = text.choose(
        is_cn.astype(np.int8),
        [text.lookup(LATIN_FIRST, first), text.lookup(GIVEN_CHARS.simplified, given_index)],
    )
    known_family, known_given = reference_name_parts(people, person)
    phone = contacts.unique_mobiles(
        rng, np.full(count, contacts.CHINA), taken=np.concatenate([people.phone, people.alt_phone])
    )
    return {
        "family": text.choose(known.astype(np.int8), [new_family, known_family]),
        "given": text.choose(known.astype(np.int8), [new_given, known_given]),
        "is_cn": is_cn,
        "phone": phone,
    }


def _contact_channels(
    rng: np.random.Generator,
    people: People,
    person: np.ndarray,
    known: np.ndarray,
    genuine: np.ndarray,
    family: pa.Array,
    given: pa.Array,
    companies: Companies,
    company: np.ndarray,
    new_phone: np.ndarray,
) -> tuple[pa.Array, pa.Array]:
    """Company-domain e-mail for genuine leads, free mail for vague ones; known customers' own phone."""
    count = person.size
    domain = companies.domain.take(pa.array(company))
    latin_local = pc.utf8_lower(text.join(given, ".", family))
    is_ascii = pc.string_is_ascii(latin_local).to_numpy(zero_copy_only=False)
    mailbox = text.lookup(GENERIC_MAILBOXES, rng.integers(len(GENERIC_MAILBOXES), size=count))
    local = text.choose(is_ascii.astype(np.int8), [mailbox, latin_local])
    company_email = text.join(local, "@", domain)
    free_domain = text.lookup(
        [d for d, _ in contacts.FREE_MAIL_CN], rng.integers(len(contacts.FREE_MAIL_CN), size=count)
    )
    free_email = text.join(
        text.lookup(("buyer", "trade", "import", "boss", "best"), rng.integers(5, size=count)),
        text.int_strings(rng.integers(100, 999_999, count)),
        "@",
        free_domain,
    )
    own_email = people.email.take(pa.array(person))
    vague_email = text.choose(
        (known & pc.is_valid(own_email).to_numpy(zero_copy_only=False)).astype(np.int8),
        [free_email, own_email],
    )
    email = text.choose(genuine.astype(np.int8), [vague_email, company_email])
    own_phone = people.phone[person]
    number = np.where(known & (own_phone > 0), own_phone, new_phone)
    phone = contacts.format_phones(
        number,
        rng.integers(len(contacts.CN_PHONE_FORMATS), size=count),
        rng.integers(len(contacts.INTL_PHONE_FORMATS), size=count),
    )
    phone = text.null_where(phone, ~genuine & (rng.random(count) < 0.5))
    return email, phone


def _blacklisted(
    rng: np.random.Generator, email: pa.Array, phone: pa.Array, genuine: np.ndarray, blacklist: Blacklist
) -> tuple[pa.Array, pa.Array, np.ndarray]:
    count = genuine.size
    blocked = ~genuine & (rng.random(count) < BLACKLISTED_SHARE_OF_VAGUE)
    by_email = blocked & (rng.random(count) < 0.5) & (len(blacklist.emails) > 0)
    by_phone = blocked & ~by_email & (len(blacklist.phones) > 0)
    rows = np.flatnonzero(by_email)
    if rows.size:
        email = text.replace_rows(
            email, rows, blacklist.emails.take(pa.array(rng.integers(len(blacklist.emails), size=rows.size)))
        )
    rows = np.flatnonzero(by_phone)
    if rows.size:
        phone = text.replace_rows(
            phone, rows, blacklist.phones.take(pa.array(rng.integers(len(blacklist.phones), size=rows.size)))
        )
    return email, phone, by_email | by_phone


def _company_addresses(rng: np.random.Generator, companies: Companies, company: np.ndarray) -> pa.Array:
    count = company.size
    city = np.maximum(companies.city[company], 0)
    number = text.int_strings(rng.integers(1, 999, count))
    floor = text.int_strings(rng.integers(1, 30, count))
    cn = text.join(
        text.lookup(CN_CITIES.name, city),
        "市",
        text.lookup([r[0] for r in ROADS], rng.integers(len(ROADS), size=count)),
        number,
        "号",
        floor,
        "楼",
    )
    en = text.join(
        number,
        " Market Street, Suite ",
        floor,
        "00, ",
        text.lookup(EN_CITIES, rng.integers(len(EN_CITIES), size=count)),
    )
    return text.choose(companies.is_cn[company].astype(np.int8), [en, cn])
