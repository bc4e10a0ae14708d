"""The warehouse's standard charts, shared by the insights notebook and the HTML report so both show
the same picture. Each function takes a DataFrame with the columns named in its docstring (the
queries alias mart columns to these names) and returns a matplotlib Figure; nothing here reads the
warehouse.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

ACCENT = "#2a6f97"
MUTED = "#9aa5b1"
WARN = "#c8553d"
SEQUENTIAL = "Blues"
# activity statuses from healthy to lost (seed lifecycle_labels), so stacked areas read bottom-up
STATUS_ORDER = ("new", "active", "reactivated", "at_risk", "churned")


def _figure(width: float = 8.0, height: float = 4.5) -> tuple[Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _annotate_cells(ax: plt.Axes, matrix: np.ndarray, fmt: str, threshold: float) -> None:
    for (row, col), value in np.ndenumerate(matrix):
        if np.isnan(value):
            continue
        ax.text(col, row, format(value, fmt), ha="center", va="center", fontsize=8,
                color="white" if value > threshold else "black")


def pareto_curve(customers: pd.DataFrame, currency: str = "") -> Figure:
    """Cumulative share of revenue against the share of customers, best customers first.

    Columns: `revenue` (one row per customer with revenue > 0). Marks the revenue share of the top 20%.
    """
    revenue = np.sort(customers["revenue"].to_numpy(dtype=float))[::-1]
    total = revenue.sum()
    fig, ax = _figure(6.5, 4.5)
    if len(revenue) == 0 or total <= 0:
        ax.set_title("Pareto curve of revenue (no revenue)")
        return fig
    customer_share = np.arange(1, len(revenue) + 1) / len(revenue)
    revenue_share = np.cumsum(revenue) / total
    top20 = revenue_share[max(int(np.ceil(0.2 * len(revenue))) - 1, 0)]
    ax.plot(np.r_[0, customer_share] * 100, np.r_[0, revenue_share] * 100, color=ACCENT, lw=2,
            label="customers, best first")
    ax.plot([0, 100], [0, 100], color=MUTED, ls="--", lw=1, label="equal spend")
    ax.axvline(20, color=WARN, lw=1, ls=":")
    ax.annotate(f"top 20% of customers: {top20:.0%} of revenue", xy=(20, top20 * 100),
                xytext=(28, top20 * 100 - 18), arrowprops={"arrowstyle": "->", "color": WARN}, color=WARN)
    title = f"Pareto curve of revenue ({len(revenue):,} customers, {total:,.0f} {currency}".rstrip() + ")"
    ax.set(xlim=(0, 100), ylim=(0, 101), xlabel="share of customers (%)", ylabel="share of revenue (%)",
           title=title)
    ax.legend(loc="lower right", frameon=False)
    return fig


def rfm_segments(segments: pd.DataFrame) -> Figure:
    """Customers and revenue per RFM segment, side by side.

    Columns: `rfm_segment`, `customers`, `revenue`.
    """
    data = segments.sort_values("revenue", ascending=True)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, max(3.5, 0.4 * len(data) + 1)), sharey=True,
                                      layout="constrained")
    left.barh(data["rfm_segment"], data["customers"], color=MUTED)
    right.barh(data["rfm_segment"], data["revenue"] / data["revenue"].sum() * 100, color=ACCENT)
    left.set(xlabel="customers", title="Customers per segment")
    right.set(xlabel="share of revenue (%)", title="Revenue per segment")
    for ax in (left, right):
        ax.spines[["top", "right"]].set_visible(False)
    return fig


def rf_heatmap(cells: pd.DataFrame, value: str = "customers") -> Figure:
    """Recency x frequency score grid.

    Columns: `r_score`, `f_score`, and `value` (default `customers`).
    """
    grid = cells.pivot_table(index="r_score", columns="f_score", values=value, aggfunc="sum").sort_index(
        ascending=False)
    fig, ax = _figure(6, 5)
    matrix = grid.to_numpy(dtype=float)
    image = ax.imshow(matrix, cmap=SEQUENTIAL, aspect="auto")
    ax.set_xticks(range(len(grid.columns)), [str(c) for c in grid.columns])
    ax.set_yticks(range(len(grid.index)), [str(i) for i in grid.index])
    ax.set(xlabel="frequency score (F)", ylabel="recency score (R)", title=f"R x F: {value} per cell")
    _annotate_cells(ax, matrix, ",.0f", np.nanmax(matrix) * 0.6 if matrix.size else 0)
    fig.colorbar(image, ax=ax, shrink=0.8)
    return fig


def lifecycle_funnel(stages: pd.DataFrame) -> Figure:
    """Customers reaching each funnel stage, in funnel order.

    Columns: `funnel_stage`, `customers` (already in funnel order, first stage first).
    """
    fig, ax = _figure(7, max(3, 0.5 * len(stages) + 1))
    labels = stages["funnel_stage"].astype(str).tolist()[::-1]
    values = stages["customers"].to_numpy(dtype=float)[::-1]
    ax.barh(labels, values, color=ACCENT)
    top = values.max() if len(values) else 0
    for y, v in enumerate(values):
        ax.text(v + top * 0.01, y, f"{v:,.0f} ({v / top:.0%})" if top else "0", va="center", fontsize=9)
    ax.set(xlabel="customers", title="Lifecycle funnel", xlim=(0, top * 1.2 if top else 1))
    return fig


def status_over_months(months: pd.DataFrame) -> Figure:
    """Customers by activity status per month, stacked.

    Columns: `month`, `activity_status`, `customers`.
    """
    table = months.pivot_table(index="month", columns="activity_status", values="customers", aggfunc="sum",
                               fill_value=0).sort_index()
    known = [status for status in STATUS_ORDER if status in table.columns]
    table = table[known + sorted(set(table.columns) - set(known))]
    fig, ax = _figure(9, 4.5)
    palette = {"new": "#90be6d", "active": "#43aa8b", "reactivated": "#577590", "at_risk": "#f9c74f",
               "churned": "#c8553d"}
    colors = [palette.get(status, MUTED) for status in table.columns]
    ax.stackplot(pd.to_datetime(table.index), table.T.to_numpy(dtype=float), labels=table.columns,
                 colors=colors, alpha=0.9)
    ax.set(xlabel="month", ylabel="customers", title="Customers by activity status over months")
    ax.legend(loc="upper left", frameon=False, ncols=min(len(table.columns), 5))
    return fig


def cohort_retention(cohorts: pd.DataFrame, max_months: int = 24, max_cohorts: int = 24) -> Figure:
    """Share of a first-purchase cohort that bought again k months later, for the latest cohorts.

    Columns: `cohort_month`, `months_since_first`, `retention` (0..1).
    """
    data = cohorts[cohorts["months_since_first"] <= max_months]
    grid = data.pivot_table(index="cohort_month", columns="months_since_first", values="retention",
                            aggfunc="max").sort_index().iloc[-max_cohorts:]
    fig, ax = _figure(10, max(4, 0.25 * len(grid) + 1.5))
    # month 0 is 100% by definition: cap the colour scale so later months stay readable
    later = grid.drop(columns=0, errors="ignore").to_numpy(dtype=float) * 100
    vmax = float(np.nanmax(later)) if later.size and not np.isnan(later).all() else 100.0
    image = ax.imshow(grid.to_numpy(dtype=float) * 100, cmap=SEQUENTIAL, aspect="auto", vmin=0, vmax=vmax)
    step = max(1, len(grid) // 12)
    ax.set_yticks(range(0, len(grid), step), [pd.Timestamp(m).strftime("%Y-%m") for m in grid.index[::step]])
    ax.set_xticks(range(0, len(grid.columns), 2), [str(c) for c in grid.columns[::2]])
    ax.set(xlabel="months since first purchase", ylabel="cohort (month of first purchase)",
           title="Cohort retention: % of the cohort buying in month k")
    fig.colorbar(image, ax=ax, label="% of cohort", shrink=0.8)
    return fig


def clv_distribution(customers: pd.DataFrame, horizon_days: int = 365, currency: str = "") -> Figure:
    """Histogram of predicted CLV over the horizon (log scale), with mean and median.

    Columns: `predicted_clv`.
    """
    values = customers["predicted_clv"].dropna().to_numpy(dtype=float)
    # below one currency unit is "nothing expected"; on a log axis those would stretch the picture
    positive = values[values >= 1]
    fig, ax = _figure(8, 4.5)
    if len(positive):
        bins = np.logspace(0, np.log10(positive.max()) + 1e-9, 40)
        ax.hist(positive, bins=bins, color=ACCENT, alpha=0.85)
        ax.set_xscale("log")
        for stat, style, name in ((np.mean(values), "-", "mean"), (np.median(values), "--", "median")):
            label = f"{name} {stat:,.0f} {currency}".rstrip()
            ax.axvline(max(stat, 1), color=WARN, ls=style, lw=1.2, label=label)
        ax.legend(frameon=False)
    ax.set(xlabel=f"predicted CLV, next {horizon_days} days {currency}".rstrip(), ylabel="customers",
           title=f"CLV distribution ({len(values):,} customers, {len(values) - len(positive):,} below 1)")
    return fig


def nps_by_segment(segments: pd.DataFrame) -> Figure:
    """NPS per segment with the number of answers; small samples are drawn pale.

    Columns: `segment`, `nps` (-100..100), `responses`, optional `is_small_sample`.
    """
    data = segments.sort_values("nps")
    small = data["is_small_sample"].fillna(False).astype(bool) if "is_small_sample" in data else False
    colors = np.where(small, MUTED, ACCENT) if not isinstance(small, bool) else ACCENT
    fig, ax = _figure(8, max(3.5, 0.4 * len(data) + 1))
    ax.barh(data["segment"].astype(str), data["nps"], color=colors)
    ax.axvline(0, color="black", lw=0.8)
    for y, (nps, n) in enumerate(zip(data["nps"], data["responses"], strict=True)):
        ax.text(nps + (2 if nps >= 0 else -2), y, f"{nps:.0f} (n={n:,})", va="center", fontsize=8,
                ha="left" if nps >= 0 else "right")
    ax.set(xlim=(-100, 100), xlabel="NPS", title="NPS by segment (pale: too few answers to trust)")
    return fig


def segment_transitions(transitions: pd.DataFrame) -> Figure:
    """Where customers of each segment went in the next period, as row shares.

    Columns: `from_segment`, `to_segment`, `customers`.
    """
    grid = transitions.pivot_table(index="from_segment", columns="to_segment", values="customers",
                                   aggfunc="sum", fill_value=0)
    labels = sorted(set(grid.index) | set(grid.columns))
    grid = grid.reindex(index=labels, columns=labels, fill_value=0)
    shares = grid.div(grid.sum(axis=1).replace(0, np.nan), axis=0).to_numpy(dtype=float) * 100
    fig, ax = _figure(9, 7.5)
    image = ax.imshow(shares, cmap=SEQUENTIAL, vmin=0, vmax=100)
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set(xlabel="segment in the next period", ylabel="segment in the period",
           title="Segment transitions (% of the row segment)")
    _annotate_cells(ax, shares, ".0f", 60)
    fig.colorbar(image, ax=ax, label="% of customers", shrink=0.8)
    return fig
