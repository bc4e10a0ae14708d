"""Source customer records: each person's records in the crm, shop and store systems, written the way
each system writes them (its own ids, name layout, phone and date formats, missing fields), with
intra-system duplicates and typos.

System habits (see docs/generator.md for the full table):
- crm: full name only (sometimes traditional or pinyin), 男/女, dates `1985-03-07` / `1985年3月7日`,
  is_member 是/否, levels 普通/VIP/银卡, ids `CRM-000123`.
- shop: given/family split (a quarter in pinyin), male/female, birth date often missing, e-mail almost
  always present, is_member true/false, levels basic..platinum, ids `S0001234`.
- store: full name, rarely an e-mail, birth dates `1985/03/07` or day-first `17/03/1985`, is_member 1/0,
  levels 普通会员..白金会员, ids `M88000123`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cwh.generate import contacts, text
from cwh.generate.contract import ENTITY_COLUMNS
from cwh.generate.names import GIVEN_CHARS, SURNAMES, given_char_weights
from cwh.generate.people import (
    INCOME_BANDS,
    LATIN_FIRST,
    LATIN_LAST,
    MARITAL,
    OCCUPATIONS,
    SYSTEMS,
    People,
    epoch_seconds,
)
from cwh.generate.places import CN_CITIES, COMPOUNDS, COUNTRIES, ROADS

CRM, SHOP, STORE = 0, 1, 2
INTRA_SYSTEM_DUPLICATE_SHARE = 0.035
ID_PREFIX = ("CRM-", "S", "M88")
ID_WIDTH = (6, 7, 6)
ID_FIRST_NUMBER = (100, 1_000, 1)
LEVELS = ("basic", "silver", "gold", "platinum")
LEVEL_LABELS = (
    ("普通", "VIP", "VIP", "银卡"),  # crm: the 普通 / VIP / 银卡 spend tiers
    LEVELS,  # shop
    ("普通会员", "银卡会员", "金卡会员", "白金会员"),  # store
)
MEMBER_SHARE = (0.25, 0.45, 0.70)
MEMBER_FLAG_LABELS = (("是", "否"), ("true", "false"), ("1", "0"))
GENDER_LABELS = (("M", "F"), ("male", "female"), ("男", "女"))
ACQUISITION = (
    (("referral", 25), ("trade_show", 15), ("phone", 20), ("web", 25), ("ad", 15)),
    (("web", 30), ("app", 30), ("search_ad", 15), ("social", 10), ("wechat", 10), ("douyin", 5)),
    (("store", 75), ("referral", 15), ("event", 10)),
)
TIMESTAMP_PATTERN = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M")
SIMPLIFIED, TRADITIONAL, PINYIN, LATIN = 0, 1, 2, 3
BIRTH_DATE_FORMATS = ("1985-03-07", "19850307", "1985/03/07", "1985年3月7日", "17/03/1985")
# Per system (crm, shop, store) probabilities; each row is one system.
SCRIPT = ((0.82, 0.10, 0.08), (0.70, 0.05, 0.25), (0.90, 0.08, 0.02))
NAME_LAYOUT = ((0.90, 0.0, 0.10), (0.15, 0.70, 0.15), (1.0, 0.0, 0.0))  # full only, split only, both
GENDER_FORMAT = ((0.3, 0.0, 0.7), (0.2, 0.8, 0.0), (0.4, 0.0, 0.6))
BIRTH_FORMAT = ((0.45, 0.0, 0.2, 0.3, 0.05), (0.6, 0.4, 0.0, 0.0, 0.0), (0.2, 0.0, 0.35, 0.2, 0.25))
CN_PHONE_FORMAT = (
    (0.25, 0.35, 0.2, 0.1, 0.05, 0.05),
    (0.3, 0.3, 0.0, 0.0, 0.4, 0.0),
    (0.0, 0.4, 0.3, 0.15, 0.0, 0.15),
)
INTL_PHONE_FORMAT = ((0.4, 0.3, 0.2, 0.1), (0.6, 0.2, 0.1, 0.1), (0.3, 0.3, 0.2, 0.2))
HAS = {  # probability that a record carries the field (when the person has it)
    "email": (0.75, 0.98, 0.08),
    "phone": (0.92, 0.70, 0.85),
    "birth_date": (0.75, 0.45, 0.92),
    "gender": (0.95, 0.80, 0.90),
    "address": (0.85, 0.95, 0.70),
    "postal_code": (0.70, 0.95, 0.30),
    "occupation": (0.60, 0.30, 0.30),
    "income_band": (0.50, 0.20, 0.40),
    "household_size": (0.40, 0.10, 0.50),
    "marital_status": (0.60, 0.30, 0.50),
    "acquisition_channel": (0.90, 0.95, 0.80),
}


@dataclass
class CustomerRecords:
    """One entry per source customer record, in file order (by system, then creation time)."""

    person: np.ndarray
    system: np.ndarray
    created: np.ndarray  # epoch seconds
    number: np.ndarray  # numeric part of source_customer_id
    is_member: np.ndarray
    level: np.ndarray  # index into LEVELS
    source_id: pa.Array
    table: pa.Table

    def max_number(self) -> np.ndarray:
        """Largest id number used in each system (orphan ids are drawn above it)."""
        return np.array([self.number[self.system == s].max(initial=ID_FIRST_NUMBER[s]) for s in range(3)])


def format_ids(system: np.ndarray, number: np.ndarray) -> pa.Array:
    """source_customer_id strings: CRM-000123, S0001234, M88000123."""
    return text.choose_built(
        system,
        [
            lambda rows, s=s: text.join(ID_PREFIX[s], text.int_strings(number[rows], ID_WIDTH[s]))
            for s in range(3)
        ],
    )


def make_customer_records(
    rng: np.random.Generator, people: People, start: date, end: date
) -> CustomerRecords:
    """All source records of all people, rendered per source system."""
    person, system, created, duplicate = _record_keys(rng, people, epoch_seconds(end) + 86_399)
    order = np.lexsort((person, created, system))
    person, system, created, duplicate = person[order], system[order], created[order], duplicate[order]
    number = np.empty(person.size, dtype=np.int64)
    for s in range(3):
        rows = np.flatnonzero(system == s)
        number[rows] = ID_FIRST_NUMBER[s] + np.arange(rows.size)
    source_id = format_ids(system, number)
    is_member = people.loyalty[person] < np.array(MEMBER_SHARE)[system]
    level = np.searchsorted(np.array([0.5, 0.8, 0.95]), people.spend_rank[person], side="right")
    columns = _render(rng, people, person, system, created, duplicate, is_member, level, end)
    columns["source_system"] = text.lookup(SYSTEMS, system)
    columns["source_customer_id"] = source_id
    table = pa.table({name: columns[name] for name in ENTITY_COLUMNS["customers"]})
    return CustomerRecords(person, system, created, number, is_member, level, source_id, table)


def _record_keys(
    rng: np.random.Generator, people: People, end_s: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(person, system, created_at, is_intra_system_duplicate) for every record."""
    person, system = np.nonzero(people.systems)
    # The person's first system gets the record created when they were first seen; others come later.
    key = rng.random(person.size)
    first_key = np.full(people.count, np.inf)
    np.minimum.at(first_key, person, key)
    is_first = key == first_key[person]
    seen = people.first_seen[person]
    later = seen + (rng.random(person.size) * np.maximum(end_s - seen, 1)).astype(np.int64)
    created = np.where(is_first, seen, later)
    dup = np.flatnonzero(rng.random(person.size) < INTRA_SYSTEM_DUPLICATE_SHARE)
    dup_created = created[dup] + (rng.random(dup.size) * np.maximum(end_s - created[dup], 1)).astype(np.int64)
    return (
        np.concatenate([person, person[dup]]),
        np.concatenate([system, system[dup]]),
        np.concatenate([created, dup_created]),
        np.concatenate([np.zeros(person.size, bool), np.ones(dup.size, bool)]),
    )


