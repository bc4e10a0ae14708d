"""`python -m cwh export`: every mart as Parquet, for BI tools and data science that do not speak DuckDB.

Layout of the output folder (default `exports/`):

    exports/
      manifest.json            one entry per mart: path, rows, columns (name, type, description)
      customer_rfm/
        customer_rfm.parquet
      fct_orders/
        fct_orders.parquet
      ...

The warehouse is opened read-only, so an export never changes it, and all marts are read in one
connection, so they come from the same build. The row count in the manifest is read back from the
written file. Column descriptions come from the dbt manifest (`target/manifest.json`) when present.
Folders of marts that no longer exist are removed when an earlier manifest lists them.
"""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cwh.settings import Settings

console = Console(stderr=True, soft_wrap=True)

MANIFEST_NAME = "manifest.json"


@dataclass
class Column:
    name: str
    type: str
    description: str = ""


@dataclass
class ExportedMart:
    name: str
    path: str
    rows: int
    bytes: int
    columns: list[Column] = field(default_factory=list)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("exports"), help="output folder (default exports/)")
    parser.add_argument("--schema", default="marts", help="schema to export (default marts)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)


def list_relations(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    """Tables and views of a schema, sorted by name."""
    rows = con.execute(
        """
        select table_name from duckdb_tables()
        where database_name = current_database() and schema_name = ? and not temporary
        union
        select view_name from duckdb_views()
        where database_name = current_database() and schema_name = ? and not internal and not temporary
        order by 1
        """,
        [schema, schema],
    ).fetchall()
    return [name for (name,) in rows]


def dbt_descriptions(target_path: Path, schema: str) -> dict[str, dict[str, str]]:
    """{relation: {column: description}} for the models of a schema, from target/manifest.json."""
    path = target_path / "manifest.json"
    if not path.exists():
        return {}
    manifest = json.loads(path.read_text(encoding="utf-8"))
    described: dict[str, dict[str, str]] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") == "model" and node.get("schema") == schema:
            name = node.get("alias") or node["name"]
            columns = {c: (spec.get("description") or "") for c, spec in node.get("columns", {}).items()}
            columns[""] = node.get("description") or ""
            described[name] = columns
    return described


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_relation(con: duckdb.DuckDBPyConnection, schema: str, name: str, out_dir: Path,
                    descriptions: dict[str, str]) -> ExportedMart:
    folder = out_dir / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    file = folder / f"{name}.parquet"
    relation = f"{_quote_identifier(schema)}.{_quote_identifier(name)}"
    con.execute(f"copy (select * from {relation}) to {_quote_literal(str(file))} "
                "(format parquet, compression zstd)")
    rows = con.execute(f"select count(*) from read_parquet({_quote_literal(str(file))})").fetchone()[0]
    columns = [
        Column(name=column, type=data_type, description=descriptions.get(column, ""))
        for column, data_type, *_ in con.execute(f"describe {relation}").fetchall()
    ]
    return ExportedMart(name=name, path=f"{name}/{file.name}", rows=int(rows), bytes=file.stat().st_size,
                        columns=columns)


def _remove_stale_folders(out_dir: Path, current: set[str]) -> None:
    """Delete folders of marts that an earlier export wrote and that no longer exist."""
    manifest = out_dir / MANIFEST_NAME
    if not manifest.exists():
        return
    try:
        previous = {mart["name"] for mart in json.loads(manifest.read_text(encoding="utf-8"))["marts"]}
    except (ValueError, KeyError, TypeError):
        return
    for name in previous - current:
        folder = out_dir / name
        if folder.is_dir() and folder.resolve().parent == out_dir.resolve():
            shutil.rmtree(folder)


def export_marts(warehouse_path: Path, out_dir: Path, schema: str = "marts", target_path: Path | None = None,
                 show_progress: bool = True) -> dict:
    """Write every relation of `schema` to `out_dir/<name>/<name>.parquet` and `out_dir/manifest.json`.

    Returns the manifest (also written to disk). Raises FileNotFoundError / LookupError with a message
    that says what to do when the warehouse or the schema is missing.
    """
    if not warehouse_path.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse_path}; run `make build` first, "
                                "or set WAREHOUSE_PATH to the warehouse file")
    descriptions = dbt_descriptions(target_path, schema) if target_path else {}
    out_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        names = list_relations(con, schema)
        if not names:
            raise LookupError(f"schema {schema!r} of {warehouse_path} has no tables; run `make build` "
                              "(a build that failed before the marts leaves it empty)")
        exported: list[ExportedMart] = []
        columns = [TextColumn("[bold]export[/bold] {task.description:<32}"), BarColumn(),
                   MofNCompleteColumn(), TimeElapsedColumn()]
        with Progress(*columns, console=console, disable=not show_progress, transient=False) as progress:
            task = progress.add_task("", total=len(names))
            for name in names:
                progress.update(task, description=name)
                exported.append(export_relation(con, schema, name, out_dir, descriptions.get(name, {})))
                progress.advance(task)
    _remove_stale_folders(out_dir, set(names))
    manifest = {
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "warehouse": str(warehouse_path.resolve()),
        "schema": schema,
        "format": "parquet",
        "marts": [
            {**asdict(mart), "description": descriptions.get(mart.name, {}).get("", "")} for mart in exported
        ],
    }
    (out_dir / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    return manifest


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    try:
        manifest = export_marts(settings.warehouse_path, args.out, args.schema, settings.target_path,
                                show_progress=not args.quiet)
    except (FileNotFoundError, LookupError) as error:
        console.print(f"[red]error:[/red] {error}")
        return 2
    except duckdb.IOException as error:
        console.print(f"[red]error:[/red] cannot open {settings.warehouse_path} read-only: {error}. "
                      "Another process (a running dbt build?) holds it for writing; wait for it to finish.")
        return 1
    rows = sum(mart["rows"] for mart in manifest["marts"])
    console.print(f"Exported {len(manifest['marts'])} marts ({rows:,} rows) to {args.out}/ "
                  f"(columns and row counts in {args.out / MANIFEST_NAME}).")
    return 0
