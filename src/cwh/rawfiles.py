"""Pre-flight inspection of raw files, before DuckDB reads them.

DuckDB's CSV reader is fast but its errors on a bad file (wrong encoding, empty file, odd delimiter)
are terse, and a line longer than its buffer is dropped without a trace. The loader macro calls
`inspect_raw_file` (as the UDF `cwh_inspect_raw_file`) on every file first. For a CSV file it reads
the whole file once, in blocks, and returns:

- the encoding (UTF-8, UTF-16 with a byte-order mark, or GBK/GB18030; the last two are read through a
  UTF-8 copy in the cache folder), the delimiter and the normalised header;
- the longest physical line, so the reader's `max_line_size` and buffer fit every line of this file
  (a 100 MB field loads instead of vanishing), and the number of data lines and blank lines, so the
  loader can prove that every line of the file was either loaded or rejected;
- a digest of the content, so an identical copy of another file is reported;
- `error`: a sentence naming the file, the line or byte and what was expected, when the file cannot be
  read at all (empty, binary, undecodable, header missing or with repeated names). The build stops
  with that sentence rather than a stack trace.

For a Parquet file it checks that the footer can be read and returns the column names.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import numpy as np

_DELIMITERS = [",", "\t", ";", "|"]
_BLOCK_BYTES = 1 << 23
# DuckDB's defaults: lines up to 2 MB, a 32 MB read buffer
_DEFAULT_MAX_LINE_BYTES = 2_097_152
_DEFAULT_BUFFER_BYTES = 33_554_432
# slack over the longest measured line: a line's end-of-line bytes, and UTF-8 growth of transcoded text
_LINE_SLACK_BYTES = 1 << 16
_UTF16_BOMS = {codecs.BOM_UTF16_LE: "utf-16", codecs.BOM_UTF16_BE: "utf-16"}


class RawFileError(ValueError):
    """A raw file that cannot be loaded; the message names the file and what was expected."""


def normalize_column_name(name: str) -> str:
    """`Source Customer ID ` -> `source_customer_id` (header names are matched case-insensitively)."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lstrip("\ufeff").lower()).strip("_")


class _Scan:
    """Everything one pass over the bytes of a CSV file tells: digest, lines, longest line, encoding."""

    def __init__(self) -> None:
        self.digest = hashlib.blake2b(digest_size=16)
        self.newlines = 0
        self.blank_lines = 0
        self.longest_line = 0
        self.size = 0
        self.last_byte = b""
        self.utf8_error: str | None = None
        # valid multi-byte UTF-8 before the first invalid byte: a UTF-8 file with a few damaged lines
        self.utf8_text_before_error = False
        self.nul_offset: int | None = None
        self.nul_line = 0
        self._current_line = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    def feed(self, block: bytes) -> None:
        self.digest.update(block)
        array = np.frombuffer(block, dtype=np.uint8)
        if self.nul_offset is None and b"\x00" in block:
            self.nul_offset = self.size + block.index(b"\x00")
            self.nul_line = self.newlines + block.count(b"\n", 0, block.index(b"\x00")) + 1
        if self.utf8_error is None:
            try:
                self._decoder.decode(block)
                self.utf8_text_before_error = self.utf8_text_before_error or bool((array >= 0x80).any())
            except UnicodeDecodeError as exc:
                line = self.newlines + block.count(b"\n", 0, exc.start) + 1
                self.utf8_error = f"byte 0x{block[exc.start]:02X} on line {line} is not UTF-8"
                self.utf8_text_before_error = self.utf8_text_before_error or bool(
                    (array[: exc.start] >= 0x80).any()
                )
        positions = np.flatnonzero(array == 0x0A)
        if positions.size:
            # length of each line without its line break; the first continues the previous block's last
            first = int(positions[0]) + self._current_line
            inner = np.diff(positions) - 1
            self.longest_line = max(self.longest_line, first, int(inner.max()) if inner.size else 0)
            # a blank line is empty or a lone carriage return
            blanks = int(np.count_nonzero(inner == 0))
            blanks += sum(1 for i in np.flatnonzero(inner == 1) if block[int(positions[i]) + 1] == 0x0D)
            if first == 0 or (first == 1 and self._current_line == 0 and block[0] == 0x0D):
                blanks += 1
            self.blank_lines += blanks
            self._current_line = len(block) - int(positions[-1]) - 1
            self.newlines += int(positions.size)
        else:
            self._current_line += len(block)
        self.longest_line = max(self.longest_line, self._current_line)
        self.size += len(block)
        self.last_byte = block[-1:]

    def finish(self) -> None:
        if self.utf8_error is None:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self.utf8_error = "the file ends in the middle of a UTF-8 character"

    @property
    def lines(self) -> int:
        """Physical lines, counting a last line without a line break."""
        return self.newlines + (1 if self.size and self.last_byte != b"\n" else 0)


def _scan(path: Path) -> tuple[_Scan, bytes]:
    scan = _Scan()
    head = b""
    with open(path, "rb") as handle:
        while block := handle.read(_BLOCK_BYTES):
            if not head:
                head = block
            scan.feed(block)
    scan.finish()
    return scan, head


