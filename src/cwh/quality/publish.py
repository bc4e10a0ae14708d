"""Atomic publishing of the warehouse file: BI readers never see a half-built warehouse.

A build never writes the published file. It works on `<warehouse>.building`, a copy of the last
published file (so dbt's incremental state, the raw loader's fingerprints and the quality history carry
over), and a successful build is published by `os.replace`, which swaps the file in one step on the same
file system. A reader that opened the old file keeps reading it until it reconnects; a new reader sees
either the old or the new warehouse, never a mixture. A build that fails or is killed leaves the
published file untouched; its work copy stays beside it for inspection and is overwritten by the next
build. A lock file (`<warehouse>.lock`) keeps two builds from sharing the work copy.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypeVar

import duckdb

T = TypeVar("T")


class PublishError(RuntimeError):
    """The warehouse cannot be prepared or published; the message says what to do."""


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def checkpoint(path: Path) -> None:
    """Fold a DuckDB write-ahead log into its database file, so the file alone is complete."""
    if _wal(path).exists():
        with duckdb.connect(str(path)) as con:
            con.execute("checkpoint")
    if _wal(path).exists():
        raise PublishError(
            f"{_wal(path)} is still there after a checkpoint; is another process writing {path}?"
        )


@dataclass
class WarehousePublisher:
    """Prepare a work copy of `published`, then publish it atomically (or leave `published` as it was)."""

    published: Path
    _lock: IO[str] | None = field(default=None, init=False, repr=False)

    @property
    def building(self) -> Path:
        return self.published.with_name(self.published.name + ".building")

    @property
    def lock_path(self) -> Path:
        return self.published.with_name(self.published.name + ".lock")

    def acquire(self) -> None:
        self.published.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.lock_path, "a+")  # noqa: SIM115 - held until release()
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise PublishError(
                f"another build is running on {self.published} ({holder} holds {self.lock_path}); "
                "wait for it to finish, or point WAREHOUSE_PATH elsewhere"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        self._lock = handle

    def release(self) -> None:
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    def prepare(self) -> Path:
        """Take the lock and make the work copy; returns its path (WAREHOUSE_PATH of the build)."""
        if self._lock is None:
            self.acquire()
        for stale in (self.building, _wal(self.building)):
            stale.unlink(missing_ok=True)
        if self.published.exists():
            # a published file must never carry a log: fold it in before copying
            checkpoint(self.published)
            tmp = self.building.with_name(self.building.name + ".copying")
            shutil.copyfile(self.published, tmp)
            os.replace(tmp, self.building)
        return self.building

    def publish(self) -> None:
        """Swap the finished work copy in for the published file, in one step."""
        if not self.building.exists():
            raise PublishError(f"nothing to publish: {self.building} does not exist")
        checkpoint(self.building)
        with open(self.building, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(self.building, self.published)
        _fsync_dir(self.published.parent)

    def amend_published(self, write: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Apply `write` to a copy of the published file and swap the copy in: how a failed build adds
        itself to the quality history without touching the last good marts in place."""
        amended = self.published.with_name(self.published.name + ".amending")
        for stale in (amended, _wal(amended)):
            stale.unlink(missing_ok=True)
        if self.published.exists():
            checkpoint(self.published)
            shutil.copyfile(self.published, amended)
        try:
            with duckdb.connect(str(amended)) as con:
                value = write(con)
                con.execute("checkpoint")
            os.replace(amended, self.published)
            _fsync_dir(self.published.parent)
        finally:
            for stale in (amended, _wal(amended)):
                stale.unlink(missing_ok=True)
        return value

    def __enter__(self) -> WarehousePublisher:
        self.prepare()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
