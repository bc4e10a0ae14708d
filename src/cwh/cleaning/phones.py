"""Phone numbers to E.164 with Google's libphonenumber rules.

`phonenumbers.parse` + `is_valid_number` cost about 60-90 microseconds a number, and the DuckDB UDF
that calls them holds the GIL: at 1M customers that was over a minute of one core per build. Numbers
of plain shape (digits, spaces and hyphens, with or without a leading +: `13800138000`,
`+86 138 0013 8000`, `(0086)138-0013-8000` once 00 is read as +) skip the parse: they are split into
country code and national number as the parse would split them. A mobile of a listed region (CN, where
most numbers are mobiles) is then checked with that region's mobile and general patterns and lengths
from `phonenumbers`' own metadata; any other number by libphonenumber's `is_valid_number`. A number the
parse could read differently (an international or national prefix, a leading zero, the region's country
code written without +) takes the full parse. tests/python/test_cleaning_fast_paths.py proves the paths
agree, number by number, on every mobile prefix, on example numbers of every region and on generated
data.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

import phonenumbers
from phonenumbers import PhoneMetadata

# "(0086)138...", "0086 138..." and "86-138..." are common ways to write +86 in Chinese systems.
_INTL_PREFIX = re.compile(r"^\(?00(\d{1,3})\)?")
# the only separators the fast path removes; anything else (dots, brackets, letters) takes the full parse
_FAST_SHAPE = re.compile(r"(\+?)([0-9][0-9 \-]*[0-9])", re.ASCII)
# regions whose fast path tests/python/test_cleaning_fast_paths.py checks against the full parse
FAST_PATH_REGIONS = frozenset({"CN"})


class _MobileRule(NamedTuple):
    general: re.Pattern[str]
    mobile: re.Pattern[str]
    lengths: frozenset[int]


@cache
def _mobile_rule(region: str) -> _MobileRule:
    metadata = PhoneMetadata.metadata_for_region(region)
    return _MobileRule(
        general=re.compile(metadata.general_desc.national_number_pattern, re.ASCII),
        mobile=re.compile(metadata.mobile.national_number_pattern, re.ASCII),
        lengths=frozenset(metadata.mobile.possible_length),
    )


class _PlainNumber(NamedTuple):
    country_code: int
    national: str


def _split_plain(text: str, default_region: str) -> _PlainNumber | None:
    """Country code and national number of a number of plain shape, split as phonenumbers.parse splits
    it; None when the shape is not plain or the parse might read it otherwise (an international or
    national prefix, a leading zero, the region's country code written without +)."""
    shape = _FAST_SHAPE.fullmatch(text)
    if shape is None:
        return None
    digits = shape.group(2).replace(" ", "").replace("-", "")
    if shape.group(1):
        # country codes are prefix-free: at most one of the 1- to 3-digit starts is one
        starts = (int(digits[:n]) for n in (1, 2, 3))
        codes = [code for code in starts if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE]
        if not codes or digits[0] == "0":
            return None
        country_code = codes[0]
        national = digits[len(str(country_code)) :]
        region = phonenumbers.region_code_for_country_code(country_code)
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)
    else:
        metadata = PhoneMetadata.metadata_for_region(default_region, None)
        if metadata is None:
            return None
        country_code = metadata.country_code
        national = digits
        # an international prefix or the country code written without + are read as such by the parse
        if digits.startswith(str(country_code)) or (
            metadata.international_prefix and re.match(metadata.international_prefix, digits)
        ):
            return None
    if metadata is None or not 2 <= len(national) <= 17 or national[0] == "0":
        return None
    # the parse strips a national prefix or carrier code when it finds one
    if metadata.national_prefix_for_parsing and re.match(metadata.national_prefix_for_parsing, national):
        return None
    return _PlainNumber(country_code, national)


def _is_listed_mobile(number: _PlainNumber) -> bool:
    """A mobile of a fast-path region by that region's own patterns and lengths (so valid)."""
    region = phonenumbers.region_code_for_country_code(number.country_code)
    if region not in FAST_PATH_REGIONS:
        return False
    rule = _mobile_rule(region)
    national = number.national
    return len(national) in rule.lengths and bool(
        rule.mobile.fullmatch(national) and rule.general.fullmatch(national)
    )


def _plain_e164(number: _PlainNumber) -> str | None:
    """E.164 of a split plain number when valid: a listed mobile by one regular expression, any other
    by libphonenumber's is_valid_number (the parse skipped, not the rules)."""
    e164 = f"+{number.country_code}{number.national}"
    if _is_listed_mobile(number):
        return e164
    parsed = phonenumbers.PhoneNumber(country_code=number.country_code, national_number=int(number.national))
    return e164 if phonenumbers.is_valid_number(parsed) else None


def _prepared(value: str) -> str:
    """The text phonenumbers reads: 00 prefixes as +, and 86 + 11 digits as +86."""
    text = _INTL_PREFIX.sub(r"+\1", value.strip())
    digits = re.sub(r"\D", "", text)
    if not text.startswith("+") and len(digits) == 13 and digits.startswith("861"):
        text = "+" + digits
    return text


def full_parse_e164(text: str, default_region: str) -> str | None:
    """libphonenumber's parse, validity check and E.164 format of prepared text (no fast path)."""
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=1_000_000)
def to_e164(value: str | None, default_region: str = "CN") -> str | None:
    """Return the number in E.164 (+8613800138000) when it is a valid number, else None.

    Numbers without a country code are read in `default_region`. A leading `00` international prefix
    (also in parentheses) is read as `+`. A number that is 86 followed by 11 digits (a Chinese mobile
    written with the country code but without `+`) is read as +86.
    """
    if value is None:
        return None
    text = _prepared(value)
    plain = _split_plain(text, default_region)
    return full_parse_e164(text, default_region) if plain is None else _plain_e164(plain)


def to_e164_full_parse(value: str | None, default_region: str = "CN") -> str | None:
    """to_e164 without the fast path: the reference the tests compare it with."""
    return None if value is None else full_parse_e164(_prepared(value), default_region)
