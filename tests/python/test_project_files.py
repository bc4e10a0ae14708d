"""Promises the repository makes about itself: the contract document is current, CI runs the README's
test command, every model is documented."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from cwh.contract import DOC_PATH, render_markdown

PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_contract_document_is_generated_from_the_sources_yaml():
    assert DOC_PATH.read_text(encoding="utf-8") == render_markdown(), "run `python -m cwh contract`"


def test_ci_runs_the_readme_test_command():
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    assert "make build" in readme and "make test" in readme
    ci = (PROJECT_DIR / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE)


def _yaml_entries(kind: str) -> dict[str, dict]:
    entries: dict[str, dict] = {}
    for path in list((PROJECT_DIR / "models").rglob("*.yml")) + list((PROJECT_DIR / "seeds").rglob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in spec.get(kind, []) or []:
            entries[entry["name"]] = entry
    return entries


def test_every_model_and_column_is_described():
    documented = _yaml_entries("models")
    models = [p for p in (PROJECT_DIR / "models").rglob("*") if p.suffix in (".sql", ".py")]
    missing = sorted(p.stem for p in models if p.stem not in documented)
    assert not missing, f"models without a YAML entry: {missing}"
    undescribed = sorted(
        f"{name}.{column['name']}"
        for name, entry in documented.items()
        for column in entry.get("columns", []) or []
        if not (column.get("description") or "").strip()
    )
    assert not undescribed, f"columns without a description: {undescribed[:20]}"
    assert all((entry.get("description") or "").strip() for entry in documented.values())


def test_every_seed_is_documented():
    documented = _yaml_entries("seeds")
    seeds = sorted(p.stem for p in (PROJECT_DIR / "seeds").glob("*.csv"))
    assert [s for s in seeds if s not in documented] == []


def test_macro_docs_are_generated_from_the_doc_comments():
    from cwh.macro_docs import expected_files

    for path, text in expected_files().items():
        assert path.exists() and path.read_text(encoding="utf-8") == text, "run `python -m cwh macro-docs`"


def test_macro_docs_refuse_jinja_that_dbt_would_render(tmp_path):
    """dbt renders YAML descriptions as Jinja: a `{{ ref(...) }}` copied from a doc comment into the
    generated YAML stopped every build with "'ref' is undefined"."""
    import pytest

    from cwh.macro_docs import folder_entries

    (tmp_path / "plain.sql").write_text(
        "{#-\n    Selects one. No argument.\n-#}\n{% macro plain() %}1{% endmacro %}\n"
    )
    assert [entry["name"] for entry in folder_entries(tmp_path)] == ["plain"]
    (tmp_path / "uses_ref.sql").write_text(
        "{#-\n    Reads {{ ref('orders') }}. No argument.\n-#}\n{% macro uses_ref() %}1{% endmacro %}\n"
    )
    with pytest.raises(ValueError, match="uses_ref.sql: the doc comment holds Jinja delimiters"):
        folder_entries(tmp_path)


def test_xdist_loadgroup_keeps_a_group_on_one_worker(tmp_path):
    """make test runs `pytest -n 2 --dist loadgroup` and relies on it to build each module's warehouse once.
    pytest 9.2 broke that silently with pytest-xdist 3.8 (groups were spread over both workers), so a
    pytest or xdist upgrade must pass this check on two small grouped modules."""
    for group in ("first", "second"):
        (tmp_path / f"test_{group}.py").write_text(
            "import os\nimport pytest\n"
            f"pytestmark = pytest.mark.xdist_group({group!r})\n"
            "@pytest.mark.parametrize('i', range(4))\n"
            "def test_it(i):\n    pass\n"
        )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v", "-p", "no:cacheprovider",
         "--rootdir", str(tmp_path), "-c", "/dev/null", str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    workers: dict[str, set[str]] = {}
    for worker, group in re.findall(r"\[(gw\d)\] .*PASSED \S+@(\w+)", result.stdout):
        workers.setdefault(group, set()).add(worker)
    assert sorted(workers) == ["first", "second"], result.stdout
    assert all(len(w) == 1 for w in workers.values()), workers
