from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from inventario.models import MovimientoInventario
from productos.models import Producto
from productos.tests.factories import ProductoFactory
from ventas.models import CarritoItem, Cupon, Venta
from ventas.services import agregar_al_carrito, calcular_totales, confirmar_compra
from ventas.tests.factories import CuponFactory, crear_venta

pytestmark = pytest.mark.django_db

CHECKOUT = reverse("ventas:checkout")


def _llenar(usuario, *lineas):
    for producto, cantidad in lineas:
        agregar_al_carrito(usuario=usuario, producto=producto, cantidad=cantidad)


def _foto(usuario, productos):
    """What must not change when a checkout fails."""
    return (
        Venta.objects.count(),
        MovimientoInventario.objects.filter(motivo="VENTA").count(),
        [
            (p.pk, *Producto.objects.filter(pk=p.pk).values_list("stock", "inventario__cantidad").get())
            for p in productos
        ],
        sorted(CarritoItem.objects.filter(carrito__usuario=usuario).values_list("producto_id", "cantidad")),
    )


def test_checkout_crea_la_venta_baja_stock_y_vacia_el_carrito(auth_client, cliente):
    a = ProductoFactory(precio=Decimal("1200.00"), stock=10)
    b = ProductoFactory(precio=Decimal("18.75"), stock=5)
    _llenar(cliente, (a, 1), (b, 2))
    r = auth_client(cliente).post(CHECKOUT, {}, format="json")
    assert r.status_code == 201
    venta = r.json()
    assert {"id", "usuario", "fecha", "total", "detalles", "estado", "historial"} <= set(venta)
    assert venta["usuario"] == cliente.pk
    assert venta["total"] == "1237.50" and venta["subtotal"] == "1237.50"
    assert venta["estado"] == "PENDIENTE"
    assert sorted((d["producto"], d["cantidad"], d["precio_unitario"]) for d in venta["detalles"]) == sorted(
        [(a.pk, 1, "1200.00"), (b.pk, 2, "18.75")]
    )
    assert all(d["venta"] == venta["id"] for d in venta["detalles"])
    assert [(h["desde"], h["hasta"]) for h in venta["historial"]] == [(None, "PENDIENTE")]
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.stock, b.stock) == (9, 3)
    assert MovimientoInventario.objects.filter(venta_id=venta["id"], motivo="VENTA").count() == 2
    assert not CarritoItem.objects.filter(carrito__usuario=cliente).exists()


def test_el_precio_de_la_venta_no_cambia_si_cambia_el_producto(cliente):
    producto = ProductoFactory(precio=Decimal("10.00"), nombre="Original")
    venta = crear_venta(usuario=cliente, lineas=[(producto, 2)])
    Producto.objects.filter(pk=producto.pk).update(precio=Decimal("99.00"), nombre="Renombrado")
    detalle = venta.detalles.get()
    assert (detalle.precio_unitario, detalle.producto_nombre) == (Decimal("10.00"), "Original")


def test_carrito_vacio_da_400(auth_client, cliente):
    r = auth_client(cliente).post(CHECKOUT, {}, format="json")
    assert r.status_code == 400
    assert r.json() == {"error": "El carrito está vacío.", "codigo": "carrito_vacio", "campos": {}}
    assert not Venta.objects.exists()


def test_sin_stock_da_409_con_el_producto_y_no_cambia_nada(auth_client, cliente):
    a = ProductoFactory(stock=5)
    b = ProductoFactory(nombre="Auriculares", stock=5)
    _llenar(cliente, (a, 2), (b, 3))
    Producto.objects.filter(pk=b.pk).update(stock=1)
    from inventario.models import Inventario

    Inventario.objects.filter(producto=b).update(cantidad=1)
    antes = _foto(cliente, [a, b])
    r = auth_client(cliente).post(CHECKOUT, {}, format="json")
    assert r.status_code == 409
    assert r.json()["codigo"] == "stock_insuficiente"
    assert "Auriculares" in r.json()["error"]
    assert _foto(cliente, [a, b]) == antes


def test_impuesto_y_envio_salen_de_settings(settings, cliente):
    settings.TIENDA_TASA_IMPUESTO = Decimal("0.21")
    settings.TIENDA_COSTO_ENVIO = Decimal("4.99")
    settings.TIENDA_ENVIO_GRATIS_DESDE = Decimal("50")
    barata = crear_venta(usuario=cliente, lineas=[(ProductoFactory(precio=Decimal("10.10")), 1)])
    assert (barata.subtotal, barata.impuesto, barata.envio, barata.total) == (
        Decimal("10.10"),
        Decimal("2.12"),  # 2.121 -> 2.12
        Decimal("4.99"),
        Decimal("17.21"),
    )
    cara = crear_venta(usuario=cliente, lineas=[(ProductoFactory(precio=Decimal("60.00")), 1)])
    assert (cara.envio, cara.impuesto, cara.total) == (Decimal("0.00"), Decimal("12.60"), Decimal("72.60"))


def test_redondeo_a_centimos_hacia_arriba_en_la_mitad():
    cupon = Cupon(tipo=Cupon.Tipo.PORCENTAJE, valor=Decimal("15"))
    totales = calcular_totales(lineas=[(1, Decimal("10.10"))], cupon=cupon)
    assert totales["descuento"] == Decimal("1.52")  # 1.515 rounds half-up
    assert totales["total"] == Decimal("8.58")
    assert (
        sum(totales[k] for k in ("impuesto", "envio")) + totales["subtotal"] - totales["descuento"] == totales["total"]
    )


