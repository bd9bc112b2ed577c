# The one place for Buurthulp's commands. `make help` lists them.
#
# Nothing is assumed but Python 3.11 and make: the first target that needs the project
# creates .venv and installs it from the lock files (requirements*.txt, every package pinned
# with its hashes); later runs reinstall only when a lock file changed. `make lock` writes
# them anew from pyproject.toml.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PORT ?= 5000
PYTEST_ARGS ?=
# make test spreads the tests over the cores (pytest-xdist; tests/conftest.py gives each
# worker its own database) with TEST_WORKERS=auto; 0 (for now) runs them in one process.
TEST_WORKERS ?= 0
# System packages the tests need, as command:package pairs (the browser tests drive Debian's
# Chromium). A missing one is installed with apt-get when we are root (as in CI).
SYSTEM_PACKAGES ?= chromium:chromium

export FLASK_APP := marketplace

.DEFAULT_GOAL := help
.PHONY: help run test lint fmt lock audit migrations-check system-packages translations compile-translations screenshots clean-demo

help: ## List the commands
	@grep -hE '^[a-z][a-z-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 \
		|| { echo "Buurthulp needs $(PYTHON): install Python 3.11 first."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements-test.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

# The lock files: requirements.txt (what production runs, used by the Dockerfile) and
# requirements-test.txt (that plus the test tools, used by make run, make test and CI).
# Versions already pinned stay; `make lock LOCK_FLAGS=--upgrade` moves all to the newest.
LOCK_FLAGS ?=
LOCK := $(BIN)/uv pip compile pyproject.toml --quiet --generate-hashes --universal --python-version 3.11 $(LOCK_FLAGS)

lock: | $(BIN)/python ## Pin every Python dependency with hashes (requirements*.txt) from pyproject.toml
	$(BIN)/python -m pip install --quiet uv
	$(LOCK) -o requirements.txt
	$(LOCK) --extra test -o requirements-test.txt

# Known vulnerabilities in the locked packages and the npm packages. Both need their
# advisory services (PyPI's and npm's) to be reachable from this machine.
audit: $(INSTALLED) ## Check the locked Python and npm packages for known vulnerabilities
	$(BIN)/python -m pip install --quiet pip-audit==2.10.1
	$(BIN)/pip-audit --require-hashes --disable-pip -r requirements.txt
	$(NPM) audit --omit=dev

# Text to translate: babel.cfg says where it is. `make translations` after adding or changing
# text, then fill in the new msgstr's in marketplace/translations/en (nl may stay empty: the
# Dutch source text is used). tests/i18n fails while an English translation is missing.
BABEL_KEYWORDS := -k _l -k lazy_gettext -k ngettext:1,2 -k _n:1,2
# pybabel skips folders starting with "_" by default: templates/_macros has text too.
BABEL_IGNORE_DIRS := --ignore-dirs='.* __pycache__ node_modules static'
TRANSLATIONS := marketplace/translations

# Front-end files from npm (package.json + package-lock.json): the NL Design System's Utrecht
# CSS and design tokens, and Leaflet for the map. Copied into static/vendor/ (not committed);
# they are installed again only when the lock file changed.
NPM ?= npm
VENDOR := static/vendor
VENDOR_STAMP := $(VENDOR)/.installed

$(VENDOR_STAMP): package.json package-lock.json
	@command -v $(NPM) >/dev/null 2>&1 || { \
		echo "Note: no npm here, so the NL Design System styles and the map are left out;"; \
		echo "the site still works with its own stylesheet. Install Node.js and npm for the full look."; \
		exit 0; }; \
	$(NPM) ci --no-audit --no-fund --loglevel=error && \
	rm -rf $(VENDOR) && \
	mkdir -p $(VENDOR)/utrecht $(VENDOR)/leaflet && \
	cp node_modules/@utrecht/design-tokens/dist/theme.css $(VENDOR)/utrecht/design-tokens.css && \
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht/component-library.css && \
	cp -R node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
		node_modules/leaflet/dist/images $(VENDOR)/leaflet/ && \
	touch $@

vendor: $(VENDOR_STAMP) ## Install the styles and map scripts from npm into static/vendor/

translations: $(INSTALLED) ## Collect the text to translate into messages.pot and update the nl and en catalogues
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) $(BABEL_IGNORE_DIRS) --no-location --sort-output \
		--project=Buurthulp --copyright-holder=Buurthulp -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete \
		-i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)
	$(BIN)/pybabel compile --statistics -d $(TRANSLATIONS)

compile-translations: $(INSTALLED) ## Compile the catalogues (.po -> .mo); run and test do this
	@$(BIN)/pybabel compile --statistics -d $(TRANSLATIONS)

# honcho gets `--env /dev/null`: a .env file holds docker compose's production settings,
# which must not leak into the embedded default.
run: export BASE_URL ?= http://127.0.0.1:$(PORT)
run: $(INSTALLED) compile-translations vendor ## Start web, worker and beat with demo data on http://127.0.0.1:5000 (Ctrl-C stops all)
	@mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask demo-data
	$(BIN)/flask reindex-search
	@echo
	@echo "  Buurthulp runs on $(BASE_URL)"
	@echo "  E-mails it sends are listed on $(BASE_URL)/demo/e-mails"
	@$(BIN)/flask demo-logins
	@echo "  Ctrl-C stops web, worker and beat."
	@echo
	PATH="$(CURDIR)/$(BIN):$$PATH" exec $(BIN)/honcho start --env /dev/null --port $(PORT)

system-packages: ## Install the system packages the tests need (when root, as in CI)
	@for pair in $(SYSTEM_PACKAGES); do \
		cmd=$${pair%%:*}; pkg=$${pair#*:}; \
		command -v $$cmd >/dev/null 2>&1 && continue; \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && apt-get install -y -qq $$pkg || exit 1; \
		else \
			echo "The tests need $$pkg: run 'sudo apt-get install $$pkg'."; exit 1; \
		fi; \
	done

test: system-packages $(INSTALLED) compile-translations vendor ## Run the whole test suite (PostgreSQL and Redis too with TEST_DATABASE_URL, TEST_REDIS_URL)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(INSTALLED) ## Check style, types and the import layers (ruff, mypy, lint-imports)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy marketplace worker bench
	$(BIN)/lint-imports --no-logo

fmt: $(INSTALLED) ## Format the code and fix what ruff can fix
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(INSTALLED) ## Fail when the models and migrations/ disagree
	$(BIN)/pytest -q tests/ops/test_migrations.py

screenshots: system-packages $(INSTALLED) compile-translations vendor ## Photograph every page type (desktop and phone, nl and en) into docs/screenshots/
	$(BIN)/python scripts/screenshots.py

clean-demo: ## Delete the local database, queue and mails (the next `make run` starts afresh)
	rm -rf instance
