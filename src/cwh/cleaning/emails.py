"""E-mail syntax check and normalisation.

email-validator costs about 60 microseconds an address, in a UDF that holds the GIL. Plain ASCII
addresses (letters, digits and single `._+-` between them before the @-sign; dot-separated labels of
letters, digits and inner single hyphens after it, ending in a letters-only top-level domain, within
the length limits, outside the special-use domains) are valid under every rule email-validator
applies with our settings, so they take a fast path that only case-folds them. Everything else is
decided by email-validator. tests/python/test_cleaning_fast_paths.py checks the two agree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

_PLAIN_ADDRESS = re.compile(
    r"[A-Za-z0-9]+(?:[._+-][A-Za-z0-9]+)*@((?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\.)+[A-Za-z]{2,63})", re.ASCII
)
_MAX_LOCAL, _MAX_LABEL, _MAX_ADDRESS = 64, 63, 254


def _is_plain_valid(address: str) -> bool:
    match = _PLAIN_ADDRESS.fullmatch(address)
    if match is None or len(address) > _MAX_ADDRESS or address.index("@") > _MAX_LOCAL:
        return False
    domain = match.group(1).lower()
    if any(len(label) > _MAX_LABEL for label in domain.split(".")):
        return False
    return not any(domain == name or domain.endswith("." + name) for name in SPECIAL_USE_DOMAIN_NAMES)


def validator_normalized(address: str) -> str | None:
    """email-validator's verdict on an address (no fast path): case-folded normal form, or None."""
    try:
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return None
    return result.normalized.casefold()


@lru_cache(maxsize=1_000_000)
def normalize_email(value: str | None) -> str | None:
    """Return the address case-folded when its syntax is valid, else None.

    Syntax only: no DNS look-up (the build never touches the network). The whole address is
    case-folded because the systems we read treat addresses case-insensitively.
    """
    if value is None:
        return None
    address = value.strip()
    if _is_plain_valid(address):
        return address.lower()
    return validator_normalized(address)
