# The front door. `make run` and `make test` are all a fresh clone needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000

.PHONY: run test test-postgres lint format bench lock messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come from the lock files (requirements/*.txt, every package pinned with its hashes);
# the project itself is then installed without dependencies. `make lock` updates them.
$(VENV)/.installed-run: requirements/run.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/run.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements/test.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed-run

# Resolve pyproject.toml's dependencies again (newest versions its ranges allow) into the lock
# files. Run it after changing a dependency, then commit pyproject.toml and requirements/.
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --upgrade --quiet
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(UV_COMPILE) -o requirements/run.txt
	$(UV_COMPILE) --extra test -o requirements/test.txt

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

# ruff (lint and format) and mypy with django-stubs over the whole package (pyproject.toml).
# mypy loads the settings, which want a SECRET_KEY unless DEBUG is on.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The benchmarks, at full size; `make bench BENCH_SIZE=small` scales their inputs down (the
# targets stay as they are) so that CI runs their assertions on every submission.
BENCH_SIZE ?= full
bench: $(VENV)/.installed-test
	BENCH_SIZE=$(BENCH_SIZE) $(BIN)/pytest --bench -m bench -s

# Extract and compile the translation catalogues of every app (needs GNU gettext).
messages: $(VENV)/.installed-test
	$(BIN)/python -m vereinsforum.lib.catalogues

clean:
	rm -rf $(VENV) var/static .pytest_cache
