#!/usr/bin/env bash
# Run the Postman collection with newman against a freshly started server on a new SQLite database.
# Usage: scripts/postman.sh            (make postman)
# Env:   POSTMAN_PORT (default 8750), POSTMAN_PYTHON (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."

NEWMAN_VERSION="6.2.2"  # pinned; bump deliberately
PORT="${POSTMAN_PORT:-8750}"
PYTHON="${POSTMAN_PYTHON:-.venv/bin/python}"
COLECCION="postman/tienda.postman_collection.json"
NEWMAN_DIR="postman/.newman"
NEWMAN="$NEWMAN_DIR/node_modules/.bin/newman"
BASE_URL="http://127.0.0.1:$PORT"

if ! command -v npm >/dev/null 2>&1; then
  echo "SKIPPED: npm not installed"
  exit 0
fi

if [ ! -x "$NEWMAN" ] || [ "$("$NEWMAN" --version 2>/dev/null)" != "$NEWMAN_VERSION" ]; then
  echo "Installing newman@$NEWMAN_VERSION into $NEWMAN_DIR ..."
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$NEWMAN_DIR" "newman@$NEWMAN_VERSION"
fi

if curl -fsS -o /dev/null "$BASE_URL/api/health/" 2>/dev/null; then
  echo "Port $PORT is already in use; set POSTMAN_PORT to a free port." >&2
  exit 1
fi

TMP="$(mktemp -d)"
SERVER_PID=""
limpiar() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap limpiar EXIT INT TERM

ADMIN_PASSWORD="postman-admin-$(date +%s)-$RANDOM"

# A production-like, self-contained environment: DEBUG off, no .env values leaking in for these.
export DATABASE_URL="sqlite:///$TMP/db.sqlite3"
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="postman-run-only-$(date +%s)-$RANDOM-$RANDOM-not-a-real-secret"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_STATIC_ROOT="$TMP/static"
export REDIS_URL=""
export DEMO_ADMIN_PASSWORD="$ADMIN_PASSWORD"
export DEMO_EMPLOYEE_PASSWORD="postman-empleado-$RANDOM-$RANDOM"
export DEMO_CLIENT_PASSWORD="postman-cliente-$RANDOM-$RANDOM"

echo "Fresh database in $TMP ..."
"$PYTHON" manage.py migrate --noinput -v 0
"$PYTHON" manage.py crear_roles
"$PYTHON" manage.py seed_demo >/dev/null

echo "Starting the server on $BASE_URL ..."
"$PYTHON" -m gunicorn --bind "127.0.0.1:$PORT" --workers 2 --no-control-socket --access-logfile - \
  --error-logfile "$TMP/gunicorn.err" backend.wsgi >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 60); do
  if curl -fsS -o /dev/null "$BASE_URL/api/health/" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "The server did not start:" >&2
    cat "$TMP/server.log" "$TMP/gunicorn.err" >&2 || true
    exit 1
  fi
  sleep 0.5
done
if ! curl -fsS -o /dev/null "$BASE_URL/api/health/"; then
  echo "The server did not answer /api/health/ in time." >&2
  cat "$TMP/server.log" "$TMP/gunicorn.err" >&2 || true
  exit 1
fi

set +e
"$NEWMAN" run "$COLECCION" \
  --env-var "baseUrl=$BASE_URL" \
  --env-var "adminUser=admin" \
  --env-var "adminPassword=$ADMIN_PASSWORD" \
  --color off
ESTADO=$?
set -e
if [ "$ESTADO" -ne 0 ]; then
  echo "newman failed; last server log lines:" >&2
  tail -n 40 "$TMP/gunicorn.err" >&2 || true
fi
exit "$ESTADO"
