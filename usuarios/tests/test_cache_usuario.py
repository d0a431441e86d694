"""Issue 14.2: the user behind a token is cached without its password hash, and still behaves as the row does."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_redis.cache import RedisCache
from rest_framework.test import APIClient

from usuarios.models import Usuario

pytestmark = pytest.mark.django_db


@pytest.fixture
def con_cache(settings):
    settings.USUARIO_CACHE_SEGUNDOS = 60


def _valores_en_cache() -> list[bytes]:
    """Every value the shared cache holds, as the bytes it stores."""
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return list(cache._cache.values())  # LocMemCache: pickled values
    from django_redis import get_redis_connection

    conexion = get_redis_connection("default")
    valores = []
    for clave in conexion.scan_iter(match=cache.make_key("*")):
        if conexion.type(clave) == b"string":
            valores.append(conexion.get(clave))
        else:  # the throttles' counters
            valores.extend(b"".join(par) for par in conexion.hgetall(clave).items())
    return valores


def _accesos(usuario, password):
    respuesta = APIClient().post(reverse("usuarios:login"), {"username": usuario.username, "password": password})
    assert respuesta.status_code == 200, respuesta.content
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {respuesta.json()['access']}")
    return api


def test_la_cache_no_guarda_el_hash_de_la_contrasena(con_cache, cliente):
    cliente.email, cliente.first_name = "ana@example.com", "Ana"
    cliente.set_password("Una-clave-larga-1")
    cliente.save()
    api = _accesos(cliente, "Una-clave-larga-1")
    me = reverse("usuarios:me")
    assert api.get(me).status_code == 200

    # The second read is served from the cache: every field of /me/, no query for the user.
    with CaptureQueriesContext(connection) as consultas:
        respuesta = api.get(me)
    assert not [q for q in consultas.captured_queries if 'FROM "usuarios_usuario"' in q["sql"]]
    assert respuesta.json() | {"notificaciones_email": None} == {
        "id": cliente.pk,
        "username": cliente.username,
        "email": "ana@example.com",
        "first_name": "Ana",
        "last_name": cliente.last_name,
        "rol": Usuario.Rol.CLIENT,
        "notificaciones_email": None,
    }

    valores = _valores_en_cache()
    hash_guardado = Usuario.objects.get(pk=cliente.pk).password
    # Pickled text keeps its UTF-8 bytes: the user's entry is there, its hash is not.
    assert any(b"ana@example.com" in valor for valor in valores), "the user is not cached"
    for parte in (hash_guardado, *hash_guardado.split("$")[1:]):
        assert not any(parte.encode() in valor for valor in valores), parte


def test_con_el_usuario_en_cache_cambiar_la_contrasena_comprueba_la_actual(con_cache, cliente):
    cliente.set_password("Una-clave-larga-1")
    cliente.save()
    api = _accesos(cliente, "Una-clave-larga-1")
    assert api.get(reverse("usuarios:me")).status_code == 200  # cached from here on
    url = reverse("usuarios:me-password")

    mal = api.post(url, {"password_actual": "no-es-esta", "password_nuevo": "Otra-clave-larga-2"})
    assert mal.status_code == 400, mal.content
    bien = api.post(url, {"password_actual": "Una-clave-larga-1", "password_nuevo": "Otra-clave-larga-2"})
    assert bien.status_code == 200, bien.content

    # The token carries the old hash's claim: refused, and the new password logs in.
    assert api.get(reverse("usuarios:me")).status_code == 401
    assert _accesos(cliente, "Otra-clave-larga-2").get(reverse("usuarios:me")).status_code == 200
    assert Usuario.objects.get(pk=cliente.pk).check_password("Otra-clave-larga-2")


def test_editar_el_perfil_con_el_usuario_en_cache_no_toca_la_contrasena(con_cache, cliente):
    cliente.set_password("Una-clave-larga-1")
    cliente.save()
    api = _accesos(cliente, "Una-clave-larga-1")
    me = reverse("usuarios:me")
    assert api.get(me).status_code == 200

    editado = api.patch(me, {"first_name": "Nuevo nombre"})
    assert editado.status_code == 200, editado.content
    assert api.get(me).json()["first_name"] == "Nuevo nombre"
    fila = Usuario.objects.get(pk=cliente.pk)
    assert fila.first_name == "Nuevo nombre" and fila.check_password("Una-clave-larga-1")