def _render(
    rng: np.random.Generator,
    people: People,
    person: np.ndarray,
    system: np.ndarray,
    created: np.ndarray,
    duplicate: np.ndarray,
    is_member: np.ndarray,
    level: np.ndarray,
    end: date,
) -> dict[str, pa.Array]:
    is_cn = people.is_cn[person]
    script = np.where(is_cn, text.per_group_choice(rng, system, SCRIPT), LATIN)
    columns = _names(rng, people, person, system, script, duplicate)
    email = _emails(rng, people, person, system)
    phone = _phones(rng, people, person, system)
    no_contact = pc.and_(pc.is_null(email), pc.is_null(phone)).to_numpy(zero_copy_only=False)
    columns["email"] = email
    columns["phone"] = phone
    columns["gender"] = _gender(rng, people, person, system)
    columns["birth_date"] = _birth_dates(rng, people, person, system, no_contact)
    columns.update(_location(rng, people, person, system, script, no_contact))
    columns.update(_profile(rng, people, person, system, is_cn))
    columns.update(_membership(rng, system, is_member, level))
    columns.update(_timestamps(rng, system, created, end))
    return columns


def _missing(rng: np.random.Generator, system: np.ndarray, field: str) -> np.ndarray:
    return ~text.per_group_flag(rng, system, HAS[field])


