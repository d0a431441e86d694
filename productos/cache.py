"""Whole-response cache of catalogue reads, keyed by a catalogue version that every catalogue write bumps.

A cached answer is stored under the current catalogue version plus everything that shapes its
body: the absolute URL with its raw query string (the pagination links repeat it; photo URLs and
links carry scheme and host) and the negotiated media type. The answers don't depend on the
caller's role. A write changes the version twice: at once (a later read in the same process or
test sees it) and again after its transaction commits, so an answer a concurrent reader built
from the pre-commit rows and stored under the in-between version is never served. Readers store
under the version they read BEFORE querying, so a store racing a bump lands under a dead version.

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


def clave_respuesta(request, version: str) -> str:
    """The cache key of a catalogue read: the version plus what the body depends on."""
    partes = f"{request.build_absolute_uri(request.get_full_path())}\n{getattr(request, 'accepted_media_type', '')}"
    return f"catalogo:r:{version}:{hashlib.sha256(partes.encode()).hexdigest()}"


def leer(clave: str) -> tuple[bytes, str, str] | None:
    """A stored answer: (body, Content-Type, ETag), or None."""
    return con_cache_compartida(lambda c: c.get(clave))


def guardar(clave: str, cuerpo: bytes, tipo: str, etag: str) -> None:
    con_cache_compartida(lambda c: c.set(clave, (cuerpo, tipo, etag), timeout=settings.CATALOGO_CACHE_SEGUNDOS))


def etag_de(cuerpo: bytes) -> str:
    """A strong ETag for an answer's bytes."""
    return f'"{hashlib.sha256(cuerpo).hexdigest()[:24]}"'
