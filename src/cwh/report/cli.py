"""`python -m cwh report`: write the one-page HTML report from the built warehouse (read-only)."""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import matplotlib
import yaml
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cwh.settings import Settings

console = Console(stderr=True, soft_wrap=True)

# (id, caption, function of cwh.report.charts, query of cwh.report.queries.CHART_SQL)
CHARTS = (
    ("pareto", "Pareto curve: share of revenue against share of customers (value window)", "pareto_curve",
     "pareto"),
    ("rfm-segments", "RFM segments: customers and revenue", "rfm_segments", "rfm_segments"),
    ("activity-status", "Customers by activity status at each month-end", "status_over_months",
     "status_months"),
    ("cohort-retention", "Cohort retention of the latest cohorts", "cohort_retention", "cohorts"),
    ("clv", "Predicted customer lifetime value", "clv_distribution", "clv"),
    ("nps-segments", "NPS by RFM segment", "nps_by_segment", "nps_segments"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("reports/customer_report.html"),
                        help="HTML file to write (default reports/customer_report.html)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)


def project_vars(project_dir: Path) -> dict:
    return yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8")).get("vars", {})


def write_report(warehouse_path: Path, out: Path, project_dir: Path, show_progress: bool = True) -> Path:
    """Build the report from the warehouse and write it to `out`; returns the path written."""
    matplotlib.use("Agg")
    from cwh.report import charts, queries, render

    if not warehouse_path.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse_path}; run `make build` first, "
                                "or set WAREHOUSE_PATH to the warehouse file")
    dbt_vars = project_vars(project_dir)
    currency = str(dbt_vars.get("base_currency", ""))
    columns = [TextColumn("[bold]report[/bold] {task.description:<24}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn()]
    with duckdb.connect(str(warehouse_path), read_only=True) as con, \
            Progress(*columns, console=console, disable=not show_progress) as progress:
        task = progress.add_task("headline numbers", total=len(CHARTS) + 2)
        numbers = queries.headline(con, int(dbt_vars.get("scoring_activity_window_days", 365)))
        progress.advance(task)
        inputs = queries.chart_inputs(con)
        options = {"pareto": {"currency": currency}, "clv": {"currency": currency,
                   "horizon_days": int(numbers.get("clv_horizon_days") or 365)}}
        images = []
        for chart_id, caption, function, query in CHARTS:
            progress.update(task, description=chart_id)
            figure = getattr(charts, function)(inputs[query], **options.get(query, {}))
            images.append((chart_id, caption, render.figure_to_data_uri(figure)))
            progress.advance(task)
        progress.update(task, description="data quality")
        quality = queries.quality_state(con)
        progress.advance(task)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render.page(numbers, images, quality, currency, str(warehouse_path)), encoding="utf-8")
    return out


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    try:
        path = write_report(settings.warehouse_path, args.out, settings.project_dir, not args.quiet)
    except FileNotFoundError as error:
        console.print(f"[red]error:[/red] {error}")
        return 2
    except duckdb.CatalogException as error:
        console.print(f"[red]error:[/red] a mart the report reads is missing ({error}). "
                      "Run `make build`; if it failed, fix the failing models first.")
        return 1
    except duckdb.IOException as error:
        console.print(f"[red]error:[/red] cannot open {settings.warehouse_path} read-only: {error}. "
                      "Another process (a running dbt build?) holds it for writing; wait for it to finish.")
        return 1
    console.print(f"Report written to {path} (open it in a browser).")
    return 0
