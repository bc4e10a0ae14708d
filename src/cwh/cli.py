"""Command line: `python -m cwh <command>`. Each command lives in its own module, which provides
`add_arguments(parser)` (setting `func`); this file only lists them, so `--help` shows everything in
one place and a command's module is imported only when the parser is built."""

from __future__ import annotations

import argparse
import importlib
import sys

# (command, module with add_arguments, one-line help, description)
COMMANDS = [
    ("generate", "cwh.generate.cli", "write a deterministic demo dataset (raw files + ground truth)",
     "Write a realistic, deterministic demo dataset with injected defects and a ground truth."),
    ("build", "cwh.build", "dbt build + data-quality checks + summary",
     "Run the whole dbt build (seeds, models, tests), the data-quality checks, and print a summary."),
    ("build-spark", "cwh.spark.build", "the same build on Apache Spark (dbt target spark, local mode)",
     "Build the warehouse on Spark: session with UDFs, raw load, dbt seed/run/test, Python steps."),
    ("contract", "cwh.contract", "write docs/raw-data-contract.md from the sources YAML",
     "Render the raw data contract (models/staging/raw/_raw__sources.yml) as Markdown."),
    ("macro-docs", "cwh.macro_docs", "write the macros' YAML docs from their doc comments",
     "Write macros/<folder>/_<folder>__generated_macros.yml from the doc comment of each macro file."),
    ("docs", "cwh.docs_site", "generate the dbt docs site and serve it on localhost",
     "Run `dbt docs generate --static` on the built warehouse and serve it on localhost."),
    ("export", "cwh.export", "write every mart to Parquet (one folder per mart + manifest.json)",
     "Export every mart to Parquet, with a manifest of columns and row counts."),
    ("report", "cwh.report.cli", "write the one-page HTML report (headline numbers, charts, data quality)",
     "Write a one-page HTML report from the marts and the last build's data quality."),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cwh", description="Customer analytics warehouse tooling.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module, help_text, description in COMMANDS:
        command = sub.add_parser(name, help=help_text, description=description)
        importlib.import_module(module).add_arguments(command)
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
