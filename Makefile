# Quick start: `make run` (everything, embedded SQLite + Redis) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint fmt install messages clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) -m helpdesk.stack

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=helpdesk.settings.test $(PY) manage.py makemigrations --check --dry-run

test: install lint
	$(PY) -m helpdesk.embedded -- $(PY) -m pytest

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Re-extract the catalogues (needs GNU gettext's xgettext), then compile them with polib.
messages: install
	$(PY) manage.py makemessages -l zh_Hans -l en --no-obsolete --no-location \
		--ignore=.venv --ignore=frontend --ignore=var --ignore=tests --ignore=bench
	$(PY) -m helpdesk.common.i18n

clean:
	rm -rf $(VENV) var
