"""Phone numbers and e-mail addresses: unique numbers per person, the many ways one number is written,
and e-mail addresses built from a person's name.

Chinese mobiles use real operator prefixes (13x, 15x, 18x, 19x ...) and are written in six formats:
`+86 138 0013 8000`, `13800138000`, `138-0013-8000`, `(0086)13800138000`, `+8613800138000` and
`86-138-0013-8000`. Foreign mobiles keep their country's mobile prefixes and length.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cwh.generate import text
from cwh.generate.places import COUNTRIES

CN_MOBILE_PREFIXES = np.array(
    [
        130,
        131,
        132,
        133,
        134,
        135,
        136,
        137,
        138,
        139,
        147,
        150,
        151,
        152,
        153,
        155,
        156,
        157,
        158,
        159,
        166,
        173,
        175,
        176,
        177,
        178,
        180,
        181,
        182,
        183,
        184,
        185,
        186,
        187,
        188,
        189,
        191,
        198,
        199,
    ]
)
CN_PHONE_FORMATS = (
    "+86 138 0013 8000",
    "13800138000",
    "138-0013-8000",
    "(0086)13800138000",
    "+8613800138000",
    "86-138-0013-8000",
)
INTL_PHONE_FORMATS = ("+14155550134", "+1 415 555 0134", "001 4155550134", "+1-4155550134")

# Layout of each Chinese format: literal text or a (start, end) slice of the 11 national digits.
_CN_LAYOUTS: tuple[tuple[str | tuple[int, int], ...], ...] = (
    ("+86 ", (0, 3), " ", (3, 7), " ", (7, 11)),
    ((0, 11),),
    ((0, 3), "-", (3, 7), "-", (7, 11)),
    ("(0086)", (0, 11)),
    ("+86", (0, 11)),
    ("86-", (0, 3), "-", (3, 7), "-", (7, 11)),
)

FREE_MAIL_CN = (
    ("qq.com", 30),
    ("163.com", 20),
    ("126.com", 8),
    ("sina.com", 4),
    ("foxmail.com", 3),
    ("139.com", 3),
    ("gmail.com", 5),
    ("outlook.com", 3),
    ("hotmail.com", 2),
    ("yeah.net", 1),
    ("sohu.com", 1),
    ("aliyun.com", 1),
    ("icloud.com", 3),
)
FREE_MAIL_INTL = (
    ("gmail.com", 40),
    ("outlook.com", 14),
    ("yahoo.com", 10),
    ("hotmail.com", 9),
    ("icloud.com", 9),
    ("proton.me", 2),
)
# A local free-mail provider per country (all in seed free_mail_domains, like every domain above).
LOCAL_MAIL = {
    "US": "aol.com",
    "GB": "hotmail.co.uk",
    "DE": "gmx.de",
    "FR": "orange.fr",
    "JP": "yahoo.co.jp",
    "KR": "naver.com",
    "SG": "ymail.com",
    "AU": "live.com",
    "CA": "me.com",
    "IN": "rediffmail.com",
}
CHINA = -1  # country index of Chinese persons


def unique_draw(
    draw: Callable[[np.ndarray], np.ndarray], count: int, taken: np.ndarray | None = None
) -> np.ndarray:
    """`count` distinct values, none of them in `taken`: `draw(rows)` gives values for those rows, and
    rows that collide are drawn again (deterministic for a given generator)."""
    values = draw(np.arange(count))
    taken = np.empty(0, dtype=values.dtype) if taken is None else taken
    while True:
        _, first = np.unique(values, return_index=True)
        clash = np.ones(count, dtype=bool)
        clash[first] = False
        clash |= np.isin(values, taken)
        if not clash.any():
            return values
        rows = np.flatnonzero(clash)
        values[rows] = draw(rows)


def draw_mobiles(rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    """One mobile number per row, as an integer `country_key * 10**12 + national number`.

    country_key is 0 for China, 1 + index into COUNTRIES otherwise, so numbers of different countries
    never collide."""
    out = np.empty(country.size, dtype=np.int64)
    cn = country == CHINA
    out[cn] = rng.choice(CN_MOBILE_PREFIXES, int(cn.sum())) * 10**8 + rng.integers(0, 10**8, int(cn.sum()))
    for k, spec in enumerate(COUNTRIES):
        rows = np.flatnonzero(country == k)
        if rows.size == 0:
            continue
        prefix = rng.choice(np.array(spec.mobile_prefixes), rows.size)
        plen = len(spec.mobile_prefixes[0])
        rest_digits = spec.national_digits - plen
        rest = rng.integers(0, 10**rest_digits, rows.size)
        if spec.code in ("US", "CA"):  # the exchange code cannot start with 0 or 1
            rest = rng.integers(2, 10, rows.size) * 10 ** (rest_digits - 1) + rest % 10 ** (rest_digits - 1)
        national = prefix.astype(np.int64) * 10**rest_digits + rest
        out[rows] = (k + 1) * 10**12 + national
    return out


def unique_mobiles(
    rng: np.random.Generator, country: np.ndarray, taken: np.ndarray | None = None
) -> np.ndarray:
    """Distinct mobile numbers (see draw_mobiles) for the given countries, avoiding `taken`."""
    country = np.asarray(country)
    return unique_draw(lambda rows: draw_mobiles(rng, country[rows]), country.size, taken)


def national_number(phone: np.ndarray) -> np.ndarray:
    return np.asarray(phone) % 10**12


def country_key(phone: np.ndarray) -> np.ndarray:
    return np.asarray(phone) // 10**12


def calling_codes() -> list[str]:
    """Calling code per country key (0 = China)."""
    return ["86"] + [c.calling_code for c in COUNTRIES]


def format_phones(phone: np.ndarray, cn_choice: np.ndarray, intl_choice: np.ndarray) -> pa.Array:
    """Phone strings: Chinese numbers in CN_PHONE_FORMATS[cn_choice], others in INTL_PHONE_FORMATS."""
    phone = np.asarray(phone, dtype=np.int64)
    is_cn = country_key(phone) == 0
    return text.choose_built(
        is_cn.astype(np.int8),
        [
            lambda rows: _format_intl(phone[rows], np.asarray(intl_choice)[rows]),
            lambda rows: _format_cn(national_number(phone[rows]), np.asarray(cn_choice)[rows]),
        ],
    )


def _format_cn(national: np.ndarray, choice: np.ndarray) -> pa.Array:
    digits = text.digit_matrix(national, 11)
    width = max(_layout_width(layout) for layout in _CN_LAYOUTS)
    matrix = np.zeros((national.size, width), dtype=np.uint8)
    lengths = np.zeros(national.size, dtype=np.int64)
    for k, layout in enumerate(_CN_LAYOUTS):
        rows = np.flatnonzero(choice == k)
        if rows.size:
            block = _render_layout(digits[rows], layout)
            matrix[rows, : block.shape[1]] = block
            lengths[rows] = block.shape[1]
    return text.from_matrix(matrix, lengths=lengths)


def _layout_width(layout: Sequence[str | tuple[int, int]]) -> int:
    return sum(len(p) if isinstance(p, str) else p[1] - p[0] for p in layout)


def _render_layout(digits: np.ndarray, layout: Sequence[str | tuple[int, int]]) -> np.ndarray:
    blocks = []
    for part in layout:
        if isinstance(part, str):
            blocks.append(np.tile(np.frombuffer(part.encode(), dtype=np.uint8), (digits.shape[0], 1)))
        else:
            blocks.append(digits[:, part[0] : part[1]])
    return np.hstack(blocks)


def _format_intl(phone: np.ndarray, choice: np.ndarray) -> pa.Array:
    code = text.lookup(calling_codes(), country_key(phone))
    national = text.int_strings(national_number(phone))
    head = pc.utf8_slice_codeunits(national, 0, 3)
    middle = pc.utf8_slice_codeunits(national, 3, 6)
    tail = pc.utf8_slice_codeunits(national, 6, 20)
    options = [
        text.join("+", code, national),
        text.join("+", code, " ", head, " ", middle, " ", tail),
        text.join("00", code, " ", national),
        text.join("+", code, "-", national),
    ]
    return text.choose(choice, options)


def weighted_labels(pairs: Sequence[tuple[str, float]]) -> tuple[list[str], np.ndarray]:
    labels = [p[0] for p in pairs]
    weight = np.array([p[1] for p in pairs], dtype=float)
    return labels, weight / weight.sum()


def make_unique(rng: np.random.Generator, local: pa.Array, domain: pa.Array) -> pa.Array:
    """`local@domain` addresses, appending digits to the local part of repeats until all are distinct."""
    local = local.combine_chunks() if isinstance(local, pa.ChunkedArray) else local
    while True:
        address = text.join(local, "@", domain)
        repeated = pd.Series(address.to_pandas()).duplicated(keep="first").to_numpy()
        if not repeated.any():
            return address
        rows = np.flatnonzero(repeated)
        suffix = text.int_strings(rng.integers(1, 10_000, rows.size))
        local = text.replace_rows(local, rows, text.join(local.take(pa.array(rows)), suffix))
