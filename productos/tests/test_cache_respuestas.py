"""Issue 14.1 and 14.2: catalogue reads from a whole-response cache, ETag/304, the user behind a token cached.

A cached answer must be byte-identical to a fresh one, cost no query, and never survive a write
of what it shows (stock at checkout, price, category name, photo, rating).
"""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from backend import cache as backend_cache
from backend.cache import configurar_caches
from backend.testing.servidor import puerto_libre
from inventario.services import mover_stock
from productos.cache import version_catalogo
from productos.models import Producto
from productos.tests.factories import CategoriaFactory, ProductoFactory
from usuarios.models import Usuario
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogo(db):
    categoria = CategoriaFactory(nombre="Bebidas")
    return [
        ProductoFactory(nombre="Café 1kg", precio="12.50", stock=5, categoria=categoria),
        ProductoFactory(nombre="Té verde", precio="4.00", stock=0, categoria=categoria),
        ProductoFactory(nombre="Cafetera espresso", precio="89.90", stock=2),
    ]


def _lecturas(catalogo):
    cafe = catalogo[0]
    return [
        reverse("productos:producto-list"),
        reverse("productos:producto-list") + "?page_size=1&page=2",
        reverse("productos:producto-list") + f"?categoria={cafe.categoria_id}&precio_min=1&precio_max=50",
        reverse("productos:producto-list") + "?search=caf&ordering=-precio",
        reverse("productos:producto-detail", args=[cafe.pk]),
        reverse("productos:categoria-list"),
        reverse("productos:categoria-detail", args=[cafe.categoria_id]),
    ]


def test_una_respuesta_en_cache_es_identica_a_una_nueva_y_no_consulta_la_bd(
    con_cache, catalogo, cliente, auth_client, settings, django_assert_num_queries
):
    api = auth_client(cliente)
    primeras = {url: api.get(url) for url in _lecturas(catalogo)}
    for url, primera in primeras.items():
        assert primera.status_code == 200, primera.content
        # A hit: neither the answer nor the user behind the token needs the database.
        with django_assert_num_queries(0):
            segunda = api.get(url)
        assert segunda.status_code == 200
        assert segunda.content == primera.content, url
        assert segunda["Content-Type"] == primera["Content-Type"]
        assert segunda["ETag"] == primera["ETag"]
    settings.CATALOGO_CACHE_SEGUNDOS = 0
    for url, primera in primeras.items():
        nueva = api.get(url)
        assert nueva.content == primera.content, url
        assert nueva["ETag"] == primera["ETag"]


def test_el_detalle_en_cache_conserva_la_version_del_producto_como_etag(con_cache, catalogo, cliente, auth_client):
    api = auth_client(cliente)
    url = reverse("productos:producto-detail", args=[catalogo[0].pk])
    primera = api.get(url)
    segunda = api.get(url)
    assert primera["ETag"] == segunda["ETag"] == f'"{primera.json()["version"]}"'


@pytest.mark.parametrize("activa", [True, False])
def test_if_none_match_da_304_en_listas_y_tras_un_cambio_200(activa, settings, catalogo, cliente, auth_client):
    settings.CATALOGO_CACHE_SEGUNDOS = 300 if activa else 0
    api = auth_client(cliente)
    for url in _lecturas(catalogo):
        etag = api.get(url)["ETag"]
        for enviada in (etag, f"W/{etag}", f'"otra", {etag}'):
            r = api.get(url, HTTP_IF_NONE_MATCH=enviada)
            assert r.status_code == 304 and r.content == b"" and r["ETag"] == etag, url
        assert api.get(url, HTTP_IF_NONE_MATCH='"otra"').status_code == 200
    url = reverse("productos:producto-list")
    etag = api.get(url)["ETag"]
    mover_stock(producto_id=catalogo[1].pk, delta=3, motivo="AJUSTE")
    cambiada = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert cambiada.status_code == 200 and cambiada["ETag"] != etag


