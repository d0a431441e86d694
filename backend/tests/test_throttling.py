"""Abuse limits: each scope answers 429 with Retry-After and the JSON error after its rate."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from productos.tests.factories import ProductoFactory
from ventas.services import agregar_al_carrito

ALTAS = "100000/min"
ESCALAS = ("anon", "user", "login", "login_usuario", "register", "checkout")


@pytest.fixture(autouse=True, params=[0, 60], ids=["sin-cache-de-usuario", "con-cache-de-usuario"])
def cache_de_usuario(request, settings):
    """Every limit with and without the user cache: with it (production with Redis), a request by a
    token seen before counts its throttles ahead of authentication (usuarios.authentication)."""
    settings.USUARIO_CACHE_SEGUNDOS = request.param


@pytest.fixture
def tasas(monkeypatch):
    """Set the rate of some scopes (the rest stay unlimited for the test).

    DRF copies DEFAULT_THROTTLE_RATES into the class at import time, so the class attribute is
    what has to change; the counters themselves still go through the configured cache.
    """

    def _fijar(**por_escala):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {e: por_escala.get(e, ALTAS) for e in ESCALAS})

    return _fijar


def _login(cliente_api, username, password="incorrecta-123", **extra):
    return cliente_api.post(reverse("usuarios:login"), {"username": username, "password": password}, **extra)


def assert_limitada(respuesta):
    assert respuesta.status_code == 429, respuesta.content
    assert int(respuesta["Retry-After"]) > 0
    cuerpo = respuesta.json()
    assert cuerpo["codigo"] == "demasiadas_peticiones"
    assert cuerpo["error"]
    assert cuerpo["campos"] == {}


@pytest.mark.django_db
def test_login_is_limited_per_address_whatever_the_username(tasas):
    tasas(login="3/min")
    api = APIClient(REMOTE_ADDR="203.0.113.10")

    for n in range(3):
        assert _login(api, f"nadie{n}").status_code == 401
    assert_limitada(_login(api, "otro-nombre"))

    # Another address has its own budget.
    assert _login(APIClient(REMOTE_ADDR="203.0.113.11"), "nadie0").status_code == 401


@pytest.mark.django_db
def test_login_is_limited_per_username_whatever_the_address(tasas, cliente):
    tasas(login_usuario="3/min")

    for n in range(3):
        assert _login(APIClient(REMOTE_ADDR=f"198.51.100.{n + 1}"), cliente.username).status_code == 401
    # Even the right password from a fresh address is refused now: the account is being guessed.
    respuesta = _login(APIClient(REMOTE_ADDR="198.51.100.99"), cliente.username.upper(), "clave-de-prueba-123")
    assert_limitada(respuesta)
    assert "access" not in respuesta.json()

    # Other accounts are not affected.
    assert _login(APIClient(REMOTE_ADDR="198.51.100.99"), "otra-cuenta").status_code == 401


@pytest.mark.django_db
def test_forged_x_forwarded_for_does_not_reset_the_limit_without_trusted_proxies(tasas, settings):
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    tasas(login="3/min")
    api = APIClient(REMOTE_ADDR="203.0.113.20")

    for n in range(3):
        assert _login(api, f"nadie{n}", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}").status_code == 401
    assert_limitada(_login(api, "nadie9", HTTP_X_FORWARDED_FOR="10.9.9.250"))


@pytest.mark.django_db
def test_with_one_trusted_proxy_the_last_forwarded_hop_is_the_client(tasas, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    tasas(login="3/min")
    proxy = APIClient(REMOTE_ADDR="127.0.0.1")

    # The client forges the left part; the proxy appends the real address (the last hop).
    for n in range(3):
        cabecera = f"6.6.6.{n}, 192.0.2.50"
        assert _login(proxy, f"nadie{n}", HTTP_X_FORWARDED_FOR=cabecera).status_code == 401
    assert_limitada(_login(proxy, "nadie9", HTTP_X_FORWARDED_FOR="7.7.7.7, 192.0.2.50"))

    # Another real client behind the same proxy is counted apart.
    assert _login(proxy, "nadie0", HTTP_X_FORWARDED_FOR="6.6.6.0, 192.0.2.51").status_code == 401


@pytest.mark.django_db
def test_register_is_limited_per_address(tasas):
    tasas(register="2/min")
    api = APIClient(REMOTE_ADDR="203.0.113.30")

    for n in range(2):
        cuerpo = {"username": f"nuevo{n}", "password": "Una-Clave-Larga-123", "email": f"n{n}@example.com"}
        assert api.post(reverse("usuarios:register"), cuerpo).status_code == 201
    cuerpo = {"username": "nuevo9", "password": "Una-Clave-Larga-123", "email": "n9@example.com"}
    assert_limitada(api.post(reverse("usuarios:register"), cuerpo))

    from usuarios.models import Usuario

    assert not Usuario.objects.filter(username="nuevo9").exists()


@pytest.mark.django_db
def test_anonymous_rate_applies_to_public_endpoints(tasas):
    tasas(anon="2/min")
    api = APIClient(REMOTE_ADDR="203.0.113.40")
    url = reverse("usuarios:token-refresh")

    for _ in range(2):
        assert api.post(url, {"refresh": "no-es-un-token"}).status_code == 401
    assert_limitada(api.post(url, {"refresh": "no-es-un-token"}))


@pytest.mark.django_db
def test_user_rate_is_counted_per_user_not_per_address(tasas, cliente, otro_cliente, auth_client):
    tasas(user="2/min")
    api = auth_client(cliente)

    for n in range(2):
        assert api.get(reverse("usuarios:me"), REMOTE_ADDR=f"198.51.100.{n + 1}").status_code == 200
    assert_limitada(api.get(reverse("usuarios:me"), REMOTE_ADDR="198.51.100.200"))

    assert auth_client(otro_cliente).get(reverse("usuarios:me")).status_code == 200


@pytest.mark.django_db
def test_checkout_has_its_own_per_user_rate(tasas, cliente, otro_cliente, auth_client):
    tasas(checkout="2/min")
    producto = ProductoFactory(stock=10)
    api = auth_client(cliente)
    url = reverse("ventas:checkout")

    for _ in range(2):
        agregar_al_carrito(usuario=cliente, producto=producto, cantidad=1)
        assert api.post(url, {}).status_code == 201
    agregar_al_carrito(usuario=cliente, producto=producto, cantidad=1)
    assert_limitada(api.post(url, {}))

    from ventas.models import Venta

    assert Venta.objects.filter(usuario=cliente).count() == 2
    producto.refresh_from_db()
    assert producto.stock == 8
    # The cart line of the refused attempt is still there.
    assert cliente.carrito.items.get().cantidad == 1

    agregar_al_carrito(usuario=otro_cliente, producto=producto, cantidad=1)
    assert auth_client(otro_cliente).post(url, {}).status_code == 201


@pytest.mark.django_db
def test_password_change_shares_the_per_username_login_budget(tasas, cliente, auth_client):
    tasas(login_usuario="2/min")
    api = auth_client(cliente)
    url = reverse("usuarios:me-password")

    for n in range(2):
        intento = {"password_actual": f"adivina-{n}", "password_nuevo": "Otra-Clave-Larga-456"}
        assert api.post(url, intento).status_code == 400
    assert_limitada(api.post(url, {"password_actual": "clave-de-prueba-123", "password_nuevo": "Otra-Clave-456"}))
    cliente.refresh_from_db()
    assert cliente.check_password("clave-de-prueba-123")
    # Login of that account is refused as well: the same budget.
    assert_limitada(_login(APIClient(REMOTE_ADDR="198.51.100.7"), cliente.username, "clave-de-prueba-123"))
