"""Faults that lose nothing (issue 4 point 8): a checkout that breaks half-way leaves no trace,
and with the database down every API answer is a quick JSON 503 until it comes back, when the
same process serves again without a restart.
"""

import time
from decimal import Decimal

import pytest
from django.db import DatabaseError, OperationalError, connection
from django.urls import reverse
from rest_framework.test import APIClient

from inventario.models import Inventario, MovimientoInventario
from productos.models import Producto
from productos.tests.factories import ProductoFactory
from usuarios.tests.factories import UsuarioFactory
from ventas.models import CarritoItem, ClaveIdempotencia, DetalleVenta, HistorialEstadoVenta, Venta
from ventas.services import agregar_al_carrito, confirmar_compra
from ventas.tests.http_concurrencia import (
    ProxyTCP,
    peticion,
    puerto_libre,
    servidor_de_pruebas,
    token_de,
    url_bd_de_pruebas,
)

CUERPO_503 = {
    "error": "El servicio no está disponible: la base de datos no responde.",
    "codigo": "servicio_no_disponible",
    "campos": {},
}


class FalloEnSentencia:
    """An execute wrapper that fails the n-th SQL statement of a kind with a database error."""

    def __init__(self, prefijo: str, tabla: str, n: int, error=DatabaseError):
        self.prefijo = prefijo
        self.tabla = tabla
        self.n = n
        self.error = error
        self.vistas = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(self.prefijo) and f'"{self.tabla}"' in sql:
            self.vistas += 1
            if self.vistas == self.n:
                raise self.error(f"injected failure on {self.prefijo} {self.tabla} #{self.n}")
        return execute(sql, params, many, context)


# Every step of the checkout from the stock movement on, for a cart of three lines (the stock of
# every line moves in one UPDATE, then the products' copy of it in another).
FALLOS = {
    "stock de las lineas": ("UPDATE", "inventario_inventario", 1),
    "stock copiado a los productos": ("UPDATE", "productos_producto", 1),
    "movimientos de las lineas": ("INSERT", "inventario_movimientoinventario", 1),
    "historial de estado": ("INSERT", "ventas_historialestadoventa", 1),
    "vaciado del carrito": ("DELETE", "ventas_carritoitem", 1),
}


def carrito_de_tres_lineas(usuario):
    productos = [
        ProductoFactory(stock=10, precio=Decimal("12.50")),
        ProductoFactory(stock=5, precio=Decimal("3.00")),
        ProductoFactory(stock=4, precio=Decimal("99.99")),
    ]
    for producto, cantidad in zip(productos, (2, 1, 3), strict=True):
        agregar_al_carrito(usuario=usuario, producto=producto, cantidad=cantidad)
    return productos


def foto(usuario, productos) -> dict:
    """Everything a checkout may touch."""
    return {
        "stock": [Producto.objects.get(pk=p.pk).stock for p in productos],
        "inventario": [Inventario.objects.get(producto=p).cantidad for p in productos],
        "movimientos": MovimientoInventario.objects.count(),
        "carrito": list(
            CarritoItem.objects.filter(carrito__usuario=usuario)
            .order_by("id")
            .values_list("id", "producto_id", "cantidad")
        ),
        "ventas": Venta.objects.count(),
        "detalles": DetalleVenta.objects.count(),
        "historial": HistorialEstadoVenta.objects.count(),
    }


# --- (i) a checkout that fails in the middle ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("donde", FALLOS)
def test_una_compra_que_falla_a_mitad_no_deja_rastro(donde, cliente):
    productos = carrito_de_tres_lineas(cliente)
    antes = foto(cliente, productos)
    fallo = FalloEnSentencia(*FALLOS[donde])

    with pytest.raises(DatabaseError, match="injected failure"), connection.execute_wrapper(fallo):
        confirmar_compra(usuario=cliente)

    assert fallo.vistas == fallo.n
    assert foto(cliente, productos) == antes
    assert antes["ventas"] == antes["detalles"] == 0


@pytest.mark.django_db
def test_una_compra_http_que_falla_a_mitad_responde_json_y_se_puede_reintentar(cliente):
    productos = carrito_de_tres_lineas(cliente)
    antes = foto(cliente, productos)
    api = APIClient(raise_request_exception=False)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_de(cliente)}")
    fallo = FalloEnSentencia("UPDATE", "productos_producto", 1)

    with connection.execute_wrapper(fallo):
        r = api.post(reverse("ventas:checkout"), {}, format="json", HTTP_IDEMPOTENCY_KEY="compra-rota")

    assert fallo.vistas == 1
    assert r.status_code == 500
    assert r["Content-Type"].startswith("application/json")
    assert r.json() == {"error": "Error interno del servidor.", "codigo": "error_interno", "campos": {}}
    assert foto(cliente, productos) == antes
    # Nothing was bought, so the key was freed and the same retry now goes through.
    assert not ClaveIdempotencia.objects.filter(usuario=cliente).exists()
    r = api.post(reverse("ventas:checkout"), {}, format="json", HTTP_IDEMPOTENCY_KEY="compra-rota")
    assert r.status_code == 201, r.json()
    assert sorted((d["producto"], d["cantidad"]) for d in r.json()["detalles"]) == sorted(
        zip([p.pk for p in productos], (2, 1, 3), strict=True)
    )
    assert [Producto.objects.get(pk=p.pk).stock for p in productos] == [8, 4, 1]


# --- (ii) the database is down (in-process) -------------------------------------------------


