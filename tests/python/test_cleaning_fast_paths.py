"""The fast paths of the phone and e-mail cleaners give exactly what libphonenumber and email-validator give.

cwh.cleaning.phones and cwh.cleaning.emails answer the common shapes (Chinese mobiles, plain ASCII
addresses) without calling the libraries. Each test runs the same values through the full library
path and requires equal answers, and also requires that the fast path did answer most of them, so
a fast path that stopped matching (and would only cost speed) is noticed too.
"""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import phonenumbers
from conftest import generate

from cwh.cleaning.emails import _is_plain_valid, normalize_email, validator_normalized
from cwh.cleaning.phones import (
    FAST_PATH_REGIONS,
    _is_listed_mobile,
    _prepared,
    _split_plain,
    to_e164,
    to_e164_full_parse,
)

SHAPES = (
    "{n}",
    "+86{n}",
    "+86 {a} {b} {c}",
    "(0086){a}-{b}-{c}",
    "0086 {n}",
    "86{n}",
    "86-{n}",
    "{a}-{b}-{c}",
    "{a} {b} {c}",
    "+86-{n}",
    " {n} ",
)


def _listed_mobile(value: str) -> bool:
    """Whether a number read in CN takes the mobile regular expression (no libphonenumber call)."""
    plain = _split_plain(_prepared(value), "CN")
    return plain is not None and _is_listed_mobile(plain)


def _phone_values(rng: random.Random) -> list[str]:
    values = []
    # every 4-digit start of an 11-digit number beginning with 1 (all Chinese mobile prefixes and the
    # neighbours that are not mobiles), in every shape
    for prefix in range(1000, 2000):
        for _ in range(3):
            number = f"{prefix}{rng.randrange(10**7):07d}"
            a, b, c = number[:3], number[3:7], number[7:]
            values += [shape.format(n=number, a=a, b=b, c=c) for shape in SHAPES]
    # wrong lengths, trunk prefixes, other countries, separators the fast path does not take
    values += [
        "1380013800",
        "138001380000",
        "013800138000",
        "+86 013800138000",
        "+8613800138000 ",
        "+1 212 489 7845",
        "+44 20 7946 0958",
        "+81 80 2626 1032",
        "+861380013800",
        "+86 (138) 0013 8000",
        "138.0013.8000",
        "+86 138 0013 8000 ext 12",
        "１３８００１３８０００",
        "+86-",
        "86",
        "+",
        "-",
        "",
        "tel:+8613800138000",
    ]
    return values


def test_phone_fast_path_equals_libphonenumber_on_every_mobile_prefix():
    rng = random.Random(7)
    values = _phone_values(rng)
    regions = ["CN", "US", "GB"]
    mismatches = [
        (v, r) for v in values for r in regions if to_e164.__wrapped__(v, r) != to_e164_full_parse(v, r)
    ]
    assert mismatches == []
    fast = sum(_listed_mobile(v) for v in values)
    full_valid = sum(to_e164_full_parse(v, "CN") is not None for v in values)
    # the fast path answers the bulk of the valid numbers (the rest are non-mobile prefixes and odd shapes)
    assert {"CN"} == FAST_PATH_REGIONS
    assert fast > 0.9 * full_valid, (fast, full_valid)


def test_plain_numbers_of_every_region_equal_libphonenumber():
    """Example numbers of every type of every region, and neighbours of them (a digit changed, one
    more, one fewer), written international and national, read in their region and in CN."""
    rng = random.Random(13)
    values: list[tuple[str, str]] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in range(12):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            national = phonenumbers.national_significant_number(example)
            neighbours = {
                national,
                national[:-1],
                national + str(rng.randrange(10)),
                national[:-1] + str((int(national[-1]) + 1) % 10),
            }
            for number in neighbours:
                for text in (
                    f"+{example.country_code}{number}",
                    f"+{example.country_code} {number}",
                    f"00{example.country_code}-{number}",
                    number,
                    f"0{number}",
                ):
                    values += [(text, region), (text, "CN")]
    mismatches = [(v, r) for v, r in values if to_e164.__wrapped__(v, r) != to_e164_full_parse(v, r)]
    assert mismatches == []
    plain = sum(_split_plain(_prepared(v), r) is not None for v, r in values)
    # most of them skip the parse (the rest carry a national prefix or a leading zero)
    assert plain > 0.5 * len(values), (plain, len(values))


