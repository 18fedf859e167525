# Roadbook: `make run` opens the app on the bundled library, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
DIST_STAMP := $(VENV)/.installed-dist

.PHONY: run test lint bench dist clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $@

# The window needs Qt's system libraries: installed here when missing (apt-get, as root or with
# sudo), else the exact command is printed.
$(DIST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dist]'
	touch $(STAMP) $(TEST_STAMP) $@

run: $(STAMP)
	$(BIN)/python -m desktop.common.qt_libraries --install
	$(BIN)/roadbook

test: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)
	$(BIN)/lint-imports
	$(BIN)/ruff check .

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/benchmarks/run.py $(BENCH_ARGS)

# The standalone bundle in dist/roadbook (PyInstaller, one folder), then its smoke test run from
# another folder with a fresh HOME.
dist: $(DIST_STAMP)
	$(BIN)/python packaging/build.py
	ROADBOOK_DIST=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_dist.py

clean:
	rm -rf $(VENV) build dist *.egg-info
