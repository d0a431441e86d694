"""Issue 14.2: a catalogue read by a token this process knows is one round trip to Redis (the
answer, the user behind the token and its throttle count read together, ahead of DRF's
authentication). Revocation, throttles and the answer must behave exactly as on the usual path.

With REDIS_URL (the PostgreSQL + Redis suite) these run the read-ahead; without it, the usual path,
and must give the same answers (the throttle-budget test needs the shared counters).
"""

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from productos.tests.factories import ProductoFactory
from usuarios.models import Usuario
from usuarios.tests.factories import UsuarioFactory

pytestmark = pytest.mark.django_db

PASSWORD = "clave-de-prueba-123"


@pytest.fixture
def limite_usuario(monkeypatch):
    """`limitar(n)`: the signed-in rate becomes n requests a minute."""

    def limitar(n):
        monkeypatch.setattr(
            SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "user": f"{n}/min"}
        )

    return limitar


def _sesion(usuario):
    respuesta = APIClient().post(reverse("usuarios:login"), {"username": usuario.username, "password": PASSWORD})
    assert respuesta.status_code == 200, respuesta.content
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {respuesta.json()['access']}")
    return api


def _desactivar(usuario, administrador, auth_client):
    url = reverse("usuarios:usuario-detail", args=[usuario.pk])
    assert auth_client(administrador).patch(url, {"is_active": False}).status_code == 200


def _cambiar_password(usuario, administrador, auth_client):
    url = reverse("usuarios:usuario-detail", args=[usuario.pk])
    assert auth_client(administrador).patch(url, {"password": "Nueva-Clave-Larga-789"}).status_code == 200


def _borrar(usuario, administrador, auth_client):
    Usuario.objects.filter(pk=usuario.pk).delete()


@pytest.mark.parametrize("revocar", [_desactivar, _cambiar_password, _borrar], ids=["desactivar", "password", "borrar"])
def test_un_token_conocido_deja_de_leer_el_catalogo_en_cuanto_se_revoca(con_cache, revocar, administrador, auth_client):
    usuario = UsuarioFactory()
    api = _sesion(usuario)
    detalle = reverse("productos:producto-detail", args=[ProductoFactory().pk])
    lista = reverse("productos:producto-list")
    for _ in range(3):  # known to this process, its answers and its user in the cache
        assert api.get(detalle).status_code == 200
        assert api.get(lista).status_code == 200

    revocar(usuario, administrador, auth_client)

    for url in (detalle, lista, detalle):
        respuesta = api.get(url)
        assert respuesta.status_code == 401, respuesta.content
        assert set(respuesta.json()) == {"error", "codigo", "campos"}


def test_cada_lectura_cuenta_una_vez_en_el_limite_del_usuario(con_cache, cliente, auth_client, limite_usuario):
    limite_usuario(5)
    api = auth_client(cliente)
    url = reverse("productos:producto-detail", args=[ProductoFactory().pk])
    for i in range(5):
        assert api.get(url).status_code == 200, i
    limitada = api.get(url)
    assert limitada.status_code == 429
    assert limitada.json()["codigo"] == "demasiadas_peticiones"
    assert 1 <= int(limitada["Retry-After"]) <= 61


