"""Stock rules that are not about HTTP, called as services."""

import logging

import pytest
from django.db import transaction

from inventario.exceptions import StockInsuficiente
from inventario.models import Inventario, MovimientoInventario
from inventario.services import fijar_stock, mover_stock, mover_stock_en_lote
from productos.models import Producto
from productos.tests.factories import ProductoFactory

pytestmark = pytest.mark.django_db


def _stock(producto):
    return Producto.objects.filter(pk=producto.pk).values_list("stock", "inventario__cantidad").get()


def test_un_lote_con_un_producto_sin_stock_no_mueve_ninguno():
    a, b = ProductoFactory(stock=5), ProductoFactory(nombre="Té verde", stock=1)
    movimientos_antes = MovimientoInventario.objects.count()
    with pytest.raises(StockInsuficiente) as error:
        mover_stock_en_lote(cambios=[(a.pk, -2), (b.pk, -3)], motivo=MovimientoInventario.Motivo.AJUSTE)
    assert error.value.codigo == "stock_insuficiente"
    assert "Té verde" in error.value.mensaje
    assert (_stock(a), _stock(b)) == ((5, 5), (1, 1))
    assert MovimientoInventario.objects.count() == movimientos_antes


def test_un_lote_registra_un_movimiento_por_producto_con_la_cantidad_resultante():
    a, b = ProductoFactory(stock=5), ProductoFactory(stock=1)
    movimientos = mover_stock_en_lote(cambios=[(b.pk, 4), (a.pk, -5)], motivo=MovimientoInventario.Motivo.AJUSTE)
    assert [(m.producto_id, m.delta, m.cantidad_resultante) for m in movimientos] == sorted(
        [(a.pk, -5, 0), (b.pk, 4, 5)]
    )
    assert (_stock(a), _stock(b)) == ((0, 0), (5, 5))


def test_mover_stock_de_un_producto_devuelve_su_movimiento():
    producto = ProductoFactory(stock=2)
    movimiento = mover_stock(producto_id=producto.pk, delta=3, motivo=MovimientoInventario.Motivo.AJUSTE, nota="x")
    assert (movimiento.delta, movimiento.cantidad_resultante, movimiento.nota) == (3, 5, "x")
    assert _stock(producto) == (5, 5)


def test_fijar_el_mismo_stock_no_registra_movimiento():
    producto = ProductoFactory(stock=7)
    antes = MovimientoInventario.objects.filter(producto=producto).count()
    inventario = fijar_stock(producto_id=producto.pk, cantidad=7)
    assert inventario.cantidad == 7
    assert MovimientoInventario.objects.filter(producto=producto).count() == antes


def test_un_ajuste_deshecho_no_deja_linea_de_auditoria(caplog, django_capture_on_commit_callbacks):
    producto = ProductoFactory(stock=7)
    caplog.set_level(logging.INFO, logger="audit")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        fijar_stock(producto_id=producto.pk, cantidad=3)
        raise RuntimeError("fallo después del ajuste")
    assert Inventario.objects.get(producto=producto).cantidad == 7
    assert [r.getMessage() for r in caplog.records if r.name == "audit"] == []

    with django_capture_on_commit_callbacks(execute=True):
        fijar_stock(producto_id=producto.pk, cantidad=3)
    assert [(r.getMessage(), r.delta) for r in caplog.records if r.name == "audit"] == [("ajuste_stock", -4)]
