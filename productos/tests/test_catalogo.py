"""Issue 13.9 (ratings on product answers) and 9.10 (pickers search the whole catalogue)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from productos.models import Producto
from productos.tests.factories import CategoriaFactory, ProductoFactory
from usuarios.tests.factories import UsuarioFactory
from ventas.models import Venta
from ventas.services import calificar_venta, cambiar_estado_venta
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db

LISTA = reverse("productos:producto-list")


def _venta_calificada(productos, nota, staff):
    comprador = UsuarioFactory()
    venta = crear_venta(usuario=comprador, lineas=[(p, 1) for p in productos])
    cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.PAGADA, usuario=staff)
    calificar_venta(usuario=comprador, venta_id=venta.pk, calificacion=nota)
    return venta


def test_la_ficha_trae_la_media_y_el_numero_de_calificaciones_de_sus_ventas(auth_client, cliente, empleado):
    cafe, taza, otro = ProductoFactory(stock=10), ProductoFactory(stock=10), ProductoFactory(stock=10)
    _venta_calificada([cafe, taza], 5, empleado)  # one rating counts for each product of its sale
    _venta_calificada([cafe], 4, empleado)
    cancelada = _venta_calificada([cafe], 1, empleado)
    # A rating left on a sale that was later cancelled (older data) does not count.
    Venta.objects.filter(pk=cancelada.pk).update(estado=Venta.Estado.CANCELADA)
    crear_venta(lineas=[(cafe, 1)])  # a sale without rating does not count either
    _venta_calificada([taza], 2, empleado)

    api = auth_client(cliente)

    def valoracion(producto):
        datos = api.get(reverse("productos:producto-detail", args=[producto.pk])).json()
        return datos["calificacion_media"], datos["numero_calificaciones"]

    assert valoracion(cafe) == (4.5, 2)
    assert valoracion(taza) == (3.5, 2)
    assert valoracion(otro) == (None, 0)
    filas = {p["id"]: p for p in api.get(LISTA, {"page_size": 100}).json()["results"]}
    assert (filas[cafe.pk]["calificacion_media"], filas[cafe.pk]["numero_calificaciones"]) == (4.5, 2)


def test_la_media_se_redondea_a_dos_decimales(auth_client, cliente, empleado):
    producto = ProductoFactory(stock=10)
    for nota in (5, 4, 4):
        _venta_calificada([producto], nota, empleado)
    datos = auth_client(cliente).get(reverse("productos:producto-detail", args=[producto.pk])).json()
    assert (datos["calificacion_media"], datos["numero_calificaciones"]) == (4.33, 3)


def test_fotos_y_calificaciones_no_anaden_consultas_por_producto(auth_client, cliente, empleado):
    api = auth_client(cliente)

    def consultas():
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(LISTA, {"page_size": 100}).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        _venta_calificada([ProductoFactory(stock=5)], 3, empleado)
    pocas = consultas()
    for _ in range(6):
        _venta_calificada([ProductoFactory(stock=5)], 3, empleado)
    assert consultas() == pocas


def test_el_selector_de_productos_busca_en_todo_el_catalogo(auth_client, empleado):
    """Pickers ask the server (?search=, page_size): the 150th product is found like the first."""
    categoria = CategoriaFactory()
    Producto.objects.bulk_create(
        [Producto(nombre=f"Tornillo {i:03d}", precio=Decimal("1.00"), categoria=categoria) for i in range(150)]
        + [Producto(nombre="Martillo de carpintero", precio=Decimal("9.00"), categoria=categoria)]
    )
    api = auth_client(empleado)
    r = api.get(LISTA, {"search": "martillo", "page_size": 20}).json()
    assert r["count"] == 1 and r["results"][0]["nombre"] == "Martillo de carpintero"
    r = api.get(LISTA, {"search": "tornillo 149", "page_size": 20}).json()
    assert [p["nombre"] for p in r["results"]] == ["Tornillo 149"]
    r = api.get(LISTA, {"search": "tornillo", "page_size": 20}).json()
    assert r["count"] == 150 and len(r["results"]) == 20
