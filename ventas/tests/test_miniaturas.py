"""Cart and sale lines show their product's main-photo thumbnail (absolute URL, or null) without a query per line."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from productos.tests.factories import ProductoFactory

pytestmark = pytest.mark.django_db

CARRITO = reverse("ventas:carrito")
ITEMS = reverse("ventas:carrito-item-list")
CHECKOUT = reverse("ventas:checkout")
VENTAS = reverse("ventas:venta-list")


def _con_foto(staff):
    producto = ProductoFactory(stock=50)
    salida = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(salida, "JPEG")
    archivo = SimpleUploadedFile("foto.jpg", salida.getvalue(), content_type="image/jpeg")
    r = staff.post(reverse("productos:producto-imagenes", args=[producto.pk]), {"imagen": archivo}, format="multipart")
    assert r.status_code == 201, r.json()
    return producto, r.json()["miniatura"]


def test_lineas_de_carrito_y_de_venta_llevan_la_miniatura_del_producto(auth_client, cliente, empleado):
    api = auth_client(cliente)
    con_foto, miniatura = _con_foto(auth_client(empleado))
    sin_foto = ProductoFactory(stock=50)
    assert miniatura.startswith("http://testserver/media/") and miniatura.endswith("-min.webp")

    creada = api.post(ITEMS, {"producto": con_foto.pk, "cantidad": 1}).json()
    assert creada["miniatura"] == miniatura
    api.post(ITEMS, {"producto": sin_foto.pk, "cantidad": 1})
    for lineas in (api.get(CARRITO).json()["items"], api.get(ITEMS).json()["results"]):
        assert {linea["producto"]: linea["miniatura"] for linea in lineas} == {
            con_foto.pk: miniatura,
            sin_foto.pk: None,
        }

    venta = api.post(CHECKOUT, {}, format="json").json()
    assert {d["producto"]: d["miniatura"] for d in venta["detalles"]} == {con_foto.pk: miniatura, sin_foto.pk: None}
    (listada,) = api.get(VENTAS).json()["results"]
    assert {d["producto"]: d["miniatura"] for d in listada["detalles"]} == {con_foto.pk: miniatura, sin_foto.pk: None}


def test_las_miniaturas_no_anaden_consultas_por_linea(auth_client, cliente, empleado):
    api = auth_client(cliente)
    staff = auth_client(empleado)

    def consultas(url):
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(url).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        producto, _ = _con_foto(staff)
        api.post(ITEMS, {"producto": producto.pk, "cantidad": 1})
    pocas = consultas(CARRITO), consultas(ITEMS)
    for _ in range(5):
        producto, _ = _con_foto(staff)
        api.post(ITEMS, {"producto": producto.pk, "cantidad": 1})
    assert (consultas(CARRITO), consultas(ITEMS)) == pocas

    api.post(CHECKOUT, {}, format="json")
    una = consultas(VENTAS)
    for _ in range(3):
        producto, _ = _con_foto(staff)
        api.post(ITEMS, {"producto": producto.pk, "cantidad": 2})
        api.post(CHECKOUT, {}, format="json")
    assert consultas(VENTAS) == una


def test_la_respuesta_del_checkout_es_la_venta_tal_como_se_lee_despues(auth_client, cliente, empleado):
    # The answer is built from what the checkout's transaction holds (no re-read of the sale): it
    # must be byte-identical to the same sale read afterwards, coupon, thumbnails and history included.
    from ventas.tests.factories import CuponFactory

    api = auth_client(cliente)
    con_foto, _ = _con_foto(auth_client(empleado))
    sin_foto = ProductoFactory(stock=50)
    cupon = CuponFactory()
    api.post(ITEMS, {"producto": sin_foto.pk, "cantidad": 3})
    api.post(ITEMS, {"producto": con_foto.pk, "cantidad": 2})
    with CaptureQueriesContext(connection) as capturadas:
        r = api.post(CHECKOUT, {"cupon": cupon.codigo}, format="json")
    # (read before the next request: a request clears the connection's query log)
    lecturas = [q["sql"] for q in capturadas.captured_queries if q["sql"].startswith("SELECT")]
    assert r.status_code == 201, r.json()
    leida = api.get(reverse("ventas:venta-detail", args=[r.json()["id"]]))
    assert r.content == leida.content
    assert r.json()["cupon"] == cupon.codigo and r.json()["calificacion"] is None
    assert [d["producto"] for d in r.json()["detalles"]] == sorted([con_foto.pk, sin_foto.pk])
    # Nothing reads the sale back after writing it.
    assert lecturas and not [sql for sql in lecturas if "ventas_historialestadoventa" in sql]
    assert not [sql for sql in lecturas if '"ventas_venta"."subtotal"' in sql]
