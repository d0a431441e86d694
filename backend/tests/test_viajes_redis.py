"""Issue 14: what a request costs in Redis round trips, seen by Redis itself (MONITOR on the test's db).

Runs only with REDIS_URL (the PostgreSQL + Redis suite). Commands a Lua script runs inside Redis
are not round trips and are left out; the script call itself (EVALSHA) counts once.
"""

import uuid

import pytest
import redis
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from productos.tests.factories import ProductoFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.REDIS_URL, reason="Counts Redis commands: needs REDIS_URL."),
]


# What redis-py sends once when it opens a connection (a pool made after a settings change may
# open one mid-measurement): not a per-request round trip.
CONEXION = {"HELLO", "SELECT", "CLIENT", "AUTH"}


@pytest.fixture
def comandos_redis(settings):
    """`medir(funcion)`: the commands this test's clients sent to its Redis db while `funcion` ran."""
    conexion, marcador = redis.Redis.from_url(settings.REDIS_URL), redis.Redis.from_url(settings.REDIS_URL)
    db = conexion.connection_pool.connection_kwargs.get("db", 0)
    marcador.ping()  # its connection (and SELECT) made before measuring

    def medir(funcion) -> list[str]:
        marca = f"fin-de-medida-{uuid.uuid4().hex}"
        with conexion.monitor() as monitor:
            funcion()
            # MONITOR reports commands in the order Redis ran them: everything before the mark is ours.
            marcador.echo(marca)
            comandos = []
            while marca not in (orden := monitor.next_command())["command"]:
                nombre = orden["command"].split(" ", 1)[0].upper()
                if orden["db"] == db and orden["client_type"] != "lua" and nombre not in CONEXION:
                    comandos.append(nombre)
        return comandos

    return medir


def test_un_detalle_en_cache_cuesta_un_viaje_a_redis(con_cache, cliente, auth_client, comandos_redis):
    """The user behind the token, the user's throttle and the cached answer, all in one round trip."""
    api = auth_client(cliente)
    url = reverse("productos:producto-detail", args=[ProductoFactory().pk])
    primera = api.get(url)
    assert primera.status_code == 200
    # The token is now known to this process; the first read by it also loads the script in Redis.
    assert api.get(url).content == primera.content
    respuestas = []
    comandos = comandos_redis(lambda: respuestas.append(api.get(url)))
    assert respuestas[0].status_code == 200 and respuestas[0].content == primera.content
    assert comandos == ["EVALSHA"], comandos


def test_cualquier_peticion_con_un_token_conocido_cuesta_un_viaje(con_cache, cliente, auth_client, comandos_redis):
    """The user behind the token and the view's throttles together, on any endpoint."""
    api = auth_client(cliente)
    url = reverse("usuarios:me")
    assert api.get(url).status_code == 200
    assert api.get(url).status_code == 200
    respuestas = []
    comandos = comandos_redis(lambda: respuestas.append(api.get(url)))
    assert respuestas[0].status_code == 200
    assert comandos == ["EVALSHA"], comandos


def test_un_token_nuevo_cuesta_el_usuario_y_sus_throttles(con_cache, cliente, auth_client, comandos_redis):
    """A token this process has not verified yet: the user (one MGET), then the throttles (one script)."""
    url = reverse("usuarios:me")
    assert auth_client(cliente).get(url).status_code == 200  # the user is in the cache
    api = auth_client(cliente)
    respuestas = []
    comandos = comandos_redis(lambda: respuestas.append(api.get(url)))
    assert respuestas[0].status_code == 200
    assert comandos == ["MGET", "EVALSHA"], comandos


def test_una_peticion_anonima_cuenta_sus_dos_throttles_en_un_viaje(comandos_redis):
    """Anonymous callers are counted by address in both default throttles (DRF's anon and user rates)."""
    api = APIClient()
    url = reverse("usuarios:token-refresh")
    assert api.post(url, {"refresh": "no-es-un-token"}).status_code == 401  # the script is loaded
    comandos = comandos_redis(lambda: api.post(url, {"refresh": "no-es-un-token"}))
    assert comandos == ["EVALSHA"], comandos


def test_los_dos_limites_del_login_cuestan_un_viaje(cliente, comandos_redis):
    api = APIClient()
    url = reverse("usuarios:login")
    intento = {"username": cliente.username, "password": "no-es-esta"}
    assert api.post(url, intento).status_code == 401
    comandos = comandos_redis(lambda: api.post(url, intento))
    # The per-address and the per-username limits (the login view's own throttles).
    assert comandos == ["EVALSHA"], comandos


def test_el_contador_de_un_throttle_no_crece_con_las_peticiones(cliente, auth_client, settings):
    """DRF's own counter is a list of every timestamp in the window; this one is a few buckets."""
    from django_redis import get_redis_connection

    from usuarios.throttling import CUBETAS

    api = auth_client(cliente)
    for _ in range(300):
        assert api.get(reverse("usuarios:me")).status_code == 200
    conexion = get_redis_connection("default")
    claves = list(conexion.scan_iter(match=f"*throttle_user_{cliente.pk}:cubetas"))
    assert len(claves) == 1, claves
    assert conexion.hlen(claves[0]) <= CUBETAS + 3
    assert conexion.memory_usage(claves[0]) < 512


def test_la_espera_de_un_limite_por_minuto_es_de_un_minuto(cliente, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "login": "2/min"})
    api = APIClient(REMOTE_ADDR="203.0.113.77")
    for _ in range(2):
        assert api.post(reverse("usuarios:login"), {"username": "nadie", "password": "x"}).status_code == 401
    limitada = api.post(reverse("usuarios:login"), {"username": "nadie", "password": "x"})
    assert limitada.status_code == 429
    # The oldest attempt leaves the window after 60 s (at most one 1-second bucket more).
    assert 59 <= int(limitada["Retry-After"]) <= 61
