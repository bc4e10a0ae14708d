"""The dbt docs site renders in a real browser: `python -m cwh docs` generates it from the demo warehouse
and serves it, and headless Chromium shows a mart's page (name, description, columns with their types
from the catalog) and the lineage graph (the graph panel open, nodes drawn on its canvas).

dbt docs is a single-page app that builds the page in JavaScript from manifest.json and catalog.json,
so the checks read the DOM after scripts ran (--dump-dom) and the pixels of a screenshot, never the
HTML as served.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pytest
from conftest import PROJECT_DIR, Warehouse, _locked, _shared_root, build_env

MART = "customer_rfm"
MART_COLUMN = "rfm_segment"
MART_ID = f"model.customer_warehouse.{MART}"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1400,900", "--virtual-time-budget=20000",
]


def chromium(*args: str) -> subprocess.CompletedProcess:
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail("Debian's chromium is not installed: run `make setup-browser` (`make test` does it)")
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120, check=True)


def dump_dom(url: str) -> str:
    return chromium("--dump-dom", url).stdout


SERVER_START_SECONDS = 180


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def generated_docs_site(warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m cwh docs --no-serve` on a copy of the demo warehouse (dbt opens it read-write), once per
    test session: the site's target folder, also holding every node compiled, analyses included
    (test_analyses reads them from there instead of running dbt again)."""
    root = _shared_root(tmp_path_factory) / "docs-site"
    target = root / "target"
    status_file = root / "status.json"
    with _locked(root / ".generate.lock"):
        if not status_file.exists():
            copy = root / "customers.duckdb"
            shutil.copy2(warehouse.path, copy)
            done = subprocess.run([sys.executable, "-m", "cwh", "docs", "--no-serve"], cwd=PROJECT_DIR,
                                  env=build_env(warehouse.raw_dir, copy, target),
                                  capture_output=True, text=True, timeout=900)
            copy.unlink()
            status_file.write_text(json.dumps({"returncode": done.returncode,
                                               "output": (done.stdout + done.stderr)[-10000:]}))
    status = json.loads(status_file.read_text())
    if status["returncode"] != 0:
        pytest.fail(f"python -m cwh docs failed (exit {status['returncode']}):\n{status['output']}")
    return target


