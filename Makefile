# Two commands: `make run` (a demo shop on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_ADMIN_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: worker fault-drill
.PHONY: run test install migrate seed frontend frontend-test lint format schema check serve-prod \
        db-postgres postman e2e bench bench-smoke fuzz clean throttle-check

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

# Development server: DEBUG on unless .env or the environment says otherwise.
# Without DJANGO_SECRET_KEY (environment or .env) it signs with a development key kept in the ignored
# .dev-secret-key, so tokens survive restarts (the settings themselves write no file).
run: export DJANGO_DEBUG ?= 1
run: install frontend .dev-secret-key
	@if [ -z "$$DJANGO_SECRET_KEY" ] && ! grep -qs '^DJANGO_SECRET_KEY=..*' .env; then \
		export DJANGO_SECRET_KEY="$$(cat .dev-secret-key)"; \
	fi; \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py crear_roles && \
	$(BIN)/python manage.py seed_demo && \
	exec $(BIN)/python manage.py runserver $(HOST):$(PORT)

.dev-secret-key:
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

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
	@if [ -n "$$SKIP_FRONTEND_TESTS" ]; then \
		echo "SKIPPED front-end tests: SKIP_FRONTEND_TESTS is set (they already ran)."; \
	elif [ ! -f frontend/package.json ]; then \
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

# Background worker with the periodic jobs (celery beat embedded: run ONE of these per broker; to scale
# out start more `celery -A backend worker` without -B, see README "Background worker").
# Needs CELERY_BROKER_URL (environment or .env), e.g. redis://127.0.0.1:6379/3.
worker: install
	@if [ -z "$$CELERY_BROKER_URL" ] && ! grep -qs '^CELERY_BROKER_URL=..*' .env; then \
		echo "CELERY_BROKER_URL is not set: without a broker the web process runs the tasks itself."; \
		exit 1; \
	fi
	$(BIN)/celery -A backend worker -B --without-gossip --without-mingle --schedule=$(or $(BEAT_SCHEDULE),.celerybeat-schedule) \
		--loglevel=$(or $(WORKER_LOGLEVEL),INFO) $(WORKER_ARGS)

# Creates the role, database and grants of the notes on a local PostgreSQL (trust or superuser access).
db-postgres:
	psql "$(PG_ADMIN_URL)" -v ON_ERROR_STOP=1 -f scripts/postgres_setup.sql

# Production-like server: gunicorn, DEBUG off, static files collected and served by whitenoise.
# It speaks plain HTTP on $(HOST):$(PORT), so the HTTPS redirect is off (a TLS proxy does that in
# production); without DJANGO_SECRET_KEY (environment or .env) a throwaway key is used.
serve-prod: export DJANGO_DEBUG = 0
serve-prod: export DJANGO_SECURE_SSL_REDIRECT ?= 0
serve-prod: export GUNICORN_BIND ?= $(HOST):$(PORT)
serve-prod: export DJANGO_SERVIR_MEDIA ?= 1
serve-prod: install frontend
	@if [ -z "$$DJANGO_SECRET_KEY" ] && ! grep -qs '^DJANGO_SECRET_KEY=..*' .env; then \
		echo "DJANGO_SECRET_KEY is not set: using a throwaway key (tokens die with the server)."; \
		export DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	fi; \
	$(BIN)/python manage.py collectstatic --noinput && \
	$(BIN)/python manage.py migrate --noinput && \
	exec $(BIN)/gunicorn -c gunicorn.conf.py backend.wsgi

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# The Postman collection, run by newman (installed locally from npm) against a fresh server.
postman: install
	scripts/postman.sh

# Benchmark (bench/README.md): seeds PostgreSQL, serves with gunicorn (production settings), loads
# with wrk, writes bench/results/latest.md. BENCH_ARGS="--scale large", "--reseed", "--workers 3" ...
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	$(BIN)/python -m bench.tabla

# Tiny scale, one short round; fails on any error response (runs in CI).
bench-smoke: install
	$(BIN)/python -m bench.run --smoke

# The SPA in Debian's Chromium against the real server (installs chromium with apt if missing).
e2e: install
	scripts/e2e.sh

# Two gunicorn instances (2 workers each) sharing Redis: the login limits trip at the same count
# across both. Uses REDIS_URL (or THROTTLE_CHECK_REDIS_URL), its own key prefix, two free ports of 8651-8660.
throttle-check: install
	$(BIN)/python scripts/throttle_two_instances.py $(THROTTLE_CHECK_ARGS)

# Schemathesis against /api/schema/ as anonymous, cliente, empleado and admin, on a throwaway
# PostgreSQL database (ecommerce_fuzz) and gunicorn on a free port of 8700-8709; fails on any 5xx or schema mismatch.
fuzz: install
	bash scripts/fuzz.sh

# Fault drill (README "Operations"): a private PostgreSQL cluster and Redis on free ports, two gunicorn
# instances and a Celery worker under steady load while Redis stops for 20 s, an instance and the
# worker are SIGKILLed and PostgreSQL restarts; then invariants over the database and the client log.
# Ports from 8780-8799 (FAULT_DRILL_PUERTOS); needs PostgreSQL's server binaries and redis-server.
fault-drill: install
	$(BIN)/python scripts/fault_drill.py $(FAULT_DRILL_ARGS)
