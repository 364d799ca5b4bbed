# The front door. `make run` and `make test` are all a fresh clone needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000

.PHONY: run test test-postgres lint format bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-run

# Local settings for `make run` and every `vereinsforum` command in this checkout: DEBUG on and
# a generated SECRET_KEY, read by the settings (vereinsforum/lib/env.py), never committed.
# Written once and kept (the key signs the sessions); delete it to get a new one.
.env: | $(VENV)/.installed-run
	$(BIN)/python -m vereinsforum.lib.env $@

run: $(VENV)/.installed-run .env
	$(BIN)/vereinsforum migrate --noinput
	$(BIN)/vereinsforum load_demo
	@echo "Serving on http://$(HOST)/ — stop with Ctrl-C."
	$(BIN)/vereinsforum runserver $(HOST)

test: $(VENV)/.installed-test
	$(BIN)/pytest

test-postgres: $(VENV)/.installed-test
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/vereinsforum} $(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed-test
	$(BIN)/pytest --bench -m bench -s

# Extract and compile the translation catalogues of every app (needs GNU gettext).
messages: $(VENV)/.installed-test
	$(BIN)/python -m vereinsforum.lib.catalogues

clean:
	rm -rf $(VENV) var/static .pytest_cache
