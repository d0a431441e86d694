"""JWT authentication that also refuses tokens issued before the user's last deactivation.

The user behind a token comes from a short-lived cache (USUARIO_CACHE_SEGUNDOS) instead of a query
per request. Every save or deletion of a user (deactivation, role, password, tokens_validos_desde,
whoever does it: services, admin, simplejwt's last_login) changes that user's generation, at once
and again after commit (usuarios/signals.py); an entry stored under another generation is ignored,
so a request that read the row before the change can't put the old user back in the cache.

An entry holds the user's columns except the password hash (the user built from it has
`password` deferred: code that needs it, such as a password check, loads it from the database),
plus the MD5 of the hash that simplejwt puts in every access token it issues (`hash_password`),
so a token issued before a password change is still refused on a hit.
"""

import functools
import hashlib
import time
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from backend.cache import con_cache_compartida
from usuarios import throttling


@functools.cache
def _campos() -> tuple[str, ...]:
    """The user's columns that are cached (attnames, in model order): all but `password`."""
    return tuple(f.attname for f in get_user_model()._meta.concrete_fields if f.attname != "password")


@functools.cache
def _firma() -> str:
    return hashlib.sha256(" ".join(_campos()).encode()).hexdigest()[:12]


def _claves(usuario_id) -> tuple[str, str]:
    # The entry's key names the columns it holds: an entry written by code with other columns
    # (before or after a migration) is never read as this code's tuple.
    return f"auth:gen:{usuario_id}", f"auth:usuario:{_firma()}:{usuario_id}"


def _entrada(usuario) -> tuple:
    """What the cache keeps of `usuario`: the revocation claim of its tokens and every column but the password."""
    return get_md5_hash_password(usuario.password), tuple(getattr(usuario, campo) for campo in _campos())


def _usuario_de(entrada):
    """The user an entry describes, with `password` deferred, and the revocation claim of its tokens."""
    huella, valores = entrada
    modelo = get_user_model()
    return modelo.from_db(modelo.objects.db, _campos(), valores), huella


# Users whose invalidation failed (Redis down): redone on this process's next successful contact,
# so an entry from before the outage is not served after it.
_pendientes: set = set()


def _cambiar_generacion(usuario_id) -> None:
    hecho = con_cache_compartida(lambda c: c.set(_claves(usuario_id)[0], uuid.uuid4().hex, timeout=None) or True)
    if hecho:
        _pendientes.discard(usuario_id)
    else:
        _pendientes.add(usuario_id)


def invalidar_usuario(usuario_id) -> None:
    """Forget the cached user `usuario_id`, now and again once the current transaction commits."""
    if settings.USUARIO_CACHE_SEGUNDOS <= 0:
        return
    _cambiar_generacion(usuario_id)
    transaction.on_commit(lambda: _cambiar_generacion(usuario_id))


def _generacion_y_entrada(c, usuario_id):
    clave_gen, clave_usuario = _claves(usuario_id)
    # One round trip on a hit: the generation and the entry together.
    leidas = c.get_many([clave_gen, clave_usuario])
    generacion, entrada = leidas.get(clave_gen), leidas.get(clave_usuario)
    if generacion is None:
        c.add(clave_gen, uuid.uuid4().hex, timeout=None)
        generacion = c.get(clave_gen)
    return generacion, entrada


def _usuario_y_huella(usuario_id, leidas=None):
    """(user, revocation claim): from the cache when its generation is current; DoesNotExist if there is none.

    `leidas`: what the request's read-ahead got from the cache, by key (leer_por_adelantado).
    """
    modelo = get_user_model()
    segundos = settings.USUARIO_CACHE_SEGUNDOS
    if segundos <= 0:
        usuario = modelo.objects.get(pk=usuario_id)
        return usuario, get_md5_hash_password(usuario.password)
    for pendiente in list(_pendientes):
        _cambiar_generacion(pendiente)
    if _pendientes:
        usuario = modelo.objects.get(pk=usuario_id)
        return usuario, get_md5_hash_password(usuario.password)
    clave_gen, clave_usuario = _claves(usuario_id)
    if leidas and leidas.get(clave_gen) is not None:
        generacion, entrada = leidas[clave_gen], leidas.get(clave_usuario)
    else:
        generacion, entrada = con_cache_compartida(lambda c: _generacion_y_entrada(c, usuario_id), (None, None))
    if generacion is not None and entrada is not None and entrada[0] == generacion:
        return _usuario_de(entrada[1:])
    # Read after taking the generation: a change that lands meanwhile bumps it, orphaning this entry.
    usuario = modelo.objects.get(pk=usuario_id)
    guardada = _entrada(usuario)
    if generacion is not None:
        con_cache_compartida(lambda c: c.set(clave_usuario, (generacion, *guardada), timeout=segundos))
    return usuario, guardada[0]


def usuario_por_id(usuario_id):
    """The user with this id, from the cache when its generation is current; DoesNotExist if there is none."""
    return _usuario_y_huella(usuario_id)[0]


# Access tokens this process has verified (signature, type, claims), until their `exp`: a client
# presents the same token on every request, and decoding and verifying it again is a tenth of a
# cached catalogue read. The user behind it is still checked on every request (get_user). Bounded:
# emptied when full.
_verificados: dict[bytes, tuple[float, object]] = {}
MAX_VERIFICADOS = 4096


def _token_crudo(autenticacion: JWTAuthentication, request) -> bytes | None:
    """The Bearer token of the request as sent, or None (no header, another scheme, a malformed one)."""
    cabecera = autenticacion.get_header(request)
    try:
        return autenticacion.get_raw_token(cabecera) if cabecera else None
    except AuthenticationFailed:
        return None


