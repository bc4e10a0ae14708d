# Two commands for a new user: `make build` and `make test`. Both set everything up themselves
# on a machine that has Python 3.11, make and git.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW_DIR ?= data/raw
WAREHOUSE_PATH ?= warehouse/customers.duckdb
CUSTOMERS ?= 5000
SEED ?= 42
export RAW_DIR WAREHOUSE_PATH
DOCS_PORT ?= 8080
EXPORT_DIR ?= exports
REPORT ?= reports/customer_report.html
METRIC ?= revenue
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: setup build test data lint lock docs clean setup-browser notebook export report metrics

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==0.13.8
	$(BIN)/uv pip install --python $(BIN)/python --quiet -r requirements.lock
	$(BIN)/uv pip install --python $(BIN)/python --quiet --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP)

data: setup
	$(BIN)/python -m cwh generate --customers $(CUSTOMERS) --seed $(SEED) --out $(RAW_DIR)

# FULL=1 rebuilds everything; by default a build after new raw files rebuilds only what reads them
build: setup
	$(BIN)/python -m cwh build --generate-if-empty --customers $(CUSTOMERS) --seed $(SEED) $(if $(FULL),--full)

test: setup setup-browser setup-java
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/sqlfluff lint models analyses macros

lock:
	$(BIN)/uv pip compile requirements.in -o requirements.lock --python-version 3.11 --no-header

# --- analyst and BI experience -------------------------------------------------------------------
# Headless Chromium for the docs-site test; Debian's package, installed only when missing.
setup-browser:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium) \
	  || { echo "error: could not install chromium; run as root or install Debian's chromium package yourself"; exit 1; }

# dbt docs site (needs a built warehouse): generate, then serve on http://127.0.0.1:$(DOCS_PORT)
docs: setup
	$(BIN)/python -m cwh docs --port $(DOCS_PORT)

# Open the customer insights notebook in JupyterLab (reads the warehouse read-only)
notebook: setup
	@test -f $(WAREHOUSE_PATH) || { echo "error: no warehouse at $(WAREHOUSE_PATH); run make build first"; exit 2; }
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/customer_insights.ipynb

# Every mart to Parquet: $(EXPORT_DIR)/<mart>/<mart>.parquet + $(EXPORT_DIR)/manifest.json
export: setup
	$(BIN)/python -m cwh export --out $(EXPORT_DIR)

# One-page HTML report: headline numbers, main charts, data quality of the last build
report: setup
	$(BIN)/python -m cwh report --out $(REPORT)

# A semantic-layer metric by month and RFM segment (MetricFlow; `make metrics METRIC=orders`)
metrics: setup
	@test -x $(BIN)/mf || { echo "error: MetricFlow is not installed in $(VENV). It needs dbt-metricflow==0.15.0 in requirements.in; then run make lock && make setup."; exit 2; }
	@test -f $(WAREHOUSE_PATH) || { echo "error: no warehouse at $(WAREHOUSE_PATH); run make build first"; exit 2; }
	$(BIN)/mf query --metrics $(METRIC) --group-by metric_time__month,customer__rfm_segment --order metric_time__month,customer__rfm_segment

clean:
	rm -rf target logs warehouse

# --- performance benchmark -----------------------------------------------------------------------
# Full + incremental build at several scales against the targets and two references (docs/performance.md);
# results in bench/results/<date>.json and the README's Performance section. `make bench BENCH_SCALES=10k`.
BENCH_SCALES ?= 100k,1m
BENCH_ARGS ?=
.PHONY: bench
bench: setup
	$(BIN)/python bench/run.py --scales $(BENCH_SCALES) $(BENCH_ARGS)

# --- Apache Spark target (issue 9; docs/spark.md) -----------------------------------------------------
# The same project on Spark local mode through dbt-spark (`method: session`): Java 17 from Debian when
# `java` is missing, demo data when RAW_DIR is empty, then `python -m cwh build-spark`. Spark's
# warehouse and metastore go to SPARK_DIR (git-ignored .spark/).
SPARK_DIR ?= .spark
export SPARK_DIR
.PHONY: setup-java build-spark
setup-java:
	@command -v java >/dev/null || (apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless) \
	  || { echo "error: could not install Java; run as root or install Debian's openjdk-17-jre-headless yourself"; exit 1; }

build-spark: setup setup-java
	$(BIN)/python -m cwh build-spark --generate-if-empty --customers $(CUSTOMERS) --seed $(SEED)
