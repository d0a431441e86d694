#!/usr/bin/env bash
# Fuzz the API with schemathesis (`make fuzz`): a throwaway PostgreSQL database with the demo
# data, gunicorn with DEBUG off, and one schemathesis run per caller (anonymous, cliente,
# empleado, admin) against /api/schema/. Any failure (a 5xx, a response that breaks the
# schema) makes the script exit non-zero. The server and the database are always removed.
#
# The plan (FUZZ_PLAN) says which schemathesis phases run for each caller. The "coverage"
# phase (boundary and wrong-type values for every parameter and field: NUL bytes, huge
# integers, ...) is thorough but slow, so by default it runs for the two callers that reach
# the most code (cliente for its own cart and sales, admin for everything else) and the
# random "fuzzing" phase runs for all four. FUZZ_PLAN="anonimo:coverage,fuzzing ..." runs more.
#
# Tunables (environment): FUZZ_PLAN, FUZZ_MAX_EXAMPLES, FUZZ_SEED, FUZZ_WORKERS, FUZZ_CHECKS,
# FUZZ_PORTS, FUZZ_DB, PG_ADMIN_URL, FUZZ_PG_URL (server URL for the app's own database role).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.venv/bin}
PORTS=${FUZZ_PORTS:-${FUZZ_PORT:-8700-8709}}
DB=${FUZZ_DB:-ecommerce_fuzz}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
FUZZ_PG_URL=${FUZZ_PG_URL:-postgres://ecommerce_user:ecommerce_pass@127.0.0.1:5432}
MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-20}
SEED=${FUZZ_SEED:-20240601}
# One worker: hypothesis parses lambdas with ast.parse, which races between threads on
# CPython 3.11 < 3.11.8 ("AST constructor recursion depth mismatch"); the client is CPU-bound anyway.
WORKERS=${FUZZ_WORKERS:-1}
CHECKS=${FUZZ_CHECKS:-not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance}
PLAN=${FUZZ_PLAN:-anonimo:fuzzing cliente:coverage,fuzzing empleado:fuzzing admin:coverage,fuzzing}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fuzz.XXXXXX")

psql_admin() { psql "$PG_ADMIN_URL" -v ON_ERROR_STOP=1 -q "$@"; }

limpiar() {
  local rc=$?
  psql_admin -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  if [[ $rc -ne 0 && -f "$WORK/gunicorn.log" ]]; then
    echo "---- server errors logged by gunicorn (last 80 lines) ----"
    grep -v '"GET \|"POST \|"PUT \|"PATCH \|"DELETE ' "$WORK/gunicorn.log" | tail -n 80 || true
  fi
  rm -rf "$WORK"
  exit $rc
}
trap limpiar EXIT INT TERM

echo "==== fresh PostgreSQL database $DB ===="
psql_admin <<SQL
SELECT 'CREATE ROLE ecommerce_user LOGIN PASSWORD ''ecommerce_pass'' CREATEDB'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ecommerce_user')\gexec
DROP DATABASE IF EXISTS "$DB" WITH (FORCE);
CREATE DATABASE "$DB" OWNER ecommerce_user ENCODING 'UTF8';
SQL

# Passwords for the demo users, new every run; the secret key too.
rand() { "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(24))'; }
export DATABASE_URL="$FUZZ_PG_URL/$DB"
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="fuzz-$(rand)$(rand)"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=0
export DEMO_ADMIN_PASSWORD="A-$(rand)"
export DEMO_EMPLOYEE_PASSWORD="E-$(rand)"
export DEMO_CLIENT_PASSWORD="C-$(rand)"
unset REDIS_URL

# The production settings with one change: a fast password hasher. PBKDF2 takes over a second
# per hash here, and the fuzzer registers users, logs in and changes passwords thousands of times.
cat >"$WORK/fuzz_settings.py" <<'PY'
from backend.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PY
export PYTHONPATH="$WORK${PYTHONPATH:+:$PYTHONPATH}"
export DJANGO_SETTINGS_MODULE=fuzz_settings

"$BIN/python" manage.py migrate --noinput -v 0
"$BIN/python" manage.py seed_demo >/dev/null
# The fuzzer signs in as its own users, with ids far above the demo users (1-3): it edits,
# deactivates and deletes users by small ids, and must not revoke the token it is using.
export FUZZ_PASSWORD="F-$(rand)"
"$BIN/python" manage.py shell -v 0 -c '
import os
from django.db import connection
from usuarios.models import Usuario
from usuarios.services import crear_usuario
with connection.cursor() as cursor:
    cursor.execute("SELECT setval(pg_get_serial_sequence(%s, %s), 100000)", [Usuario._meta.db_table, "id"])
for nombre, rol in [("fuzz_admin", "ADMIN"), ("fuzz_empleado", "EMPLOYEE"), ("fuzz_cliente", "CLIENT")]:
    crear_usuario(username=nombre, password=os.environ["FUZZ_PASSWORD"], rol=rol)
'

token() {
  "$BIN/python" - "$BASE/api/login/" "$1" "$2" <<'PY'
import json, sys, urllib.request
url, usuario, clave = sys.argv[1:]
peticion = urllib.request.Request(
    url, data=json.dumps({"username": usuario, "password": clave}).encode(),
    headers={"Content-Type": "application/json"},
)
print(json.load(urllib.request.urlopen(peticion, timeout=10))["access"])
PY
}

# No crash cache in the work tree: every run starts from the same seed and nothing else.
cat >"$WORK/schemathesis.toml" <<TOML
[cache]
enabled = false
TOML

fuzzear() {
  BASE="$SERVIDOR_URL"
  curl -fsS "$BASE/api/health/" && echo
  fallos=0
  inicio=$(date +%s)
  for paso in $PLAN; do
    rol=${paso%%:*}
    fases=${paso#*:}
    cabecera=()
    case "$rol" in
      anonimo) ;;
      cliente | empleado | admin) cabecera=(-H "Authorization: Bearer $(token "fuzz_$rol" "$FUZZ_PASSWORD")") ;;
      *) echo "unknown role $rol"; exit 2 ;;
    esac
    echo "==== schemathesis as $rol: $fases (max-examples=$MAX_EXAMPLES, seed=$SEED) ===="
    t0=$(date +%s)
    if ! "$BIN/schemathesis" --config-file "$WORK/schemathesis.toml" run "$BASE/api/schema/" "${cabecera[@]}" \
        --checks "$CHECKS" \
        --phases "$fases" \
        --max-examples "$MAX_EXAMPLES" \
        --seed "$SEED" \
        --workers "$WORKERS" \
        --request-timeout 20 \
        --generation-database none \
        --suppress-health-check all \
        --no-color; then
      fallos=$((fallos + 1))
      echo "!!!! schemathesis found failures as $rol"
    fi
    echo "==== $rol: $(( $(date +%s) - t0 ))s ===="
  done

  echo "==== fuzzing finished in $(( $(date +%s) - inicio ))s; roles with failures: $fallos ===="
  [[ $fallos -eq 0 ]]
}

# The production server (backend/testing/servidor.py: gunicorn.conf.py, throttle limits out of the
# way) on a free port of FUZZ_PORTS, with access lines in the log; stopped when the fuzzing ends.
export -f fuzzear token
export BIN CHECKS PLAN MAX_EXAMPLES SEED WORKERS WORK
GUNICORN_ACCESSLOG=- GUNICORN_LOGLEVEL=warning \
  "$BIN/python" -m backend.testing.servidor ejecutar --puertos "$PORTS" --workers 2 --log "$WORK/gunicorn.log" -- \
  bash -c fuzzear
