# samen: two commands on a fresh machine with python3, make and git.
#   make run    start the platform on SQLite with the real directory at http://127.0.0.1:8000
#   make test   run the whole test suite (set DATABASE_URL to run it on PostgreSQL)
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed-stamp

.PHONY: install run dev test lint messages bench bench-api clean

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The worker (queued mail and text messages, the daily jobs) runs beside the web server and
# stops with it.
run: $(STAMP)
	$(BIN)/samen setup
	$(BIN)/samen worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; $(BIN)/samen serve

# Development: the same with Django's debug pages (never on a reachable server).
dev: $(STAMP)
	SAMEN_DEBUG=1 $(BIN)/samen setup
	SAMEN_DEBUG=1 $(BIN)/samen worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; SAMEN_DEBUG=1 $(BIN)/samen serve

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=samen.settings.test $(BIN)/samen makemigrations --check --dry-run

messages: $(STAMP)
	$(BIN)/samen messages

bench: $(STAMP)
	$(BIN)/python bench/search_bench.py

bench-api: $(STAMP)
	$(BIN)/python bench/api_bench.py

clean:
	rm -rf $(VENV) var