def _stock_en_lista(api, producto):
    filas = api.get(reverse("productos:producto-list")).json()["results"]
    return next(fila["stock"] for fila in filas if fila["id"] == producto.pk)


def test_una_compra_cambia_el_stock_que_se_lee_justo_despues(con_cache, catalogo, cliente, auth_client):
    api = auth_client(cliente)
    cafe = catalogo[0]
    detalle = reverse("productos:producto-detail", args=[cafe.pk])
    assert api.get(detalle).json()["stock"] == 5 and _stock_en_lista(api, cafe) == 5
    assert api.post(reverse("ventas:carrito-item-list"), {"producto": cafe.pk, "cantidad": 2}).status_code == 201
    compra = api.post(reverse("ventas:checkout"), {}, HTTP_IDEMPOTENCY_KEY="compra-cache-1")
    assert compra.status_code == 201, compra.content
    assert api.get(detalle).json()["stock"] == 3
    assert _stock_en_lista(api, cafe) == 3
    # Cancelling gives the units back, and the catalogue shows it at once.
    venta = compra.json()["id"]
    cancelada = api.post(reverse("ventas:venta-estado", args=[venta]), {"estado": "CANCELADA"})
    assert cancelada.status_code == 200, cancelada.content
    assert api.get(detalle).json()["stock"] == 5


def test_editar_precio_y_renombrar_categoria_se_ven_al_momento(con_cache, catalogo, cliente, empleado, auth_client):
    api, staff = auth_client(cliente), auth_client(empleado)
    cafe = catalogo[0]
    detalle = reverse("productos:producto-detail", args=[cafe.pk])
    lista = reverse("productos:producto-list")
    categorias = reverse("productos:categoria-list")
    api.get(detalle), api.get(lista), api.get(categorias)

    assert staff.patch(detalle, {"precio": "13.75"}).status_code == 200
    assert api.get(detalle).json()["precio"] == "13.75"
    assert any(fila["precio"] == "13.75" for fila in api.get(lista).json()["results"])

    url_categoria = reverse("productos:categoria-detail", args=[cafe.categoria_id])
    assert staff.patch(url_categoria, {"nombre": "Cafés y tés"}).status_code == 200
    assert api.get(detalle).json()["categoria"]["nombre"] == "Cafés y tés"
    assert "Cafés y tés" in {fila["nombre"] for fila in api.get(categorias).json()["results"]}

    assert (
        staff.post(lista, {"nombre": "Galletas", "precio": "2.00", "categoria": cafe.categoria_id}).status_code == 201
    )
    assert api.get(lista).json()["count"] == 4
    assert staff.delete(reverse("productos:producto-detail", args=[catalogo[1].pk])).status_code == 204
    assert api.get(lista).json()["count"] == 3


def _foto():
    salida = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(salida, "JPEG")
    return SimpleUploadedFile("foto.jpg", salida.getvalue(), content_type="application/octet-stream")


def test_subir_y_borrar_una_foto_se_ve_al_momento(con_cache, catalogo, cliente, empleado, auth_client):
    api, staff = auth_client(cliente), auth_client(empleado)
    cafe = catalogo[0]
    detalle = reverse("productos:producto-detail", args=[cafe.pk])
    assert api.get(detalle).json()["imagen"] is None
    subida = staff.post(reverse("productos:producto-imagenes", args=[cafe.pk]), {"imagen": _foto()}, format="multipart")
    assert subida.status_code == 201, subida.content
    assert api.get(detalle).json()["imagen"] == subida.json()["imagen"]
    borrada = staff.delete(reverse("productos:producto-imagen", args=[cafe.pk, subida.json()["id"]]))
    assert borrada.status_code == 204
    assert api.get(detalle).json()["imagen"] is None


