# Quick start: `make run` (everything, embedded SQLite + Redis) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

NPM := npm --prefix frontend
FRONT_STAMP := frontend/node_modules/.installed

.PHONY: run test lint fmt install messages clean bench compose-check frontend frontend-check browser

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The browser app: npm packages from the lock file, then a production build into frontend/dist.
$(FRONT_STAMP): frontend/package.json frontend/package-lock.json
	$(NPM) ci --no-audit --no-fund --loglevel=error
	touch $(FRONT_STAMP)

frontend: $(FRONT_STAMP)
	$(NPM) run build --silent

frontend-check: $(FRONT_STAMP)
	$(NPM) run typecheck --silent
	$(NPM) run lint --silent
	$(NPM) run test --silent

# Browser tests drive Debian's Chromium (Playwright cannot download its own here), with CJK fonts.
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "noto sans cjk" || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

# Everything in the foreground: embedded Redis (unless REDIS_URL), migrate, demo data, daphne,
# Celery worker and beat. PORT, HOST, REDIS_URL, DATABASE_URL: see docs/running.md.
run: install frontend
	$(PY) -m helpdesk.stack

# The inbox benchmark on PostgreSQL (its own database, helpdesk_bench). Never part of `make test`.
bench: install
	$(PY) bench/inbox_bench.py $(BENCH_ARGS)

# Validate docker-compose.yml (Debian's docker-compose). Throwaway values stand in for secrets.
compose-check:
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-compose-check-only-0123456789abcdefghijklmnopqrstuvwxyz} \
	POSTGRES_PASSWORD=$${POSTGRES_PASSWORD:-compose-check} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-localhost} \
	docker-compose config --quiet

lint: install frontend-check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=helpdesk.settings.test $(PY) manage.py makemigrations --check --dry-run

test: install lint frontend browser
	$(PY) -m helpdesk.embedded -- $(PY) -m pytest --ds=helpdesk.settings.test

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(NPM) exec -- eslint --fix .

# Re-extract the catalogues (needs GNU gettext's xgettext), then compile them with polib.
messages: install
	$(PY) manage.py makemessages -l zh_Hans -l en --no-obsolete --no-location \
		--ignore=.venv --ignore=frontend --ignore=var --ignore=tests --ignore=bench
	$(PY) -m helpdesk.common.i18n

clean:
	rm -rf $(VENV) var frontend/node_modules frontend/dist
