# Everything runs from the virtual environment in .venv/, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site offline linkcheck test check schema generate serve fmt lint bench vendor clean messages

$(STAMP): pyproject.toml requirements-site.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements-site.txt -e ".[dev]"
	$(BIN)/python -m compileall -q generator
	touch $(STAMP)

# Node.js is for the tests only: axe-core checks accessibility, and the vendored Mermaid and
# iframe-worker shim (generator/site/assets/vendor/) are compared with the locked npm packages.
# Exact versions are in package-lock.json. Building a site needs Python alone.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

## site: set everything up, regenerate docs/ and build the static site into site/
site: $(STAMP)
	$(BIN)/runbook build

## offline: build the offline copy into site-offline/ (open site-offline/index.html from disk)
offline: $(STAMP)
	$(BIN)/runbook build --config mkdocs-offline.yml --site-dir site-offline

## linkcheck: build the site, then check every link and #anchor in it offline (what CI runs)
linkcheck: site
	$(BIN)/runbook linkcheck

## generate: regenerate docs/ from source/
generate: $(STAMP)
	$(BIN)/runbook generate

## check: validate source/ and fail when docs/ or schema/ is stale
check: $(STAMP)
	$(BIN)/runbook check
	$(BIN)/runbook generate --check
	$(BIN)/runbook schema --check

## schema: re-export the editor schemas in schema/ after changing generator/source/model.py
schema: $(STAMP)
	$(BIN)/runbook schema

## test: set everything up and run the whole suite, lint and type checks included
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

## serve: live preview while editing source/ (a change to source/ regenerates docs/ and reloads the page)
serve: $(STAMP)
	$(BIN)/runbook serve

## fmt: format and fix lint
fmt: $(STAMP)
	$(BIN)/ruff format generator tests bench
	$(BIN)/ruff check --fix generator tests bench

## bench: time check, generate, mkdocs build and the link check at 100, 1,000 and 5,000 operations
## (bench/README.md); prints a Markdown table and writes bench/results/latest.json; then the secret scan on one
## line of 70,000 findings (bench/hostile.py, bench/results/hostile.json)
bench: $(STAMP)
	@# Compiled as pip compiles an installed package, even where PYTHONDONTWRITEBYTECODE is set.
	$(BIN)/python -m compileall -q generator
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.hostile

## vendor: after changing mermaid or iframe-worker in package.json, copy them into the package
## (generator/site/assets/vendor/README.md says what else to update)
VENDOR := generator/site/assets/vendor
vendor: $(NODE_STAMP)
	cp node_modules/mermaid/dist/mermaid.min.js node_modules/mermaid/LICENSE $(VENDOR)/mermaid/
	cp node_modules/iframe-worker/shim/index.js $(VENDOR)/iframe-worker/shim.js
	cp node_modules/iframe-worker/LICENSE $(VENDOR)/iframe-worker/LICENSE

clean:
	rm -rf site site-offline *-offline-*.zip .pytest_cache .mypy_cache .ruff_cache

## messages: extract every message the tool writes into generator/i18n/locale/runbook.pot and merge it into each catalog
messages: $(STAMP)
	$(BIN)/python -m generator.i18n.extract
