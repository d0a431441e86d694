"""Issue 15: with Redis unreachable the API degrades instead of failing, and the health check says so.

The cache is pointed at a port where nothing listens (connection refused) or at a socket that accepts
and never answers (a hung Redis). Every answer must be what it is with Redis up, except that the
throttles count per process, stricter for password guesses.
"""

import logging
import socket
import subprocess
import sys
import time

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from backend.cache import configurar_caches
from backend.testing.servidor import puerto_libre
from productos.tests.factories import ProductoFactory
from usuarios import throttling
from ventas.models import Venta

ALTAS = "100000/min"
ESCALAS = ("anon", "user", "login", "login_usuario", "register", "checkout")


@pytest.fixture
def redis_caido(settings):
    """The cache points at a closed port; the per-process counters start empty and are emptied after."""
    settings.CACHES = configurar_caches(f"redis://127.0.0.1:{puerto_libre()}/0", prefijo="prueba-caida")
    throttling._contadores_locales.clear()
    throttling._caida_hasta = 0.0
    yield
    throttling._contadores_locales.clear()
    throttling._caida_hasta = 0.0


@pytest.fixture
def redis_colgado(settings):
    """The cache points at a socket that accepts connections and never answers."""
    escucha = socket.socket()
    escucha.bind(("127.0.0.1", 0))
    escucha.listen(64)
    settings.CACHES = configurar_caches(f"redis://127.0.0.1:{escucha.getsockname()[1]}/0", prefijo="prueba-colgado")
    throttling._contadores_locales.clear()
    throttling._caida_hasta = 0.0
    yield
    escucha.close()
    throttling._contadores_locales.clear()
    throttling._caida_hasta = 0.0


@pytest.fixture
def tasas(monkeypatch):
    def _fijar(**por_escala):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {e: por_escala.get(e, ALTAS) for e in ESCALAS})

    return _fijar


def _login(api, username, password="incorrecta-123"):
    return api.post(reverse("usuarios:login"), {"username": username, "password": password}, format="json")


