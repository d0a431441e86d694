"""What an outside attack found on sales (issue 10: 3, 11, 12, 13, 15), proved over HTTP."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from backend.dinero import MAXIMO
from productos.models import Producto
from productos.tests.factories import ProductoFactory
from ventas.models import Calificacion, CarritoItem, Venta
from ventas.services import agregar_al_carrito
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db

CHECKOUT = reverse("ventas:checkout")
RESUMEN = reverse("ventas:checkout-resumen")
REPORTES = ["ventas:reporte-ventas", "ventas:reporte-ventas-usuario", "ventas:reporte-productos-mas-vendidos"]


def _error(respuesta, estado, codigo):
    assert respuesta.status_code == estado, respuesta.content
    cuerpo = respuesta.json()
    assert cuerpo["codigo"] == codigo and cuerpo["error"], cuerpo
    return cuerpo


def _nada_comprado(usuario, producto, stock, lineas):
    assert Venta.objects.filter(usuario=usuario).count() == 0
    assert Producto.objects.get(pk=producto.pk).stock == stock
    assert sorted(CarritoItem.objects.filter(carrito__usuario=usuario).values_list("producto_id", "cantidad")) == lineas


# --- 10.3 every valid date in a date filter ----------------------------------------------------


@pytest.mark.parametrize(
    "rango",
    [
        {"hasta": "9999-12-31"},
        {"desde": "0001-01-01"},
        {"desde": "0001-01-01", "hasta": "9999-12-31"},
        {"desde": "9999-12-31", "hasta": "9999-12-31"},
        {"desde": "0001-01-01", "hasta": "0001-01-01"},
        {"desde": "0001-01-02", "hasta": "9999-12-30"},
    ],
)
def test_los_filtros_de_fecha_aceptan_cualquier_fecha_valida(auth_client, empleado, cliente, rango):
    venta = crear_venta(usuario=cliente)
    api = auth_client(empleado)
    dentro = rango.get("desde", "0001-01-01") <= timezone.localdate().isoformat() <= rango.get("hasta", "9999-12-31")
    for nombre in REPORTES:
        r = api.get(reverse(nombre), rango)
        assert r.status_code == 200, (nombre, r.content)
    assert api.get(reverse(REPORTES[0]), rango).json()["numero_ventas"] == (1 if dentro else 0)
    for quien in (api, auth_client(cliente)):
        r = quien.get(reverse("ventas:venta-list"), rango)
        assert r.status_code == 200, r.content
        assert [v["id"] for v in r.json()["results"]] == ([venta.pk] if dentro else [])


# --- 9.3 money has exactly two decimals, reports included --------------------------------------


def test_los_reportes_responden_el_dinero_con_dos_decimales(auth_client, empleado, cliente, otro_cliente):
    a = ProductoFactory(precio=Decimal("1000.10"), stock=100)
    b = ProductoFactory(precio=Decimal("1431.39"), stock=100)
    c = ProductoFactory(precio=Decimal("0.40"), stock=100)
    crear_venta(usuario=cliente, lineas=[(a, 1)])
    crear_venta(usuario=cliente, lineas=[(b, 1)])
    crear_venta(usuario=otro_cliente, lineas=[(c, 1)])
    api = auth_client(empleado)

    r = api.get(reverse("ventas:reporte-ventas")).json()
    assert (r["numero_ventas"], r["total_ventas"], r["ticket_promedio"]) == (3, "2431.89", "810.63")
    assert [d["total"] for d in r["por_dia"]] == ["2431.89"]

    filas = api.get(reverse("ventas:reporte-ventas-usuario")).json()
    assert [(f["usuario"], f["total"]) for f in filas] == [(cliente.pk, "2431.49"), (otro_cliente.pk, "0.40")]

    filas = api.get(reverse("ventas:reporte-productos-mas-vendidos")).json()
    assert sorted(f["ingresos"] for f in filas) == ["0.40", "1000.10", "1431.39"]


# --- 10.11 amounts that would overflow a money column -----------------------------------------


def test_un_carrito_cuyo_total_desborda_se_rechaza_con_409(auth_client, cliente):
    caro = ProductoFactory(precio=MAXIMO, stock=10)
    api = auth_client(cliente)
    r = api.post(reverse("ventas:carrito-item-list"), {"producto": caro.pk, "cantidad": 2}, format="json")
    _error(r, 409, "importe_maximo_superado")
    r = api.post(reverse("ventas:carrito-item-list"), {"producto": caro.pk, "cantidad": 1}, format="json")
    assert r.status_code == 201
    r = api.patch(reverse("ventas:carrito-item-detail", args=[r.json()["id"]]), {"cantidad": 2}, format="json")
    _error(r, 409, "importe_maximo_superado")
    _nada_comprado(cliente, caro, 10, [(caro.pk, 1)])


def test_un_precio_subido_despues_de_llenar_el_carrito_no_da_500(auth_client, cliente):
    producto = ProductoFactory(precio=Decimal("1.00"), stock=10)
    agregar_al_carrito(usuario=cliente, producto=producto, cantidad=2)
    Producto.objects.filter(pk=producto.pk).update(precio=MAXIMO)
    api = auth_client(cliente)

    assert api.get(reverse("ventas:carrito")).status_code == 200
    _error(api.get(RESUMEN), 409, "importe_maximo_superado")
    _error(api.post(CHECKOUT, {}, format="json"), 409, "importe_maximo_superado")
    _nada_comprado(cliente, producto, 10, [(producto.pk, 2)])


# --- 10.12 a cancelled sale keeps no rating, in either order ----------------------------------


def test_cancelar_una_venta_calificada_le_quita_la_calificacion(auth_client, cliente):
    venta = crear_venta(usuario=cliente)
    api = auth_client(cliente)
    r = api.post(reverse("ventas:calificacion-list"), {"venta": venta.pk, "calificacion": 2}, format="json")
    assert r.status_code == 201

    r = api.post(reverse("ventas:venta-estado", args=[venta.pk]), {"estado": "CANCELADA"}, format="json")

    assert r.status_code == 200
    assert (r.json()["estado"], r.json()["calificacion"]) == ("CANCELADA", None)
    assert not Calificacion.objects.filter(venta=venta).exists()
    assert api.get(reverse("ventas:calificacion-list")).json()["count"] == 0
    r = api.post(reverse("ventas:calificacion-list"), {"venta": venta.pk, "calificacion": 2}, format="json")
    _error(r, 409, "venta_cancelada")


# --- 10.13 a client's id filters tell nothing about ids that are not theirs ----------------------


def test_los_filtros_por_id_responden_igual_para_ids_ajenos_existan_o_no(auth_client, cliente, otro_cliente):
    propia = crear_venta(usuario=cliente)
    ajena = crear_venta(usuario=otro_cliente)
    Calificacion.objects.create(venta=ajena, usuario=otro_cliente, calificacion=3)
    api = auth_client(cliente)
    inexistente = 10**9

    respuestas = [
        api.get(reverse("ventas:venta-list"), {"usuario": otro_cliente.pk}),
        api.get(reverse("ventas:venta-list"), {"usuario": inexistente}),
        api.get(reverse("ventas:calificacion-list"), {"venta": ajena.pk}),
        api.get(reverse("ventas:calificacion-list"), {"venta": inexistente}),
    ]
    assert [(r.status_code, r.json()["count"]) for r in respuestas] == [(200, 0)] * 4
    r = api.get(reverse("ventas:venta-list"), {"usuario": cliente.pk})
    assert [v["id"] for v in r.json()["results"]] == [propia.pk]


def test_el_personal_filtra_ventas_por_usuario(auth_client, empleado, cliente, otro_cliente):
    venta = crear_venta(usuario=cliente)
    crear_venta(usuario=otro_cliente)
    api = auth_client(empleado)
    assert [v["id"] for v in api.get(reverse("ventas:venta-list"), {"usuario": cliente.pk}).json()["results"]] == [
        venta.pk
    ]
    assert api.get(reverse("ventas:venta-list"), {"usuario": 10**9}).json()["count"] == 0
    _error(api.get(reverse("ventas:venta-list"), {"usuario": "abc"}), 400, "validacion")


# --- 10.15 the buyer is never charged a total they did not see ---------------------------------


def test_total_esperado_distinto_da_409_precio_cambiado_y_no_compra(auth_client, cliente):
    producto = ProductoFactory(precio=Decimal("20.00"), stock=10)
    api = auth_client(cliente)
    api.post(reverse("ventas:carrito-item-list"), {"producto": producto.pk, "cantidad": 1}, format="json")
    visto = api.get(RESUMEN).json()["total"]
    assert visto == "20.00"
    Producto.objects.filter(pk=producto.pk).update(precio=Decimal("2000.00"))

    r = api.post(CHECKOUT, {"total_esperado": visto}, format="json")

    assert r.status_code == 409
    assert r.json() == {
        "error": "Los precios han cambiado desde que viste el resumen: revisa el nuevo total.",
        "codigo": "precio_cambiado",
        "campos": {},
        "total_esperado": "20.00",
        "totales": {
            "subtotal": "2000.00",
            "descuento": "0.00",
            "impuesto": "0.00",
            "envio": "0.00",
            "total": "2000.00",
        },
    }
    _nada_comprado(cliente, producto, 10, [(producto.pk, 1)])

    r = api.post(CHECKOUT, {"total_esperado": "2000.00"}, format="json")
    assert r.status_code == 201
    assert r.json()["total"] == "2000.00"


def test_total_esperado_no_valido_da_400(auth_client, cliente):
    producto = ProductoFactory(stock=10)
    agregar_al_carrito(usuario=cliente, producto=producto, cantidad=1)
    for valor in ("abc", "-1.00", "1.001", "1e30"):
        r = auth_client(cliente).post(CHECKOUT, {"total_esperado": valor}, format="json")
        assert _error(r, 400, "validacion")["campos"].keys() == {"total_esperado"}
    _nada_comprado(cliente, producto, 10, [(producto.pk, 1)])


def test_sin_total_esperado_la_compra_sigue_como_antes(auth_client, cliente):
    producto = ProductoFactory(precio=Decimal("5.00"), stock=10)
    agregar_al_carrito(usuario=cliente, producto=producto, cantidad=1)
    Producto.objects.filter(pk=producto.pk).update(precio=Decimal("6.00"))
    r = auth_client(cliente).post(CHECKOUT, {"total_esperado": None}, format="json")
    assert (r.status_code, r.json()["total"]) == (201, "6.00")


def test_reporte_de_un_dia_lejano_no_cuenta_ventas(auth_client, empleado, cliente):
    venta = crear_venta(usuario=cliente)
    ayer = (timezone.localdate(venta.fecha) - timedelta(days=1)).isoformat()  # the day before the sale's own
    r = auth_client(empleado).get(reverse("ventas:reporte-ventas"), {"desde": "0001-01-01", "hasta": ayer})
    assert r.json() == {"numero_ventas": 0, "total_ventas": "0.00", "ticket_promedio": "0.00", "por_dia": []}
