"""Drift checks: this build's numbers against the median of the last good builds in the history.

Judged on audit.dq_metrics (written by cwh.quality.history):

- `rows` per layer and per mart: warns when the count moves more than `dq_drift_volume_band`
  (relative: 0.25 = +-25%) from the median of the last `dq_drift_runs` successful builds;
- `share` of each value of the segment / tier / status columns (`dq_drift_columns`) in every mart that
  has them: warns when a share moves more than `dq_drift_share_band` (absolute, in share points);
- `quarantine_rate` per entity: warns when it moves more than `dq_drift_quarantine_band` points.

A drift is a warning, never a failure: the numbers may move for a good reason (a campaign, a new source).
The warning carries the numbers, and every check lands in audit.dq_results (source `drift`).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

import duckdb

Key = tuple[str, str, str | None, str | None, str | None]  # metric, layer, model, column, value label


@dataclass(frozen=True)
class DriftBands:
    runs: int = 5
    volume: float = 0.25
    share: float = 0.05
    quarantine: float = 0.02
    columns: tuple[str, ...] = field(default=("rfm_segment", "value_tier", "pareto_class", "activity_status"))

    @classmethod
    def from_vars(cls, values: dict[str, Any]) -> DriftBands:
        default = cls()
        return cls(
            runs=int(values.get("dq_drift_runs", default.runs)),
            volume=float(values.get("dq_drift_volume_band", default.volume)),
            share=float(values.get("dq_drift_share_band", default.share)),
            quarantine=float(values.get("dq_drift_quarantine_band", default.quarantine)),
            columns=tuple(values.get("dq_drift_columns", default.columns)),
        )


def baseline(con: duckdb.DuckDBPyConnection, run_id: str, runs: int) -> tuple[int, dict[Key, float]]:
    """(number of earlier good builds used, median value per metric key over them)."""
    previous = [
        r
        for (r,) in con.execute(
            "select run_id from audit.dq_runs where status = 'success' and run_id != ? "
            "order by started_at desc limit ?",
            [run_id, runs],
        ).fetchall()
    ]
    if not previous:
        return 0, {}
    values: dict[str, dict[Key, float]] = {run: {} for run in previous}
    for run, *key, value in con.execute(
        "select run_id, metric, layer, model, column_name, value_label, value from audit.dq_metrics "
        "where run_id in (select unnest(?::varchar[]))",
        [previous],
    ).fetchall():
        values[run][tuple(key)] = value
    groups = {run: {(k[0], k[2], k[3]) for k in keys} for run, keys in values.items()}
    medians: dict[Key, float] = {}
    for key in {k for keys in values.values() for k in keys}:
        observed = []
        for run in previous:
            if key in values[run]:
                observed.append(values[run][key])
            elif key[0] == "share" and (key[0], key[2], key[3]) in groups[run]:
                observed.append(0.0)  # the column was there, this value was not: a share of 0
        if observed:
            medians[key] = statistics.median(observed)
    return len(previous), medians


def _describe(key: Key) -> str:
    metric, layer, model, column, label = key
    if metric == "rows":
        return f"rows of {model}" if model else f"rows in layer {layer}"
    if metric == "share":
        return f"share of {column} = {label!r} in {model}"
    return f"quarantine rate of {label}"


def check(
    con: duckdb.DuckDBPyConnection, run_id: str, metrics: list[tuple], bands: DriftBands
) -> list[dict[str, Any]]:
    """dq_results rows (source `drift`) comparing `metrics` of this build with the baseline."""
    used, medians = baseline(con, run_id, bands.runs)
    if not used:
        return []
    current: dict[Key, float] = {tuple(m[:5]): float(m[5]) for m in metrics}
    present_groups = {(k[0], k[2], k[3]) for k in current}
    keys = set(current)
    # a value that disappeared from a column still present: its share fell to 0
    keys |= {k for k in medians if k[0] == "share" and (k[0], k[2], k[3]) in present_groups}
    rows = []
    for key in sorted(keys, key=lambda k: tuple("" if v is None else str(v) for v in k)):
        if key not in medians:
            if key[0] != "share":
                continue
            base = 0.0
        else:
            base = medians[key]
        value = current.get(key, 0.0)
        metric = key[0]
        if metric == "rows":
            change = (value - base) / base if base else (0.0 if value == 0 else float("inf"))
            drifted = abs(change) > bands.volume
            shown = f"{value:,.0f} rows vs {base:,.0f}"
            change_text = f"{change:+.1%}" if base else "from 0"
            band = f"+-{bands.volume:.0%}"
        else:
            width = bands.share if metric == "share" else bands.quarantine
            change = value - base
            drifted = abs(change) > width
            shown = f"{value:.3f} vs {base:.3f}"
            change_text = f"{100 * change:+.1f} points"
            band = f"+-{100 * width:.1f} points"
        expected = f"median of the last {used} good build(s): {base:,.4g}, band {band}"
        rows.append(
            {
                "source": "drift",
                "check_kind": "drift",
                "layer": key[1],
                "model": key[2],
                "column_name": key[3],
                "check_type": {"rows": "volume_drift", "share": "share_drift"}.get(
                    metric, "quarantine_rate_drift"
                ),
                "check_name": ":".join(str(part) for part in key if part is not None),
                "unique_id": None,
                "severity": "warn",
                "status": "warn" if drifted else "pass",
                "failing_rows": None,
                "observed_value": f"{value:.6g}",
                "expected": expected,
                "message": f"drift: {_describe(key)} {shown} ({change_text}, {expected})"
                if drifted
                else None,
                "execution_seconds": None,
            }
        )
    return rows
