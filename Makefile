# Two commands on a fresh Debian/Ubuntu machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The demo runs as in production (debug off), but over plain http on loopback.
DEMO_ENV := DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_HSTS_SECONDS=0

.PHONY: install install-locked lock install-test system-test-deps migrate demo serve test test-sqlite test-postgres lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

# Reproducible production install: the pinned versions of requirements.lock, then the app itself.
install-locked: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .

# Re-pin requirements.lock after changing a dependency in pyproject.toml.
lock: install-test
	$(BIN)/pip install --quiet 'pip-tools>=7.4,<8'
	$(BIN)/pip-compile --quiet --strip-extras --no-header --no-emit-index-url --no-emit-find-links pyproject.toml -o requirements.lock

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "演示地址: http://$(HOST):$(PORT)/  (Ctrl+C 停止；后台任务进程随之停止)"
	$(DEMO_ENV) $(BIN)/python manage.py db_worker --interval 1 --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT) --noreload

# Debian packages the tests need: chromium for browser tests, CJK fonts for screenshots,
# a PostgreSQL server for the second run of the suite, LibreOffice for the roster-import tests
# (they convert files with soffice --headless).
system-test-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || missing="$$missing libreoffice-calc-nogui"; \
	dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	[ -x /usr/bin/pdftoppm ] || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

lint: install-test
	$(BIN)/ruff check dangjian bench
	$(BIN)/ruff format --check dangjian bench
	$(BIN)/python manage.py makemigrations --check --dry-run >/dev/null

test-sqlite: install-test
	$(BIN)/python scripts/run_pytest.py -n 2

test-postgres: install-test
	scripts/with-postgres.sh $(BIN)/python scripts/run_pytest.py -n 2

test: system-test-deps lint test-sqlite test-postgres

bench: install-test
	$(BIN)/pip install --quiet -e '.[bench]'
	@for b in bench/*.py; do case $$b in */harness.py) continue;; esac; echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var *.egg-info
