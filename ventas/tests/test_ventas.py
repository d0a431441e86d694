from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from inventario.models import MovimientoInventario
from productos.tests.factories import ProductoFactory
from ventas.models import Calificacion, Venta
from ventas.services import reconstruir_resumenes
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db


def _estado(api, venta, estado):
    return api.post(reverse("ventas:venta-estado", args=[venta.pk]), {"estado": estado}, format="json")


def test_el_personal_lleva_la_venta_hasta_entregada_con_historial(auth_client, empleado, cliente):
    venta = crear_venta(usuario=cliente)
    api = auth_client(empleado)
    for estado in ("PAGADA", "ENVIADA", "ENTREGADA"):
        r = _estado(api, venta, estado)
        assert r.status_code == 200
        assert r.json()["estado"] == estado
    historial = r.json()["historial"]
    assert [(h["desde"], h["hasta"]) for h in historial] == [
        (None, "PENDIENTE"),
        ("PENDIENTE", "PAGADA"),
        ("PAGADA", "ENVIADA"),
        ("ENVIADA", "ENTREGADA"),
    ]
    assert historial[-1]["usuario"] == empleado.pk
    assert all(h["fecha"] for h in historial)


@pytest.mark.parametrize(
    ("camino", "ilegal"),
    [([], "ENVIADA"), ([], "ENTREGADA"), (["PAGADA", "ENVIADA"], "CANCELADA"), (["CANCELADA"], "PAGADA")],
)
def test_transiciones_ilegales_dan_409(auth_client, empleado, camino, ilegal):
    venta = crear_venta()
    api = auth_client(empleado)
    for estado in camino:
        assert _estado(api, venta, estado).status_code == 200
    r = _estado(api, venta, ilegal)
    assert r.status_code == 409
    assert r.json()["codigo"] == "transicion_no_permitida"
    venta.refresh_from_db()
    assert venta.estado == (camino[-1] if camino else "PENDIENTE")


def test_cancelar_devuelve_el_stock_una_sola_vez(auth_client, cliente):
    producto = ProductoFactory(stock=5)
    venta = crear_venta(usuario=cliente, lineas=[(producto, 3)])
    api = auth_client(cliente)
    assert _estado(api, venta, "CANCELADA").status_code == 200
    assert _estado(api, venta, "CANCELADA").status_code == 409
    producto.refresh_from_db()
    assert producto.stock == producto.inventario.cantidad == 5
    devolucion = MovimientoInventario.objects.get(venta=venta, motivo="CANCELACION")
    assert (devolucion.delta, devolucion.cantidad_resultante) == (3, 5)


def test_el_cliente_solo_cancela_sus_ventas_pendientes(auth_client, cliente, empleado):
    venta = crear_venta(usuario=cliente)
    api = auth_client(cliente)
    r = _estado(api, venta, "PAGADA")
    assert r.status_code == 403
    _estado(auth_client(empleado), venta, "PAGADA")
    r = _estado(api, venta, "CANCELADA")
    assert r.status_code == 409
    venta.refresh_from_db()
    assert venta.estado == "PAGADA"


def test_estado_desconocido_da_400(auth_client, empleado):
    r = _estado(auth_client(empleado), crear_venta(), "PERDIDA")
    assert r.status_code == 400
    assert "estado" in r.json()["campos"]


def test_historial_de_compras_del_cliente_solo_muestra_las_suyas(auth_client, cliente, otro_cliente, empleado):
    propia = crear_venta(usuario=cliente, lineas=[(ProductoFactory(nombre="Café 1kg"), 2)])
    ajena = crear_venta(usuario=otro_cliente)
    r = auth_client(cliente).get(reverse("ventas:venta-list"))
    assert [v["id"] for v in r.json()["results"]] == [propia.pk]
    assert r.json()["results"][0]["detalles"][0]["producto_nombre"] == "Café 1kg"
    assert auth_client(cliente).get(reverse("ventas:venta-detail", args=[ajena.pk])).status_code == 404
    todas = auth_client(empleado).get(reverse("ventas:venta-list")).json()
    assert {v["id"] for v in todas["results"]} == {propia.pk, ajena.pk}


def test_filtros_del_historial(auth_client, empleado, cliente, otro_cliente):
    vieja = crear_venta(usuario=cliente)
    Venta.objects.filter(pk=vieja.pk).update(fecha=timezone.now() - timedelta(days=10))
    nueva = crear_venta(usuario=otro_cliente)
    api = auth_client(empleado)
    hoy = timezone.localdate(nueva.fecha)  # the sale's own day, even if midnight passed since

    def ids(**params):
        return {v["id"] for v in api.get(reverse("ventas:venta-list"), params).json()["results"]}

    assert ids(desde=hoy.isoformat()) == {nueva.pk}
    assert ids(hasta=(hoy - timedelta(days=5)).isoformat()) == {vieja.pk}
    assert ids(usuario=cliente.pk) == {vieja.pk}
    _estado(api, nueva, "PAGADA")
    assert ids(estado="PAGADA") == {nueva.pk}


def test_calificar_la_propia_venta_una_vez(auth_client, cliente):
    venta = crear_venta(usuario=cliente)
    api = auth_client(cliente)
    url = reverse("ventas:calificacion-list")
    r = api.post(url, {"venta": venta.pk, "calificacion": 5, "comentario": "Muy bien"}, format="json")
    assert r.status_code == 201
    assert {k: r.json()[k] for k in ("venta", "usuario", "calificacion", "comentario")} == {
        "venta": venta.pk,
        "usuario": cliente.pk,
        "calificacion": 5,
        "comentario": "Muy bien",
    }
    r = api.post(url, {"venta": venta.pk, "calificacion": 3}, format="json")
    assert r.status_code == 409
    assert r.json()["codigo"] == "venta_ya_calificada"
    assert Calificacion.objects.get().calificacion == 5
    assert api.get(reverse("ventas:venta-detail", args=[venta.pk])).json()["calificacion"]["calificacion"] == 5


