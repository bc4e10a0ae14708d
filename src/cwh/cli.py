"""Command line: `python -m cwh <command>`. Each command lives in its own module; this file only wires
arguments to them so `--help` lists everything in one place."""

from __future__ import annotations

import argparse
import sys


def _add_generate(sub: argparse._SubParsersAction) -> None:
    from cwh.generate.cli import add_arguments

    parser = sub.add_parser(
        "generate",
        help="write a deterministic demo dataset (raw files + ground truth)",
        description="Write a realistic, deterministic demo dataset with injected defects and a ground truth.",
    )
    add_arguments(parser)


def _add_build(sub: argparse._SubParsersAction) -> None:
    from cwh.build import add_arguments

    parser = sub.add_parser(
        "build",
        help="dbt build + data-quality checks + summary",
        description="Run the whole dbt build (seeds, models, tests), the data-quality checks, and print a summary.",
    )
    add_arguments(parser)


def _add_contract(sub: argparse._SubParsersAction) -> None:
    from cwh.contract import add_arguments

    parser = sub.add_parser(
        "contract",
        help="write docs/raw-data-contract.md from the sources YAML",
        description="Render the raw data contract (models/staging/raw/_raw__sources.yml) as Markdown.",
    )
    add_arguments(parser)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cwh", description="Customer analytics warehouse tooling.")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_generate(sub)
    _add_build(sub)
    _add_contract(sub)
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
