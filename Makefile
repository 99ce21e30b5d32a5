# Everything runs from the virtual environment in .venv/, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test check generate serve fmt lint bench clean

$(STAMP): pyproject.toml requirements-site.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements-site.txt -e ".[dev]"
	touch $(STAMP)

## site: set everything up, regenerate docs/ and build the static site into site/
site: $(STAMP)
	$(BIN)/runbook build

## generate: regenerate docs/ from source/
generate: $(STAMP)
	$(BIN)/runbook generate

## check: validate source/ and fail when docs/ is stale
check: $(STAMP)
	$(BIN)/runbook check
	$(BIN)/runbook generate --check

## test: set everything up and run the whole suite, lint and type checks included
test: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

## serve: live preview while editing source/
serve: $(STAMP)
	$(BIN)/runbook generate && $(BIN)/mkdocs serve

## fmt: format and fix lint
fmt: $(STAMP)
	$(BIN)/ruff format generator tests
	$(BIN)/ruff check --fix generator tests

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
