# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-slow check lint bench bench-scale clean

# The server extra (psycopg) is installed for the tests: the store and CLI suites also run on
# PostgreSQL (tests/pg_server.py).
# pip and setuptools talk a lot even with --quiet (notes on editable installs, the machine's
# index settings): their output goes to a log, shown only when the install fails.
$(STAMP): pyproject.toml setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing annotator into $(VENV) (log: $(VENV)/install.log)"
	@{ $(BIN)/python -m pip install --quiet --upgrade pip && \
	   $(BIN)/python -m pip install --quiet -e '.[test,server]'; } > $(VENV)/install.log 2>&1 \
	   || { cat $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/annotator gui --samples

# The suite without the tests marked slow, on every core, with a branch-coverage report.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not slow" -n auto \
		--cov=annotator --cov-branch --cov-report=term:skip-covered

# The slow ones: kill points, full disks, several writers, fuzzing, the wheel. CI runs both.
test-slow: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m slow -n auto

check: test test-slow lint

lint: $(STAMP)
	$(BIN)/ruff check annotator tests bench scripts
	$(BIN)/ruff format --check annotator tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

# Benchmarks against the targets of DESIGN section 8, each with a baseline from the same run.
bench: $(STAMP)
	@for script in bench/bench_*.py; do \
		echo "== $$script"; \
		QT_QPA_PLATFORM=offscreen $(BIN)/python $$script || exit 1; \
	done

# How cost grows: import, native export, merge and agreement at 10k, 30k and 100k (long: many
# minutes). SCALE="--sizes 1000,3000" runs small; SCALE=--markdown adds the README's tables.
bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py $(SCALE)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