@pytest.fixture(scope="module")
def docs_target(demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = generated_docs_site(demo_warehouse, tmp_path_factory)
    for name in ("index.html", "static_index.html", "manifest.json", "catalog.json"):
        assert (target / name).stat().st_size > 10_000, name
    return target


@pytest.fixture(scope="module")
def docs_url(docs_target: Path) -> Iterator[str]:
    """The site served by `python -m cwh docs --no-generate` on a free local port."""
    port = _free_port()
    env = build_env(Path("unused"), Path("unused"), docs_target)
    server = subprocess.Popen([sys.executable, "-m", "cwh", "docs", "--no-generate", "--port", str(port)],
                              cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    # a start-up deadline, not a speed check: on a loaded 2-core machine importing dbt alone can take
    # tens of seconds, and a server that exits fails at once below
    deadline = time.monotonic() + SERVER_START_SECONDS
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/manifest.json", timeout=5) as response:
                    assert response.status == 200
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"docs server exited: {server.stderr.read().decode()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"docs server did not answer within {SERVER_START_SECONDS} s")
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def _assert_mart_page(dom: str, catalog: dict) -> None:
    # the SPA replaces {{ model.name }} with the mart's name in the page title
    assert re.search(rf'<span class="break ng-binding">\s*{MART}\s*</span>', dom), "mart title not rendered"
    column_type = catalog["nodes"][MART_ID]["columns"][MART_COLUMN]["type"]
    row = re.search(rf'<span class="text-dark ng-binding">{MART_COLUMN}</span>.*?'
                    r'<span class="text-dark ng-binding">([A-Z][A-Z0-9_(), ]*)', dom, re.DOTALL)
    assert row, f"column {MART_COLUMN} not rendered in the columns table"
    assert row.group(1).strip() == column_type, "column type does not come from the catalog"


def test_docs_manifest_describes_the_marts(docs_target: Path):
    manifest = json.loads((docs_target / "manifest.json").read_text())
    nodes = manifest["nodes"].values()
    marts = [node for node in nodes if node["resource_type"] == "model" and node["schema"] == "marts"]
    assert len(marts) >= 10
    for node in marts:
        assert node["description"].strip(), f"{node['name']} has no description"
    exposures = {e["name"] for e in manifest["exposures"].values()}
    assert {"customer_insights_notebook", "marts_parquet_export", "customer_report"} <= exposures


def test_every_macro_seed_and_generic_test_is_described(docs_target: Path):
    manifest = json.loads((docs_target / "manifest.json").read_text())
    # dispatch implementations (default__x, duckdb__x) are documented by the macro that dispatches them
    macros = [m for m in manifest["macros"].values() if m["package_name"] == "customer_warehouse"
              and "__" not in m["name"] and not m["name"].startswith("materialization_")]
    assert macros
    undescribed = sorted(m["name"] for m in macros if not m["description"].strip())
    assert not undescribed, f"macros and generic tests without a description in a macros YAML: {undescribed}"
    arguments = sorted(f"{m['name']}.{a['name']}" for m in macros for a in m["arguments"]
                       if not (a.get("description") or "").strip())
    assert not arguments, f"macro arguments without a description: {arguments}"
    seeds = [n for n in manifest["nodes"].values() if n["resource_type"] == "seed"]
    assert seeds and all(seed["description"].strip() for seed in seeds)
    assert all(analysis["description"].strip() for analysis in manifest["nodes"].values()
               if analysis["resource_type"] == "analysis")


def test_mart_page_renders(docs_target: Path, docs_url: str):
    catalog = json.loads((docs_target / "catalog.json").read_text())
    dom = dump_dom(f"{docs_url}/index.html#!/model/{MART_ID}")
    _assert_mart_page(dom, catalog)
    manifest = json.loads((docs_target / "manifest.json").read_text())
    description = manifest["nodes"][MART_ID]["description"].split("\n")[0][:40]
    assert description and description in dom.replace("&amp;", "&"), "mart description not rendered"


def test_static_site_renders_from_disk(docs_target: Path):
    catalog = json.loads((docs_target / "catalog.json").read_text())
    dom = dump_dom(f"{(docs_target / 'static_index.html').as_uri()}#!/model/{MART_ID}")
    _assert_mart_page(dom, catalog)


def test_lineage_graph_renders(docs_url: str, tmp_path: Path):
    url = f"{docs_url}/index.html#!/model/{MART_ID}?g_v=1"
    dom = dump_dom(url)
    assert "Lineage Graph" in dom
    # cytoscape draws nodes on a layer canvas sized to the open graph panel
    node_layer = re.search(r'<canvas[^>]*data-id="layer2-node"[^>]*width="(\d+)" height="(\d+)"', dom)
    assert node_layer, "no cytoscape node canvas in the page"
    assert int(node_layer.group(1)) > 500 and int(node_layer.group(2)) > 300, "graph canvas not laid out"

    shot = tmp_path / "graph.png"
    chromium(f"--screenshot={shot}", url)
    pixels = (mpimg.imread(shot)[..., :3] * 255).astype(int)
    height, width, _ = pixels.shape
    panel = pixels[int(height * 0.12):int(height * 0.85), int(width * 0.05):int(width * 0.95)].reshape(-1, 3)
    colors, counts = np.unique(panel, axis=0, return_counts=True)
    background = colors[counts.argmax()]
    assert background[2] > background[0] + 60, f"graph panel (dark teal) not shown; background {background}"
    drawn = (np.abs(panel - background).sum(axis=1) > 60).mean()
    assert drawn > 0.005, f"no nodes drawn on the lineage graph ({drawn:.2%} of the panel differs)"
