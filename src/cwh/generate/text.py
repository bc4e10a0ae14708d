"""Vectorised construction of Arrow string columns from numbers, lookup tables and format choices.

Formatting millions of values one by one (f-strings, or Arrow's own `strftime` at about 1 M values/s)
would dominate the generator's run time. Here fixed-layout ASCII fields (ids, timestamps, amounts,
phone numbers) are laid out as byte matrices, one row per value, and handed to Arrow as buffers;
free text is assembled with Arrow's element-wise string kernels. No per-row Python loop anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_PAIRS = np.array([[48 + i // 10, 48 + i % 10] for i in range(100)], dtype=np.uint8)
_POW10 = 10 ** np.arange(19, dtype=np.int64)
_DATE_FIELDS = {"Y": 4, "m": 2, "d": 2, "H": 2, "M": 2, "S": 2}
SECONDS_PER_DAY = 86_400

StrArray = pa.Array | pa.ChunkedArray


def digit_matrix(values: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded decimal digits (ASCII bytes) of non-negative integers, one row per value."""
    rest = np.asarray(values, dtype=np.int64)
    pairs = (width + 1) // 2
    index = np.empty((rest.size, pairs), dtype=np.int64)
    for k in range(pairs - 1, -1, -1):
        rest, index[:, k] = np.divmod(rest, 100)
    matrix = _PAIRS[index].reshape(rest.size, 2 * pairs)
    return matrix[:, 1:] if width % 2 else matrix


def digit_count(values: np.ndarray) -> np.ndarray:
    """Number of decimal digits of non-negative integers (0 has one digit)."""
    return np.maximum(np.searchsorted(_POW10, np.asarray(values, dtype=np.int64), side="right"), 1)


def from_matrix(
    matrix: np.ndarray,
    starts: np.ndarray | None = None,
    lengths: np.ndarray | None = None,
    valid: np.ndarray | None = None,
) -> pa.StringArray:
    """Arrow strings from a byte matrix: row i is `matrix[i, starts[i] : starts[i] + lengths[i]]`.

    Without starts/lengths every row is the whole row. Rows where `valid` is False become null."""
    matrix = np.ascontiguousarray(matrix, dtype=np.uint8)
    rows, width = matrix.shape
    if starts is None and lengths is None and valid is None:
        data = matrix.reshape(-1)
        offsets = np.arange(0, rows * width + 1, width, dtype=np.int64)
    else:
        starts = np.zeros(rows, dtype=np.int64) if starts is None else np.asarray(starts, dtype=np.int64)
        lengths = width - starts if lengths is None else np.asarray(lengths, dtype=np.int64)
        if valid is not None:
            lengths = np.where(valid, lengths, 0)
        cols = np.arange(width)
        mask = (cols >= starts[:, None]) & (cols < (starts + lengths)[:, None])
        data = matrix[mask]
        offsets = np.zeros(rows + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
    if offsets[-1] >= 2**31:
        raise ValueError("string column larger than 2 GiB: generate in smaller chunks")
    bitmap = None if valid is None else pa.py_buffer(np.packbits(np.asarray(valid, bool), bitorder="little"))
    null_count = -1 if valid is None else int(rows - np.count_nonzero(valid))
    return pa.StringArray.from_buffers(
        rows, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data), bitmap, null_count
    )


def int_strings(values: np.ndarray, min_width: int = 1, valid: np.ndarray | None = None) -> pa.StringArray:
    """Non-negative integers as decimal strings, zero-padded to at least `min_width` digits."""
    values = np.asarray(values, dtype=np.int64)
    width = max(min_width, int(digit_count(values).max()) if values.size else 1)
    starts = width - np.maximum(digit_count(values), min_width)
    return from_matrix(digit_matrix(values, width), starts=starts, valid=valid)


