# Two commands on a fresh machine: `make console` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# extra pip options for the install steps (tests use --no-index to check the setup offline)
PIP_FLAGS ?=
# The pinned, hashed dependency sets (`make lock` writes all three): the runtime set for the
# container image, and the runtime + test set for the development venv and CI.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
# the wheel's build backend ([build-system] requires), for the image's builder stage
BUILD_LOCK := requirements-build.lock
# uv only writes the lock files, so it lives in its own venv: setup never needs it.
UV_VENV := .venv-lock
UV := $(UV_VENV)/bin/uv
LOCK_FLAGS := --python-version 3.11 --python-platform linux --generate-hashes --quiet \
	--custom-compile-command "make lock"
# `make lock` keeps every pin it can; `make lock UPGRADE=--upgrade` (or
# UPGRADE="--upgrade-package ruff") moves pins forward.
UPGRADE ?=
# The edit loop's selection: everything but the slow and end-to-end tests (tests/conftest.py).
FAST := not slow and not e2e
# The learned answer reading is trained on every labelled answer set but the blind ones, which
# stays a fair measure (docs/knowledge.md, "The learned second opinion").
ANSWER_SETS := $(filter-out %answers-probe11.yaml %answers-probe12.yaml %answers-probe13.yaml %answers-probe14.yaml %answers-probe15.yaml %answers-probe16.yaml %answers-probe17.yaml,$(sort $(wildcard tests/kb/fixtures/answers*.yaml)))

.PHONY: help setup console test check lint typecheck pytest run validate bench lock answer-model examples clean

help:
	@echo "make console   set up .venv and start the console simulator"
	@echo "make test      set up .venv and run ruff (lint, format), mypy and every test"
	@echo "make check     the edit loop: ruff and the fast tests (about 15 s of CPU)"
	@echo "make run       start the Telegram bot (needs TELEGRAM_BOT_TOKEN)"
	@echo "make validate  validate dialogues/ and knowledge/"
	@echo "make bench     run the benchmarks under bench/"
	@echo "make answer-model  retrain knowledge/answer_model.json after editing an answer set"
	@echo "make examples      regather knowledge/examples.yaml after editing a description set"
	@echo "make lock      re-pin the requirements*.lock files after a change to pyproject.toml"

# One line per phase; pip speaks only on errors (-qq also hides warnings about this machine's
# package index settings). The dependencies come from the lock, hash-checked; the project itself
# goes on top without resolving anything (--no-deps), built by the locked hatchling. The editable
# install is one .pth line, no warning.
$(STAMP): pyproject.toml $(DEV_LOCK)
	@echo "setup 1/3: creating $(VENV) with $(PYTHON)"
	@$(PYTHON) -m venv $(VENV)
	@echo "setup 2/3: updating pip"
	@$(BIN)/python -m pip install -qq --upgrade pip $(PIP_FLAGS)
	@echo "setup 3/3: installing the advisor and its test tools from $(DEV_LOCK) (a minute or two the first time)"
	@$(BIN)/python -m pip install -qq --require-hashes -r $(DEV_LOCK) $(PIP_FLAGS)
	@$(BIN)/python -m pip install -qq --no-deps --no-build-isolation -e . $(PIP_FLAGS)
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; \
		echo "setup: $(DEV_LOCK) misses what pyproject.toml asks for: run make lock"; exit 1; }
	@touch $(STAMP)
	@echo "setup done: $(VENV) is ready"

setup: $(STAMP)

console: $(STAMP)
	$(BIN)/advisor console

run: $(STAMP)
	$(BIN)/advisor run

validate: $(STAMP)
	$(BIN)/advisor validate

lint: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck pytest

check: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/pytest -q -m "$(FAST)"

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

answer-model: $(STAMP)
	$(BIN)/advisor kb train-answers $(ANSWER_SETS)

examples: $(STAMP)
	$(BIN)/python -m tests.kb.gather_examples

$(UV):
	@$(PYTHON) -m venv $(UV_VENV)
	@$(UV_VENV)/bin/python -m pip install -qq 'uv>=0.5' $(PIP_FLAGS)

lock: $(UV)
	$(UV) pip compile pyproject.toml --extra test $(LOCK_FLAGS) $(UPGRADE) -o $(DEV_LOCK)
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) -c $(DEV_LOCK) -o $(LOCK)
	$(UV_VENV)/bin/python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['build-system']['requires'], sep='\n')" \
		| $(UV) pip compile - $(LOCK_FLAGS) -c $(DEV_LOCK) -o $(BUILD_LOCK)

clean:
	rm -rf $(VENV) $(UV_VENV) .pytest_cache .mypy_cache .ruff_cache