def _token_conocido(autenticacion: JWTAuthentication, request):
    """The access token of this request if this process has verified it before and it has not
    expired nor been refused since (no signature check here), else None."""
    crudo = _token_crudo(autenticacion, request)
    verificado = _verificados.get(crudo) if crudo else None
    return verificado[1] if verificado is not None and time.time() < verificado[0] else None


def leer_por_adelantado(autenticacion: JWTAuthentication, request, vista=None) -> dict | None:
    """For a token this process knows: the user behind it, whatever else the view wants read
    (`view.claves_anticipadas(request)`, e.g. the catalogue's cached answer) and every count of the
    view's throttles, in one round trip, before the user is checked. The counts are left on the
    request for the throttles (`cuentas_anticipadas`), the values too (`leidas_anticipadas`, by
    key); answers the values, or None when anything asks for the usual path (a first or unknown
    token, the user cache off or an invalidation pending, a throttle that can't say its key before
    authentication, Redis down).

    A request refused anyway has cost its user one count; a refused token leaves the verified set
    (JWTAutenticacion.authenticate), so that happens at most once per token and process.
    """
    leidas = getattr(request, "leidas_anticipadas", None)
    if leidas is not None:  # read already, for this same request (productos.views' fast path)
        return leidas
    token = _token_conocido(autenticacion, request)
    vista = vista or (getattr(request, "parser_context", None) or {}).get("view")
    if token is None or vista is None or settings.USUARIO_CACHE_SEGUNDOS <= 0 or _pendientes:
        return None
    usuario_id = token.get(api_settings.USER_ID_CLAIM)
    cuentas = throttling.cuentas_de_usuario(vista.get_throttles(), usuario_id, vista)
    if cuentas is None:
        return None
    claves = [*_claves(usuario_id), *getattr(vista, "claves_anticipadas", lambda _: [])(request)]
    leidas = con_cache_compartida(lambda c: throttling.leer_y_contar(c, claves, cuentas))
    if leidas is None:
        return None
    valores, esperas = leidas
    request.cuentas_anticipadas = {cuenta[0]: espera for cuenta, espera in zip(cuentas, esperas, strict=True)}
    request.leidas_anticipadas = dict(zip(claves, valores, strict=True))
    return request.leidas_anticipadas


class JWTAutenticacion(JWTAuthentication):
    """simplejwt's Bearer authentication plus `Usuario.tokens_validos_desde`, the user from a short cache.

    For a token seen before, the user and the request's throttle counts come in one round trip
    (leer_por_adelantado).
    """

    _leidas = None

    def authenticate(self, request):
        self._leidas = leer_por_adelantado(self, request)
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            # Refused (revoked, user gone or inactive): verified in full again next time, and never
            # read ahead of authentication, which would count it in the user's throttles.
            _verificados.pop(_token_crudo(self, request), None)
            raise

    def get_validated_token(self, raw_token):
        verificado = _verificados.get(raw_token)
        if verificado is not None and time.time() < verificado[0]:
            return verificado[1]
        token = super().get_validated_token(raw_token)
        if len(_verificados) >= MAX_VERIFICADOS:
            _verificados.clear()
        # simplejwt refuses a token without `exp` (Token.verify): it is always there.
        _verificados[raw_token] = (float(token["exp"]), token)
        return token

    def get_user(self, validated_token):
        return _usuario_del_token(validated_token, self._leidas)


def _usuario_del_token(validated_token, leidas=None):
    """simplejwt's checks (user exists, is active, password-hash claim) and `tokens_validos_desde`,
    on the cached user; the user, or AuthenticationFailed saying why not."""
    try:
        usuario_id = validated_token[api_settings.USER_ID_CLAIM]
    except KeyError as exc:
        raise InvalidToken(_("Token contained no recognizable user identification")) from exc
    try:
        usuario, huella = _usuario_y_huella(usuario_id, leidas)
    except (get_user_model().DoesNotExist, ValueError, TypeError) as exc:
        raise AuthenticationFailed(_("User not found"), code="user_not_found") from exc
    if api_settings.CHECK_USER_IS_ACTIVE and not usuario.is_active:
        raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
    if api_settings.CHECK_REVOKE_TOKEN and validated_token.get(api_settings.REVOKE_TOKEN_CLAIM) != huella:
        raise AuthenticationFailed(_("The user's password has been changed."), code="password_changed")
    if not usuario.acepta_token_emitido(validated_token.get("iat")):
        raise AuthenticationFailed("Token no válido.", code="token_not_valid")
    return usuario


def usuario_aceptado(request, vista):
    """The user a known token of this request stands for, when JWTAutenticacion would accept it,
    from one round trip that also counts the view's throttles (leer_por_adelantado, its values left
    on the request for the DRF path); None when anything needs the full path (an unknown token, a
    refusal to word, the usual path of leer_por_adelantado). Without a database query on a cache hit."""
    autenticacion = JWTAutenticacion()
    leidas = leer_por_adelantado(autenticacion, request, vista)
    token = _token_conocido(autenticacion, request) if leidas is not None else None
    if token is None:
        return None
    try:
        return _usuario_del_token(token, leidas)
    except AuthenticationFailed:
        return None  # DRF's authentication refuses it in its own words (and forgets the token)


class JWTAutenticacionScheme(SimpleJWTScheme):
    """OpenAPI: the same `jwtAuth` Bearer scheme as simplejwt's own class."""

    target_class = "usuarios.authentication.JWTAutenticacion"
