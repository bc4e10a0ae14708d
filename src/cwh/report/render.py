"""The report as one self-contained HTML page: inline CSS, charts as embedded PNGs, no scripts and no
external files, so it can be mailed or opened from disk."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime
from html import escape

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from cwh.report.queries import QualityState

CSS = """
body { font-family: -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 0;
       color: #1f2933; background: #f5f7fa; }
header { background: #2a6f97; color: white; padding: 18px 32px; }
header h1 { margin: 0; font-size: 24px; }
header p { margin: 4px 0 0; opacity: 0.85; }
main { padding: 16px 32px 40px; max-width: 1400px; }
h2 { font-size: 18px; margin: 28px 0 12px; border-bottom: 1px solid #d9e2ec; padding-bottom: 6px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 12px; }
.tile { background: white; border-radius: 8px; padding: 14px 16px; box-shadow: 0 1px 2px rgba(0,0,0,0.08); }
.tile .label { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: #627d98; }
.tile .value { font-size: 26px; font-weight: 600; margin-top: 4px; }
.tile .value.small { font-size: 18px; }
.tile .note { font-size: 12px; color: #829ab1; margin-top: 2px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 16px; }
figure { margin: 0; background: white; border-radius: 8px; padding: 8px;
         box-shadow: 0 1px 2px rgba(0,0,0,0.08); }
figure img { width: 100%; height: auto; }
figcaption { font-size: 13px; color: #486581; padding: 4px 8px; }
table { border-collapse: collapse; background: white; font-size: 13px; margin-bottom: 12px; }
th, td { padding: 5px 12px; border-bottom: 1px solid #e4e7eb; text-align: left; }
td { max-width: 480px; overflow-wrap: anywhere; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 3px 10px; border-radius: 12px; font-weight: 600; color: white; }
.badge.ok { background: #43aa8b; } .badge.warnings { background: #f4a259; }
.badge.attention { background: #c8553d; }
footer { color: #829ab1; font-size: 12px; padding: 0 32px 24px; }
"""


def figure_to_data_uri(fig: Figure, dpi: int = 100) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _number(value: object, kind: str = "int", currency: str = "") -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "n/a"
    number = float(value)
    if kind == "money":
        return f"{number:,.0f} {currency}".strip()
    if kind == "share":
        return f"{number:.1%}"
    if kind == "score":
        return f"{number:+.0f}"
    return f"{number:,.0f}"


def tiles_html(numbers: dict, currency: str) -> str:
    horizon = numbers.get("clv_horizon_days") or 365
    tiles = [
        ("Customers", _number(numbers["customers"]), "golden records"),
        ("Buyers", _number(numbers["buyers"]), "with a completed order"),
        ("Revenue", _number(numbers["revenue"], "money", currency), "completed orders, to date"),
        ("Orders", _number(numbers["completed_orders"]), "completed"),
        ("Average order", _number(numbers["average_order_value"], "money", currency), "revenue / order"),
        ("Active customers", _number(numbers["active_customers"]),
         f"bought in the last {numbers['active_window_days']} days"),
        ("Churn rate", _number(numbers["churn_rate"], "share"), "of buyers, status churned"),
        ("NPS", _number(numbers["nps"], "score"), f"{_number(numbers['nps_responses'])} answers"),
        ("Average CLV", _number(numbers["average_predicted_clv"], "money", currency),
         f"predicted, next {int(horizon)} days"),
    ]
    return '<div class="tiles">' + "".join(
        f'<div class="tile" data-metric="{escape(label.lower().replace(" ", "_"))}">'
        f'<div class="label">{escape(label)}</div><div class="value">{escape(value)}</div>'
        f'<div class="note">{escape(note)}</div></div>'
        for label, value, note in tiles
    ) + "</div>"


def table_html(frame: pd.DataFrame, max_rows: int = 30) -> str:
    if frame.empty:
        return "<p>None.</p>"
    numeric = {column for column in frame.columns if pd.api.types.is_numeric_dtype(frame[column])}
    head = "".join(f'<th class="{"num" if column in numeric else ""}">{escape(str(column))}</th>'
                   for column in frame.columns)
    body = []
    for _, row in frame.head(max_rows).iterrows():
        cells = []
        for column in frame.columns:
            value = row[column]
            if column in numeric and pd.notna(value) and str(column).startswith(("share", "pct")):
                text = f"{value:.1%}"
            elif column in numeric and pd.notna(value):
                text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
            else:
                text = "" if pd.isna(value) else str(value)
            cells.append(f'<td class="{"num" if column in numeric else ""}">{escape(text)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f"<p>{len(frame) - max_rows} more rows not shown.</p>" if len(frame) > max_rows else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


RUN_FIELDS = (
    ("status", "status"), ("failed_step", "failed step"), ("finished_at", "finished"),
    ("checks", "checks"), ("passed", "passed"), ("warned", "warned"), ("failed", "failed"),
    ("errored", "errored"), ("skipped", "skipped"), ("drift_warnings", "drift warnings"),
)


def quality_html(state: QualityState) -> str:
    label = {"ok": "all checks passed", "warnings": "passed with warnings", "attention": "needs attention"}
    badge = f'<span class="badge {state.status}" id="dq-status">{escape(label[state.status])}</span>'
    parts = [f"<p>Status: {badge}</p>"]
    if state.last_run:
        cells = "".join(
            f'<div class="tile" data-run="{key}"><div class="label">{escape(name)}</div>'
            f'<div class="value small">{escape(_run_value(state.last_run.get(key)))}</div></div>'
            for key, name in RUN_FIELDS if key in state.last_run
        )
        parts.append(f'<div class="tiles">{cells}</div>')
    for note in state.notes:
        parts.append(f"<p>{escape(note)}</p>")
    if state.problems is not None:
        parts.append(f"<h3>Checks that did not pass: {len(state.problems):,}</h3>")
        parts.append(table_html(state.problems))
    total = int(state.quarantine["rows"].sum()) if "rows" in state.quarantine and len(state.quarantine) else 0
    parts.append(f"<h3>Quarantined rows: {total:,}</h3>")
    parts.append(table_html(state.quarantine))
    return "".join(parts)


def _run_value(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.0f}"
    return str(value)


def page(numbers: dict, charts: list[tuple[str, str, str]], quality: QualityState, currency: str,
         warehouse: str) -> str:
    """charts: (id, caption, data URI)."""
    figures = "".join(
        f'<figure id="chart-{escape(chart_id)}"><img alt="{escape(caption)}" src="{uri}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
        for chart_id, caption, uri in charts
    )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer report, as of {escape(str(numbers["as_of_date"]))}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>Customer report</h1>
<p>As of {escape(str(numbers["as_of_date"]))} &middot; amounts in {escape(currency)} &middot; warehouse
{escape(warehouse)}</p>
</header>
<main>
<section id="headline"><h2>Headline numbers</h2>{tiles_html(numbers, currency)}</section>
<section id="charts"><h2>Main charts</h2><div class="charts">{figures}</div></section>
<section id="data-quality"><h2>Data quality of the last build</h2>{quality_html(quality)}</section>
</main>
<footer>Generated {generated} by <code>make report</code>. Definitions: dbt docs (<code>make docs</code>);
the charts are those of notebooks/customer_insights.ipynb.</footer>
</body>
</html>
"""
