"""Measuring one benchmark step: wall time, peak memory of the whole process tree, CPU time, load.

A step is a child process (`python -m cwh build`, `dbt parse`, a reference query). While it runs, a
thread samples the resident set size (RSS) of the child and of all its descendants every
`interval` seconds and keeps the largest sum: dbt runs in a grandchild of the harness (cwh build ->
dbt), so the RSS of the child alone would miss it. Summing RSS counts pages shared by two processes
twice, so the figure is an upper bound of the memory the step needs. A process that lives less than
one interval can be missed; the build's processes live for seconds to minutes.

CPU seconds (user + system of the child and of the descendants it waited for) come from
`getrusage(RUSAGE_CHILDREN)` before and after the step. On a busy machine the wall time grows while
the CPU time stays about the same, which is why both are recorded, with the load average.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

SAMPLE_INTERVAL_SECONDS = 0.2


def tree_rss(root: psutil.Process) -> int:
    """RSS in bytes of `root` and of every descendant that is alive right now."""
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            # a process that ended between listing and reading: its memory is gone already
            continue
    return total


class TreeSampler:
    """Samples the RSS of a process tree in a background thread; `peak` is the largest sum seen."""

    def __init__(self, pid: int, interval: float = SAMPLE_INTERVAL_SECONDS) -> None:
        self.interval = interval
        self.peak = 0
        self.samples = 0
        self.max_load1 = 0.0
        self._root = psutil.Process(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"rss-sampler-{pid}", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self._root))
            self.samples += 1
            self.max_load1 = max(self.max_load1, os.getloadavg()[0])
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Step:
    """One measured step, as written to the results JSON."""

    name: str
    seconds: float
    peak_rss_bytes: int
    cpu_seconds: float
    returncode: int
    timed_out: bool = False
    rows: int | None = None
    rows_per_second: float | None = None
    # time the child measured itself (a reference query without interpreter start-up and imports)
    inner_seconds: float | None = None
    load_before: list[float] = field(default_factory=list)
    load_after: list[float] = field(default_factory=list)
    max_load1: float = 0.0
    log: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def set_rows(self, rows: int | None) -> None:
        self.rows = rows
        self.rows_per_second = round(rows / self.seconds, 1) if rows and self.seconds > 0 else None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["peak_rss_mb"] = round(self.peak_rss_bytes / 2**20, 1)
        return data


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def run_step(
    name: str,
    command: list[str],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    log_path: Path | None = None,
    timeout: float | None = None,
    interval: float = SAMPLE_INTERVAL_SECONDS,
) -> Step:
    """Run `command` as one step; its stdout and stderr go to `log_path` (or are discarded)."""
    if log_path is not None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
    load_before = _load()
    cpu_before = _children_cpu()
    timed_out = False
    with open(log_path, "w") if log_path else open(os.devnull, "w") as log:
        started = time.perf_counter()
        # own session, so a timeout can stop dbt and its threads with the whole group
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        with TreeSampler(process.pid, interval) as sampler:
            try:
                returncode = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(process.pid, 15)
                try:
                    returncode = process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, 9)
                    returncode = process.wait()
        seconds = time.perf_counter() - started
    return Step(
        name=name,
        seconds=round(seconds, 3),
        peak_rss_bytes=sampler.peak,
        cpu_seconds=round(_children_cpu() - cpu_before, 2),
        returncode=returncode,
        timed_out=timed_out,
        load_before=load_before,
        load_after=_load(),
        max_load1=round(sampler.max_load1, 2),
        log=str(log_path) if log_path else None,
    )


def dbt_env(project_dir: Path, raw_dir: Path, warehouse: Path, temp_dir: Path,
            **extra: str) -> dict[str, str]:
    """The environment of a dbt run of the project on `raw_dir` into `warehouse`: this process's variables
    plus the project's paths (and `extra`, e.g. DBT_THREADS)."""
    env = dict(os.environ)
    env.update(DBT_PROFILES_DIR=str(project_dir), RAW_DIR=str(raw_dir), WAREHOUSE_PATH=str(warehouse),
               DUCKDB_TEMP_DIR=str(temp_dir), **extra)
    return env
