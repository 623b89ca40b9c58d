# crossroads — the two commands a new machine needs: `make run` and `make test`.
PY ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE ?= career-changer
OUT ?= out

.PHONY: run test bench lint setup catalog clean serve

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . || \
	  $(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP)

## Set up, then run the main job on the bundled example profile: the advice, the plan and the report.
run: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/crossroads example $(EXAMPLE) > $(OUT)/$(EXAMPLE).yaml
	$(BIN)/crossroads advise $(OUT)/$(EXAMPLE).yaml
	$(BIN)/crossroads plan $(OUT)/$(EXAMPLE).yaml
	$(BIN)/crossroads report $(OUT)/$(EXAMPLE).yaml -o $(OUT)/report.html

## Set up, then run the whole test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

## Set up, then serve the web app on 127.0.0.1 (the first line printed is the address to open).
serve: $(STAMP)
	$(BIN)/crossroads serve $(SERVE_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	@# The tests, strict too: twice, because tests/ and tests/web/ each have a conftest.py that
	@# their modules import as `conftest` (pytest's rootdir-relative imports).
	MYPYPATH=tests $(BIN)/mypy --explicit-package-bases --exclude tests/web tests
	MYPYPATH=tests/web $(BIN)/mypy --explicit-package-bases tests/web

## Rebuild the packaged catalog tables from ../shared/data (only needed when the raw data change).
catalog: $(STAMP)
	$(BIN)/python scripts/build_catalog.py --source ../shared/data
	$(BIN)/python scripts/build_search_calibration.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis
