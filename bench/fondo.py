"""Background work during the benchmark, as in production: a Celery worker on a Redis broker, and an
SMTP sink that receives (and counts) the emails the worker sends (the tests' aiosmtpd server,
notificaciones/tests/smtp.py); plus Redis counters per endpoint.

The web processes queue each checkout's confirmation email on the broker (CELERY_BROKER_URL) and
the worker (`celery -A backend worker`, the Makefile's `worker` target without the embedded beat)
delivers it over SMTP to the sink. Beat is left out on purpose: its periodic jobs (expiring unpaid
sales, refunds) would change the seeded history between rounds.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import redis

from backend.testing import servidor

ROOT = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).with_name("celery")
# The bench's broker: a Redis database of its own (the app's caches and throttles are on db 3).
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/4")
REDIS_APP_URL = "redis://127.0.0.1:6379/3"


def cola(nombre_escala: str) -> str:
    """The bench's own queue name: a re-run empties only this key, never the whole database."""
    return f"bench-{nombre_escala}"


# --- Celery worker --------------------------------------------------------------------------


class Trabajador:
    """`celery -A backend worker` (prefork, default concurrency) with the benchmark server's environment."""

    def __init__(self, entorno: dict, registro: Path, queue: str):
        self.entorno = entorno
        self.registro = registro
        self.queue = queue
        self.proceso: subprocess.Popen | None = None

    def arrancar(self, espera: float = 60) -> "Trabajador":
        with open(self.registro, "ab") as salida:
            self.proceso = subprocess.Popen(
                [
                    str(CELERY),
                    "-A",
                    "backend",
                    "worker",
                    "--without-gossip",
                    "--without-mingle",
                    "--loglevel=WARNING",
                ],
                cwd=ROOT,
                env=self.entorno,
                stdout=salida,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        # Ready when its pool processes exist (it then consumes from the queue).
        limite = time.monotonic() + espera
        while time.monotonic() < limite:
            if self.proceso.poll() is not None:
                raise RuntimeError(f"celery worker exited with {self.proceso.returncode}:\n{self.salida()}")
            if servidor.pids_hijos(self.proceso.pid):
                time.sleep(1)  # connect to the broker
                return self
            time.sleep(0.2)
        self.parar()
        raise RuntimeError(f"celery worker did not start within {espera}s:\n{self.salida()}")

    def pids(self) -> list[int]:
        if self.proceso is None or self.proceso.poll() is not None:
            return []
        return [self.proceso.pid, *sorted(servidor.pids_hijos(self.proceso.pid))]

    def rss_mb(self) -> list[float]:
        """RSS of the worker's main process, then of each pool process."""
        return [r for r in (rss_mb(pid) for pid in self.pids()) if r is not None]

    def parar(self, espera: float = 30) -> None:
        """Warm shutdown (SIGTERM: finish the running tasks), SIGKILL after `espera` s."""
        if self.proceso is not None:
            servidor.parar_pid(self.proceso.pid, espera=espera)
            self.proceso.wait(timeout=10)

    def salida(self, caracteres: int = 3000) -> str:
        try:
            return self.registro.read_text(errors="replace")[-caracteres:]
        except OSError:
            return ""


def rss_mb(pid: int) -> float | None:
    try:
        for linea in Path(f"/proc/{pid}/status").read_text().splitlines():
            if linea.startswith("VmRSS:"):
                return round(int(linea.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def vaciar_cola(queue: str) -> None:
    """Forget the bench queue's messages left by an earlier run (only this key)."""
    redis.Redis.from_url(BROKER_URL).delete(queue)


def largo_cola(queue: str) -> int:
    return redis.Redis.from_url(BROKER_URL).llen(queue)


# --- Redis counters -------------------------------------------------------------------------


def contadores_redis() -> dict:
    """Server-wide counters of the Redis server (every database: app caches, throttles, broker).

    keyspace_hits / keyspace_misses count read lookups of a key that exists / does not exist;
    `comandos` is every command the server ran, minus the INFO calls of this function.
    """
    r = redis.Redis.from_url(REDIS_APP_URL)
    stats = r.info("stats")
    comandos = r.info("commandstats")
    total = sum(v["calls"] for k, v in comandos.items() if k != "cmdstat_info")
    return {"hits": stats["keyspace_hits"], "misses": stats["keyspace_misses"], "comandos": total}


def delta(antes: dict, despues: dict) -> dict:
    return {k: despues[k] - antes[k] for k in antes}
