# Two commands: `make run` (a demo shop on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_ADMIN_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test install migrate seed frontend frontend-test lint format schema check serve-prod \
        db-postgres postman e2e bench bench-smoke fuzz clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

# Development server: DEBUG on unless .env or the environment says otherwise.
run: export DJANGO_DEBUG ?= 1
run: install frontend
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py crear_roles
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest
	@$(MAKE) --no-print-directory frontend-test

frontend:
	@if [ ! -f frontend/package.json ]; then \
		echo "No frontend/ app in this checkout: serving the API alone."; \
	elif command -v npm >/dev/null 2>&1; then \
		cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build; \
	else \
		echo "npm not found: the React app is not built; the API is served alone."; \
	fi

frontend-test:
	@if [ ! -f frontend/package.json ]; then \
		echo "SKIPPED front-end tests: no frontend/ app in this checkout."; \
	elif command -v npm >/dev/null 2>&1; then \
		cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm test; \
	else \
		echo "SKIPPED front-end tests: npm (Node.js) is not installed on this machine."; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schema: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

check: lint schema
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Creates the role, database and grants of the notes on a local PostgreSQL (trust or superuser access).
db-postgres:
	psql "$(PG_ADMIN_URL)" -v ON_ERROR_STOP=1 -f scripts/postgres_setup.sql

# Production-like server: gunicorn, DEBUG off, static files collected and served by whitenoise.
serve-prod: install frontend
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn -c gunicorn.conf.py backend.wsgi

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
