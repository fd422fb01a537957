# Two commands on a fresh machine:  `make demo`  and  `make test`.  Both run `setup` first,
# which is idempotent: it rebuilds .venv only when requirements.lock or pyproject.toml change.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test bench classifier clean

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

# Rebuild the shipped classifier and its combination with the rules (about 1 h on two cores; needs the training
# extras: pip install -r requirements-train.lock). Five cross-validation fold models, TRAIN_JOBS at a time (each
# trains on one thread, so running them side by side changes no weight), their out-of-fold outputs, the model
# trained on all development data and calibrated on those outputs, then the combination fitted on the out-of-fold
# predictions. CV_MODELS holds the fold models and their logs.
CV_MODELS ?= build/cv-models
TRAIN_JOBS ?= 2
TRAIN ?= $(BIN)/sanderling train --seed 13
FOLD_MODELS := $(addprefix train-fold-,0 1 2 3 4)
.PHONY: folds $(FOLD_MODELS)

classifier: setup
	$(MAKE) --no-print-directory -j$(TRAIN_JOBS) folds
	$(BIN)/python evaluation/crossval_report.py --models $(CV_MODELS) --oof $(CV_MODELS)/oof.jsonl
	cp $(CV_MODELS)/oof_logits.npz evaluation/data/oof_logits.npz
	$(TRAIN) --all-development --calibration-logits evaluation/data/oof_logits.npz
	$(BIN)/python evaluation/fit_combination.py --fold-models $(CV_MODELS)

folds: $(FOLD_MODELS)

$(FOLD_MODELS): train-fold-%:
	@mkdir -p $(CV_MODELS)
	@echo "training fold $* (log: $(CV_MODELS)/fold-$*.log)"
	@$(TRAIN) --validation-fold $* --out $(CV_MODELS)/fold-$* > $(CV_MODELS)/fold-$*.log 2>&1 \
		|| { tail -n 20 $(CV_MODELS)/fold-$*.log; exit 1; }

clean:
	rm -rf $(VENV) build *.egg-info
