"""Tooling for the customer analytics warehouse: demo data, quality checks, CLV fitting, CLI."""

__version__ = "0.1.0"
