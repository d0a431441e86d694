#!/usr/bin/env bash
# Run the Postman collection with newman against a freshly started server on a new SQLite database.
# Usage: scripts/postman.sh            (make postman)
# Env:   POSTMAN_PORTS (default 8750-8759), POSTMAN_PYTHON (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."

NEWMAN_VERSION="6.2.2"  # pinned; bump deliberately
PORTS="${POSTMAN_PORTS:-${POSTMAN_PORT:-8750}-8759}"
PYTHON="${POSTMAN_PYTHON:-.venv/bin/python}"
COLECCION="postman/tienda.postman_collection.json"
NEWMAN_DIR="postman/.newman"
NEWMAN="$NEWMAN_DIR/node_modules/.bin/newman"

if ! command -v npm >/dev/null 2>&1; then
  echo "SKIPPED: npm not installed"
  exit 0
fi

if [ ! -x "$NEWMAN" ] || [ "$("$NEWMAN" --version 2>/dev/null)" != "$NEWMAN_VERSION" ]; then
  echo "Installing newman@$NEWMAN_VERSION into $NEWMAN_DIR ..."
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$NEWMAN_DIR" "newman@$NEWMAN_VERSION"
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT INT TERM

ADMIN_PASSWORD="postman-admin-$(date +%s)-$RANDOM"

# A production-like, self-contained environment: DEBUG off, no .env values leaking in for these.
export DATABASE_URL="sqlite:///$TMP/db.sqlite3"
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="postman-run-only-$(date +%s)-$RANDOM-$RANDOM-not-a-real-secret"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_STATIC_ROOT="$TMP/static"
export REDIS_URL=""
# The simulated payment provider, which the collection pays with (DEBUG is off here).
export PAGOS_SIMULADO=1
export DEMO_ADMIN_PASSWORD="$ADMIN_PASSWORD"
export DEMO_EMPLOYEE_PASSWORD="postman-empleado-$RANDOM-$RANDOM"
export DEMO_CLIENT_PASSWORD="postman-cliente-$RANDOM-$RANDOM"

echo "Fresh database in $TMP ..."
"$PYTHON" manage.py migrate --noinput -v 0
"$PYTHON" manage.py crear_roles
"$PYTHON" manage.py seed_demo >/dev/null

# The production server (gunicorn.conf.py, DEBUG off) on a free port of POSTMAN_PORTS, stopped after
# newman; on a failure the harness prints the server's last lines.
echo "Starting the server and running the collection ..."
"$PYTHON" -m backend.testing.servidor ejecutar --puertos "$PORTS" --workers 2 --log "$TMP/server.log" -- \
  bash -c '"$0" run "$1" --env-var "baseUrl=$SERVIDOR_URL" --env-var "adminUser=admin" \
    --env-var "adminPassword=$DEMO_ADMIN_PASSWORD" --color off' "$NEWMAN" "$COLECCION"