def _names(
    rng: np.random.Generator,
    people: People,
    person: np.ndarray,
    system: np.ndarray,
    script: np.ndarray,
    duplicate: np.ndarray,
) -> dict[str, pa.Array]:
    count = person.size
    surname, given1, given2 = (
        people.surname[person].copy(),
        people.given1[person].copy(),
        people.given2[person].copy(),
    )
    typo = rng.random(count) < np.where(duplicate, 0.12, 0.025)
    _han_typos(rng, typo & (script <= TRADITIONAL), people.female[person], given1, given2)
    family, given = _name_parts(script, surname, given1, given2)
    latin_typo = np.flatnonzero(typo & (script >= PINYIN))
    on_given = rng.random(latin_typo.size) < 0.6
    given = text.swap_adjacent(given, latin_typo[on_given], rng)
    family = text.swap_adjacent(family, latin_typo[~on_given], rng)
    family_first_latin = np.isin(
        people.country[person], [i for i, c in enumerate(COUNTRIES) if c.code in ("JP", "KR")]
    )
    family_first = np.where(
        script <= TRADITIONAL,
        True,
        rng.random(count) < np.where(script == PINYIN, 0.6, np.where(family_first_latin, 0.5, 0.08)),
    )
    spaced = script >= PINYIN
    full = text.choose(
        family_first.astype(np.int8) * 2 + spaced.astype(np.int8),
        [
            text.join(given, family),
            text.join(given, " ", family),
            text.join(family, given),
            text.join(family, " ", given),
        ],
    )
    layout = text.per_group_choice(rng, system, NAME_LAYOUT)
    swapped = (layout >= 1) & (rng.random(count) < 0.03)  # given and family typed into each other's field
    given_col = text.choose(swapped.astype(np.int8), [given, family])
    family_col = text.choose(swapped.astype(np.int8), [family, given])
    return {
        "full_name": text.null_where(full, layout == 1),
        "given_name": text.null_where(given_col, layout == 0),
        "family_name": text.null_where(family_col, layout == 0),
    }