def test_una_calificacion_cambia_la_media_que_se_lee_justo_despues(con_cache, catalogo, cliente, auth_client):
    api = auth_client(cliente)
    cafe = catalogo[0]
    venta = crear_venta(usuario=cliente, lineas=[(Producto.objects.get(pk=cafe.pk), 1)])
    detalle = reverse("productos:producto-detail", args=[cafe.pk])
    assert api.get(detalle).json()["numero_calificaciones"] == 0
    r = api.post(reverse("ventas:calificacion-list"), {"venta": venta.pk, "calificacion": 4})
    assert r.status_code == 201, r.content
    leido = api.get(detalle).json()
    assert leido["numero_calificaciones"] == 1 and leido["calificacion_media"] == 4.0


def test_la_version_cambia_otra_vez_al_confirmar_la_transaccion(
    con_cache, catalogo, django_capture_on_commit_callbacks
):
    """A reader between the write and its commit stores under the in-between version: the commit retires it."""
    antes = version_catalogo()
    with django_capture_on_commit_callbacks(execute=True):
        mover_stock(producto_id=catalogo[0].pk, delta=1, motivo="AJUSTE")
        durante = version_catalogo()
    assert antes != durante
    assert version_catalogo() not in (antes, durante)


def test_sin_redis_cada_lectura_va_a_la_bd_y_nunca_es_antigua(con_cache, settings, catalogo, cliente, auth_client):
    settings.CACHES = configurar_caches(f"redis://127.0.0.1:{puerto_libre()}/0", prefijo="prueba-catalogo")
    api = auth_client(cliente)
    cafe = catalogo[0]
    detalle = reverse("productos:producto-detail", args=[cafe.pk])
    assert version_catalogo() is None
    assert api.get(detalle).json()["stock"] == 5
    mover_stock(producto_id=cafe.pk, delta=-4, motivo="AJUSTE")
    assert api.get(detalle).json()["stock"] == 1
    assert _stock_en_lista(api, cafe) == 1


# --- 14.2: the user behind a token ------------------------------------------------------------


def test_el_usuario_del_token_sale_de_la_cache(con_cache, settings, cliente, auth_client):
    api = auth_client(cliente)
    me = reverse("usuarios:me")
    assert api.get(me).status_code == 200
    with CaptureQueriesContext(connection) as con:
        assert api.get(me).json()["id"] == cliente.pk
    settings.USUARIO_CACHE_SEGUNDOS = 0
    with CaptureQueriesContext(connection) as sin:
        assert api.get(me).json()["id"] == cliente.pk
    usuarios = [q["sql"] for q in sin.captured_queries if 'FROM "usuarios_usuario"' in q["sql"]]
    assert usuarios and len(con.captured_queries) == len(sin.captured_queries) - len(usuarios)
    assert not [q for q in con.captured_queries if 'FROM "usuarios_usuario"' in q["sql"]]


def test_desactivar_cambiar_rol_y_contrasena_invalidan_la_cache_al_momento(
    con_cache, cliente, administrador, auth_client
):
    api, admin = auth_client(cliente), auth_client(administrador)
    me = reverse("usuarios:me")
    url = reverse("usuarios:usuario-detail", args=[cliente.pk])
    assert api.get(me).json()["rol"] == Usuario.Rol.CLIENT

    assert admin.patch(url, {"rol": Usuario.Rol.EMPLOYEE}).status_code == 200
    assert api.get(me).json()["rol"] == Usuario.Rol.EMPLOYEE
    assert api.get(reverse("productos:proveedor-list")).status_code == 200

    assert admin.patch(url, {"password": "Otra-clave-larga-9"}).status_code == 200
    assert api.get(me).status_code == 401

    otra = auth_client(Usuario.objects.get(pk=cliente.pk))
    assert otra.get(me).status_code == 200
    assert admin.patch(url, {"is_active": False}).status_code == 200
    assert otra.get(me).status_code == 401


