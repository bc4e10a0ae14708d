"""notebooks/customer_insights.ipynb runs top to bottom on the demo warehouse (read-only) and saves
every chart as a PNG; the committed notebook carries no outputs."""

from __future__ import annotations

from pathlib import Path

import matplotlib.image as mpimg
import nbformat
import pytest
from conftest import PROJECT_DIR, Warehouse
from nbclient import NotebookClient

NOTEBOOK = PROJECT_DIR / "notebooks" / "customer_insights.ipynb"
FIGURES = {
    "pareto_curve", "rfm_segments", "rf_heatmap", "lifecycle_funnel", "activity_status_by_month",
    "cohort_retention", "clv_distribution", "nps_by_segment", "segment_transitions",
}


def test_committed_notebook_has_no_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, "the notebook has no code"
    assert all(not cell.outputs and cell.execution_count is None for cell in code), \
        "clear the outputs before committing (Jupyter: Edit > Clear Outputs of All Cells)"


@pytest.fixture(scope="module")
def executed(demo_warehouse: Warehouse,
             tmp_path_factory: pytest.TempPathFactory) -> tuple[nbformat.NotebookNode, Path]:
    figures = tmp_path_factory.mktemp("figures")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as env:
        # the kernel inherits the environment: the demo warehouse, and figures outside the repository
        env.setenv("WAREHOUSE_PATH", str(demo_warehouse.path))
        env.setenv("CWH_FIGURES_DIR", str(figures))
        NotebookClient(notebook, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return notebook, figures


def test_notebook_saves_every_chart(executed: tuple[nbformat.NotebookNode, Path]):
    _, figures = executed
    assert {path.stem for path in figures.glob("*.png")} == FIGURES
    for name in FIGURES:
        path = figures / f"{name}.png"
        assert path.stat().st_size > 15_000, f"{name}.png is suspiciously small"
        height, width = mpimg.imread(path).shape[:2]
        assert width >= 500 and height >= 300, f"{name}.png is {width}x{height}"


def test_notebook_shows_the_warehouse_numbers(executed: tuple[nbformat.NotebookNode, Path],
                                               demo_warehouse: Warehouse):
    notebook, _ = executed
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if o.output_type == "display_data" and "image/png" in o.get("data", {})]
    assert len(images) == len(FIGURES), "every chart is shown inline too"
    tables = [o.data["text/plain"] for o in outputs if "text/plain" in o.get("data", {})]
    headline = next(text for text in tables if "completed_orders" in text)
    (orders,) = demo_warehouse.query("select count(*) from marts.fct_orders where status = 'completed'")[0]
    assert str(orders) in headline, "headline numbers differ from the warehouse"
