# Two commands on a fresh machine:  `make demo`  and  `make test`.  Both run `setup` first,
# which is idempotent: it rebuilds .venv only when requirements.lock or pyproject.toml change.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test bench clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH"; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The coder on the reference article, then the bundled reports into the embedded store (DuckDB, idempotent:
# re-running adds nothing) and two questions answered from it.
DEMO_DB ?= sanderling.duckdb
demo: setup
	$(BIN)/sanderling code examples/putin-macron-call.txt --published 2025-07-05 --format table
	$(BIN)/sanderling ingest examples/reports.jsonl --db $(DEMO_DB)
	$(BIN)/sanderling last-contact "Emmanuel Macron" "Vladimir Putin" --db $(DEMO_DB)
	$(BIN)/sanderling last-contact FRA RUS --before 2025-07-01 --db $(DEMO_DB)

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info
