"""Phone numbers to E.164 with Google's libphonenumber rules."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

# "(0086)138...", "0086 138..." and "86-138..." are common ways to write +86 in Chinese systems.
_INTL_PREFIX = re.compile(r"^\(?00(\d{1,3})\)?")


@lru_cache(maxsize=1_000_000)
def to_e164(value: str | None, default_region: str = "CN") -> str | None:
    """Return the number in E.164 (+8613800138000) when it is a valid number, else None.

    Numbers without a country code are read in `default_region`. A leading `00` international prefix
    (also in parentheses) is read as `+`. A number that is 86 followed by 11 digits (a Chinese mobile
    written with the country code but without `+`) is read as +86.
    """
    if value is None:
        return None
    text = _INTL_PREFIX.sub(r"+\1", value.strip())
    digits = re.sub(r"\D", "", text)
    if not text.startswith("+") and len(digits) == 13 and digits.startswith("861"):
        text = "+" + digits
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
