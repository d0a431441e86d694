"""Gunicorn settings for the production-like server (`make serve-prod`); all overridable by env."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One worker per core: the app is CPU-bound Python, and on a machine that also runs PostgreSQL and
# Redis more processes only contend for the same cores (make bench's worker sweep: 2 workers beat
# 3, 4 and 5 on 2 cores). With the database on other hosts, raise GUNICORN_WORKERS towards
# gunicorn's 2 x cores + 1.
workers = int(os.environ.get("GUNICORN_WORKERS", max(2, multiprocessing.cpu_count())))
# Threads (gthread), so a request that waits on the database (a slow report, a row lock) holds one
# thread, not the whole worker: /api/health/ and other users are still served (issue 10.1; the
# proof is backend/tests/test_busqueda.py). What one statement may wait is capped by PostgreSQL's
# statement_timeout (DB_STATEMENT_TIMEOUT_MS); each thread keeps its own database connection.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Set GUNICORN_MAX_REQUESTS (e.g. 5000) to recycle workers now and then if a slow leak ever shows.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory: a slow or full disk must not make the arbiter kill healthy workers.
_MEMORIA = "/dev/shm"  # noqa: S108 - gunicorn's own advice; the files hold no data
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or (_MEMORIA if os.path.isdir(_MEMORIA) else None)
# Access lines are plain text; stdout is kept for the JSON audit trail unless asked for.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Only these addresses may set X-Forwarded-Proto (the TLS-terminating proxy).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The control socket defaults to one path per home directory, which two instances would share.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
