# Everything a developer or CI runs. `make run` and `make test` are the README's quick start.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PYTEST_DEFAULT := -m "not postgres and not worker and not benchmark"
# Both test passes run on every core (pytest-xdist; pyproject's `--dist loadgroup` keeps the tests
# that read the seeded demo on one worker, and the real-worker tests too).
# `make test PARALLEL=` runs them one after another.
PARALLEL ?= -n auto

.PHONY: run install install-test migrate seed test test-postgres bench lint wheel-check browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"

## Install, migrate, seed the demo and serve it on http://127.0.0.1:8000 (SQLite, no services needed).
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

browser:
	bash .ci/ensure-browser

## The whole suite on SQLite with eager Celery; PostgreSQL-only tests are deselected by marker.
test: install-test browser
	@echo "Default pass: tests marked postgres, worker and benchmark are deselected (make test-postgres runs them)."
	$(BIN)/pytest $(PARALLEL) $(PYTEST_DEFAULT)

## Every test but the browser ones against PostgreSQL and Redis with a real Celery worker (needs
## DATABASE_URL, CELERY_BROKER_URL). The browser tests check what a visitor sees, which the
## database doesn't change; `make test` runs them, and `make test-postgres E2E=1` here too.
E2E ?=
test-postgres: install-test $(if $(E2E),browser)
	$(BIN)/pytest $(PARALLEL) -m "not benchmark$(if $(E2E),, and not e2e)"

bench: install-test
	$(BIN)/pytest tests/benchmarks -m benchmark -s -p no:randomly

## The service packages are type-checked; mypy finds `loket` (the folder site/) through a link in var/.
TYPED_PACKAGES := loket.accounts.services loket.intake.services loket.partners.services \
	loket.credits.services loket.satisfaction.services loket.notifications.services \
	loket.mail.services events.services testimonials.services community.services \
	community.intervision.services community.scan.services campaigns.services \
	campaigns.attribution.services

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	mkdir -p var/typecheck && ln -sfn ../../site var/typecheck/loket
	MYPYPATH=var/typecheck $(BIN)/mypy $(addprefix -p ,$(TYPED_PACKAGES))

wheel-check: install-test
	bash .ci/check-wheel
