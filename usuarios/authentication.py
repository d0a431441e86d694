"""JWT authentication that also refuses tokens issued before the user's last deactivation.

The user behind a token comes from a short-lived cache (USUARIO_CACHE_SEGUNDOS) instead of a query
per request. Every save or deletion of a user (deactivation, role, password, tokens_validos_desde,
whoever does it: services, admin, simplejwt's last_login) changes that user's generation, at once
and again after commit (usuarios/signals.py); an entry stored under another generation is ignored,
so a request that read the row before the change can't put the old user back in the cache.
"""

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


def _claves(usuario_id) -> tuple[str, str]:
    return f"auth:gen:{usuario_id}", f"auth:usuario:{usuario_id}"


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


def usuario_por_id(usuario_id):
    """The user with this id, from the cache when its generation is current; DoesNotExist if there is none."""
    modelo = get_user_model()
    segundos = settings.USUARIO_CACHE_SEGUNDOS
    if segundos <= 0:
        return modelo.objects.get(pk=usuario_id)
    for pendiente in list(_pendientes):
        _cambiar_generacion(pendiente)
    if _pendientes:
        return modelo.objects.get(pk=usuario_id)
    generacion, entrada = con_cache_compartida(lambda c: _generacion_y_entrada(c, usuario_id), (None, None))
    if generacion is not None and entrada is not None and entrada[0] == generacion:
        return entrada[1]
    # Read after taking the generation: a change that lands meanwhile bumps it, orphaning this entry.
    usuario = modelo.objects.get(pk=usuario_id)
    if generacion is not None:
        clave = _claves(usuario_id)[1]
        con_cache_compartida(lambda c: c.set(clave, (generacion, usuario), timeout=segundos))
    return usuario


class JWTAutenticacion(JWTAuthentication):
    """simplejwt's Bearer authentication plus `Usuario.tokens_validos_desde`, the user from a short cache."""

    def get_user(self, validated_token):
        # simplejwt's checks (user exists, is active, password-hash claim), on the cached user.
        try:
            usuario_id = validated_token[api_settings.USER_ID_CLAIM]
        except KeyError as exc:
            raise InvalidToken(_("Token contained no recognizable user identification")) from exc
        try:
            usuario = usuario_por_id(usuario_id)
        except (get_user_model().DoesNotExist, ValueError, TypeError) as exc:
            raise AuthenticationFailed(_("User not found"), code="user_not_found") from exc
        if api_settings.CHECK_USER_IS_ACTIVE and not usuario.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        if api_settings.CHECK_REVOKE_TOKEN and validated_token.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(usuario.password):
            raise AuthenticationFailed(_("The user's password has been changed."), code="password_changed")
        if not usuario.acepta_token_emitido(validated_token.get("iat")):
            raise AuthenticationFailed("Token no válido.", code="token_not_valid")
        return usuario


class JWTAutenticacionScheme(SimpleJWTScheme):
    """OpenAPI: the same `jwtAuth` Bearer scheme as simplejwt's own class."""

    target_class = "usuarios.authentication.JWTAutenticacion"
