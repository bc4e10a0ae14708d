"""Text normalisation: NFKC, whitespace, traditional -> simplified Chinese."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WHITESPACE = re.compile(r"\s+")


def clean_text(value: str | None) -> str | None:
    """NFKC-normalise (full-width digits and letters become ASCII), collapse runs of whitespace, trim.

    Returns None for None and for strings that are empty after trimming, so "" and "   " mean missing.
    """
    if value is None:
        return None
    text = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", value)).strip()
    return text or None


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=500_000)
def to_simplified(value: str | None) -> str | None:
    """Traditional Chinese characters to simplified (張偉 -> 张伟); other scripts pass through."""
    if value is None:
        return None
    if value.isascii():
        return value
    return _converter().convert(value)


def strip_accents(value: str | None) -> str | None:
    """Letters without their combining marks (Émile Zoë -> Emile Zoe), as DuckDB's strip_accents: the
    Spark build registers it as cwh_strip_accents (Spark SQL has no such function)."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFD", value)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
