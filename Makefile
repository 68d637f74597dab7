# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo site's address in its links (canonical, sitemap, feed): where runserver
# listens, except that listening on every interface (0.0.0.0) is reached as localhost.
SITE_HOSTNAME ?= $(patsubst 0.0.0.0,localhost,$(HOST))
# The demo admin's own address (in its emails and the login create_dev_admin prints).
run: export WAGTAILADMIN_BASE_URL ?= http://$(SITE_HOSTNAME):$(PORT)

.PHONY: run test lint format venv

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content --hostname $(SITE_HOSTNAME) --port $(PORT)
	$(BIN)/python manage.py create_dev_admin
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates
