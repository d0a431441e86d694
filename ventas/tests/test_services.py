"""Sales rules that are not about HTTP, called as services."""

import logging
from decimal import Decimal

import pytest
from django.db import transaction

from backend.dinero import MAXIMO
from backend.errores import AccionNoPermitida
from inventario.models import MovimientoInventario
from productos.models import Producto
from productos.tests.factories import ProductoFactory
from ventas.exceptions import ImporteMaximoSuperado, PrecioCambiado, TransicionNoPermitida
from ventas.models import Calificacion, CarritoItem, Venta
from ventas.selectors import carrito_con_lineas
from ventas.services import (
    agregar_al_carrito,
    calcular_totales,
    calificar_venta,
    cambiar_cantidad_item,
    cambiar_estado_venta,
    confirmar_compra,
    obtener_o_crear_carrito,
)
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db


def _lineas_del_carrito(usuario):
    return sorted(CarritoItem.objects.filter(carrito__usuario=usuario).values_list("producto_id", "cantidad"))


def test_obtener_o_crear_carrito_crea_uno_solo(cliente):
    primero, creado = obtener_o_crear_carrito(usuario=cliente)
    segundo, otra_vez = obtener_o_crear_carrito(usuario=cliente)
    assert (creado, otra_vez, primero.pk) == (True, False, segundo.pk)


def test_carrito_con_lineas_no_cambia_el_carrito_que_recibe(cliente):
    agregar_al_carrito(usuario=cliente, producto=ProductoFactory(stock=5), cantidad=2)
    carrito, _ = obtener_o_crear_carrito(usuario=cliente)
    leido = carrito_con_lineas(carrito_id=carrito.pk)
    assert leido is not carrito
    assert not hasattr(carrito, "_prefetched_objects_cache")
    assert [i.cantidad for i in leido.items.all()] == [2]


def test_un_importe_que_no_cabe_en_la_columna_se_rechaza():
    assert calcular_totales(lineas=[(1, MAXIMO)], cupon=None)["total"] == MAXIMO
    with pytest.raises(ImporteMaximoSuperado):
        calcular_totales(lineas=[(2, MAXIMO)], cupon=None)


def test_un_importe_que_no_cabe_tras_el_impuesto_se_rechaza(settings):
    settings.TIENDA_TASA_IMPUESTO = Decimal("0.21")
    with pytest.raises(ImporteMaximoSuperado):
        calcular_totales(lineas=[(1, MAXIMO)], cupon=None)


def test_agregar_o_cambiar_una_linea_que_desborda_el_total_no_cambia_el_carrito(cliente):
    caro = ProductoFactory(precio=MAXIMO, stock=5)
    agregar_al_carrito(usuario=cliente, producto=caro, cantidad=1)
    with pytest.raises(ImporteMaximoSuperado):
        agregar_al_carrito(usuario=cliente, producto=caro, cantidad=1)
    with pytest.raises(ImporteMaximoSuperado):
        agregar_al_carrito(usuario=cliente, producto=ProductoFactory(precio=Decimal("0.01"), stock=5), cantidad=1)
    item = CarritoItem.objects.get(carrito__usuario=cliente)
    with pytest.raises(ImporteMaximoSuperado):
        cambiar_cantidad_item(item=item, cantidad=2)
    assert _lineas_del_carrito(cliente) == [(caro.pk, 1)]


def test_total_esperado_distinto_no_compra_nada_y_dice_los_importes_nuevos(cliente):
    producto = ProductoFactory(precio=Decimal("20.00"), stock=5)
    agregar_al_carrito(usuario=cliente, producto=producto, cantidad=1)
    Producto.objects.filter(pk=producto.pk).update(precio=Decimal("2000.00"))

    with pytest.raises(PrecioCambiado) as error:
        confirmar_compra(usuario=cliente, total_esperado=Decimal("20.00"))

    assert error.value.codigo == "precio_cambiado"
    assert error.value.datos == {
        "total_esperado": "20.00",
        "totales": {
            "subtotal": "2000.00",
            "descuento": "0.00",
            "impuesto": "0.00",
            "envio": "0.00",
            "total": "2000.00",
        },
    }
    assert Venta.objects.count() == 0
    assert Producto.objects.get(pk=producto.pk).stock == 5
    assert _lineas_del_carrito(cliente) == [(producto.pk, 1)]


def test_total_esperado_igual_compra(cliente):
    agregar_al_carrito(usuario=cliente, producto=ProductoFactory(precio=Decimal("19.99"), stock=5), cantidad=2)
    venta = confirmar_compra(usuario=cliente, total_esperado=Decimal("39.98"))
    assert venta.total == Decimal("39.98")


def test_el_comprador_solo_puede_cancelar_y_solo_si_esta_pendiente(cliente):
    venta = crear_venta(usuario=cliente)
    with pytest.raises(AccionNoPermitida):
        cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.PAGADA, usuario=cliente, como_comprador=True)
    cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.PAGADA, usuario=None)
    with pytest.raises(TransicionNoPermitida):
        cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.CANCELADA, usuario=cliente, como_comprador=True)
    # The system (a payment's refund, staff) may cancel a paid sale.
    cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.CANCELADA, usuario=None)
    assert Venta.objects.get(pk=venta.pk).estado == Venta.Estado.CANCELADA


def test_cancelar_una_venta_calificada_retira_su_calificacion(cliente):
    venta = crear_venta(usuario=cliente)
    calificar_venta(usuario=cliente, venta_id=venta.pk, calificacion=5)
    cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.CANCELADA, usuario=cliente, como_comprador=True)
    assert not Calificacion.objects.filter(venta=venta).exists()
    with pytest.raises(TransicionNoPermitida) as error:
        calificar_venta(usuario=cliente, venta_id=venta.pk, calificacion=5)
    assert error.value.codigo == "venta_cancelada"


def test_una_venta_deshecha_no_deja_linea_de_auditoria(cliente, caplog, django_capture_on_commit_callbacks):
    agregar_al_carrito(usuario=cliente, producto=ProductoFactory(stock=5), cantidad=1)
    caplog.set_level(logging.INFO, logger="audit")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        confirmar_compra(usuario=cliente)
        raise RuntimeError("fallo después de la compra")
    assert Venta.objects.count() == 0
    assert [r.getMessage() for r in caplog.records if r.name == "audit"] == []

    with django_capture_on_commit_callbacks(execute=True):
        venta = confirmar_compra(usuario=cliente)
    assert [(r.getMessage(), r.venta_id) for r in caplog.records if r.name == "audit"] == [("venta_creada", venta.pk)]


def test_un_cambio_de_estado_deshecho_no_deja_linea_de_auditoria(cliente, caplog, django_capture_on_commit_callbacks):
    venta = crear_venta(usuario=cliente)
    caplog.set_level(logging.INFO, logger="audit")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.CANCELADA, usuario=None)
        raise RuntimeError("fallo después de cancelar")
    assert Venta.objects.get(pk=venta.pk).estado == Venta.Estado.PENDIENTE
    assert MovimientoInventario.objects.filter(venta=venta, motivo="CANCELACION").count() == 0
    assert [r.getMessage() for r in caplog.records if r.name == "audit"] == []
