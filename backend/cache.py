"""Cache configuration that degrades instead of failing when Redis is unavailable.

Two aliases point at the same store (Redis when REDIS_URL is set, else this process's memory):

- `default` ignores connection errors (django-redis IGNORE_EXCEPTIONS): a read is a miss, a write
  is dropped, so every cached read falls back to the database.
- `estricta` raises them. The throttles (usuarios/throttling.py) and the health check use it: they
  must know the shared counters are unreachable, since a miss would read as "no attempts yet".

Short socket and connect timeouts keep a hung Redis to a fraction of a second per request.
"""

import logging
import time

ALIAS_ESTRICTA = "estricta"


def configurar_caches(redis_url: str, *, prefijo: str = "tienda", timeout: float = 0.25) -> dict:
    """CACHES for settings: django-redis on `redis_url`, or one shared per-process memory store."""
    if not redis_url:
        # Both aliases name the same LocMemCache store (LocMemCache shares storage by LOCATION).
        local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tienda"}
        return {"default": local, ALIAS_ESTRICTA: dict(local)}
    redis = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": redis_url,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": timeout, "SOCKET_TIMEOUT": timeout},
        "KEY_PREFIX": prefijo,
    }
    return {
        "default": {**redis, "OPTIONS": {**redis["OPTIONS"], "IGNORE_EXCEPTIONS": True}},
        ALIAS_ESTRICTA: redis,
    }


class UnaVezPorIntervalo(logging.Filter):
    """Let one record per logger and message through every `segundos` seconds (per process).

    An outage fails every request; the log should say so once a minute, not thousands of times.
    """

    def __init__(self, segundos: float = 60):
        super().__init__()
        self.segundos = float(segundos)
        self._ultimo: dict[tuple, float] = {}

    def filter(self, record):
        ahora = time.monotonic()
        clave = (record.name, record.msg)
        ultimo = self._ultimo.get(clave)
        if ultimo is not None and ahora - ultimo < self.segundos:
            return False
        self._ultimo[clave] = ahora
        return True


# The response and user caches (productos/cache.py, usuarios/authentication.py) talk to the strict
# alias so an outage is seen (not read as a miss) and costs one timeout, then nothing for this long.
REINTENTO_SEGUNDOS = 5.0
_caida_hasta = 0.0


def con_cache_compartida(operacion, defecto=None):
    """`operacion(strict cache)`, or `defecto` when it fails or failed less than REINTENTO_SEGUNDOS ago."""
    global _caida_hasta
    if time.monotonic() < _caida_hasta:
        return defecto
    from django.core.cache import caches

    try:
        return operacion(caches[ALIAS_ESTRICTA])
    except Exception:
        _caida_hasta = time.monotonic() + REINTENTO_SEGUNDOS
        return defecto


# Other per-process outage state (the throttles' own timer and local counters) to forget with it.
_al_reiniciar = []


def al_reiniciar(funcion):
    """Decorator: `funcion()` runs on every reiniciar_estado_de_caida()."""
    _al_reiniciar.append(funcion)
    return funcion


def reiniciar_estado_de_caida() -> None:
    """Forget a recent failure and what was counted during it (tests: each starts with Redis healthy)."""
    global _caida_hasta
    _caida_hasta = 0.0
    for funcion in _al_reiniciar:
        funcion()