@pytest.mark.django_db
def test_sin_redis_cada_ruta_responde_como_con_redis(redis_caido, cliente, auth_client):
    """Login, register, schema, docs and signed-in requests: the answers of a healthy shop, no 500."""
    producto = ProductoFactory(stock=5, precio="10.00")
    cliente.set_password("Clave-de-prueba-1")
    cliente.save()
    anonimo = APIClient(raise_request_exception=False)
    api = auth_client(cliente)
    api.raise_request_exception = False

    login = _login(anonimo, cliente.username, "Clave-de-prueba-1")
    assert login.status_code == 200, login.content
    assert login.json()["access"]
    assert _login(anonimo, "nadie-aqui").status_code == 401
    registro = anonimo.post(
        reverse("usuarios:register"),
        {"username": "recien-llegada", "password": "Una-clave-larga-1", "email": "recien@example.com"},
        format="json",
    )
    assert registro.status_code == 201, registro.content
    assert anonimo.get(reverse("schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").status_code == 200
    assert anonimo.get(reverse("docs")).status_code == 200

    assert api.get(reverse("usuarios:me")).status_code == 200
    assert api.get(reverse("productos:producto-list")).status_code == 200
    assert api.get(reverse("productos:producto-detail", args=[producto.pk])).status_code == 200
    assert api.post(reverse("ventas:carrito-item-list"), {"producto": producto.pk, "cantidad": 2}).status_code == 201
    assert api.get(reverse("ventas:carrito")).status_code == 200
    compra = api.post(reverse("ventas:checkout"), {}, HTTP_IDEMPOTENCY_KEY="compra-sin-redis")
    assert compra.status_code == 201, compra.content
    assert Venta.objects.filter(usuario=cliente).count() == 1


@pytest.mark.django_db
def test_sin_redis_el_login_sigue_limitado_y_mas_estricto(redis_caido, tasas, cliente, settings):
    """A miss must not read as "no attempts yet": per process the budget is 1/THROTTLE_RESERVA_PROCESOS."""
    settings.THROTTLE_RESERVA_PROCESOS = 4
    tasas(login_usuario="8/min", login="100/min")
    respuestas = [_login(APIClient(REMOTE_ADDR=f"198.51.100.{n + 1}"), cliente.username).status_code for n in range(6)]
    # 8 per minute shared by 4 processes: 2 per process while each counts alone.
    assert respuestas == [401, 401, 429, 429, 429, 429]

    tasas(login="3/min", login_usuario="100/min")
    throttling._contadores_locales.clear()
    api = APIClient(REMOTE_ADDR="203.0.113.50")
    # floor(3/4) is 0: at least one attempt per process is always allowed.
    assert [_login(api, f"nadie{n}").status_code for n in range(3)] == [401, 429, 429]


@pytest.mark.django_db
def test_sin_redis_los_demas_limites_cuentan_en_el_proceso(redis_caido, tasas, cliente, auth_client):
    tasas(user="3/min")
    api = auth_client(cliente)
    estados = [api.get(reverse("usuarios:me")).status_code for _ in range(4)]
    assert estados == [200, 200, 200, 429]


@pytest.mark.django_db
def test_sin_redis_se_avisa_una_vez_por_intervalo_no_por_peticion(redis_caido, cliente, auth_client, caplog):
    registro = logging.getLogger("backend.cache")
    for filtro in registro.filters:  # earlier tests of this process already spent this minute's line
        filtro._ultimo.clear()
    registro.addHandler(caplog.handler)
    try:
        api = auth_client(cliente)
        for _ in range(5):
            assert api.get(reverse("usuarios:me")).status_code == 200
            throttling._caida_hasta = 0.0  # try Redis on every request, as after each retry interval
    finally:
        registro.removeHandler(caplog.handler)
    avisos = [r for r in caplog.records if r.name == "backend.cache"]
    assert len(avisos) == 1, [r.getMessage() for r in avisos]
    assert avisos[0].levelno == logging.WARNING
    assert "per process" in avisos[0].getMessage()


@pytest.mark.django_db
def test_un_redis_colgado_cuesta_milisegundos_no_segundos(redis_colgado, cliente, auth_client):
    api = auth_client(cliente)
    duraciones = []
    for _ in range(6):
        inicio = time.monotonic()
        assert api.get(reverse("productos:producto-list")).status_code == 200
        duraciones.append(time.monotonic() - inicio)
    # The first request waits out the short socket timeout (0.25 s a call); then the throttles skip
    # Redis for REINTENTO_SEGUNDOS.
    assert max(duraciones) < 1.5, duraciones
    assert sum(duraciones[1:]) < 1.5, duraciones


@pytest.mark.django_db
def test_cuando_redis_vuelve_los_contadores_vuelven_a_ser_compartidos(settings, redis_caido, tasas, cliente):
    """After the outage, counting goes back to the shared cache (here the process memory store)."""
    tasas(login_usuario="3/min", login="100/min")
    assert _login(APIClient(), cliente.username).status_code == 401
    settings.CACHES = configurar_caches("")
    throttling._caida_hasta = 0.0
    estados = [_login(APIClient(), cliente.username).status_code for _ in range(4)]
    assert estados == [401, 401, 401, 429]


# --- /api/health/ and /api/health/live/ ------------------------------------------------------


@pytest.mark.django_db
def test_health_con_todo_arriba_responde_ok_con_latencias(api_client, settings):
    settings.CELERY_BROKER_URL = ""
    r = api_client.get(reverse("health"))
    assert r.status_code == 200
    cuerpo = r.json()
    assert {k: cuerpo[k] for k in ("status", "database", "cache")} == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "broker" not in cuerpo
    assert set(cuerpo["latencia_ms"]) == {"database", "cache"}
    assert all(isinstance(v, float) and v >= 0 for v in cuerpo["latencia_ms"].values())


@pytest.mark.django_db
def test_health_sin_cache_responde_degradado_200(api_client, redis_caido, settings):
    settings.CELERY_BROKER_URL = ""
    r = api_client.get(reverse("health"))
    assert r.status_code == 200
    cuerpo = r.json()
    assert (cuerpo["status"], cuerpo["database"], cuerpo["cache"]) == ("degraded", "ok", "down")


@pytest.mark.django_db
def test_health_sin_broker_responde_degradado_200(api_client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{puerto_libre()}/0"
    inicio = time.monotonic()
    r = api_client.get(reverse("health"))
    assert time.monotonic() - inicio < 2
    assert r.status_code == 200
    cuerpo = r.json()
    assert (cuerpo["status"], cuerpo["database"], cuerpo["cache"], cuerpo["broker"]) == (
        "degraded",
        "ok",
        "ok",
        "down",
    )
    assert set(cuerpo["latencia_ms"]) == {"database", "cache", "broker"}


@pytest.mark.django_db
def test_health_con_broker_arriba_lo_reporta_ok(api_client, settings):
    """RabbitMQ is on the machine at 127.0.0.1:5672 (issue 11); skip where it is not."""
    with socket.socket() as s:
        s.settimeout(0.5)
        if s.connect_ex(("127.0.0.1", 5672)) != 0:
            pytest.skip("No AMQP broker on 127.0.0.1:5672.")
    settings.CELERY_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    r = api_client.get(reverse("health"))
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["broker"]) == ("ok", "ok")


def _bd_caida(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused (simulated)")


@pytest.mark.django_db(transaction=True)
def test_health_sin_bd_503_y_live_200(settings):
    settings.CELERY_BROKER_URL = ""
    api = APIClient(raise_request_exception=False)
    with connection.execute_wrapper(_bd_caida):
        salud = api.get(reverse("health"))
        vivo = api.get(reverse("health-live"))
    assert salud.status_code == 503
    cuerpo = salud.json()
    assert (cuerpo["status"], cuerpo["database"], cuerpo["cache"], cuerpo["codigo"]) == (
        "down",
        "down",
        "ok",
        "servicio_no_disponible",
    )
    assert salud["Retry-After"]
    assert (vivo.status_code, vivo.json()) == (200, {"status": "ok"})


def test_live_no_toca_la_base_de_datos(client, django_assert_num_queries):
    """No `db` fixture: pytest-django fails any query, so the liveness path answers without one."""
    r = client.get(reverse("health-live"), HTTP_AUTHORIZATION="Bearer basura")
    assert (r.status_code, r.json()) == (200, {"status": "ok"})


# --- the same through a real gunicorn (2 workers) whose REDIS_URL points at nothing --------


@pytest.fixture(scope="module")
def gunicorn_sin_redis(django_db_setup, django_db_blocker, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("The real-process test needs PostgreSQL (gunicorn shares the test database).")
    from backend.testing.servidor import BASE_DIR, entorno_servidor
    from ventas.tests.http_concurrencia import servidor_de_pruebas, url_bd_de_pruebas

    with django_db_blocker.unblock():
        url = url_bd_de_pruebas()
    entorno = {
        "REDIS_URL": f"redis://127.0.0.1:{puerto_libre()}/0",
        "THROTTLE_LOGIN_USUARIO": "8/min",
        "THROTTLE_RESERVA_PROCESOS": "4",
        # The docs page needs the collected assets (manifest storage with DEBUG off).
        "DJANGO_STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=BASE_DIR,
        env=entorno_servidor({"DATABASE_URL": url, **entorno}),
        check=True,
        capture_output=True,
    )
    with servidor_de_pruebas(database_url=url, workers=2, entorno=entorno) as servidor:
        yield servidor


@pytest.mark.servidor_real
@pytest.mark.skipif(connection.vendor != "postgresql", reason="The real-process test needs PostgreSQL.")
@pytest.mark.django_db(transaction=True)
def test_gunicorn_sin_redis_sirve_y_limita_el_login(gunicorn_sin_redis, cliente):
    import requests

    from ventas.tests.http_concurrencia import token_de

    base = gunicorn_sin_redis.url
    producto = ProductoFactory(stock=3, precio="5.00")
    token = {"Authorization": f"Bearer {token_de(cliente)}"}
    salud = requests.get(f"{base}/api/health/", timeout=10)
    assert (salud.status_code, salud.json()["status"], salud.json()["cache"]) == (200, "degraded", "down")
    assert requests.get(f"{base}/api/health/live/", timeout=10).status_code == 200
    registro = requests.post(
        f"{base}/api/register/",
        json={"username": "sin-redis", "password": "Una-clave-larga-1", "email": "sin-redis@example.com"},
        timeout=10,
    )
    assert registro.status_code == 201, registro.text
    login = requests.post(
        f"{base}/api/login/", json={"username": "sin-redis", "password": "Una-clave-larga-1"}, timeout=10
    )
    assert login.status_code == 200, login.text
    assert requests.get(f"{base}/api/schema/", timeout=30).status_code == 200
    assert requests.get(f"{base}/api/docs/", timeout=10).status_code == 200
    assert requests.get(f"{base}/api/me/", headers=token, timeout=10).status_code == 200
    assert requests.get(f"{base}/api/productos/", headers=token, timeout=10).status_code == 200
    linea = requests.post(
        f"{base}/api/carrito-item/", json={"producto": producto.pk, "cantidad": 1}, headers=token, timeout=10
    )
    assert linea.status_code == 201, linea.text
    compra = requests.post(f"{base}/api/venta/", json={}, headers={**token, "Idempotency-Key": "k1"}, timeout=10)
    assert compra.status_code == 201, compra.text

    # 8 guesses a minute shared by 4 processes: each of the 2 workers allows 2 while it counts alone.
    estados = [
        requests.post(f"{base}/api/login/", json={"username": cliente.username, "password": "no-es"}, timeout=10)
        for _ in range(10)
    ]
    codigos = [r.status_code for r in estados]
    assert set(codigos) == {401, 429}, codigos
    assert 2 <= codigos.count(401) <= 4, codigos
    assert all(r.json()["codigo"] == "demasiadas_peticiones" for r in estados if r.status_code == 429)


def test_cada_throttle_de_la_api_tiene_reserva_local():
    """A throttle without the fallback would answer 500 for its endpoint during a Redis outage."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from rest_framework.settings import api_settings

    def vistas(patrones):
        for patron in patrones:
            if isinstance(patron, URLResolver):
                yield from vistas(patron.url_patterns)
            elif isinstance(patron, URLPattern):
                yield patron.callback

    clases = set(api_settings.DEFAULT_THROTTLE_CLASSES)
    for vista in vistas(get_resolver().url_patterns):
        clase = getattr(vista, "cls", None) or getattr(vista, "view_class", None)
        clases.update(getattr(clase, "throttle_classes", ()) if clase else ())
    sin_reserva = sorted(c.__qualname__ for c in clases if not issubclass(c, throttling.ReservaLocalMixin))
    assert not sin_reserva, f"Throttles without usuarios.throttling.ReservaLocalMixin: {sin_reserva}"
    from ventas.views import CheckoutThrottle

    assert {throttling.LoginUsuarioThrottle, throttling.RegistroThrottle, CheckoutThrottle} <= clases