def _han_typos(
    rng: np.random.Generator,
    rows_mask: np.ndarray,
    female: np.ndarray,
    given1: np.ndarray,
    given2: np.ndarray,
) -> None:
    """One given-name character replaced by a homophone (or the two swapped / a random one when none)."""
    rows = np.flatnonzero(rows_mask)
    second = (given2[rows] >= 0) & (rng.random(rows.size) < 0.5)
    target = np.where(second, given2[rows], given1[rows])
    alternative = GIVEN_CHARS.homophone[target]
    has_alternative = alternative != target
    two_chars = given2[rows] >= 0
    swap = ~has_alternative & two_chars
    g1, g2 = given1[rows].copy(), given2[rows].copy()
    new_g1 = np.where(has_alternative & ~second, alternative, g1)
    new_g2 = np.where(has_alternative & second, alternative, g2)
    new_g1, new_g2 = np.where(swap, g2, new_g1), np.where(swap, g1, new_g2)
    random_fix = ~has_alternative & ~two_chars
    for is_female in (False, True):
        pick = np.flatnonzero(random_fix & (female[rows] == is_female))
        weight = given_char_weights(is_female)
        new_g1[pick] = rng.choice(weight.size, pick.size, p=weight)
    given1[rows], given2[rows] = new_g1, new_g2


def _name_parts(
    script: np.ndarray, surname: np.ndarray, given1: np.ndarray, given2: np.ndarray
) -> tuple[pa.Array, pa.Array]:
    han = script <= PINYIN
    s_idx = np.where(han, surname, 0)
    g1 = np.where(han, given1, 0)
    g2 = np.where(han & (given2 >= 0), given2, len(GIVEN_CHARS.simplified))
    capitalised = [p.capitalize() for p in GIVEN_CHARS.pinyin]
    families = [
        text.lookup(SURNAMES.simplified, s_idx),
        text.lookup(SURNAMES.traditional, s_idx),
        text.lookup([p.capitalize() for p in SURNAMES.pinyin], s_idx),
        text.lookup(LATIN_LAST, np.where(han, 0, surname)),
    ]
    givens = [
        text.join(text.lookup(GIVEN_CHARS.simplified, g1), text.lookup([*GIVEN_CHARS.simplified, ""], g2)),
        text.join(text.lookup(GIVEN_CHARS.traditional, g1), text.lookup([*GIVEN_CHARS.traditional, ""], g2)),
        text.join(text.lookup(capitalised, g1), text.lookup([*GIVEN_CHARS.pinyin, ""], g2)),
        text.lookup(LATIN_FIRST, np.where(han, 0, given1)),
    ]
    return text.choose(script, families), text.choose(script, givens)


def _emails(rng: np.random.Generator, people: People, person: np.ndarray, system: np.ndarray) -> pa.Array:
    count = person.size
    primary = people.email.take(pa.array(person))
    alternative = people.alt_email.take(pa.array(person))
    use_alt = pc.is_valid(alternative).to_numpy(zero_copy_only=False) & (rng.random(count) < 0.5)
    email = text.choose(use_alt.astype(np.int8), [primary, alternative])
    case = rng.choice(3, count, p=[0.87, 0.08, 0.05])
    email = text.choose(case, [email, pc.utf8_capitalize(email), pc.utf8_upper(email)])
    return text.null_where(email, _missing(rng, system, "email"))


def _phones(rng: np.random.Generator, people: People, person: np.ndarray, system: np.ndarray) -> pa.Array:
    count = person.size
    number = people.phone[person]
    alt = people.alt_phone[person]
    number = np.where((alt > 0) & (rng.random(count) < 0.5), alt, number)
    cn_choice = text.per_group_choice(rng, system, CN_PHONE_FORMAT)
    intl_choice = text.per_group_choice(rng, system, INTL_PHONE_FORMAT)
    missing = (number == 0) | _missing(rng, system, "phone")
    formatted = contacts.format_phones(
        np.where(number == 0, people.phone.max(initial=1), number), cn_choice, intl_choice
    )
    return text.null_where(formatted, missing)


