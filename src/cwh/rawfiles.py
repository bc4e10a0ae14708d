"""Pre-flight inspection of raw CSV files, before DuckDB reads them.

DuckDB's CSV reader is fast but its errors on a bad file (wrong encoding, empty file, odd delimiter)
are terse. The loader macro calls `inspect_csv` (as the UDF `cwh_inspect_raw_file`) first, so the
build stops with a message that names the file and says what was expected, or reads a GBK/GB18030
file through a UTF-8 copy.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

_DELIMITERS = [",", "\t", ";", "|"]
_SAMPLE_BYTES = 1 << 16


def normalize_column_name(name: str) -> str:
    """`Source Customer ID ` -> `source_customer_id` (header names are matched case-insensitively)."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lstrip("\ufeff").lower()).strip("_")


def _decode_sample(sample: bytes) -> tuple[str, str]:
    """Return (encoding, text) of the sample; utf-8 first, then GB18030 (a superset of GBK/GB2312)."""
    # a multi-byte character may be cut at the end of the sample
    for trim in range(4):
        chunk = sample[: len(sample) - trim] if trim else sample
        try:
            return "utf-8", chunk.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
    try:
        return "gb18030", sample.decode("gb18030", errors="strict")
    except UnicodeDecodeError:
        pass
    raise ValueError("is neither UTF-8 nor GBK/GB18030 text; save it as UTF-8 CSV")


def _transcode(path: Path, encoding: str, cache_dir: Path) -> Path:
    cache_dir.mkdir(parents=True, exist_ok=True)
    stat = path.stat()
    target = cache_dir / f"{path.stem}.{int(stat.st_mtime)}.{stat.st_size}.utf8{path.suffix}"
    if not target.exists():
        tmp = target.with_suffix(".part")
        with open(path, encoding=encoding, newline="") as src, open(tmp, "w", encoding="utf-8", newline="") as dst:
            while block := src.read(1 << 20):
                dst.write(block)
        os.replace(tmp, target)
    return target


def inspect_csv(path: str, cache_dir: str) -> dict:
    """Inspect a CSV file. Returns {path, encoding, delimiter, columns, error}.

    `error` is None when DuckDB can read the file; otherwise a sentence naming the file and what was
    expected. `path` may point to a UTF-8 copy in `cache_dir` when the file was GBK/GB18030.
    """
    file = Path(path)
    result: dict = {"path": path, "encoding": "utf-8", "delimiter": ",", "columns": [], "error": None}
    try:
        size = file.stat().st_size
    except OSError as exc:
        result["error"] = f"raw file {path}: cannot be read ({exc.strerror})"
        return result
    if size == 0:
        result["error"] = f"raw file {path}: is empty (0 bytes); expected a header row naming the columns"
        return result
    with open(file, "rb") as handle:
        sample = handle.read(_SAMPLE_BYTES)
    try:
        encoding, text = _decode_sample(sample)
    except ValueError as exc:
        result["error"] = f"raw file {path}: {exc}"
        return result
    header = text.splitlines()[0] if text.splitlines() else ""
    if not header.strip():
        result["error"] = f"raw file {path}: first line is blank; expected a header row naming the columns"
        return result
    delimiter = max(_DELIMITERS, key=header.count)
    columns = [normalize_column_name(c) for c in next(csv.reader(io.StringIO(header), delimiter=delimiter))]
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        result["error"] = f"raw file {path}: header names these columns more than once: {', '.join(duplicated)}"
        return result
    if encoding != "utf-8":
        result["path"] = str(_transcode(file, encoding, Path(cache_dir)))
    result.update(encoding=encoding, delimiter=delimiter, columns=columns)
    return result


def inspect_csv_json(path: str, cache_dir: str) -> str:
    return json.dumps(inspect_csv(path, cache_dir), ensure_ascii=False)