def test_el_limite_es_del_usuario_aunque_lea_con_varios_tokens(con_cache, cliente, auth_client, limite_usuario):
    limite_usuario(4)
    url = reverse("productos:producto-list")
    uno, otro = auth_client(cliente), auth_client(cliente)
    assert [uno.get(url).status_code for _ in range(2)] == [200, 200]
    assert [otro.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert uno.get(url).status_code == 429


@pytest.mark.skipif(not settings.REDIS_URL, reason="The read-ahead needs the shared counters (REDIS_URL).")
def test_un_token_rechazado_gasta_a_lo_sumo_una_peticion_del_usuario(
    con_cache, administrador, auth_client, limite_usuario
):
    """A refused token is read ahead once (its count falls on the user), then verified in full each time."""
    limite_usuario(6)
    usuario = UsuarioFactory()
    api = _sesion(usuario)
    url = reverse("productos:producto-detail", args=[ProductoFactory().pk])
    assert api.get(url).status_code == 200  # 1 counted

    Usuario.objects.filter(pk=usuario.pk).update(is_active=False)
    from usuarios.authentication import invalidar_usuario

    invalidar_usuario(usuario.pk)
    for _ in range(10):
        assert api.get(url).status_code == 401  # the first one read ahead: 1 counted
    Usuario.objects.filter(pk=usuario.pk).update(is_active=True)
    invalidar_usuario(usuario.pk)

    # The same token is good again: 4 of the 6 are left.
    assert [api.get(url).status_code for _ in range(5)] == [200, 200, 200, 200, 429]


def test_la_lectura_anticipada_da_la_misma_respuesta_y_ve_cada_escritura(
    con_cache, cliente, administrador, auth_client
):
    producto = ProductoFactory(precio="10.00", stock=3)
    url = reverse("productos:producto-detail", args=[producto.pk])
    api, personal = auth_client(cliente), auth_client(administrador)
    primera = api.get(url)
    assert api.get(url).content == primera.content
    etag = primera["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    cambio = personal.patch(url, {"precio": "12.00"}, HTTP_IF_MATCH=etag)
    assert cambio.status_code == 200, cambio.content
    despues = api.get(url)
    assert despues.json()["precio"] == "12.00"
    assert despues.content == APIClient().get(url, HTTP_AUTHORIZATION=api._credentials["HTTP_AUTHORIZATION"]).content
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_un_token_mal_formado_o_de_otro_esquema_sigue_el_camino_de_siempre(con_cache):
    url = reverse("productos:producto-list")
    for cabecera in ("Bearer", "Bearer a b", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000):
        respuesta = APIClient().get(url, HTTP_AUTHORIZATION=cabecera)
        assert respuesta.status_code == 401, (cabecera[:20], respuesta.status_code)
        assert set(respuesta.json()) == {"error", "codigo", "campos"}


@pytest.fixture
def despachos_drf(monkeypatch):
    """How many requests went through DRF's dispatch (the rest were answered in front of it)."""
    from rest_framework.views import APIView

    cuenta = []
    original = APIView.dispatch

    def dispatch(self, request, *args, **kwargs):
        cuenta.append(request.path)
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(APIView, "dispatch", dispatch)
    return cuenta


def _lecturas_del_catalogo():
    producto = ProductoFactory(nombre="Café 1kg", precio="12.50")
    ProductoFactory(nombre="Cafetera espresso", precio="89.90", categoria=producto.categoria)
    lista = reverse("productos:producto-list")
    return [
        lista,
        lista + "?page_size=1&page=2",
        lista + f"?categoria={producto.categoria_id}&precio_min=1&precio_max=50&ordering=-precio",
        lista + "?search=caf",
        reverse("productos:producto-detail", args=[producto.pk]),
        reverse("productos:categoria-list"),
        reverse("productos:categoria-detail", args=[producto.categoria_id]),
    ]


@pytest.mark.skipif(not settings.REDIS_URL, reason="The catalogue cache needs a shared store (REDIS_URL).")
def test_la_via_rapida_responde_byte_a_byte_y_cabecera_a_cabecera_como_drf(
    con_cache, cliente, empleado, auth_client, despachos_drf
):
    for url in _lecturas_del_catalogo():
        api = auth_client(cliente)
        por_drf = api.get(url)  # a token this process has not seen: DRF's dispatch (and the answer is stored)
        assert por_drf.status_code == 200, por_drf.content
        despachos_drf.clear()
        rapida = api.get(url)
        assert despachos_drf == [], f"{url} went through DRF"
        assert (rapida.status_code, rapida.content) == (200, por_drf.content)
        assert dict(rapida.headers) == dict(por_drf.headers)
        no_modificada = api.get(url, HTTP_IF_NONE_MATCH=rapida["ETag"])
        assert despachos_drf == [] and no_modificada.status_code == 304
        assert no_modificada["ETag"] == rapida["ETag"] and no_modificada.content == b""
        # Staff read the same bytes the same way.
        personal = auth_client(empleado)
        assert personal.get(url).content == por_drf.content
        assert personal.get(url).content == por_drf.content
        assert despachos_drf == [url.split("?")[0]], despachos_drf  # only the employee's first, unknown token


@pytest.mark.skipif(not settings.REDIS_URL, reason="The catalogue cache needs a shared store (REDIS_URL).")
@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_ACCEPT": "application/json; indent=4"},
        {"HTTP_ACCEPT": "text/html"},
        {"QUERY_STRING": "format=json"},
    ],
    ids=["accept-con-parametros", "accept-sin-renderer", "format"],
)
def test_lo_que_drf_negocia_de_otro_modo_lo_sirve_drf(con_cache, cliente, auth_client, despachos_drf, extra):
    url = reverse("productos:producto-list")
    api = auth_client(cliente)
    assert api.get(url).status_code == 200
    assert api.get(url).status_code == 200
    despachos_drf.clear()
    respuesta = api.get(url, **extra)
    assert despachos_drf == [url.split("?")[0]]
    assert respuesta.status_code in (200, 406)


@pytest.mark.skipif(not settings.REDIS_URL, reason="The catalogue cache needs a shared store (REDIS_URL).")
def test_un_fallo_en_la_via_rapida_lo_contesta_drf_con_sus_palabras(
    con_cache, cliente, auth_client, despachos_drf, limite_usuario
):
    """A limit reached, a refused user or a miss: DRF answers, reusing what was read and counted."""
    limite_usuario(3)
    url = reverse("productos:producto-detail", args=[ProductoFactory().pk])
    api = auth_client(cliente)
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 200]
    despachos_drf.clear()
    limitada = api.get(url)
    assert limitada.status_code == 429 and limitada.json()["codigo"] == "demasiadas_peticiones"
    assert despachos_drf == [url.split("?")[0]]