def _gender(rng: np.random.Generator, people: People, person: np.ndarray, system: np.ndarray) -> pa.Array:
    style = text.per_group_choice(rng, system, GENDER_FORMAT)
    foreign = ~people.is_cn[person]
    style = np.where(
        foreign & (style == 2), rng.integers(0, 2, person.size), style
    )  # no 男/女 for foreigners
    labels = [label for pair in GENDER_LABELS for label in pair]
    index = style * 2 + people.female[person].astype(np.int64)
    return text.lookup(labels, index, valid=~_missing(rng, system, "gender"))


def _birth_dates(
    rng: np.random.Generator, people: People, person: np.ndarray, system: np.ndarray, no_contact: np.ndarray
) -> pa.Array:
    day = people.birth_day[person]
    style = text.per_group_choice(rng, system, BIRTH_FORMAT)
    day_of_month = (day.astype("datetime64[D]") - day.astype("datetime64[D]").astype("datetime64[M]")).astype(
        int
    ) + 1
    style = np.where((style == 4) & (day_of_month <= 12), 0, style)  # day-first only when unambiguous
    seconds = day * 86_400
    patterns = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", None, "%d/%m/%Y")
    builders = [
        (lambda rows, p=p: text.datetime_strings(seconds[rows], np.zeros(rows.size, np.int8), [p]))
        if p
        else (lambda rows: _chinese_dates(day[rows]))
        for p in patterns
    ]
    formatted = text.choose_built(style, builders)
    return text.null_where(formatted, _missing(rng, system, "birth_date") & ~no_contact)


