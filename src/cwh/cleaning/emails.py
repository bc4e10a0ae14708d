"""E-mail syntax check and normalisation."""

from __future__ import annotations

from functools import lru_cache

from email_validator import EmailNotValidError, validate_email


@lru_cache(maxsize=1_000_000)
def normalize_email(value: str | None) -> str | None:
    """Return the address case-folded when its syntax is valid, else None.

    Syntax only: no DNS look-up (the build never touches the network). The whole address is
    case-folded because the systems we read treat addresses case-insensitively.
    """
    if value is None:
        return None
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError:
        return None
    return result.normalized.casefold()