def _transcode(path: Path, encoding: str, cache_dir: Path) -> Path:
    """A UTF-8 copy of `path` in `cache_dir`, reused while the file does not change."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    stat = path.stat()
    origin = hashlib.md5(str(path.resolve()).encode()).hexdigest()[:8]
    target = cache_dir / f"{path.stem}.{origin}.{int(stat.st_mtime)}.{stat.st_size}.utf8{path.suffix}"
    if target.exists():
        return target
    tmp = target.with_suffix(".part")
    decoder = codecs.getincrementaldecoder(encoding)()
    lines_before = 0
    try:
        with open(path, "rb") as src, open(tmp, "w", encoding="utf-8", newline="") as dst:
            while True:
                block = src.read(_BLOCK_BYTES)
                try:
                    dst.write(decoder.decode(block, final=not block))
                except UnicodeDecodeError as exc:
                    line = lines_before + block.count(b"\n", 0, exc.start) + 1
                    raise RawFileError(
                        f"is neither UTF-8 nor {encoding.upper()} text (bytes it cannot decode on line "
                        f"{line}); save it as UTF-8 CSV"
                    ) from None
                if not block:
                    break
                lines_before += block.count(b"\n")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _choose_encoding(scan: _Scan, head: bytes) -> str:
    for bom, encoding in _UTF16_BOMS.items():
        if head.startswith(bom):
            return encoding
    if scan.nul_offset is not None:
        raise RawFileError(
            f"contains binary data (a NUL byte on line {scan.nul_line}); expected a text CSV file in UTF-8 "
            "(or UTF-16 with a byte-order mark, or GBK)"
        )
    if scan.utf8_error is None or scan.utf8_text_before_error:
        # UTF-8 with a few damaged lines: DuckDB rejects those lines (INVALID ENCODING) into quarantine
        return "utf-8"
    # no UTF-8 text before the first non-UTF-8 byte: GBK/GB18030 (a superset of GB2312), checked
    # strictly while transcoding
    return "gb18030"


def _header(text: str) -> tuple[str, list[str]]:
    first = text.split("\n", 1)[0].rstrip("\r")
    if not first.strip():
        raise RawFileError("first line is blank; expected a header row naming the columns")
    delimiter = max(_DELIMITERS, key=first.count)
    names = next(csv.reader(io.StringIO(first), delimiter=delimiter))
    columns = [normalize_column_name(name) or f"column_{i}" for i, name in enumerate(names, start=1)]
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise RawFileError(f"header names these columns more than once: {', '.join(duplicated)}")
    return delimiter, columns


def inspect_csv(path: str, cache_dir: str) -> dict[str, Any]:
    """Inspect a CSV file (see the module docstring). `error` is None when DuckDB can read it."""
    file = Path(path)
    result: dict[str, Any] = {
        "path": path,
        "format": "csv",
        "encoding": "utf-8",
        "delimiter": ",",
        "columns": [],
        "error": None,
        "size": 0,
        "digest": None,
        "data_lines": 0,
        "blank_lines": 0,
        "longest_line": 0,
        "max_line_size": _DEFAULT_MAX_LINE_BYTES,
        "buffer_size": _DEFAULT_BUFFER_BYTES,
    }
    try:
        size = file.stat().st_size
        if size == 0:
            raise RawFileError("is empty (0 bytes); expected a header row naming the columns")
        scan, head = _scan(file)
        encoding = _choose_encoding(scan, head)
        text = head.decode(encoding, errors="replace").lstrip("\ufeff")
        delimiter, columns = _header(text)
        digest = scan.digest.hexdigest()
        if encoding != "utf-8":
            copy = _transcode(file, encoding, Path(cache_dir))
            result["path"] = str(copy)
            # lines are counted on what DuckDB reads (a UTF-16 character may hold a 0x0A byte)
            scan, _ = _scan(copy)
    except RawFileError as exc:
        result["error"] = f"raw file {path}: {exc}"
        return result
    except OSError as exc:
        result["error"] = f"raw file {path}: cannot be read ({exc.strerror or exc})"
        return result
    max_line_size = max(_DEFAULT_MAX_LINE_BYTES, scan.longest_line + _LINE_SLACK_BYTES)
    result.update(
        encoding=encoding,
        delimiter=delimiter,
        columns=columns,
        size=size,
        digest=digest,
        # lines after the header; a blank line carries no row
        data_lines=max(scan.lines - 1, 0),
        blank_lines=scan.blank_lines,
        longest_line=scan.longest_line,
        max_line_size=max_line_size,
        buffer_size=max(_DEFAULT_BUFFER_BYTES, max_line_size + _LINE_SLACK_BYTES),
    )
    return result


def inspect_parquet(path: str) -> dict[str, Any]:
    """Check that a Parquet file's footer can be read; return its column names and row count."""
    import pyarrow.parquet as pq

    result: dict[str, Any] = {"path": path, "format": "parquet", "columns": [], "error": None, "rows": 0}
    try:
        if Path(path).stat().st_size == 0:
            raise RawFileError("is empty (0 bytes); expected a Parquet file")
        metadata = pq.ParquetFile(path).metadata
        result["columns"] = [metadata.schema.column(i).name for i in range(metadata.num_columns)]
        result["rows"] = metadata.num_rows
    except RawFileError as exc:
        result["error"] = f"raw file {path}: {exc}"
    except OSError as exc:
        result["error"] = f"raw file {path}: cannot be read ({getattr(exc, 'strerror', None) or exc})"
    except Exception as exc:  # pyarrow raises ArrowInvalid and friends for a damaged file
        result["error"] = f"raw file {path}: is not a readable Parquet file ({exc}); re-export it"
    return result


def inspect_raw_file(path: str, cache_dir: str) -> dict[str, Any]:
    if path.lower().endswith(".parquet"):
        return inspect_parquet(path)
    return inspect_csv(path, cache_dir)


def inspect_csv_json(path: str, cache_dir: str) -> str:
    """The UDF `cwh_inspect_raw_file` (name kept for the dbt plugin): inspect_raw_file as JSON."""
    return json.dumps(inspect_raw_file(path, cache_dir), ensure_ascii=False)