def _chinese_dates(day: np.ndarray) -> pa.Array:
    """1985年3月7日: year, month and day without zero padding."""
    as_date = day.astype("datetime64[D]")
    month_start = as_date.astype("datetime64[M]")
    year = month_start.astype("datetime64[Y]").astype(np.int64) + 1970
    month = month_start.astype(np.int64) % 12 + 1
    dom = (as_date - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    return text.join(text.int_strings(year), "年", text.int_strings(month), "月", text.int_strings(dom), "日")


def _location(
    rng: np.random.Generator,
    people: People,
    person: np.ndarray,
    system: np.ndarray,
    script: np.ndarray,
    no_contact: np.ndarray,
) -> dict[str, pa.Array]:
    count = person.size
    is_cn = people.is_cn[person]
    city = people.city[person]
    country = people.country[person]
    cn_city = np.where(is_cn, city, 0)
    pinyin = script == PINYIN
    foreign = _foreign_location(people, person)

    country_style = text.per_group_choice(rng, system, ((0.7, 0.3, 0.0), (0.0, 0.6, 0.4), (1.0, 0.0, 0.0)))
    cn_country = text.lookup(
        ("中国", "CN", "China"), country_style, valid=~((system == STORE) & (rng.random(count) < 0.4))
    )
    intl_country = text.choose(
        rng.integers(0, 2, count),
        [
            text.lookup([c.code for c in COUNTRIES], np.maximum(country, 0)),
            text.lookup([c.name for c in COUNTRIES], np.maximum(country, 0)),
        ],
    )
    province_style = np.where(
        pinyin, 2, text.per_group_choice(rng, system, ((0.7, 0.3, 0), (0.5, 0, 0.5), (0.2, 0.8, 0)))
    )
    cn_province = text.choose(
        province_style,
        [
            text.lookup(CN_CITIES.province, cn_city),
            text.lookup(CN_CITIES.province_short, cn_city),
            text.lookup(CN_CITIES.province_en, cn_city),
        ],
    )
    city_style = np.where(
        pinyin, 2, text.per_group_choice(rng, system, ((0.6, 0.4, 0), (0.4, 0.2, 0.4), (0, 1, 0)))
    )
    cn_city_name = text.choose(
        city_style,
        [
            text.join(text.lookup(CN_CITIES.name, cn_city), "市"),
            text.lookup(CN_CITIES.name, cn_city),
            text.lookup(CN_CITIES.name_en, cn_city),
        ],
    )
    address_style = np.where(
        pinyin, 2, text.per_group_choice(rng, system, ((0.8, 0.2, 0), (0.6, 0.1, 0.3), (0.4, 0.6, 0)))
    )
    cn_address = _cn_addresses(people, person, address_style)
    pick = is_cn.astype(np.int8)
    address_missing = _missing(rng, system, "address") & ~no_contact
    return {
        "country": text.choose(pick, [intl_country, cn_country]),
        "province": text.choose(pick, [foreign["province"], cn_province]),
        "city": text.choose(pick, [foreign["city"], cn_city_name]),
        "address_line": text.null_where(text.choose(pick, [foreign["address"], cn_address]), address_missing),
        "postal_code": text.null_where(
            people.postal_code.take(pa.array(person)), _missing(rng, system, "postal_code")
        ),
    }


def _foreign_location(people: People, person: np.ndarray) -> dict[str, pa.Array]:
    cities, states, streets = [], [], []
    city_offset, street_offset = [], []
    for spec in COUNTRIES:
        city_offset.append(len(cities))
        street_offset.append(len(streets))
        cities.extend(c[0] for c in spec.cities)
        states.extend(c[1] for c in spec.cities)
        streets.extend(spec.streets)
    country = np.maximum(people.country[person], 0)
    city_index = np.array(city_offset)[country] + np.where(people.is_cn[person], 0, people.city[person])
    street_count = np.array([len(c.streets) for c in COUNTRIES])[country]
    street_index = np.array(street_offset)[country] + people.road[person] % street_count
    apartment = people.room[person] % 97 + 1
    with_apartment = people.building[person] % 3 == 0
    address = text.join(
        text.int_strings(people.house_number[person]), " ", text.lookup(streets, street_index)
    )
    address = text.choose(
        with_apartment.astype(np.int8), [address, text.join(address, ", Apt ", text.int_strings(apartment))]
    )
    return {
        "city": text.lookup(cities, city_index),
        "province": text.lookup(states, city_index),
        "address": address,
    }


def _cn_addresses(people: People, person: np.ndarray, style: np.ndarray) -> pa.Array:
    road = people.road[person]
    number = text.int_strings(people.house_number[person])
    building = text.int_strings(people.building[person])
    room = text.int_strings(people.room[person])
    road_zh = text.lookup([r[0] for r in ROADS], road)
    full = text.join(
        road_zh, number, "号", text.lookup(COMPOUNDS, people.compound[person]), building, "栋", room, "室"
    )
    short = text.join(road_zh, number, "号", building, "-", room)
    english = text.join(
        "No. ", number, " ", text.lookup([r[1] for r in ROADS], road), ", Bldg ", building, ", Rm ", room
    )
    return text.choose(style, [full, short, english])


def _profile(
    rng: np.random.Generator, people: People, person: np.ndarray, system: np.ndarray, is_cn: np.ndarray
) -> dict[str, pa.Array]:
    english = (system == SHOP) | ~is_cn
    language = english.astype(np.int64)
    occupation = people.occupation[person] * 2 + language
    marital = people.marital[person] * 2 + language
    return {
        "occupation": text.lookup(
            [x for pair in OCCUPATIONS for x in pair], occupation, valid=~_missing(rng, system, "occupation")
        ),
        "income_band": text.lookup(
            INCOME_BANDS, people.income_band[person], valid=~_missing(rng, system, "income_band")
        ),
        "household_size": text.null_where(
            text.int_strings(people.household_size[person]), _missing(rng, system, "household_size")
        ),
        "marital_status": text.lookup(
            [x for pair in MARITAL for x in pair], marital, valid=~_missing(rng, system, "marital_status")
        ),
    }


def _membership(
    rng: np.random.Generator, system: np.ndarray, is_member: np.ndarray, level: np.ndarray
) -> dict[str, pa.Array]:
    flag_labels = [x for pair in MEMBER_FLAG_LABELS for x in pair]
    flag = text.lookup(
        flag_labels,
        system * 2 + (~is_member).astype(np.int64),
        valid=~((system == CRM) & (rng.random(system.size) < 0.1)),
    )
    level_labels = [x for labels in LEVEL_LABELS for x in labels]
    member_level = text.lookup(level_labels, system * 4 + level, valid=is_member)
    channel_labels: list[str] = []
    channel_index = np.zeros(system.size, dtype=np.int64)
    for s, options in enumerate(ACQUISITION):
        rows = np.flatnonzero(system == s)
        weight = np.array([w for _, w in options], dtype=float)
        channel_index[rows] = len(channel_labels) + rng.choice(
            len(options), rows.size, p=weight / weight.sum()
        )
        channel_labels.extend(label for label, _ in options)
    channel = text.lookup(channel_labels, channel_index, valid=~_missing(rng, system, "acquisition_channel"))
    return {"is_member": flag, "member_level": member_level, "acquisition_channel": channel}


def _timestamps(
    rng: np.random.Generator, system: np.ndarray, created: np.ndarray, end: date
) -> dict[str, pa.Array]:
    end_s = epoch_seconds(end) + 86_399
    changed = rng.random(system.size) < 0.7
    updated = np.where(
        changed, created + (rng.random(system.size) ** 2 * (end_s - created)).astype(np.int64), created
    )
    style = system  # each system writes its own timestamp layout
    return {
        "created_at": text.datetime_strings(created, style, TIMESTAMP_PATTERN),
        "updated_at": text.datetime_strings(updated, style, TIMESTAMP_PATTERN),
    }


@dataclass
class RecordIndex:
    """Per person, their usable records sorted by creation time, to attach events to a record that
    already existed at the event's time. Records whose key was blanked by a defect are not usable."""

    record: np.ndarray  # (persons, k) record index, -1 padding
    created: np.ndarray  # (persons, k) epoch seconds, int64 max for padding

    @classmethod
    def build(cls, records: CustomerRecords, persons: int, unusable: np.ndarray) -> RecordIndex:
        never = np.iinfo(np.int64).max
        created = np.where(unusable, never, records.created)
        order = np.lexsort((created, records.person))
        person = records.person[order]
        counts = np.bincount(person, minlength=persons)
        width = max(int(counts.max(initial=1)), 1)
        first = np.concatenate([[0], np.cumsum(counts)[:-1]])
        slot = np.arange(order.size) - first[person]
        record = np.full((persons, width), -1, dtype=np.int64)
        at = np.full((persons, width), never, dtype=np.int64)
        record[person, slot] = order
        at[person, slot] = created[order]
        return cls(record=record, created=at)

    def pick(self, rng: np.random.Generator, person: np.ndarray, at: np.ndarray) -> np.ndarray:
        """A random usable record of each person created no later than `at` (the earliest usable record
        when none is that old); -1 when the person has no usable record."""
        created = self.created[person]
        eligible = (created <= at[:, None]).sum(axis=1)
        slot = np.floor(rng.random(person.size) * np.maximum(eligible, 1)).astype(np.int64)
        chosen = self.record[person, slot]
        usable = created[:, 0] < np.iinfo(np.int64).max
        return np.where(usable, chosen, -1)


def reference_name_parts(people: People, person: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """(family, given) as an official list writes them: simplified characters or Latin script."""
    script = np.where(people.is_cn[person], SIMPLIFIED, LATIN)
    return _name_parts(script, people.surname[person], people.given1[person], people.given2[person])


def reference_names(people: People, person: np.ndarray) -> pa.Array:
    """The person's full name as an official list writes it: 张伟 or `John Smith`."""
    family, given = reference_name_parts(people, person)
    return text.choose(
        people.is_cn[person].astype(np.int8), [text.join(given, " ", family), text.join(family, given)]
    )
