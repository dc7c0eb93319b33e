# Two commands on a fresh machine: `make console` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help setup console test lint typecheck pytest run validate bench clean

help:
	@echo "make console   set up .venv and start the console simulator"
	@echo "make test      set up .venv and run ruff, mypy and pytest"
	@echo "make run       start the Telegram bot (needs TELEGRAM_BOT_TOKEN)"
	@echo "make validate  validate dialogues/ and knowledge/"
	@echo "make bench     run the benchmarks under bench/"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

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
