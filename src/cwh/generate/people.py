"""People: the real persons behind the source records, with their true attributes and the latent
parameters that drive their behaviour (purchase rate, dropout, spend level, satisfaction ...).

Everything is drawn column by column with numpy; a person is a row index into these arrays and
`person_id` is `P` + the zero-padded index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cwh.generate import contacts, text
from cwh.generate.companies import Companies
from cwh.generate.names import (
    FIRST_POSITION_ONLY,
    GIVEN_CHARS,
    LATIN_NAMES,
    SINGLE_CHARACTER_SHARE,
    SURNAMES,
    ascii_fold,
    given_char_weights,
)
from cwh.generate.places import CN_CITIES, COMPOUNDS, COUNTRIES, COUNTRY_WEIGHTS, ROADS

CHINESE_SHARE = 0.75
BUYER_SHARE = 0.85
SYSTEMS = ("crm", "shop", "store")
SYSTEM_COUNT_WEIGHTS = (0.86, 0.12, 0.02)  # a person has records in 1, 2 or 3 systems
SYSTEM_WEIGHTS_CN = (0.33, 0.42, 0.25)
SYSTEM_WEIGHTS_INTL = (0.45, 0.50, 0.05)
# Repeat-purchase process (BG/NBD story): rate ~ Gamma(shape, scale calibrated to the order target),
# dropout after each purchase ~ Beta(a, b); spend level per person ~ Normal on the log scale.
PURCHASE_RATE_SHAPE = 0.8
DROPOUT_BETA = (2.0, 30.0)
SPEND_LOG_MEAN = float(np.log(180.0))
SPEND_LOG_SD = 1.1
ORDER_NOISE_LOG_SD = 0.5
MEAN_INTERACTIONS = 3.0
MEAN_SURVEYS = 0.5
MEAN_TICKETS = 0.2
SURVEY_RESPONDER_SHARE = 0.45

OCCUPATIONS = (
    ("工程师", "engineer"),
    ("教师", "teacher"),
    ("医生", "doctor"),
    ("护士", "nurse"),
    ("销售", "sales"),
    ("公务员", "civil servant"),
    ("学生", "student"),
    ("个体户", "self-employed"),
    ("退休", "retired"),
    ("经理", "manager"),
    ("会计", "accountant"),
    ("设计师", "designer"),
    ("程序员", "software developer"),
    ("律师", "lawyer"),
    ("工人", "factory worker"),
    ("自由职业", "freelancer"),
    ("企业主", "business owner"),
)
STUDENT, RETIRED = 6, 8
INCOME_BANDS = ("<5k", "5k-10k", "10k-20k", "20k-50k", ">50k")
INCOME_LIMITS = np.array([5_000, 10_000, 20_000, 50_000])
MARITAL = (("未婚", "single"), ("已婚", "married"), ("离异", "divorced"), ("丧偶", "widowed"))
HOUSEHOLD_WEIGHTS = np.array([20, 28, 28, 14, 6, 4]) / 100


@dataclass
class People:
    """True attributes of every person; CN-only and foreign-only fields hold 0 where they do not apply."""

    count: int
    is_cn: np.ndarray
    female: np.ndarray
    surname: np.ndarray  # SURNAMES index (CN) or index into latin_last (foreign)
    given1: np.ndarray  # GIVEN_CHARS index (CN) or index into latin_first (foreign)
    given2: np.ndarray  # second given-name character, -1 for single-character names and foreigners
    country: np.ndarray  # -1 China, else COUNTRIES index
    city: np.ndarray  # CN_CITIES index (CN) or index into the country's cities
    birth_day: np.ndarray  # days since 1970-01-01
    road: np.ndarray
    house_number: np.ndarray
    compound: np.ndarray
    building: np.ndarray
    room: np.ndarray
    postal_code: pa.Array
    phone: np.ndarray  # see contacts.draw_mobiles; 0 = no phone
    alt_phone: np.ndarray  # second number used in some records; 0 = none
    email: pa.Array  # nullable
    alt_email: pa.Array  # nullable
    occupation: np.ndarray
    income_band: np.ndarray
    household_size: np.ndarray
    marital: np.ndarray
    preferred_category: np.ndarray
    satisfaction: np.ndarray
    loyalty: np.ndarray  # uniform(0, 1); small = likely member
    systems: np.ndarray  # bool (count, 3): has records in crm / shop / store
    first_seen: np.ndarray  # epoch seconds of the first record
    buyer: np.ndarray
    first_purchase: np.ndarray  # epoch seconds
    purchase_shape: np.ndarray  # Gamma(shape, 1) draw; rate per year = scale * purchase_shape
    dropout: np.ndarray
    spend_log_mean: np.ndarray
    spend_rank: np.ndarray  # quantile of spend level in [0, 1)
    interaction_rate: np.ndarray
    survey_rate: np.ndarray
    ticket_rate: np.ndarray

    def person_ids(self, index: np.ndarray) -> pa.Array:
        return text.join("P", text.int_strings(np.asarray(index), 8))


def epoch_seconds(day: date) -> int:
    return int(np.datetime64(day, "s").astype(np.int64))


def latin_tables() -> tuple[list[str], list[str], dict[str, tuple[int, int, int, int, int, int]]]:
    """All Latin first and last names in one list each, with per-group offsets (male, female, last)."""
    first: list[str] = []
    last: list[str] = []
    offsets: dict[str, tuple[int, int, int, int, int, int]] = {}
    for key, group in LATIN_NAMES.items():
        m0 = len(first)
        first.extend(group.male)
        f0 = len(first)
        first.extend(group.female)
        l0 = len(last)
        last.extend(group.last)
        offsets[key] = (m0, len(group.male), f0, len(group.female), l0, len(group.last))
    return first, last, offsets


LATIN_FIRST, LATIN_LAST, LATIN_OFFSETS = latin_tables()


def make_people(rng: np.random.Generator, count: int, start: date, end: date, companies: Companies) -> People:
    """Draw `count` persons living between `start` and `end` (the data window)."""
    is_cn = rng.random(count) < CHINESE_SHARE
    female = rng.random(count) < 0.52
    country = np.where(is_cn, contacts.CHINA, rng.choice(len(COUNTRIES), count, p=COUNTRY_WEIGHTS))
    surname, given1, given2 = _names(rng, is_cn, female, country)
    city = _cities(rng, is_cn, country)
    birth_day = _birth_days(rng, count)
    age = (epoch_seconds(end) // 86_400 - birth_day) / 365.25
    income_z = rng.normal(0.0, 1.0, count) + _tier_bonus(is_cn, city)
    spend_log_mean = SPEND_LOG_MEAN + SPEND_LOG_SD * (0.45 * income_z / 1.05 + 0.89 * rng.normal(0, 1, count))
    phone = contacts.unique_mobiles(rng, country)
    phone[rng.random(count) < 0.02] = 0
    alt_phone = contacts.unique_mobiles(rng, country, taken=phone)
    alt_phone[rng.random(count) >= 0.05] = 0
    email, alt_email = _emails(rng, is_cn, surname, given1, given2, birth_day, country, companies)
    start_s, end_s = epoch_seconds(start), epoch_seconds(end) + 86_399
    buyer = rng.random(count) < BUYER_SHARE
    first_purchase = rng.integers(start_s, end_s, count)
    lead_time = np.minimum(rng.exponential(25 * 86_400, count), 730 * 86_400).astype(np.int64)
    first_seen = np.where(
        buyer, first_purchase - lead_time, rng.integers(start_s - 365 * 86_400, end_s, count)
    )
    satisfaction = rng.normal(0.0, 1.0, count)
    return People(
        count=count,
        is_cn=is_cn,
        female=female,
        surname=surname,
        given1=given1,
        given2=given2,
        country=country,
        city=city,
        birth_day=birth_day,
        road=rng.integers(len(ROADS), size=count),
        house_number=np.minimum(rng.geometric(1 / 120, count), 2_999),
        compound=rng.integers(len(COMPOUNDS), size=count),
        building=rng.integers(1, 31, count),
        room=rng.integers(1, 33, count) * 100 + rng.integers(1, 9, count),
        postal_code=_postal_codes(rng, is_cn, country, city),
        phone=phone,
        alt_phone=alt_phone,
        email=email,
        alt_email=alt_email,
        occupation=_occupations(rng, age),
        income_band=np.searchsorted(INCOME_LIMITS, np.exp(np.log(9_000) + 0.75 * income_z)),
        household_size=rng.choice(6, count, p=HOUSEHOLD_WEIGHTS) + 1,
        marital=_marital(rng, age),
        preferred_category=rng.choice(10, count, p=np.array([14, 10, 12, 9, 8, 13, 11, 9, 8, 6]) / 100),
        satisfaction=satisfaction,
        loyalty=rng.random(count),
        systems=_systems(rng, is_cn),
        first_seen=first_seen,
        buyer=buyer,
        first_purchase=first_purchase,
        purchase_shape=rng.gamma(PURCHASE_RATE_SHAPE, 1.0, count),
        dropout=np.maximum(rng.beta(*DROPOUT_BETA, count), 1e-6),
        spend_log_mean=spend_log_mean,
        spend_rank=np.argsort(np.argsort(spend_log_mean, kind="stable"), kind="stable") / count,
        interaction_rate=_normalised(rng.gamma(1.5, 1.0, count), MEAN_INTERACTIONS),
        survey_rate=_normalised(
            rng.gamma(2.0, 1.0, count) * (rng.random(count) < SURVEY_RESPONDER_SHARE), MEAN_SURVEYS
        ),
        ticket_rate=_normalised(rng.gamma(0.35, 1.0, count) * np.exp(-0.4 * satisfaction), MEAN_TICKETS),
    )


def _normalised(values: np.ndarray, mean: float) -> np.ndarray:
    total = values.sum()
    return values * (mean * values.size / total) if total > 0 else values


def _names(
    rng: np.random.Generator, is_cn: np.ndarray, female: np.ndarray, country: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    count = is_cn.size
    surname = rng.choice(len(SURNAMES.simplified), count, p=SURNAMES.weight / SURNAMES.weight.sum())
    given1 = np.empty(count, dtype=np.int64)
    given2 = np.empty(count, dtype=np.int64)
    for is_female in (False, True):
        rows = np.flatnonzero(female == is_female)
        weight = given_char_weights(is_female)
        second = given_char_weights(is_female, second=True)
        given1[rows] = rng.choice(weight.size, rows.size, p=weight)
        given2[rows] = rng.choice(second.size, rows.size, p=second)
    single = rng.random(count) < SINGLE_CHARACTER_SHARE
    given1[single] = np.where(np.isin(given1[single], _first_only()), given2[single], given1[single])
    given2[single] = -1
    repeat = given2 == given1  # 伟伟 and the like are nicknames, not registered names
    given2[repeat] = -1
    for code, spec in enumerate(COUNTRIES):
        rows = np.flatnonzero(country == code)
        if rows.size == 0:
            continue
        m0, mn, f0, fn, l0, ln = LATIN_OFFSETS[spec.names]
        first = np.where(
            female[rows], f0 + rng.integers(fn, size=rows.size), m0 + rng.integers(mn, size=rows.size)
        )
        given1[rows] = first
        given2[rows] = -1
        surname[rows] = l0 + rng.integers(ln, size=rows.size)
    return surname, given1, given2


def _first_only() -> np.ndarray:
    return np.flatnonzero(np.isin(np.array(GIVEN_CHARS.simplified), FIRST_POSITION_ONLY))


def _cities(rng: np.random.Generator, is_cn: np.ndarray, country: np.ndarray) -> np.ndarray:
    city = rng.choice(len(CN_CITIES.name), is_cn.size, p=CN_CITIES.weight)
    for code, spec in enumerate(COUNTRIES):
        rows = np.flatnonzero(country == code)
        city[rows] = rng.integers(len(spec.cities), size=rows.size)
    return city


def _tier_bonus(is_cn: np.ndarray, city: np.ndarray) -> np.ndarray:
    bonus_by_tier = {"一线": 0.5, "新一线": 0.25, "二线": 0.0, "三线": -0.25}
    table = np.array([bonus_by_tier[t] for t in CN_CITIES.tier])
    return np.where(is_cn, table[np.where(is_cn, city, 0)], 0.4)


def _birth_days(rng: np.random.Generator, count: int) -> np.ndarray:
    first = epoch_seconds(date(1950, 1, 1)) // 86_400
    last = epoch_seconds(date(2005, 12, 31)) // 86_400
    return first + np.floor(rng.beta(2.6, 2.0, count) * (last - first + 1)).astype(np.int64)


def _occupations(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    working = [i for i in range(len(OCCUPATIONS)) if i not in (STUDENT, RETIRED)]
    occupation = rng.choice(np.array(working), age.size)
    occupation[(age < 23) & (rng.random(age.size) < 0.7)] = STUDENT
    occupation[(age > 62) & (rng.random(age.size) < 0.75)] = RETIRED
    return occupation


def _marital(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    # single, married, divorced, widowed by age group
    table = np.array([[85, 15, 0, 0], [40, 55, 5, 0], [8, 80, 10, 2], [3, 70, 5, 22]], dtype=float)
    table /= table.sum(axis=1, keepdims=True)
    group = np.searchsorted(np.array([25, 35, 60]), age)
    cumulative = np.cumsum(table, axis=1)[group]
    return (rng.random(age.size)[:, None] > cumulative[:, :-1]).sum(axis=1)


def _systems(rng: np.random.Generator, is_cn: np.ndarray) -> np.ndarray:
    """Which of crm / shop / store each person has records in (Gumbel top-k on system weights)."""
    count = is_cn.size
    weight = np.where(is_cn[:, None], np.array(SYSTEM_WEIGHTS_CN), np.array(SYSTEM_WEIGHTS_INTL))
    keys = np.log(weight) + rng.gumbel(size=(count, 3))
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    how_many = rng.choice(3, count, p=SYSTEM_COUNT_WEIGHTS) + 1
    return rank < how_many[:, None]


def _postal_codes(
    rng: np.random.Generator, is_cn: np.ndarray, country: np.ndarray, city: np.ndarray
) -> pa.Array:
    count = is_cn.size
    cn_code = CN_CITIES.postal_prefix[np.where(is_cn, city, 0)] * 1000 + rng.integers(0, 100, count) * 10
    templates: list[str] = []
    template_of = np.zeros(count, dtype=np.int64)
    for code, spec in enumerate(COUNTRIES):
        for k, (_, _, template) in enumerate(spec.cities):
            rows = (country == code) & (city == k)
            template_of[rows] = len(templates)
            templates.append(template)
    foreign = (
        text.choose_built(
            template_of, [lambda rows, t=t: _fill_template(rng, t, rows.size) for t in templates]
        )
        if templates
        else pa.nulls(count, pa.string())
    )
    return text.choose(is_cn.astype(np.int8), [foreign, text.int_strings(cn_code, 6)])


def _fill_template(rng: np.random.Generator, template: str, count: int) -> pa.Array:
    """Postal codes from a template: `#` a digit, `@` a capital letter, anything else literal."""
    columns = []
    for char in template:
        if char == "#":
            columns.append(48 + rng.integers(0, 10, count))
        elif char == "@":
            columns.append(65 + rng.integers(0, 26, count))
        else:
            columns.append(np.full(count, ord(char)))
    return text.from_matrix(np.stack(columns, axis=1).astype(np.uint8))


def _pinyin_parts(
    is_cn: np.ndarray, surname: np.ndarray, given1: np.ndarray, given2: np.ndarray
) -> tuple[pa.Array, pa.Array]:
    """Lower-case ASCII family and given names (pinyin for Chinese persons), for e-mail addresses."""
    cn_family = text.lookup(SURNAMES.pinyin, np.where(is_cn, surname, 0))
    cn_given = text.join(
        text.lookup(GIVEN_CHARS.pinyin, np.where(is_cn, given1, 0)),
        text.lookup(
            list(GIVEN_CHARS.pinyin) + [""], np.where(is_cn & (given2 >= 0), given2, len(GIVEN_CHARS.pinyin))
        ),
    )
    latin_family = text.lookup([ascii_fold(n).lower() for n in LATIN_LAST], np.where(is_cn, 0, surname))
    latin_given = text.lookup([ascii_fold(n).lower() for n in LATIN_FIRST], np.where(is_cn, 0, given1))
    pick = is_cn.astype(np.int8)
    return text.choose(pick, [latin_family, cn_family]), text.choose(pick, [latin_given, cn_given])


def _emails(
    rng: np.random.Generator,
    is_cn: np.ndarray,
    surname: np.ndarray,
    given1: np.ndarray,
    given2: np.ndarray,
    birth_day: np.ndarray,
    country: np.ndarray,
    companies: Companies,
) -> tuple[pa.Array, pa.Array]:
    count = is_cn.size
    family, given = _pinyin_parts(is_cn, surname, given1, given2)
    year = (birth_day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970) % 100
    personal = _personal_locals(rng, family, given, year, count)
    cn_labels, cn_weight = contacts.weighted_labels(contacts.FREE_MAIL_CN)
    intl_labels, intl_weight = contacts.weighted_labels(contacts.FREE_MAIL_INTL)
    local_domain = text.lookup([contacts.LOCAL_MAIL[c.code] for c in COUNTRIES], np.maximum(country, 0))
    intl_domain = text.choose(
        (rng.random(count) < 0.25).astype(np.int8),
        [text.lookup(intl_labels, rng.choice(len(intl_labels), count, p=intl_weight)), local_domain],
    )
    domain = text.choose(
        is_cn.astype(np.int8),
        [intl_domain, text.lookup(cn_labels, rng.choice(len(cn_labels), count, p=cn_weight))],
    )
    qq = is_cn & (rng.random(count) < 0.3)
    qq_number = contacts.unique_draw(lambda rows: rng.integers(10_000, 3_000_000_000, rows.size), count)
    local = text.choose(qq.astype(np.int8), [personal, text.int_strings(qq_number)])
    domain = text.choose(qq.astype(np.int8), [domain, pa.array(["qq.com"] * count)])
    company = rng.integers(len(companies.domain), size=count)
    work_local = text.choose(
        rng.integers(0, 2, count), [text.join(given, ".", family), text.join(family, given)]
    )
    work_domain = companies.domain.take(pa.array(company))
    all_local = pa.concat_arrays([local, work_local.cast(pa.string())])
    all_domain = pa.concat_arrays([domain.cast(pa.string()), work_domain])
    addresses = contacts.make_unique(rng, all_local, all_domain)
    personal_address, work_address = addresses.slice(0, count), addresses.slice(count)
    # Most people use a personal address; some give their work address; a few have both.
    kind = rng.choice(4, count, p=[0.72, 0.12, 0.08, 0.08])  # personal, work, both, none
    email = text.null_where(
        text.choose(np.where(kind == 1, 1, 0), [personal_address, work_address]), kind == 3
    )
    alt_email = text.null_where(work_address, kind != 2)
    return email, alt_email


def _personal_locals(
    rng: np.random.Generator, family: pa.Array, given: pa.Array, year: np.ndarray, count: int
) -> pa.Array:
    digits = text.int_strings(rng.integers(1, 9_999, count))
    yy = text.int_strings(year, 2)
    initial = pc.utf8_slice_codeunits(given, 0, 1)
    options = [
        text.join(family, given),
        text.join(given, ".", family),
        text.join(family, ".", given),
        text.join(family, given, yy),
        text.join(initial, family, digits),
        text.join(given, "_", family),
        text.join(family, given, digits),
    ]
    return text.choose(rng.choice(len(options), count, p=[0.18, 0.14, 0.14, 0.16, 0.12, 0.08, 0.18]), options)
