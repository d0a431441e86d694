"""No N+1: every list endpoint and report runs as many queries for 50 rows as for 5."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inventario.models import Inventario, MovimientoInventario
from inventario.services import fijar_stock
from productos.models import Categoria, Producto, Proveedor
from productos.tests.factories import CategoriaFactory, ProductoFactory, ProveedorFactory
from usuarios.models import Usuario
from usuarios.tests.factories import UsuarioFactory
from ventas.models import Calificacion, CarritoItem, Cupon, DetalleVenta, Venta
from ventas.services import agregar_al_carrito, calificar_venta, cambiar_estado_venta, reconstruir_resumenes
from ventas.tests.factories import CuponFactory, crear_venta

pytestmark = pytest.mark.django_db

POCAS = 5
MUCHAS = 50
# Generous enough for auth, pagination and a few prefetches; an N+1 on 50 rows blows past it.
MAXIMO_CONSULTAS = 10


# --- Row builders: each adds one row of what the endpoint lists, with every relation set ---


def _producto(ctx):
    ProductoFactory(stock=3, proveedor=ProveedorFactory())


def _categoria(ctx):
    CategoriaFactory()


def _proveedor(ctx):
    ProveedorFactory()


def _movimiento(ctx):
    producto = ProductoFactory(stock=0)
    fijar_stock(producto_id=producto.pk, cantidad=7, usuario=UsuarioFactory(rol=Usuario.Rol.EMPLOYEE))


def _linea_de_carrito(ctx):
    agregar_al_carrito(usuario=ctx["cliente"], producto=ProductoFactory(stock=5), cantidad=2)


def _venta_completa(comprador, staff):
    """A sale with two lines, a coupon, a status change in its history and a rating."""
    venta = crear_venta(
        usuario=comprador,
        lineas=[(ProductoFactory(stock=5), 1), (ProductoFactory(stock=5), 2)],
        cupon=CuponFactory(),
    )
    cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.PAGADA, usuario=staff)
    calificar_venta(usuario=comprador, venta_id=venta.pk, calificacion=4, comentario="Bien")
    return venta


def _venta_propia(ctx):
    _venta_completa(ctx["cliente"], ctx["staff"])


def _venta_de_otro(ctx):
    _venta_completa(UsuarioFactory(), ctx["staff"])


def _cupon(ctx):
    CuponFactory()


def _usuario(ctx):
    UsuarioFactory()


def _venta_en_otro_dia(ctx):
    # One more row in `por_dia`: each sale lands on its own day.
    ctx["dias"] = ctx.get("dias", 0) + 1
    venta = crear_venta(usuario=UsuarioFactory(), lineas=[(ProductoFactory(stock=5), 1)])
    Venta.objects.filter(pk=venta.pk).update(fecha=timezone.now() - timedelta(days=ctx["dias"]))
    # A raw UPDATE of `fecha` bypasses the services that keep the daily summaries: rebuild them.
    reconstruir_resumenes()


def _venta_de_comprador_nuevo(ctx):
    crear_venta(usuario=UsuarioFactory(), lineas=[(ProductoFactory(stock=5), 1)])


def _venta_de_producto_nuevo(ctx):
    crear_venta(usuario=ctx["cliente"], lineas=[(ProductoFactory(stock=5), 1)])


def _filas_paginadas(cuerpo):
    return cuerpo["results"]


def _filas_carrito(cuerpo):
    return cuerpo["items"]


def _filas_lista(cuerpo):
    return cuerpo


def _filas_por_dia(cuerpo):
    return cuerpo["por_dia"]


# (id, url name, who asks, row builder, rows in the answer, how many rows the database holds)
CASOS = [
    ("productos", "productos:producto-list", "cliente", _producto, _filas_paginadas, Producto.objects.count),
    ("categorias", "productos:categoria-list", "cliente", _categoria, _filas_paginadas, Categoria.objects.count),
    ("proveedores", "productos:proveedor-list", "staff", _proveedor, _filas_paginadas, Proveedor.objects.count),
    ("inventario", "inventario:inventario-list", "staff", _producto, _filas_paginadas, Inventario.objects.count),
    (
        "movimientos",
        "inventario:movimiento-list",
        "staff",
        _movimiento,
        _filas_paginadas,
        MovimientoInventario.objects.count,
    ),
    ("carrito", "ventas:carrito", "cliente", _linea_de_carrito, _filas_carrito, CarritoItem.objects.count),
    (
        "carrito-item",
        "ventas:carrito-item-list",
        "cliente",
        _linea_de_carrito,
        _filas_paginadas,
        CarritoItem.objects.count,
    ),
    (
        "ventas-cliente",
        "ventas:venta-list",
        "cliente",
        _venta_propia,
        _filas_paginadas,
        Venta.objects.count,
    ),
    ("ventas-staff", "ventas:venta-list", "staff", _venta_de_otro, _filas_paginadas, Venta.objects.count),
    (
        "calificaciones-cliente",
        "ventas:calificacion-list",
        "cliente",
        _venta_propia,
        _filas_paginadas,
        Calificacion.objects.count,
    ),
    (
        "calificaciones-staff",
        "ventas:calificacion-list",
        "staff",
        _venta_de_otro,
        _filas_paginadas,
        Calificacion.objects.count,
    ),
    ("cupones", "ventas:cupon-list", "staff", _cupon, _filas_paginadas, Cupon.objects.count),
    ("usuarios", "usuarios:usuario-list", "staff", _usuario, _filas_paginadas, Usuario.objects.count),
    (
        "reporte-ventas",
        "ventas:reporte-ventas",
        "staff",
        _venta_en_otro_dia,
        _filas_por_dia,
        lambda: Venta.objects.dates("fecha", "day").count(),
    ),
    (
        "reporte-ventas-usuario",
        "ventas:reporte-ventas-usuario",
        "staff",
        _venta_de_comprador_nuevo,
        _filas_lista,
        lambda: Venta.objects.values("usuario").distinct().count(),
    ),
    (
        "reporte-productos-mas-vendidos",
        "ventas:reporte-productos-mas-vendidos",
        "staff",
        _venta_de_producto_nuevo,
        _filas_lista,
        lambda: DetalleVenta.objects.values("producto").distinct().count(),
    ),
]


@pytest.fixture
def contexto(cliente, administrador):
    return {"cliente": cliente, "staff": administrador}


def _consultas(api, url, filas, filas_en_bd):
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = api.get(url, {"page_size": 100, "limite": 100})
    assert respuesta.status_code == 200, respuesta.content
    devueltas = filas(respuesta.json())
    # Every row of the database is on the page, so the count covers them all.
    assert len(devueltas) == filas_en_bd()
    return len(capturadas), len(devueltas)


@pytest.mark.parametrize(("nombre", "url", "quien", "crear", "filas", "filas_en_bd"), CASOS, ids=[c[0] for c in CASOS])
def test_list_endpoint_runs_the_same_queries_for_5_and_50_rows(
    nombre, url, quien, crear, filas, filas_en_bd, contexto, auth_client
):
    api = auth_client(contexto[quien])
    ruta = reverse(url)
    for _ in range(POCAS):
        crear(contexto)
    con_pocas, filas_pocas = _consultas(api, ruta, filas, filas_en_bd)
    for _ in range(MUCHAS - POCAS):
        crear(contexto)
    con_muchas, filas_muchas = _consultas(api, ruta, filas, filas_en_bd)

    assert filas_pocas >= POCAS
    assert filas_muchas >= MUCHAS
    assert con_muchas == con_pocas, (
        f"{nombre}: {con_pocas} queries for {filas_pocas} rows, {con_muchas} for {filas_muchas}"
    )
    assert con_muchas <= MAXIMO_CONSULTAS, f"{nombre}: {con_muchas} queries"
