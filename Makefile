# Two commands on a fresh machine: `make console` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# extra pip options for the install steps (tests use --no-index to check the setup offline)
PIP_FLAGS ?=

.PHONY: help setup console test lint typecheck pytest run validate bench clean

help:
	@echo "make console   set up .venv and start the console simulator"
	@echo "make test      set up .venv and run ruff, mypy and pytest"
	@echo "make run       start the Telegram bot (needs TELEGRAM_BOT_TOKEN)"
	@echo "make validate  validate dialogues/ and knowledge/"
	@echo "make bench     run the benchmarks under bench/"

# One line per phase; pip speaks only on errors (-qq also hides warnings about this machine's
# package index settings). The editable install comes from hatchling: one .pth line, no warning.
$(STAMP): pyproject.toml
	@echo "setup 1/3: creating $(VENV) with $(PYTHON)"
	@$(PYTHON) -m venv $(VENV)
	@echo "setup 2/3: updating pip"
	@$(BIN)/python -m pip install -qq --upgrade pip $(PIP_FLAGS)
	@echo "setup 3/3: installing the advisor and its test tools (a minute or two the first time)"
	@$(BIN)/python -m pip install -qq -e '.[test]' $(PIP_FLAGS)
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

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
