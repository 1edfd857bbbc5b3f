# Two commands on a fresh machine: `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
BASE := $(VENV)/.installed
STAMP := $(VENV)/.installed-test

.PHONY: demo test lint bench clean docs fuzz

# The interpreter must exist: a silent fall-back to another python3 would build a venv that
# spaCy's wheels or the pins do not fit. Python 3.11 to 3.13 are supported.
$(BASE): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "error: $(PY) not found; run make PY=python3.12 (3.11 to 3.13)" >&2; exit 2; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -e .
	touch $(BASE)

# Test tools (pytest, ruff, playwright, import-linter, hypothesis, duckdb) and Ray (for the
# --engine ray test) only for the tests.
$(STAMP): $(BASE)
	$(BIN)/pip install -q -e '.[test,ray]'
	touch $(STAMP)

demo: $(BASE)
	$(BIN)/corroborate run examples/ --out out/ --db out/corroborate.db

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

# The long fuzzing profile: 10,000 mutated inputs through the whole pipeline (hours).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) out

docs: $(STAMP)
	$(BIN)/typer corroborate.cli utils docs --name corroborate --output docs/cli.md
