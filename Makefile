# Two commands on a fresh machine: `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
BASE := $(VENV)/.installed
STAMP := $(VENV)/.installed-test

.PHONY: demo test lint bench clean docs fuzz load

# The interpreter must exist: a silent fall-back to another python3 would build a venv that
# spaCy's wheels or the pins do not fit. Python 3.11 to 3.13 are supported.
$(BASE): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "error: $(PY) not found; run make PY=python3.12 (3.11 to 3.13)" >&2; exit 2; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -e .
	touch $(BASE)

# Test tools (pytest, ruff, playwright, import-linter, hypothesis, schemathesis, duckdb) and
# Ray (for the --engine ray test) only for the tests.
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

# The long fuzzing profile: 10,000 mutated inputs through the whole pipeline, 50 per run of
# `corroborate run` (17 to 25 minutes on 2 shared cores); the tally goes to out/fuzz.json.
fuzz: $(STAMP)
	mkdir -p out
	HYPOTHESIS_PROFILE=long FUZZ_STATS=out/fuzz.json $(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz.py
	cat out/fuzz.json

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

# The web server on loopback under 50 clients, then 20 uploads at once (60 s at most).
load: $(BASE)
	$(BIN)/python benchmarks/web_load.py --json out/web_load.json

clean:
	rm -rf $(VENV) out

docs: $(STAMP)
	$(BIN)/typer corroborate.cli utils docs --name corroborate --output docs/cli.md
