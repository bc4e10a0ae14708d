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
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: setup build test data lint lock docs clean

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

build: setup
	$(BIN)/python -m cwh build --generate-if-empty --customers $(CUSTOMERS) --seed $(SEED)

test: setup
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/sqlfluff lint models analyses macros

lock:
	$(BIN)/uv pip compile requirements.in -o requirements.lock --python-version 3.11 --no-header

clean:
	rm -rf target logs warehouse