def bd_caida(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused (simulated)")


def rutas_api(producto_id):
    """(method, path, body, authenticated) covering anonymous, read, write and checkout calls."""
    return [
        ("get", "/api/health/", None, False),
        ("get", reverse("productos:producto-list"), None, True),
        ("get", reverse("productos:producto-detail", args=[producto_id]), None, True),
        ("get", reverse("ventas:carrito"), None, True),
        ("get", reverse("usuarios:me"), None, True),
        ("post", reverse("ventas:carrito-item-list"), {"producto": producto_id, "cantidad": 1}, True),
        ("post", reverse("ventas:checkout"), {}, True),
        ("post", reverse("usuarios:login"), {"username": "alguien", "password": "una-clave-123"}, False),
        (
            "post",
            reverse("usuarios:register"),
            {"username": "recien", "password": "Una-clave-larga-1", "email": "recien@example.com"},
            False,
        ),
    ]


@pytest.mark.django_db(transaction=True)
def test_con_la_bd_caida_todo_responde_503_json_y_se_recupera_sin_reiniciar(cliente):
    producto = ProductoFactory(stock=5)
    anonimo = APIClient(raise_request_exception=False)
    autenticado = APIClient(raise_request_exception=False)
    autenticado.credentials(HTTP_AUTHORIZATION=f"Bearer {token_de(cliente)}")
    rutas = rutas_api(producto.pk)

    with connection.execute_wrapper(bd_caida):
        for metodo, ruta, cuerpo, con_token in rutas:
            api = autenticado if con_token else anonimo
            r = getattr(api, metodo)(ruta, cuerpo, format="json")
            assert r.status_code == 503, (metodo, ruta, r.content[:300])
            assert r["Content-Type"].startswith("application/json"), (ruta, r.content[:300])
            datos = r.json()
            if ruta == "/api/health/":  # the health check adds each dependency's state and latency
                assert (datos["status"], datos["database"]) == ("down", "down")
                datos = {clave: datos[clave] for clave in CUERPO_503}
            assert datos == CUERPO_503, ruta
            assert r["Retry-After"]

    esperados = [200, 200, 200, 200, 200, 201, 201, 401, 201]
    obtenidos = [
        getattr(autenticado if con_token else anonimo, metodo)(ruta, cuerpo, format="json").status_code
        for metodo, ruta, cuerpo, con_token in rutas
    ]
    assert obtenidos == esperados
    assert Venta.objects.filter(usuario=cliente).count() == 1
    assert Producto.objects.get(pk=producto.pk).stock == 4


# --- (iii) the same with a real gunicorn whose database connection goes through a proxy -----


@pytest.fixture(scope="module")
def servidor_con_proxy(django_db_setup, django_db_blocker):
    """gunicorn (2 workers) reaching PostgreSQL through a TCP proxy the test can cut."""
    if connection.vendor != "postgresql":
        pytest.skip("The real-process fault test needs PostgreSQL.")
    destino = (connection.settings_dict["HOST"] or "127.0.0.1", int(connection.settings_dict["PORT"] or 5432))
    proxy = ProxyTCP(puerto=puerto_libre(), destino=destino)
    proxy.abrir()
    try:
        with django_db_blocker.unblock():
            url = url_bd_de_pruebas(host="127.0.0.1", puerto=proxy.puerto)
        with servidor_de_pruebas(database_url=url, workers=2, entorno={"DB_CONNECT_TIMEOUT": "3"}) as gunicorn:
            yield gunicorn, proxy
    finally:
        proxy.apagar()


@pytest.mark.servidor_real
@pytest.mark.skipif(connection.vendor != "postgresql", reason="The real-process fault test needs PostgreSQL.")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("caida", ["cerrar", "agujero_negro"])
def test_gunicorn_con_la_bd_inalcanzable_responde_503_json_enseguida_y_se_recupera(servidor_con_proxy, caida):
    servidor, proxy = servidor_con_proxy
    proxy.abrir()
    producto = ProductoFactory(stock=5)
    comprador = UsuarioFactory()
    token = token_de(comprador)
    rutas = [
        ("GET", "/api/health/", None, None),
        ("GET", reverse("productos:producto-list"), None, token),
        ("GET", reverse("ventas:carrito"), None, token),
        ("POST", reverse("ventas:carrito-item-list"), {"producto": producto.pk, "cantidad": 1}, token),
        ("POST", reverse("ventas:checkout"), {}, token),
    ]
    # Twice each, so both workers hold a pooled connection before it is cut.
    for metodo, ruta, _, tok in rutas[:3] * 2:
        assert peticion(servidor.puerto, metodo, ruta, token=tok).status == 200
    workers = servidor.pids_workers()
    assert len(workers) == 2

    getattr(proxy, caida)()
    # Behind a black hole each call waits out the 3 s connect_timeout, so go round once there.
    vueltas = 2 if caida == "cerrar" else 1
    try:
        for metodo, ruta, cuerpo, tok in rutas * vueltas:
            inicio = time.monotonic()
            # A hang shows up as socket.timeout here.
            r = peticion(servidor.puerto, metodo, ruta, token=tok, cuerpo=cuerpo, timeout=10)
            assert r.status == 503, (ruta, r, time.monotonic() - inicio, servidor.salida())
            assert r.content_type.startswith("application/json"), (ruta, r)
            datos = r.json()
            if ruta == "/api/health/":  # the health check adds each dependency's state and latency
                assert (datos["status"], datos["database"]) == ("down", "down")
                datos = {clave: datos[clave] for clave in CUERPO_503}
            assert datos == CUERPO_503, ruta
    finally:
        proxy.abrir()

    esperados = [200, 200, 200, 201, 201]
    obtenidos = [peticion(servidor.puerto, m, ruta, token=t, cuerpo=c).status for m, ruta, c, t in rutas]
    assert obtenidos == esperados, servidor.salida()
    assert servidor.vivo()
    assert servidor.pids_workers() == workers
    assert Venta.objects.filter(usuario=comprador).count() == 1
    assert Producto.objects.get(pk=producto.pk).stock == 4
