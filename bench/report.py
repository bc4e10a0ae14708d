"""Results of `make bench`: what a build's run_results.json says, the targets and their verdicts, the
scaling exponent, and the markdown written to bench/results/<date>.md and to the README.

The targets are those of the performance issue (docs/performance.md); each verdict carries the
measured value, the limit, their ratio and, when missed, by how much.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

GB = 1024**3

# The scale the targets are defined at: 1M people (~1.2M customer records), ~10M orders.
TARGET_SCALE = "1m"
# The machine the targets are defined on has 2 cores: a build's CPU time / 2 is its quiet wall time at best.
TARGET_CORES = 2
TARGETS = {
    "full_build_seconds": 300.0,
    "peak_memory_bytes": 6 * GB,
    "incremental_share_of_full": 0.15,
    "scaling_exponent": 1.0,
    "rfm_vs_single_query": 2.0,
    "rfm_path_vs_single_query": 2.0,
}
# The models that turn clean orders into the RFM mart and the CLV inputs: the work reference (a) does
# in one query. int_orders_joined_to_customers also attaches order cost (for margins), which the
# references do not need. customer_rfm is computed at as_of_date on its own (macro rfm_at_snapshots);
# the 24-month history customer_rfm_monthly is another mart, not on this path.
RFM_MART_MODELS = ["customer_rfm"]
SUMMARY_PATH_MODELS = ["int_orders_joined_to_customers", "int_purchase_days_aggregated",
                       "customer_rfm", "int_clv_inputs_summarised"]
TOP_N = 12


# --- dbt run results ------------------------------------------------------------------------------------

def _areas(manifest_path: Path) -> dict[str, str]:
    """unique_id -> area (`staging/raw`, `intermediate/identity`, `marts/value`, ...): the folder of the
    model, or of the model a test checks."""
    if not manifest_path.exists():
        return {}
    manifest = json.loads(manifest_path.read_text())
    nodes = {**manifest.get("nodes", {}), **manifest.get("unit_tests", {})}

    def folder(node: dict[str, Any]) -> str:
        parts = Path(node.get("original_file_path", "")).parent.parts
        if parts and parts[0] == "models":
            return "/".join(parts[1:3]) or "models"
        return parts[0] if parts else "?"

    areas = {}
    for unique_id, node in nodes.items():
        if unique_id.startswith("model."):
            areas[unique_id] = folder(node)
        else:
            parents = [node.get("attached_node")] + node.get("depends_on", {}).get("nodes", [])
            model = next((p for p in parents if p and p.startswith("model.") and p in nodes), None)
            areas[unique_id] = folder(nodes[model]) if model else folder(node)
    return areas


def summarise_run_results(path: Path, gx_results: Path | None = None,
                          manifest: Path | None = None) -> dict[str, Any]:
    """Times by resource type, the slowest models and tests, the raw load, the RFM models, GX."""
    if not path.exists():
        return {"available": False}
    data = json.loads(path.read_text())
    by_type: dict[str, dict[str, float]] = {}
    nodes: list[tuple[str, str, float, str]] = []
    for result in data.get("results", []):
        unique_id = result["unique_id"]
        kind = unique_id.split(".")[0]
        seconds = float(result.get("execution_time") or 0.0)
        entry = by_type.setdefault(kind, {"count": 0, "seconds": 0.0})
        entry["count"] += 1
        entry["seconds"] = round(entry["seconds"] + seconds, 3)
        nodes.append((kind, unique_id.split(".", 2)[-1], seconds, result.get("status", "")))
    models = {name: seconds for kind, name, seconds, _ in nodes if kind == "model"}
    areas = _areas(manifest) if manifest else {}
    by_area: dict[str, dict[str, float]] = {}
    for result in data.get("results", []):
        kind = result["unique_id"].split(".")[0]
        if kind not in ("model", "test", "unit_test"):
            continue
        entry = by_area.setdefault(areas.get(result["unique_id"], "?"), {"models": 0.0, "tests": 0.0})
        key = "models" if kind == "model" else "tests"
        entry[key] = round(entry[key] + float(result.get("execution_time") or 0.0), 3)

    def top(kinds: tuple[str, ...]) -> list[dict[str, Any]]:
        chosen = sorted((n for n in nodes if n[0] in kinds), key=lambda n: -n[2])[:TOP_N]
        return [{"node": name, "type": kind, "seconds": round(seconds, 3), "status": status}
                for kind, name, seconds, status in chosen]

    raw_load = sum(seconds for kind, _, seconds, _ in nodes if kind == "operation")
    summary: dict[str, Any] = {
        "available": True,
        "dbt_elapsed_seconds": round(float(data.get("elapsed_time") or 0.0), 3),
        "nodes": len(nodes),
        "ran_models": sum(1 for kind, _, _, status in nodes if kind == "model" and status == "success"),
        "failed_nodes": [f"{kind}:{name}" for kind, name, _, status in nodes if status in ("error", "fail")],
        # a failed unit test skips its model and everything downstream: the build did less than usual
        "skipped_models": [name for kind, name, _, status in nodes
                           if kind == "model" and status == "skipped"],
        "by_resource_type": by_type,
        # node seconds by folder (tests count for the folder of the model they check)
        "by_area": dict(sorted(by_area.items(), key=lambda item: -sum(item[1].values()))),
        "raw_load_seconds": round(raw_load, 3),
        "top_models": top(("model", "seed", "operation")),
        "top_tests": top(("test", "unit_test")),
        "rfm_mart_seconds": _sum_or_none(models, RFM_MART_MODELS),
        "summary_path_seconds": _sum_or_none(models, SUMMARY_PATH_MODELS),
        "summary_path_models": {name: round(models[name], 3)
                                for name in SUMMARY_PATH_MODELS if name in models},
    }
    if gx_results and gx_results.exists():
        summary["gx_seconds"] = _gx_seconds(gx_results)
    return summary


def _sum_or_none(models: dict[str, float], names: list[str]) -> float | None:
    if not all(name in models for name in names):
        return None
    return round(sum(models[name] for name in names), 3)


def _gx_seconds(path: Path) -> float | None:
    import datetime as dt

    try:
        data = json.loads(path.read_text())
        started = dt.datetime.fromisoformat(data["started_at"])
        finished = dt.datetime.fromisoformat(data["finished_at"])
    except (KeyError, ValueError, TypeError):
        return None
    return round((finished - started).total_seconds(), 3)


def summarise_build_log(path: Path) -> dict[str, Any]:
    """What the build's output says about dbt's overhead: invocations, partial parsing, parse time."""
    if not path.exists():
        return {}
    text = path.read_text(errors="replace")
    invocations = re.findall(r"^\$ dbt (.*)$", text, re.MULTILINE)
    reasons = re.findall(r"Unable to do partial parsing because (.*)", text)
    # dbt's own timestamps (whole seconds): start of the run to "Found N models" = start-up + parse
    stamps = re.findall(r"(\d\d:\d\d:\d\d)\s+(Running with dbt|Found \d+ models)", text)
    parse_seconds = []
    started = None
    for stamp, what in stamps:
        seconds = sum(int(part) * 60**i for i, part in enumerate(reversed(stamp.split(":"))))
        if what.startswith("Running"):
            started = seconds
        elif started is not None:
            parse_seconds.append((seconds - started) % 86400)
            started = None
    return {
        "dbt_invocations": invocations,
        "partial_parse_unavailable_because": [reason.strip() for reason in reasons],
        "startup_and_parse_seconds": parse_seconds,
    }


# --- verdicts -------------------------------------------------------------------------------------------

def fit_exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(y) on log(x): y ~ x^k. None with fewer than two distinct x."""
    points = [(x, y) for x, y in points if x and y and x > 0 and y > 0]
    if len({x for x, _ in points}) < 2:
        return None
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    variance = sum((x - mean_x) ** 2 for x in xs)
    return round(covariance / variance, 3)


