# Composer — the two commands are `make run` and `make test`; see README.md.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
PORT   ?= 5000
STAMP   = $(VENV)/.installed-stamp
CATALOGS = $(wildcard composer/translations/*/LC_MESSAGES/messages.po)

.PHONY: run serve test lint pytest install translations extract-messages bench load clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) translations

# The intro's rich-text editor (trix, served from node_modules) and the test checkers (doiuse-email,
# html-validate, axe-core), pinned by package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Compiled catalogues (.mo) are build output: made from the committed .po files.
translations: $(STAMP)
	@for po in $(CATALOGS); do $(BIN)/pybabel compile --use-fuzzy -i $$po -o $${po%.po}.mo >/dev/null || exit 1; done

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o composer/translations/messages.pot .
	$(BIN)/pybabel update -i composer/translations/messages.pot -d composer/translations --no-fuzzy-matching --ignore-obsolete

# The web server and the job worker together (Procfile.dev, run by honcho): one Ctrl+C stops both.
run: install node_modules/.package-lock.json
	$(BIN)/python -m composer.devsetup
	PATH="$(abspath $(BIN)):$$PATH" PORT=$(PORT) $(BIN)/honcho -f Procfile.dev start

# Production: gunicorn on DATABASE_URL (PostgreSQL), schema upgraded first. See README "Production".
WORKERS ?= 2
HOST ?= 127.0.0.1
serve: install node_modules/.package-lock.json
	$(BIN)/flask --app app init-db
	$(BIN)/gunicorn --workers $(WORKERS) --timeout 60 --bind $(HOST):$(PORT) --access-logfile - 'app:app'

lint: $(STAMP)
	$(BIN)/ruff check composer tests benchmarks app.py
	$(BIN)/mypy composer

# The whole suite on SQLite, then again on PostgreSQL when DATABASE_URL is set.
test: install lint node_modules/.package-lock.json
	env -u DATABASE_URL $(BIN)/pytest
	@if [ -n "$$DATABASE_URL" ]; then echo "== again on $$DATABASE_URL"; $(BIN)/pytest; fi

# Performance figures (see README "Performance"): generates its own data; PostgreSQL from BENCH_PG_URL
# (default: a database composer_bench on 127.0.0.1:5432, dropped and created afresh).
bench: install
	$(BIN)/python -m benchmarks.run

# 20 editors for 60 s on gunicorn + PostgreSQL (BENCH_PG_URL, default: a fresh database composer_load).
load: install
	$(BIN)/python -m benchmarks.load

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
