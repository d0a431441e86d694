"""Throttles, counted in the shared cache (Redis when configured), per process while it is down.

On Redis all the throttles of a request are one round trip: a Lua script counts the request under
each of their keys (usuarios.authentication adds the user behind a known token to the same call)
in a sliding window of `CUBETAS` buckets (a hash of at most CUBETAS + 1 small counters per key, whatever the rate) and
answers whether it is allowed and, if not, how long to wait. The oldest bucket counts whole until
it leaves the window, so the script never allows more than the rate in any window of the rate's
length, and refuses at most one bucket (1/CUBETAS of the window) longer than DRF's exact log.
Other caches (the per-process memory store of tests and of the outage fallback) keep DRF's own
list of timestamps.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from redis.exceptions import NoScriptError
from rest_framework.exceptions import APIException
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, SimpleRateThrottle, UserRateThrottle

from backend.cache import ALIAS_ESTRICTA, al_reiniciar
from usuarios.models import normalizar_username

logger = logging.getLogger("backend.cache")

# Counters of this process, used while the shared cache is unreachable.
_contadores_locales = LocMemCache("throttle-reserva", {"OPTIONS": {"MAX_ENTRIES": 100_000}})
# After a failure the shared cache is not tried again for this long: a hung Redis costs one timeout.
REINTENTO_SEGUNDOS = 5.0
_caida_hasta = 0.0


@al_reiniciar
def _olvidar_caida() -> None:
    global _caida_hasta
    _caida_hasta = 0.0
    _contadores_locales.clear()


CUBETAS = 60
# contar(key, limit, bucket width in ms, how many buckets before the current one still count):
# the counter is a hash with one field per bucket (its number: requests in it), `total` (their sum)
# and `desde` (the oldest bucket that may still be there). A call reads `total`, drops the buckets
# that left the window since the last call (none, most of the time) and counts: O(1) work.
# Answers {1, 0} when the request is allowed (and counted), else {0, ms until one would be}.
# Redis's own clock: every app instance counts on the same time line.
_CONTAR = """
local function contar(clave, limite, ancho, atras)
  local reloj = redis.call('TIME')
  local ahora = tonumber(reloj[1]) * 1000 + math.floor(tonumber(reloj[2]) / 1000)
  local actual = math.floor(ahora / ancho)
  local estado = redis.call('HMGET', clave, 'total', 'desde')
  local total, desde = tonumber(estado[1]) or 0, tonumber(estado[2])
  if desde and actual < desde + atras then
    -- The clock went back (e.g. a failover): keep counting in the newest bucket already used.
    actual = desde + atras
    ahora = math.max(ahora, actual * ancho)
  end
  local primero = actual - atras
  if desde and desde < primero then
    if primero - desde > atras then
      redis.call('DEL', clave)
      total = 0
    else
      for cubeta = desde, primero - 1 do
        local campo = string.format('%d', cubeta)
        local cuenta = redis.call('HGET', clave, campo)
        if cuenta then
          total = total - tonumber(cuenta)
          redis.call('HDEL', clave, campo)
        end
      end
    end
  end
  if total < limite then
    redis.call('HINCRBY', clave, string.format('%d', actual), 1)
    redis.call('HSET', clave, 'total', total + 1, 'desde', primero)
    redis.call('PEXPIRE', clave, (atras + 1) * ancho)
    return {1, 0}
  end
  if total <= 0 then
    return {0, (atras + 1) * ancho}  -- a limit of 0: nothing is ever allowed
  end
  redis.call('HSET', clave, 'total', total, 'desde', primero)
  -- Refused: the wait until enough of the oldest buckets leave the window.
  local campos, cubetas, cuentas = redis.call('HGETALL', clave), {}, {}
  for i = 1, #campos, 2 do
    local cubeta = tonumber(campos[i])
    if cubeta then
      cubetas[#cubetas + 1] = cubeta
      cuentas[cubeta] = tonumber(campos[i + 1])
    end
  end
  table.sort(cubetas)
  for _, cubeta in ipairs(cubetas) do
    total = total - cuentas[cubeta]
    if total < limite then
      return {0, (cubeta + atras + 1) * ancho - ahora}
    end
  end
  return {0, (atras + 1) * ancho}
end
"""
# The script: ARGV[1] = n, KEYS[1..n] are read (MGET), every further key is counted with its ARGV
# triple; answers the n values, then {allowed, ms} per count, flattened. Every throttle of a request
# and, for a token seen before, the user behind it and the cached answer: one round trip.
_SCRIPT = (
    _CONTAR
    + """
local n = tonumber(ARGV[1])
local respuesta = {}
if n > 0 then
  respuesta = redis.call('MGET', unpack(KEYS, 1, n))
end
for i = n + 1, #KEYS do
  local a = 2 + (i - n - 1) * 3
  local cuenta = contar(KEYS[i], tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]))
  respuesta[#respuesta + 1] = cuenta[1]
  respuesta[#respuesta + 1] = cuenta[2]
end
return respuesta
"""
)
_SCRIPT_SHA = hashlib.sha1(_SCRIPT.encode()).hexdigest()  # noqa: S324 - Redis names scripts by SHA-1


def _cuenta(cache: RedisCache, clave: str, limite: int, segundos: int) -> tuple[str, int, int, int]:
    """The script's key and arguments for counting one request against `limite` per `segundos` under `clave`."""
    ventana = segundos * 1000
    ancho = max(1, ventana // CUBETAS)
    return cache.make_key(f"{clave}:cubetas"), limite, ancho, -(-ventana // ancho)


def _segundos_de_espera(permitida, espera) -> float | None:
    return None if permitida else max(int(espera), 1) / 1000


def leer_y_contar(cache: RedisCache, claves: list[str], cuentas: list[tuple[str, int, int]]):
    """The cached values under `claves` (None where missing) and the outcome of each count in
    `cuentas` in one round trip: ([values], [None if allowed and counted, else the seconds to wait]).
    A count is (key, limit, seconds): one request against `limit` per `seconds` under `key`."""
    cliente = cache.client.get_client(write=True)
    argumentos = [_cuenta(cache, *cuenta) for cuenta in cuentas]
    keys = [cache.make_key(clave) for clave in claves] + [a[0] for a in argumentos]
    argv = [len(claves)] + [x for a in argumentos for x in a[1:]]
    try:
        respuesta = cliente.evalsha(_SCRIPT_SHA, len(keys), *keys, *argv)
    except NoScriptError:  # a restarted or another Redis: load it, then the SHA works again
        cliente.script_load(_SCRIPT)
        respuesta = cliente.evalsha(_SCRIPT_SHA, len(keys), *keys, *argv)
    valores = [None if v is None else cache.client.decode(v) for v in respuesta[: len(claves)]]
    resto = respuesta[len(claves) :]
    return valores, [_segundos_de_espera(resto[i], resto[i + 1]) for i in range(0, len(resto), 2)]


class ReservaLocalMixin:
    """Count in the shared cache; while it fails, count in this process instead of failing.

    A cache error must not become a 500, and must not read as "no attempts yet" either (that would
    allow unlimited logins during the outage). `estricto` throttles (password guesses) keep
    1/THROTTLE_RESERVA_PROCESOS of their budget per process while counting alone, so all the
    processes together allow no more than the shared limit.
    """

    estricto = False
    _espera = None

    def allow_request(self, request, view):
        global _caida_hasta
        self._espera = None
        if time.monotonic() >= _caida_hasta:
            self.cache = caches[ALIAS_ESTRICTA]
            try:
                if isinstance(self.cache, RedisCache):
                    return self._contar_en_redis(request, view)
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

    def cuenta(self, request, view) -> tuple[str, int, int] | None:
        """(key, limit, seconds) this throttle counts the request under, or None if it counts nothing:
        DRF's SimpleRateThrottle.allow_request (and ScopedRateThrottle's) up to the counting."""
        if isinstance(self, ScopedRateThrottle) and not self._tomar_escala(view):
            return None
        if self.rate is None:
            return None
        self.key = self.get_cache_key(request, view)
        return None if self.key is None else (self.key, self.num_requests, self.duration)

    def _tomar_escala(self, view) -> bool:
        """ScopedRateThrottle's first step: its scope and rate from the view; False if it has none."""
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return False
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return True

    def _contar_en_redis(self, request, view):
        """DRF's SimpleRateThrottle.allow_request with the counting done by a script: this throttle's
        count and those of the view's other throttles in one round trip (DRF asks every throttle of
        the view, allowed or not, so each is counted once either way)."""
        cuenta = self.cuenta(request, view)
        if cuenta is None:
            return True
        contadas = getattr(request, "cuentas_anticipadas", None)
        if contadas is None:
            contadas = request.cuentas_anticipadas = {}
        if self.key not in contadas:
            cuentas = [cuenta, *_las_demas_cuentas(request, view, self, contadas)]
            _, esperas = leer_y_contar(self.cache, [], cuentas)
            contadas.update(zip([c[0] for c in cuentas], esperas, strict=True))
        # Taken once: a second throttle under the same key (none today) counts again, as in DRF.
        self._espera = contadas.pop(self.key)
        return self._espera is None

    def cuenta_de_usuario(self, usuario_id, view) -> list[tuple[str, int, int]] | None:
        """What this throttle counts for a request of the signed-in user `usuario_id`, said before
        authenticating it: [(key, limit, seconds)], [] if nothing, None if it can't say beforehand.
        DRF's anonymous, user and scoped rates: an address for the anonymous, the user's id otherwise."""
        if isinstance(self, AnonRateThrottle):
            return []  # a signed-in request is not counted here
        if isinstance(self, ScopedRateThrottle):
            if not self._tomar_escala(view):
                return []
        elif not isinstance(self, UserRateThrottle):
            return None
        if self.rate is None:
            return []
        return [(self.cache_format % {"scope": self.scope, "ident": usuario_id}, self.num_requests, self.duration)]

    def wait(self):
        return self._espera if self._espera is not None else super().wait()


def _las_demas_cuentas(request, view, throttle, contadas) -> list[tuple[str, int, int]]:
    """The counts of the view's other throttles for this request, to make with `throttle`'s: each
    key once, and none already counted for it (`contadas`, e.g. ahead of authentication)."""
    if view is None or not hasattr(view, "get_throttles"):
        return []  # e.g. the admin's login form (espera_de_login): each throttle counts alone
    cuentas, claves = [], {throttle.key, *contadas}
    for otro in view.get_throttles():
        cuenta = (
            otro.cuenta(request, view)
            if isinstance(otro, ReservaLocalMixin) and type(otro) is not type(throttle)
            else None
        )
        if cuenta is not None and cuenta[0] not in claves:
            claves.add(cuenta[0])
            cuentas.append(cuenta)
    return cuentas


class AnonThrottle(ReservaLocalMixin, AnonRateThrottle):
    """DRF's anonymous rate, per client address."""


class UsuarioThrottle(ReservaLocalMixin, UserRateThrottle):
    """DRF's signed-in rate, per user."""


def cuentas_de_usuario(throttles, usuario_id, view) -> list[tuple[str, int, int]] | None:
    """The counts `throttles` make for a request of the signed-in `usuario_id`, when each of them
    can say so before authentication and the shared counters are up; None otherwise."""
    if time.monotonic() < _caida_hasta or not isinstance(caches[ALIAS_ESTRICTA], RedisCache):
        return None
    cuentas = []
    for throttle in throttles:
        cuenta = throttle.cuenta_de_usuario(usuario_id, view) if isinstance(throttle, ReservaLocalMixin) else None
        if cuenta is None:
            return None
        cuentas += cuenta
    return cuentas


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
