# The one place for Buurthulp's commands. `make help` lists them.
#
# Nothing is assumed but Python 3.11 and make: the first target that needs the project
# creates .venv and installs it; later runs reinstall only when pyproject.toml changed.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PORT ?= 5000
PYTEST_ARGS ?=
# System packages the tests need, as command:package pairs (browser tests will add
# chromium:chromium). A missing one is installed with apt-get when we are root (as in CI).
SYSTEM_PACKAGES ?=

export FLASK_APP := marketplace

.DEFAULT_GOAL := help
.PHONY: help run test lint fmt migrations-check system-packages translations clean-demo

help: ## List the commands
	@grep -hE '^[a-z][a-z-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 \
		|| { echo "Buurthulp needs $(PYTHON): install Python 3.11 first."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

translations: $(INSTALLED)
	@if ls marketplace/translations/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile --statistics -d marketplace/translations; fi

# honcho gets `--env /dev/null`: a .env file holds docker compose's production settings,
# which must not leak into the embedded default.
run: export BASE_URL ?= http://127.0.0.1:$(PORT)
run: $(INSTALLED) translations ## Start web, worker and beat with demo data on http://127.0.0.1:5000 (Ctrl-C stops all)
	@mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask demo-data
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

test: system-packages $(INSTALLED) translations ## Run the whole test suite (PostgreSQL and Redis too with TEST_DATABASE_URL, TEST_REDIS_URL)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(INSTALLED) ## Check style and types (ruff, mypy)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy marketplace worker

fmt: $(INSTALLED) ## Format the code and fix what ruff can fix
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(INSTALLED) ## Fail when the models and migrations/ disagree
	$(BIN)/pytest -q tests/ops/test_migrations.py

clean-demo: ## Delete the local database, queue and mails (the next `make run` starts afresh)
	rm -rf instance