def test_un_cambio_durante_una_caida_de_redis_no_deja_respuestas_antiguas_al_volver(
    con_cache, catalogo, cliente, auth_client
):
    """The bump lost while the store failed is redone by this process before it reads the cache again."""
    api = auth_client(cliente)
    cafe = catalogo[0]
    detalle = reverse("productos:producto-detail", args=[cafe.pk])
    assert api.get(detalle).json()["stock"] == 5
    backend_cache._caida_hasta = time.monotonic() + 60  # as after a failed call: Redis is skipped
    mover_stock(producto_id=cafe.pk, delta=-2, motivo="AJUSTE")
    assert api.get(detalle).json()["stock"] == 3
    backend_cache.reiniciar_estado_de_caida()  # Redis answers again, with the answer from before
    assert api.get(detalle).json()["stock"] == 3


@pytest.mark.django_db(transaction=True)
def test_lecturas_en_paralelo_con_compras_nunca_dejan_en_cache_un_stock_antiguo(settings):
    """Readers racing checkouts store answers built from pre-commit rows; after the last commit none is served."""
    from django.db import connection
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    from usuarios.tests.factories import UsuarioFactory
    from ventas.services import agregar_al_carrito, confirmar_compra
    from ventas.tests.http_concurrencia import en_paralelo

    if connection.vendor != "postgresql":
        pytest.skip("Real concurrent transactions need PostgreSQL.")
    settings.CATALOGO_CACHE_SEGUNDOS = 300
    settings.USUARIO_CACHE_SEGUNDOS = 60
    producto = ProductoFactory(stock=100, precio="5.00")
    lector = UsuarioFactory()
    compradores = [UsuarioFactory() for _ in range(6)]
    for comprador in compradores:
        agregar_al_carrito(usuario=comprador, producto=Producto.objects.get(pk=producto.pk), cantidad=3)
    detalle = reverse("productos:producto-detail", args=[producto.pk])
    lista = reverse("productos:producto-list")

    def leer():
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(lector).access_token}")
        for _ in range(15):
            assert api.get(detalle).status_code == 200
            assert api.get(lista).status_code == 200
        return True

    def comprar(comprador):
        return lambda: confirmar_compra(usuario=comprador)

    resultados = en_paralelo([comprar(c) for c in compradores] + [leer for _ in range(4)])
    assert all(ok for ok, _ in resultados), [r for ok, r in resultados if not ok]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(lector).access_token}")
    assert api.get(detalle).json()["stock"] == Producto.objects.get(pk=producto.pk).stock == 100 - 6 * 3
    assert api.get(lista).json()["results"][0]["stock"] == 100 - 6 * 3


@pytest.mark.django_db(transaction=True)
def test_una_desactivacion_que_compite_con_lecturas_corta_el_token_al_confirmarse(settings):
    """Requests authenticating while the deactivation is uncommitted cache the active user; the commit retires it."""
    from django.db import connection, transaction
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    from usuarios.services import actualizar_usuario
    from usuarios.tests.factories import UsuarioFactory
    from ventas.tests.http_concurrencia import en_paralelo

    if connection.vendor != "postgresql":
        pytest.skip("Real concurrent transactions need PostgreSQL.")
    settings.USUARIO_CACHE_SEGUNDOS = 60
    usuario = UsuarioFactory()
    token = str(RefreshToken.for_user(usuario).access_token)
    me = reverse("usuarios:me")

    def leer():
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        for _ in range(20):
            api.get(me)
            time.sleep(0.01)
        return True

    def desactivar():
        with transaction.atomic():
            actualizar_usuario(usuario=Usuario.objects.get(pk=usuario.pk), is_active=False)
            time.sleep(0.2)  # readers authenticate from the still-committed active row meanwhile
        return True

    resultados = en_paralelo([desactivar] + [leer for _ in range(3)])
    assert all(ok for ok, _ in resultados), [r for ok, r in resultados if not ok]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(me).status_code == 401