def money_strings(cents: np.ndarray, valid: np.ndarray | None = None) -> pa.StringArray:
    """Signed amounts in cents as `-1234.50` style strings (two decimals, no thousands separator)."""
    cents = np.asarray(cents, dtype=np.int64)
    magnitude = np.abs(cents)
    ndig = np.maximum(digit_count(magnitude), 3)
    width = int(ndig.max()) + 2 if cents.size else 4
    digits = digit_matrix(magnitude, width - 2)
    dot = np.full((cents.size, 1), ord("."), dtype=np.uint8)
    pad = np.zeros((cents.size, 1), dtype=np.uint8)
    matrix = np.hstack([pad, digits[:, :-2], dot, digits[:, -2:]])
    starts = width - 1 - ndig
    negative = np.flatnonzero(cents < 0)
    starts[negative] -= 1
    matrix[negative, starts[negative]] = ord("-")
    return from_matrix(matrix, starts=starts, valid=valid)


def _compile(pattern: str) -> list[tuple[str, int]]:
    """Split a strftime-like pattern (%Y %m %d %H %M %S and ASCII literals) into (field, width) parts."""
    parts: list[tuple[str, int]] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "%":
            field = pattern[i + 1]
            parts.append((field, _DATE_FIELDS[field]))
            i += 2
        else:
            parts.append(("literal:" + pattern[i], 1))
            i += 1
    return parts


def _datetime_fields(seconds: np.ndarray) -> dict[str, np.ndarray]:
    days = seconds // SECONDS_PER_DAY
    first, last = int(days.min()), int(days.max())
    calendar = np.arange(first, last + 1).astype("datetime64[D]")
    months = calendar.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (calendar - months.astype("datetime64[D]")).astype(np.int64) + 1
    offset = days - first
    of_day = seconds - days * SECONDS_PER_DAY
    return {
        "Y": year[offset],
        "m": month[offset],
        "d": day[offset],
        "H": of_day // 3600,
        "M": of_day // 60 % 60,
        "S": of_day % 60,
    }


def datetime_matrix(seconds: np.ndarray, pattern: str) -> np.ndarray:
    """Byte matrix of epoch seconds rendered with a fixed-width ASCII pattern like `%Y-%m-%d %H:%M`."""
    seconds = np.asarray(seconds, dtype=np.int64)
    fields = _datetime_fields(seconds) if seconds.size else {}
    blocks = []
    for field, width in _compile(pattern):
        if field.startswith("literal:"):
            blocks.append(np.full((seconds.size, 1), ord(field[-1]), dtype=np.uint8))
        else:
            blocks.append(digit_matrix(fields[field], width))
    return np.hstack(blocks) if blocks else np.empty((0, 0), np.uint8)


def datetime_strings(
    seconds: np.ndarray,
    choice: np.ndarray,
    patterns: Sequence[str],
    valid: np.ndarray | None = None,
) -> pa.StringArray:
    """Epoch seconds as strings, row i rendered with `patterns[choice[i]]` (fixed-width ASCII patterns)."""
    seconds = np.asarray(seconds, dtype=np.int64)
    choice = np.asarray(choice)
    widths = [sum(width for _, width in _compile(p)) for p in patterns]
    matrix = np.zeros((seconds.size, max(widths)), dtype=np.uint8)
    lengths = np.zeros(seconds.size, dtype=np.int64)
    for k, pattern in enumerate(patterns):
        rows = np.flatnonzero(choice == k)
        if rows.size:
            matrix[rows, : widths[k]] = datetime_matrix(seconds[rows], pattern)
            lengths[rows] = widths[k]
    return from_matrix(matrix, lengths=lengths, valid=valid)