def test_email_fast_path_equals_email_validator_on_edge_cases_and_fuzz():
    crafted = [
        "a@b.cn",
        "Zhang.Wei@Example.COM",
        "x_y+z-1@mail.shop-1.com.cn",
        "a..b@x.com",
        ".a@x.com",
        "a.@x.com",
        "a@x",
        "a@x.c",
        "a@x.c0m",
        "a@x.123",
        "a@-x.com",
        "a@x-.com",
        "a@x--y.com",
        "a@xn--fiqs8s.cn",
        "a@x..com",
        "a@localhost",
        "a@mail.local",
        "a@foo.test",
        "a@x.onion",
        "a@1.2.3.4.in-addr.arpa",
        "a@invalid",
        "a@x.invalid",
        "a@example.com",
        "user@" + "d" * 63 + ".com",
        "user@" + "d" * 64 + ".com",
        "l" * 64 + "@x.com",
        "l" * 65 + "@x.com",
        "a@" + ".".join(["abcdefghi"] * 25) + ".com",
        "a b@x.com",
        "a@@x.com",
        "无@qq.com",
        "张伟@例子.中国",
        "a@ｘ.com",
        "ＡＢＣ@x.com",
        "a@x.com.",
        "a@x.co\u200b",
        '"a b"@x.com',
        "a@[1.2.3.4]",
        "Kelvin\u212a@x.com",
        "a+@x.com",
        "+a@x.com",
        "a-b_c.d+e@x.io",
        "123456789@qq.com",
        "a@x.museum",
        "a@" + "x" * 240 + ".com",
        "A@B.CO",
    ]
    rng = random.Random(11)
    alphabet = "abcXYZ019._+-@ -__..@@é中" + "a" * 10
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(3, 25))) for _ in range(20000)]
    realistic = [
        f"{rng.choice(['li', 'Wei', 'a.b', 'x-y', 'q+1'])}@{rng.choice(['qq', 'x-y', 'mail.shop'])}."
        f"{rng.choice(['com', 'cn', 'com.cn', 'COM', 'local', 'test', 'io'])}"
        for _ in range(5000)
    ]
    values = crafted + fuzz + realistic
    mismatches = [v for v in values if normalize_email.__wrapped__(v) != validator_normalized(v.strip())]
    assert mismatches == []
    # the realistic addresses that are valid (not on a special-use or numeric top-level domain) go fast
    fast = sum(_is_plain_valid(v) for v in realistic)
    valid = sum(validator_normalized(v) is not None for v in realistic)
    assert valid > 3000 and fast == valid, (fast, valid)


def test_fast_paths_agree_with_the_libraries_on_generated_contacts(tmp_path: Path):
    raw = tmp_path / "raw"
    generate(raw, 3000, 5)
    con = duckdb.connect()
    rows = con.execute(
        f"""
        select phone, email from read_csv('{raw}/customers.csv', all_varchar = true)
        union all
        select phone, email from read_csv('{raw}/inquiries.csv', all_varchar = true)
        """
    ).fetchall()
    phones = sorted({p for p, _ in rows if p})
    emails = sorted({e for _, e in rows if e})
    assert len(phones) > 2000 and len(emails) > 2000
    assert [p for p in phones if to_e164.__wrapped__(p, "CN") != to_e164_full_parse(p, "CN")] == []
    assert [e for e in emails if normalize_email.__wrapped__(e) != validator_normalized(e.strip())] == []
    assert sum(_listed_mobile(p) for p in phones) > 0.5 * len(phones)
    assert sum(_is_plain_valid(e.strip()) for e in emails) > 0.9 * len(emails)
