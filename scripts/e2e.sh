#!/usr/bin/env bash
# End-to-end tests of the SPA: Debian's Chromium driven by playwright-core against the real
# Django app under gunicorn (DEBUG off, one origin), on a fresh SQLite database with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
PORTS="${E2E_PORTS:-${E2E_PORT:-8765-8774}}"

if ! command -v npm >/dev/null 2>&1; then
  echo "SKIPPED end-to-end tests: npm (Node.js) is not installed."
  exit 0
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the end-to-end tests..."
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

(cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build)

tmp="$(mktemp -d)"
pass() { .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(16))"; }
export DATABASE_URL="sqlite:///$tmp/e2e.sqlite3"
export DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 REDIS_URL="" PAGOS_SIMULADO=1 DJANGO_STATIC_ROOT="$tmp/static"
export DJANGO_SECRET_KEY="$(pass)$(pass)$(pass)"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
# One host, no nginx: Django serves the demo photos at /media/.
export DJANGO_SERVIR_MEDIA=1
export DEMO_ADMIN_PASSWORD="$(pass)" DEMO_EMPLOYEE_PASSWORD="$(pass)" DEMO_CLIENT_PASSWORD="$(pass)"

.venv/bin/python manage.py migrate --noinput >/dev/null
.venv/bin/python manage.py collectstatic --noinput >/dev/null
.venv/bin/python manage.py seed_demo >/dev/null

# The production server (backend/testing/servidor.py: gunicorn.conf.py, high throttle limits) on a
# free port; stopped when the tests end, its last lines printed if they fail.
trap 'rm -rf "$tmp"' EXIT
.venv/bin/python -m backend.testing.servidor ejecutar --puertos "$PORTS" --workers 2 --log "$tmp/gunicorn.log" -- \
  bash -c '
    curl -sf "$SERVIDOR_URL/" | grep -q "<div id=\"root\">" || { echo "the SPA is not served at /"; exit 1; }
    cd frontend
    E2E_BASE_URL="$SERVIDOR_URL" \
    E2E_ADMIN_USER=admin E2E_ADMIN_PASSWORD="$DEMO_ADMIN_PASSWORD" \
    E2E_EMPLOYEE_USER=empleado E2E_EMPLOYEE_PASSWORD="$DEMO_EMPLOYEE_PASSWORD" \
    E2E_CUPON=BIENVENIDA10 \
      npm run e2e'