def test_cupon_porcentaje_y_monto(auth_client, cliente, otro_cliente):
    CuponFactory(codigo="DIEZ", tipo="PORCENTAJE", valor=Decimal("10"))
    CuponFactory(codigo="GRANDE", tipo="MONTO", valor=Decimal("500"))
    _llenar(cliente, (ProductoFactory(precio=Decimal("80.00"), stock=5), 1))
    r = auth_client(cliente).post(CHECKOUT, {"cupon": "diez"}, format="json")
    assert r.status_code == 201
    assert (r.json()["descuento"], r.json()["total"], r.json()["cupon"]) == ("8.00", "72.00", "DIEZ")
    _llenar(otro_cliente, (ProductoFactory(precio=Decimal("80.00"), stock=5), 1))
    r = auth_client(otro_cliente).post(CHECKOUT, {"cupon": "GRANDE"}, format="json")
    assert (r.json()["descuento"], r.json()["total"]) == ("80.00", "0.00")
    assert Cupon.objects.get(codigo="DIEZ").usos == 1


@pytest.mark.parametrize(
    ("ajustes", "codigo"),
    [
        ({"codigo": "OTRO"}, "cupon_inexistente"),
        ({"activo": False}, "cupon_inactivo"),
        (
            {"valido_hasta": timezone.now() - timedelta(minutes=1), "valido_desde": timezone.now() - timedelta(days=2)},
            "cupon_caducado",
        ),
        (
            {"valido_desde": timezone.now() + timedelta(days=1), "valido_hasta": timezone.now() + timedelta(days=2)},
            "cupon_no_vigente",
        ),
        ({"usos_maximos": 1, "usos": 1}, "cupon_agotado"),
    ],
)
def test_cupon_no_aplicable_da_400_con_el_motivo_y_no_compra(auth_client, cliente, ajustes, codigo):
    CuponFactory(**{"codigo": "PROMO", **ajustes})
    producto = ProductoFactory(stock=5)
    _llenar(cliente, (producto, 1))
    antes = _foto(cliente, [producto])
    r = auth_client(cliente).post(CHECKOUT, {"cupon": "PROMO"}, format="json")
    assert r.status_code == 400
    assert r.json()["codigo"] == codigo
    assert r.json()["error"]
    assert _foto(cliente, [producto]) == antes


def test_un_cupon_se_usa_una_vez_por_usuario_y_cancelar_lo_libera(auth_client, cliente):
    cupon = CuponFactory(codigo="UNAVEZ")
    api = auth_client(cliente)
    _llenar(cliente, (ProductoFactory(stock=5), 1))
    venta = api.post(CHECKOUT, {"cupon": "UNAVEZ"}, format="json").json()
    _llenar(cliente, (ProductoFactory(stock=5), 1))
    r = api.post(CHECKOUT, {"cupon": "UNAVEZ"}, format="json")
    assert (r.status_code, r.json()["codigo"]) == (400, "cupon_ya_usado")
    api.post(reverse("ventas:venta-estado", args=[venta["id"]]), {"estado": "CANCELADA"}, format="json")
    cupon.refresh_from_db()
    assert cupon.usos == 0
    assert api.post(CHECKOUT, {"cupon": "UNAVEZ"}, format="json").status_code == 201


def test_resumen_previo_calcula_sin_comprar(auth_client, cliente):
    CuponFactory(codigo="DIEZ", valor=Decimal("10"))
    producto = ProductoFactory(precio=Decimal("20.00"), stock=5)
    _llenar(cliente, (producto, 2))
    r = auth_client(cliente).get(reverse("ventas:checkout-resumen"), {"cupon": "DIEZ"})
    assert r.status_code == 200
    assert r.json() == {"subtotal": "40.00", "descuento": "4.00", "impuesto": "0.00", "envio": "0.00", "total": "36.00"}
    assert not Venta.objects.exists()
    producto.refresh_from_db()
    assert producto.stock == 5


def test_un_reintento_con_la_misma_clave_no_compra_dos_veces(auth_client, cliente):
    api = auth_client(cliente)
    _llenar(cliente, (ProductoFactory(stock=5), 1))
    r1 = api.post(CHECKOUT, {}, format="json", HTTP_IDEMPOTENCY_KEY="clave-1")
    r2 = api.post(CHECKOUT, {}, format="json", HTTP_IDEMPOTENCY_KEY="clave-1")
    assert (r1.status_code, r2.status_code) == (201, 201)
    assert r1.json() == r2.json()
    assert r2["Idempotent-Replayed"] == "true"
    assert Venta.objects.count() == 1
    r3 = api.post(CHECKOUT, {"cupon": "X"}, format="json", HTTP_IDEMPOTENCY_KEY="clave-1")
    assert r3.status_code == 422
    assert r3.json()["codigo"] == "idempotencia_cuerpo_distinto"


def test_el_checkout_cuesta_las_mismas_sentencias_con_una_linea_que_con_cinco(cliente, otro_cliente):
    # Stock, movements, lines and summaries are written per batch, not per line.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    productos = [ProductoFactory(stock=100) for _ in range(5)]
    _llenar(cliente, (productos[0], 1))
    _llenar(otro_cliente, *[(p, 2) for p in productos])
    sentencias = []
    for usuario in (cliente, otro_cliente):
        with CaptureQueriesContext(connection) as capturadas:
            confirmar_compra(usuario=usuario)
        sentencias.append(len(capturadas.captured_queries))
    assert sentencias[0] == sentencias[1]
    assert [Producto.objects.get(pk=p.pk).stock for p in productos] == [97, 98, 98, 98, 98]
    assert MovimientoInventario.objects.filter(motivo="VENTA").count() == 6
