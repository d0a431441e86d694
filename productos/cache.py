"""Whole-response cache of catalogue reads, checked against a catalogue version that every catalogue write bumps.

A cached answer is stored under everything that shapes its body: the absolute URL with its raw
query string (the pagination links repeat it; photo URLs and links carry scheme and host) and the
negotiated media type; the entry carries the catalogue version it was built under, and is served
only while that is still the current version. A read is one round trip: the version and the entry
together (MGET). The answers don't depend on the caller's role. A write changes the version twice:
at once (a later read in the same process or test sees it) and again after its transaction
commits, so an answer a concurrent reader built from the pre-commit rows and stored with the
in-between version is never served. Readers store with the version they read BEFORE querying, so
a store racing a bump carries a dead version. A read by a known token is one round trip for the
whole request: the answer, the user behind the token and its throttle counts
(usuarios.authentication.leer_por_adelantado, which asks the view for `claves_anticipadas`).

The version lives on the strict cache alias: when Redis can't be reached the cache is bypassed
and every read goes to the database (backend.cache.con_cache_compartida). A bump that failed
during an outage is redone by this process on its next successful contact, so answers stored
before the outage are not served after it. The cache is off without a shared store
(`CATALOGO_CACHE_SEGUNDOS` = 0, the default without REDIS_URL): with per-process memory a write in
one worker would not reach the others.
"""

import hashlib
import uuid

from django.conf import settings
from django.db import transaction

from backend.cache import con_cache_compartida

CLAVE_VERSION = "catalogo:version"
_bump_pendiente = False


def activa() -> bool:
    return settings.CATALOGO_CACHE_SEGUNDOS > 0


def _cambiar_version() -> None:
    global _bump_pendiente
    # A random token, not a counter: after an eviction or a Redis restart no old key is reused.
    hecho = con_cache_compartida(lambda c: c.set(CLAVE_VERSION, uuid.uuid4().hex, timeout=None) or True, False)
    _bump_pendiente = not hecho


def invalidar_catalogo() -> None:
    """Make every cached catalogue answer unreachable, now and again once the current transaction commits."""
    if not activa():
        return
    _cambiar_version()
    transaction.on_commit(_cambiar_version)


def _leer_version(c) -> str:
    version = c.get(CLAVE_VERSION)
    if version is None:
        c.add(CLAVE_VERSION, uuid.uuid4().hex, timeout=None)
        version = c.get(CLAVE_VERSION)
    return version


def version_catalogo() -> str | None:
    """The current catalogue version, or None when the store can't be reached (then nothing is cached)."""
    if _bump_pendiente:
        _cambiar_version()
        if _bump_pendiente:
            return None
    return con_cache_compartida(_leer_version)


def _clave_respuesta(request, tipo: str | None = None) -> str:
    """The cache key of a catalogue read: what its body depends on, the negotiated media type
    included (`tipo`, else DRF's on the request); worked out once per request."""
    clave = getattr(request, "clave_catalogo", None)
    if clave is None:
        tipo = getattr(request, "accepted_media_type", "") if tipo is None else tipo
        partes = f"{request.build_absolute_uri(request.get_full_path())}\n{tipo}"
        clave = request.clave_catalogo = f"catalogo:r:{hashlib.sha256(partes.encode()).hexdigest()}"
    return clave


def fijar_clave(request, tipo: str) -> None:
    """Work out the key of a read that is answered before DRF negotiates it, for media type `tipo`."""
    _clave_respuesta(request, tipo)


def _de_lo_leido(version, entrada):
    if entrada is not None and entrada[0] == version:
        return entrada[1:], version
    return None, version


def _buscar(c, clave: str):
    leidas = c.get_many([CLAVE_VERSION, clave])
    version = leidas.get(CLAVE_VERSION)
    if version is None:
        return None, _leer_version(c)
    return _de_lo_leido(version, leidas.get(clave))


def claves_anticipadas(request) -> list[str]:
    """What usuarios.authentication reads with the user behind a known token, in its one round
    trip: the catalogue version and this request's stored answer (nothing while a bump is pending)."""
    return [] if _bump_pendiente else [CLAVE_VERSION, _clave_respuesta(request)]


def leer(request) -> tuple[tuple[bytes, str, str] | None, tuple[str, str] | None]:
    """(the stored answer (body, Content-Type, ETag) or None, where to store a fresh one or None).

    Both are None when the store can't be reached: then nothing is read from it or stored in it.
    """
    if _bump_pendiente:
        _cambiar_version()
        if _bump_pendiente:
            return None, None
    clave = _clave_respuesta(request)
    leidas = getattr(request, "leidas_anticipadas", None) or {}
    if clave in leidas and leidas.get(CLAVE_VERSION) is not None:
        guardada, version = _de_lo_leido(leidas[CLAVE_VERSION], leidas[clave])
    else:
        guardada, version = con_cache_compartida(lambda c: _buscar(c, clave), (None, None))
    if version is None:
        return None, None
    return guardada, (None if guardada is not None else (clave, version))


def guardar(destino: tuple[str, str], cuerpo: bytes, tipo: str, etag: str) -> None:
    """Store an answer rendered after reading `destino`'s version (from `leer`)."""
    clave, version = destino
    entrada = (version, cuerpo, tipo, etag)
    con_cache_compartida(lambda c: c.set(clave, entrada, timeout=settings.CATALOGO_CACHE_SEGUNDOS))


def etag_de(cuerpo: bytes) -> str:
    """A strong ETag for an answer's bytes."""
    return f'"{hashlib.sha256(cuerpo).hexdigest()[:24]}"'
