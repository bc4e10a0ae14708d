"""Phone numbers to E.164 with Google's libphonenumber rules.

`phonenumbers.parse` + `is_valid_number` cost about 60-90 microseconds a number, and the DuckDB UDF
that calls them holds the GIL: at 1M customers that was over a minute of one core per build. Most
numbers in Chinese systems are mobiles written in a handful of shapes (`13800138000`,
`+86 138 0013 8000`, `(0086)138-0013-8000`), so those take a fast path that applies the same
metadata (country code, the region's general and mobile number patterns and lengths, read from
`phonenumbers` itself) with one regular expression. Other numbers of the same plain shape (digits,
spaces and hyphens, with or without a leading +) skip only the parse: the country code and national
number are split as the parse would split them, and libphonenumber's own `is_valid_number` decides;
a number the parse could read differently (an international or national prefix, a leading zero, the
region's country code written without +) takes the full parse. tests/python/test_cleaning_fast_paths.py
proves the paths agree, number by number, on every mobile prefix, on example numbers of every
region and on generated data.
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
    country_code: str
    general: re.Pattern[str]
    mobile: re.Pattern[str]
    lengths: frozenset[int]


@cache
def _mobile_rule(region: str) -> _MobileRule:
    metadata = PhoneMetadata.metadata_for_region(region)
    return _MobileRule(
        country_code=str(metadata.country_code),
        general=re.compile(metadata.general_desc.national_number_pattern, re.ASCII),
        mobile=re.compile(metadata.mobile.national_number_pattern, re.ASCII),
        lengths=frozenset(metadata.mobile.possible_length),
    )


def _fast_mobile(text: str, default_region: str) -> str | None:
    """E.164 of a plain mobile number of a fast-path region, or None when the full parse must decide."""
    shape = _FAST_SHAPE.fullmatch(text)
    if shape is None:
        return None
    digits = shape.group(2).replace(" ", "").replace("-", "")
    for region in FAST_PATH_REGIONS:
        rule = _mobile_rule(region)
        if shape.group(1):
            if not digits.startswith(rule.country_code):
                continue
            national = digits[len(rule.country_code) :]
        elif region == default_region:
            national = digits
        else:
            continue
        if (
            len(national) in rule.lengths
            and rule.mobile.fullmatch(national)
            and rule.general.fullmatch(national)
        ):
            return f"+{rule.country_code}{national}"
    return None


def _plain_number(text: str, default_region: str) -> str | None:
    """E.164 of a number of plain shape, split as phonenumbers.parse splits it and judged by
    phonenumbers.is_valid_number, or "" when that finds it invalid; None when the shape is not plain or
    the parse might read it otherwise (then the caller takes the full parse)."""
    shape = _FAST_SHAPE.fullmatch(text)
    if shape is None:
        return None
    digits = shape.group(2).replace(" ", "").replace("-", "")
    if shape.group(1):
        # country codes are prefix-free: at most one of the 1- to 3-digit starts is one
        codes = [
            int(digits[:n]) for n in (1, 2, 3) if int(digits[:n]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE
        ]
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
    number = phonenumbers.PhoneNumber(country_code=country_code, national_number=int(national))
    return f"+{country_code}{national}" if phonenumbers.is_valid_number(number) else ""


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
    fast = _fast_mobile(text, default_region)
    if fast is not None:
        return fast
    plain = _plain_number(text, default_region)
    if plain is not None:
        return plain or None
    return full_parse_e164(text, default_region)


def to_e164_full_parse(value: str | None, default_region: str = "CN") -> str | None:
    """to_e164 without the fast path: the reference the tests compare it with."""
    return None if value is None else full_parse_e164(_prepared(value), default_region)