@pytest.mark.parametrize("valor", [0, 6, "cinco"])
def test_calificacion_fuera_de_rango_da_400(auth_client, cliente, valor):
    venta = crear_venta(usuario=cliente)
    r = auth_client(cliente).post(
        reverse("ventas:calificacion-list"), {"venta": venta.pk, "calificacion": valor}, format="json"
    )
    assert r.status_code == 400
    assert not Calificacion.objects.exists()


def test_la_base_de_datos_exige_calificacion_de_1_a_5(cliente):
    venta = crear_venta(usuario=cliente)
    with pytest.raises(IntegrityError), transaction.atomic():
        Calificacion.objects.create(venta=venta, usuario=cliente, calificacion=6)


def test_calificar_venta_ajena_da_404_y_la_lista_no_filtra_ajenas(auth_client, cliente, otro_cliente):
    ajena = crear_venta(usuario=otro_cliente)
    Calificacion.objects.create(venta=ajena, usuario=otro_cliente, calificacion=2)
    api = auth_client(cliente)
    r = api.post(reverse("ventas:calificacion-list"), {"venta": ajena.pk, "calificacion": 5}, format="json")
    assert r.status_code == 404
    assert api.get(reverse("ventas:calificacion-list")).json()["count"] == 0


def _en(venta, dia):
    fecha = timezone.make_aware(datetime.combine(dia, datetime.min.time()) + timedelta(hours=12))
    Venta.objects.filter(pk=venta.pk).update(fecha=fecha)
    # A raw UPDATE of `fecha` bypasses the services that keep the daily summaries: rebuild them.
    reconstruir_resumenes()


def test_los_reportes_coinciden_con_totales_calculados_aparte(auth_client, empleado, cliente, otro_cliente):
    a = ProductoFactory(precio=Decimal("10.00"), stock=100)
    b = ProductoFactory(precio=Decimal("3.35"), stock=100)
    dia1, dia2 = timezone.localdate() - timedelta(days=3), timezone.localdate() - timedelta(days=1)
    ventas = [
        (crear_venta(usuario=cliente, lineas=[(a, 2), (b, 1)]), dia1),
        (crear_venta(usuario=cliente, lineas=[(b, 5)]), dia2),
        (crear_venta(usuario=otro_cliente, lineas=[(a, 7)]), dia2),
    ]
    cancelada = crear_venta(usuario=otro_cliente, lineas=[(a, 50)])
    for venta, dia in ventas:
        _en(venta, dia)
    api = auth_client(empleado)
    _estado(api, cancelada, "CANCELADA")

    validas = [v for v, _ in ventas]
    total = sum(v.total for v in validas)
    r = api.get(reverse("ventas:reporte-ventas")).json()
    assert r["numero_ventas"] == 3
    assert Decimal(r["total_ventas"]) == total
    assert Decimal(r["ticket_promedio"]) == (total / 3).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    esperado_por_dia = {}
    for venta, dia in ventas:
        n, t = esperado_por_dia.get(dia.isoformat(), (0, Decimal("0")))
        esperado_por_dia[dia.isoformat()] = (n + 1, t + venta.total)
    assert {d["fecha"]: (d["numero_ventas"], Decimal(d["total"])) for d in r["por_dia"]} == esperado_por_dia

    r = api.get(reverse("ventas:reporte-ventas"), {"desde": dia2.isoformat(), "hasta": dia2.isoformat()}).json()
    assert r["numero_ventas"] == 2

    filas = api.get(reverse("ventas:reporte-ventas-usuario")).json()
    esperado = {}
    for venta in validas:
        n, t = esperado.get(venta.usuario_id, (0, Decimal("0")))
        esperado[venta.usuario_id] = (n + 1, t + venta.total)
    assert {f["usuario"]: (f["numero_ventas"], Decimal(f["total"])) for f in filas} == esperado
    assert [Decimal(f["total"]) for f in filas] == sorted((t for _, t in esperado.values()), reverse=True)

    filas = api.get(reverse("ventas:reporte-productos-mas-vendidos")).json()
    unidades, ingresos = {}, {}
    for venta in validas:
        for d in venta.detalles.all():
            unidades[d.producto_id] = unidades.get(d.producto_id, 0) + d.cantidad
            ingresos[d.producto_id] = ingresos.get(d.producto_id, Decimal("0")) + d.cantidad * d.precio_unitario
    assert [(f["producto"], f["cantidad_vendida"], Decimal(f["ingresos"])) for f in filas] == sorted(
        ((p, unidades[p], ingresos[p]) for p in unidades), key=lambda x: -x[1]
    )
    assert len(api.get(reverse("ventas:reporte-productos-mas-vendidos"), {"limite": 1}).json()) == 1


def test_reporte_con_rango_al_reves_da_400(auth_client, empleado):
    r = auth_client(empleado).get(reverse("ventas:reporte-ventas"), {"desde": "2026-02-01", "hasta": "2026-01-01"})
    assert r.status_code == 400
    assert "hasta" in r.json()["campos"]


def test_reporte_vacio(auth_client, empleado):
    r = auth_client(empleado).get(reverse("ventas:reporte-ventas")).json()
    assert r == {"numero_ventas": 0, "total_ventas": "0.00", "ticket_promedio": "0.00", "por_dia": []}