def lookup(labels: Sequence[str | None], index: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """`labels[index[i]]` for every row; rows where `valid` is False become null."""
    result = pa.array(list(labels), type=pa.string()).take(pa.array(np.asarray(index, dtype=np.int64)))
    return null_where(result, None if valid is None else ~np.asarray(valid, bool))


def null_where(values: StrArray, mask: np.ndarray | None) -> pa.Array:
    """Replace the rows where `mask` is True by null."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if mask is None or not np.any(mask):
        return values
    return pc.if_else(pa.array(np.asarray(mask, bool)), pa.scalar(None, values.type), values)


def join(*parts: StrArray | str) -> pa.Array:
    """Element-wise concatenation; a null part makes the row null."""
    return pc.binary_join_element_wise(*parts, "")


def choose(choice: np.ndarray, options: Sequence[StrArray]) -> pa.Array:
    """Row i takes `options[choice[i]][i]`; all options have the full length."""
    combined = [o.combine_chunks() if isinstance(o, pa.ChunkedArray) else o for o in options]
    return pc.choose(pa.array(np.asarray(choice, dtype=np.int8)), *combined)


def choose_built(choice: np.ndarray, builders: Sequence[Callable[[np.ndarray], StrArray]]) -> pa.Array:
    """Like `choose`, but each option is only built for its own rows: `builders[k](rows)`."""
    choice = np.asarray(choice)
    order = np.argsort(choice, kind="stable")
    bounds = np.searchsorted(choice[order], np.arange(len(builders) + 1))
    parts = []
    for k, builder in enumerate(builders):
        rows = order[bounds[k] : bounds[k + 1]]
        if rows.size:
            part = builder(rows)
            parts.append(part.combine_chunks() if isinstance(part, pa.ChunkedArray) else part)
    if not parts:
        return pa.array([], type=pa.string())
    combined = pa.concat_arrays([p.cast(pa.string()) for p in parts])
    position = np.empty(choice.size, dtype=np.int64)
    position[order] = np.arange(choice.size)
    return combined.take(pa.array(position))


def replace_rows(values: StrArray, rows: np.ndarray, new_values: StrArray | Sequence[str | None]) -> pa.Array:
    """Copy of `values` with `values[rows[j]] = new_values[j]`."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    rows = np.asarray(rows, dtype=np.int64)
    if rows.size == 0:
        return values
    order = np.argsort(rows, kind="stable")
    replacement = pa.array(new_values, type=pa.string()) if isinstance(new_values, list) else new_values
    if isinstance(replacement, pa.ChunkedArray):
        replacement = replacement.combine_chunks()
    replacement = replacement.take(pa.array(order))
    mask = np.zeros(len(values), dtype=bool)
    mask[rows] = True
    return pc.replace_with_mask(values, pa.array(mask), replacement.cast(values.type))


def swap_adjacent(values: StrArray, rows: np.ndarray, rng: np.random.Generator) -> pa.Array:
    """Typo: swap two neighbouring characters after the first one in `values[rows]` (strings of 3+ chars)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    rows = np.asarray(rows, dtype=np.int64)
    if rows.size == 0:
        return values
    subset = values.take(pa.array(rows)).to_numpy(zero_copy_only=False).astype(str)
    width = subset.dtype.itemsize // 4
    codes = subset.view(np.uint32).reshape(rows.size, width).copy()
    length = np.strings.str_len(subset)
    ok = length >= 3  # keep the first letter: "Zhnag", not "hZang"
    pos = 1 + np.floor(rng.random(rows.size) * np.maximum(length - 2, 1)).astype(np.int64)
    r = np.flatnonzero(ok)
    left = codes[r, pos[r]].copy()
    codes[r, pos[r]] = codes[r, pos[r] + 1]
    codes[r, pos[r] + 1] = left
    swapped = codes.view(f"<U{width}").reshape(rows.size)
    return replace_rows(values, rows, pa.array(swapped, type=pa.string()))


def per_group_choice(
    rng: np.random.Generator, group: np.ndarray, weights: Sequence[Sequence[float]]
) -> np.ndarray:
    """For each row, an option index drawn with `weights[group[row]]` (rows normalised to sum 1)."""
    table = np.asarray(weights, dtype=float)
    table = table / table.sum(axis=1, keepdims=True)
    options = table.shape[1]
    group = np.asarray(group, dtype=np.int64)
    # Thresholds of group g shifted into [g, g + 1]: one sorted array serves every group.
    thresholds = (np.arange(table.shape[0])[:, None] + np.cumsum(table, axis=1)[:, :-1]).ravel()
    position = np.searchsorted(thresholds, group + rng.random(group.size), side="right")
    return np.minimum(position - group * (options - 1), options - 1)


def per_group_flag(rng: np.random.Generator, group: np.ndarray, probability: Sequence[float]) -> np.ndarray:
    """For each row, True with probability `probability[group[row]]`."""
    return rng.random(len(group)) < np.asarray(probability, dtype=float)[np.asarray(group)]