def _step(scale: dict[str, Any], name: str) -> dict[str, Any] | None:
    step = scale.get("steps", {}).get(name)
    return step if step and step.get("returncode") == 0 and not step.get("timed_out") else None


def scaling(scales: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Exponents of time and memory over the measured scales (x = raw orders rows)."""
    def points(step: str, key: str) -> list[tuple[float, float]]:
        out = []
        for scale in scales.values():
            measured = _step(scale, step)
            if measured and scale.get("orders_rows"):
                out.append((scale["orders_rows"], measured[key]))
        return out

    def dbt_points(key: str) -> list[tuple[float, float]]:
        out = []
        for scale in scales.values():
            value = scale.get("full_build", {}).get(key)
            if value and scale.get("orders_rows"):
                out.append((scale["orders_rows"], value))
        return out

    model_points = []
    for scale in scales.values():
        by_type = scale.get("full_build", {}).get("by_resource_type", {})
        if "model" in by_type and scale.get("orders_rows"):
            model_points.append((scale["orders_rows"], by_type["model"]["seconds"]))
    return {
        "x": "raw orders rows",
        "scales": sorted(scales, key=lambda name: scales[name].get("orders_rows") or 0),
        "full_build_time_exponent": fit_exponent(points("full_build", "seconds")),
        "full_build_cpu_exponent": fit_exponent(points("full_build", "cpu_seconds")),
        "incremental_build_time_exponent": fit_exponent(points("incremental_build", "seconds")),
        "model_time_exponent": fit_exponent(model_points),
        "dbt_elapsed_exponent": fit_exponent(dbt_points("dbt_elapsed_seconds")),
        "peak_memory_exponent": fit_exponent(points("full_build", "peak_rss_bytes")),
        "reference_duckdb_exponent": fit_exponent(points("reference_duckdb", "inner_seconds")),
    }


def _verdict(name: str, value: float | None, limit: float, unit: str, scale: str, note: str = "",
             lower_is_better: bool = True) -> dict[str, Any]:
    if value is None:
        return {"target": name, "value": None, "limit": limit, "unit": unit, "scale": scale,
                "status": "not measured", "margin": None, "note": note}
    ratio = value / limit if limit else None
    passed = value <= limit if lower_is_better else value >= limit
    if passed:
        margin = f"met with {(1 - ratio) * 100:.0f}% to spare" if ratio is not None else "met"
    else:
        margin = f"missed by {(ratio - 1) * 100:.0f}% ({ratio:.2f}x the limit)"
    return {"target": name, "value": value, "limit": limit, "unit": unit, "scale": scale,
            "status": "met" if passed else "missed", "ratio": round(ratio, 3) if ratio else None,
            "margin": margin, "note": note}


def verdicts(scales: dict[str, dict[str, Any]], exponents: dict[str, Any]) -> list[dict[str, Any]]:
    """One verdict per target, at the target scale when it was measured, else the largest scale."""
    if not scales:
        return []
    name = TARGET_SCALE if TARGET_SCALE in scales else max(
        scales, key=lambda n: scales[n].get("orders_rows") or 0)
    scale = scales[name]
    note = "" if name == TARGET_SCALE else f"target scale {TARGET_SCALE} not measured; shown at {name}"
    if scale.get("partial_build"):
        note = (note + "; " if note else "") + f"partial build: {scale['partial_build']}"
    if scale.get("conditions", {}).get("under_load"):
        note = (note + "; " if note else "") + "measured under load (see conditions)"
    full = scale.get("steps", {}).get("full_build") or {}
    incremental = scale.get("steps", {}).get("incremental_build") or {}
    full_ok, incremental_ok = _step(scale, "full_build"), _step(scale, "incremental_build")
    full_seconds = full.get("seconds") if full else None
    note_full = ""
    if full and not full_ok:
        failed = scale.get("full_build", {}).get("failed_nodes") or []
        skipped = scale.get("full_build", {}).get("skipped_models") or []
        note_full = ("full build timed out" if full.get("timed_out") else
                     f"full build failed on {', '.join(failed) or 'an error'} (no GX, no publish"
                     + (f", {len(skipped)} models skipped" if skipped else "") + ")"
                     ) + ": the time is a lower bound"
    if full.get("cpu_seconds") and not full.get("timed_out"):
        # (a process tree stopped at the time-out is not waited for: its CPU time is not counted)
        # on a shared machine wall time mostly measures the others; CPU time bounds the quiet wall time
        note_full = "; ".join(x for x in (note_full, (
            f"CPU {full['cpu_seconds']:,.0f} s: at least {full['cpu_seconds'] / TARGET_CORES:,.0f} s "
            f"on {TARGET_CORES} idle cores")) if x)
    peaks = [step.get("peak_rss_bytes") for key, step in scale.get("steps", {}).items()
             if key.endswith("_build") and step.get("peak_rss_bytes")]
    # a build that failed on another team's data test still ran every model: its share is informative
    comparable = (full and incremental and not full.get("timed_out") and not incremental.get("timed_out")
                  and full_seconds)
    share = incremental["seconds"] / full_seconds if comparable else None
    failed_builds = comparable and not (full_ok and incremental_ok)
    note_share = "from builds that failed on data tests" if failed_builds else ""
    if comparable and full.get("cpu_seconds") and incremental.get("cpu_seconds"):
        note_share = "; ".join(x for x in (note_share, (
            f"CPU share {incremental['cpu_seconds'] / full['cpu_seconds']:.0%}")) if x)
    reference = (scale.get("steps", {}).get("reference_duckdb") or {}).get("inner_seconds")
    path_seconds = scale.get("full_build", {}).get("summary_path_seconds")
    rfm_ratio = path_seconds / reference if path_seconds and reference else None
    # the target as the issue words it: the RFM mart's model time from dbt's run results
    mart_seconds = scale.get("full_build", {}).get("rfm_mart_seconds")
    mart_ratio = mart_seconds / reference if mart_seconds and reference else None
    equal_all = [scale_data.get("equality", {}).get(key, {}).get("equal")
                 for scale_data in scales.values() for key in ("duckdb", "pandas", "after_incremental")]
    equal_measured = [value for value in equal_all if value is not None]
    results = [
        _verdict("full build (dbt build + tests + GX) seconds", full_seconds,
                 TARGETS["full_build_seconds"], "s", name, "; ".join(x for x in (note, note_full) if x)),
        _verdict("peak memory of the build process tree", max(peaks) if peaks else None,
                 TARGETS["peak_memory_bytes"], "bytes", name, note),
        _verdict("incremental build after +1% orders, share of the full build",
                 round(share, 3) if share is not None else None,
                 TARGETS["incremental_share_of_full"], "share", name,
                 "; ".join(x for x in (note, note_share) if x)),
        _verdict("scaling exponent of the full build time (time ~ rows^k)",
                 exponents.get("full_build_time_exponent"), TARGETS["scaling_exponent"], "k",
                 ",".join(exponents.get("scales", [])), note),
        _verdict("RFM mart model time (dbt run results) / single DuckDB query",
                 round(mart_ratio, 2) if mart_ratio else None, TARGETS["rfm_vs_single_query"], "x",
                 name, note),
        # stricter than the target: every model from clean orders to the RFM mart and the CLV inputs
        _verdict("stricter: RFM + CLV input models from clean orders / single DuckDB query",
                 round(rfm_ratio, 2) if rfm_ratio else None, TARGETS["rfm_path_vs_single_query"], "x",
                 name, note),
    ]
    if full and not full_ok:
        # a build that stopped early used less time and memory than a whole one: a lower bound can miss
        # a target but never meet it
        for verdict in results[:2]:
            if verdict["status"] == "met":
                verdict.update(status="not measured", margin=None,
                               note=f"{verdict['note']}; below the limit only as the build stopped early")
    results.append({
        "target": "warehouse equals both references exactly", "scale": ",".join(scales),
        "value": all(equal_measured) if equal_measured else None, "limit": True, "unit": "",
        "status": ("met" if all(equal_measured) else "missed") if equal_measured else "not measured",
        "margin": None,
        "note": f"{sum(1 for v in equal_measured if v)} of {len(equal_measured)} comparisons equal",
    })
    return results


# --- markdown -------------------------------------------------------------------------------------------

def _fmt_seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def _fmt_gb(value: float | None) -> str:
    return "-" if not value else f"{value / GB:.2f}"


def _fmt_rate(value: float | None) -> str:
    return "-" if not value else f"{value:,.0f}"


STEP_ORDER = ["generate", "dbt_parse_cold", "dbt_parse_warm", "dbt_ls", "full_build", "reference_inputs",
              "reference_duckdb", "reference_pandas", "append_orders", "incremental_build"]


def markdown(results: dict[str, Any]) -> str:
    scales = results.get("scales", {})
    lines = []
    header = ("| scale | step | wall s | CPU s | peak GB | input rows | rows/s | load (1 min) |\n"
              "|---|---|---:|---:|---:|---:|---:|---:|")
    lines.append(header)
    for name in results.get("summary", {}).get("scaling", {}).get("scales", list(scales)):
        scale = scales[name]
        label = (f"{name} ({scale.get('customers_rows') or 0:,} customer records, "
                 f"{scale.get('orders_rows') or 0:,} orders)")
        for step_name in STEP_ORDER:
            step = scale.get("steps", {}).get(step_name)
            if not step:
                continue
            status = "" if step.get("returncode") == 0 and not step.get("timed_out") else (
                " **timed out**" if step.get("timed_out") else " **failed**")
            seconds = step.get("inner_seconds") if step_name.startswith("reference_") and step.get(
                "inner_seconds") else step.get("seconds")
            lines.append(
                f"| {label} | {step_name}{status} | {_fmt_seconds(seconds)} "
                f"| {_fmt_seconds(step.get('cpu_seconds'))} "
                f"| {_fmt_gb(step.get('peak_rss_bytes'))} | {_fmt_rate(step.get('rows'))} "
                f"| {_fmt_rate(step.get('rows_per_second'))} | {step.get('max_load1') or '-'} |"
            )
            label = ""
    lines.append("")
    lines.append("| scale | dbt elapsed s | models s | tests s | raw load s | GX s | RFM mart s | "
                 "RFM+CLV models s | single query s | pandas s | models / query | pandas / query | equal |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name in results.get("summary", {}).get("scaling", {}).get("scales", list(scales)):
        scale = scales[name]
        build = scale.get("full_build", {})
        by_type = build.get("by_resource_type", {})
        tests = sum(by_type.get(kind, {}).get("seconds", 0.0) for kind in ("test", "unit_test"))
        steps = scale.get("steps", {})
        query = (steps.get("reference_duckdb") or {}).get("inner_seconds")
        pandas = (steps.get("reference_pandas") or {}).get("inner_seconds")
        path = build.get("summary_path_seconds")
        equal = [scale.get("equality", {}).get(key, {}).get("equal") for key in ("duckdb", "pandas")]
        lines.append(
            f"| {name} | {_fmt_seconds(build.get('dbt_elapsed_seconds'))} "
            f"| {_fmt_seconds(by_type.get('model', {}).get('seconds'))} | {_fmt_seconds(tests)} "
            f"| {_fmt_seconds(build.get('raw_load_seconds'))} | {_fmt_seconds(build.get('gx_seconds'))} "
            f"| {_fmt_seconds(build.get('rfm_mart_seconds'))} | {_fmt_seconds(path)} "
            f"| {_fmt_seconds(query)} | {_fmt_seconds(pandas)} "
            f"| {f'{path / query:.1f}x' if path and query else '-'} "
            f"| {f'{pandas / query:.1f}x' if pandas and query else '-'} "
            f"| {'yes' if all(equal) else ('no' if any(e is False for e in equal) else '-')} |"
        )
    lines.append("")
    lines.append("| target | limit | measured | verdict |")
    lines.append("|---|---:|---:|---|")
    for verdict in results.get("summary", {}).get("verdicts", []):
        lines.append(f"| {verdict['target']} ({verdict['scale']}) | {format_limit(verdict)} "
                     f"| {format_value(verdict)} | {verdict['status']}"
                     f"{' - ' + verdict['margin'] if verdict.get('margin') else ''}"
                     f"{' (' + verdict['note'] + ')' if verdict.get('note') else ''} |")
    ordered = results.get("summary", {}).get("scaling", {}).get("scales", list(scales))
    if ordered:
        largest = ordered[-1]
        for build in ("full_build", "incremental_build"):
            summary = scales[largest].get(build, {})
            if not summary.get("by_area"):
                continue
            lines.append("")
            lines.append(f"Where the {build.replace('_', ' ')} time goes at {largest} (dbt node seconds, "
                         "summed over threads; tests count for the folder of the model they check):")
            lines.append("")
            lines.append("| folder | models s | tests s |")
            lines.append("|---|---:|---:|")
            for area, seconds in list(summary["by_area"].items())[:8]:
                lines.append(f"| {area} | {seconds['models']:,.1f} | {seconds['tests']:,.1f} |")
            top = ", ".join(f"{m['node']} {m['seconds']:,.1f} s" for m in summary.get("top_models", [])[:8])
            lines.append("")
            lines.append(f"Slowest nodes: {top}.")
            steps = summary.get("build_steps_seconds")
            if steps:
                clock = "; ".join(f"{step} {seconds:,.1f} s" for step, seconds in steps.items())
                lines.append("")
                lines.append(f"The build's own clock (wall seconds, target/build_steps.json): {clock}.")
    exponents = results.get("summary", {}).get("scaling", {})
    lines.append("")
    lines.append(
        "Scaling exponents (time ~ orders^k): full build "
        f"{exponents.get('full_build_time_exponent')}, "
        f"full build CPU {exponents.get('full_build_cpu_exponent')}, "
        f"dbt models {exponents.get('model_time_exponent')}, "
        f"incremental build {exponents.get('incremental_build_time_exponent')}, "
        f"peak memory {exponents.get('peak_memory_exponent')}, "
        f"single query {exponents.get('reference_duckdb_exponent')}."
    )
    conditions = [f"{name}: load {scale.get('conditions', {}).get('load_start')} -> "
                  f"{scale.get('conditions', {}).get('load_end')}"
                  f"{' (under load)' if scale.get('conditions', {}).get('under_load') else ''}"
                  for name, scale in scales.items()]
    machine = results.get("machine", {})
    lines.append(
        f"Machine: {machine.get('cpus')} CPUs, {machine.get('memory_gb')} GB; DuckDB memory_limit "
        f"{results.get('settings', {}).get('duckdb_memory_limit')}, threads "
        f"{results.get('settings', {}).get('duckdb_threads')}, dbt threads "
        f"{results.get('settings', {}).get('dbt_threads')}. Load average (1 min) at start -> end: "
        + "; ".join(conditions) + "."
    )
    return "\n".join(lines) + "\n"


def _format(value: float, unit: str, decimals: int, seconds_format: str) -> str:
    """A limit or a measured value in the unit of its target (GB, %, seconds, x)."""
    if unit == "bytes":
        return f"{value / GB:.{decimals}f} GB"
    if unit == "share":
        return f"{value:.0%}"
    if unit == "s":
        return f"{value:{seconds_format}} s"
    if unit == "x":
        return f"{value:.{max(decimals, 1)}f}x"
    return str(value)


def format_limit(verdict: dict[str, Any]) -> str:
    return _format(verdict["limit"], verdict["unit"], 0, ".0f")


def format_value(verdict: dict[str, Any]) -> str:
    if verdict["value"] is None:
        return "-"
    return _format(verdict["value"], verdict["unit"], 2, ",.0f")


README_START = "<!-- bench:results:start -->"
README_END = "<!-- bench:results:end -->"


def update_readme(readme: Path, table: str, source: str) -> bool:
    """Replace the measured table between the markers of the README's Performance section."""
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        return False
    block = f"{README_START}\n_Measured by `make bench` ({source})._\n\n{table}{README_END}"
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.DOTALL)
    readme.write_text(pattern.sub(lambda _: block, text, count=1), encoding="utf-8")
    return True
