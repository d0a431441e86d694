"""Throttles, counted in the shared cache (Redis when configured), per process while it is down."""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.exceptions import APIException
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from backend.cache import ALIAS_ESTRICTA
from usuarios.models import normalizar_username

logger = logging.getLogger("backend.cache")

# Counters of this process, used while the shared cache is unreachable.
_contadores_locales = LocMemCache("throttle-reserva", {"OPTIONS": {"MAX_ENTRIES": 100_000}})
# After a failure the shared cache is not tried again for this long: a hung Redis costs one timeout.
REINTENTO_SEGUNDOS = 5.0
_caida_hasta = 0.0


class ReservaLocalMixin:
    """Count in the shared cache; while it fails, count in this process instead of failing.

    A cache error must not become a 500, and must not read as "no attempts yet" either (that would
    allow unlimited logins during the outage). `estricto` throttles (password guesses) keep
    1/THROTTLE_RESERVA_PROCESOS of their budget per process while counting alone, so all the
    processes together allow no more than the shared limit.
    """

    estricto = False

    def allow_request(self, request, view):
        global _caida_hasta
        if time.monotonic() >= _caida_hasta:
            self.cache = caches[ALIAS_ESTRICTA]
            try:
                return super().allow_request(request, view)
            except APIException:
                raise  # e.g. an unparsable body met while reading the username: the caller's 400
            except Exception:
                _caida_hasta = time.monotonic() + REINTENTO_SEGUNDOS
                logger.warning("cache unavailable: throttles count per process", exc_info=True)
        self.cache = _contadores_locales
        if self.estricto and getattr(self, "num_requests", None):
            self.num_requests = max(1, math.floor(self.num_requests / settings.THROTTLE_RESERVA_PROCESOS))
        return super().allow_request(request, view)


class AnonThrottle(ReservaLocalMixin, AnonRateThrottle):
    """DRF's anonymous rate, per client address."""


class UsuarioThrottle(ReservaLocalMixin, UserRateThrottle):
    """DRF's signed-in rate, per user."""


class PorDireccionThrottle(ReservaLocalMixin, SimpleRateThrottle):
    """Requests per client address, signed in or not (address per settings.NUM_PROXIES)."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginIPThrottle(PorDireccionThrottle):
    """Login attempts per client address."""

    scope = "login"
    estricto = True


class RegistroThrottle(PorDireccionThrottle):
    """Sign-ups per client address."""

    scope = "register"


class LoginUsuarioThrottle(ReservaLocalMixin, SimpleRateThrottle):
    """Login attempts per target username, whatever address they come from."""

    scope = "login_usuario"
    estricto = True

    def username(self, request):
        # The API's JSON body, or the form of the Django admin's login page (a plain HttpRequest).
        datos = request.data if hasattr(request, "data") else request.POST
        return datos.get("username") if hasattr(datos, "get") else None

    def get_cache_key(self, request, view):
        # Normalised as the login itself reads it: 12345, " Ana ", "ANA" and "ａｎａ" share one budget.
        username = normalizar_username(self.username(request))
        if not username:
            return None
        # Hashed: the cache never holds usernames, and any length or character is a valid key.
        ident = hashlib.sha256(username.lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class CambioPasswordThrottle(LoginUsuarioThrottle):
    """Password changes share the per-username login budget: both are password guesses."""

    def username(self, request):
        return request.user.username if request.user.is_authenticated else None


def espera_de_login(request) -> float | None:
    """Count one login attempt against the per-address and per-username budgets of the API.

    For login forms outside DRF (the Django admin); None when allowed, else the seconds to wait.
    """
    esperas = [t.wait() for t in (LoginIPThrottle(), LoginUsuarioThrottle()) if not t.allow_request(request, None)]
    return max((e or 1 for e in esperas), default=None)
