import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from inventario.models import Inventario, MovimientoInventario
from inventario.services import StockInsuficiente, mover_stock
from productos.models import Producto
from productos.tests.factories import CategoriaFactory, ProductoFactory

pytestmark = pytest.mark.django_db


def test_put_con_solo_cantidad_como_en_las_notas(auth_client, empleado):
    producto = ProductoFactory(nombre="Laptop Gamer", stock=10)
    inventario = producto.inventario
    r = auth_client(empleado).put(reverse("inventario:inventario-detail", args=[inventario.pk]), {"cantidad": 45})
    assert r.status_code == 200
    assert {k: r.json()[k] for k in ("id", "producto", "producto_nombre", "cantidad")} == {
        "id": inventario.pk,
        "producto": producto.pk,
        "producto_nombre": "Laptop Gamer",
        "cantidad": 45,
    }
    assert "ultima_actualizacion" in r.json()
    producto.refresh_from_db()
    assert producto.stock == 45
    ajuste = MovimientoInventario.objects.get(producto=producto, motivo="AJUSTE")
    assert (ajuste.delta, ajuste.cantidad_resultante, ajuste.usuario) == (35, 45, empleado)


def test_cantidad_negativa_da_400_y_no_cambia_nada(auth_client, empleado):
    producto = ProductoFactory(stock=3)
    r = auth_client(empleado).patch(
        reverse("inventario:inventario-detail", args=[producto.inventario.pk]), {"cantidad": -1}
    )
    assert r.status_code == 400
    assert Inventario.objects.get(producto=producto).cantidad == 3


def test_el_cliente_no_ve_ni_toca_el_inventario(auth_client, cliente):
    producto = ProductoFactory(stock=3)
    r = auth_client(cliente).put(
        reverse("inventario:inventario-detail", args=[producto.inventario.pk]), {"cantidad": 99}
    )
    assert r.status_code == 403
    assert Inventario.objects.get(producto=producto).cantidad == 3


def test_los_movimientos_se_listan_y_filtran_por_producto(auth_client, empleado):
    a, b = ProductoFactory(stock=2), ProductoFactory(stock=3)
    mover_stock(producto_id=a.pk, delta=-1, motivo="AJUSTE")
    r = auth_client(empleado).get(reverse("inventario:movimiento-list"), {"producto": a.pk})
    assert r.status_code == 200
    filas = r.json()["results"]
    assert [(f["delta"], f["cantidad_resultante"]) for f in filas] == [(-1, 1), (2, 2)]
    assert all(f["producto"] == a.pk for f in filas)
    assert b.pk not in {f["producto"] for f in filas}


def test_mover_stock_nunca_deja_stock_negativo():
    producto = ProductoFactory(nombre="Café 1kg", stock=2)
    with pytest.raises(StockInsuficiente) as error:
        mover_stock(producto_id=producto.pk, delta=-3, motivo="AJUSTE")
    assert "Café 1kg" in error.value.mensaje
    producto.refresh_from_db()
    assert producto.stock == producto.inventario.cantidad == 2
    assert producto.movimientos.count() == 1


def test_la_base_de_datos_rechaza_stock_negativo():
    producto = ProductoFactory(stock=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Inventario.objects.filter(producto=producto).update(cantidad=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Producto.objects.filter(pk=producto.pk).update(stock=-1)


def test_crear_inventarios_completa_los_que_faltan():
    categoria = CategoriaFactory()
    sin_inventario = Producto.objects.create(nombre="Antiguo", precio=5, stock=7, categoria=categoria)
    con_inventario = ProductoFactory(stock=2)
    call_command("crear_inventarios")
    assert Inventario.objects.get(producto=sin_inventario).cantidad == 7
    assert Inventario.objects.get(producto=con_inventario).cantidad == 2
    assert sin_inventario.movimientos.get().motivo == "INICIAL"
    call_command("crear_inventarios")
    assert Inventario.objects.count() == 2


def test_cambiar_solo_el_stock_minimo_no_mueve_stock(auth_client, empleado):
    producto = ProductoFactory(stock=4)
    url = reverse("inventario:inventario-detail", args=[producto.inventario.pk])
    r = auth_client(empleado).patch(url, {"stock_minimo": 6})
    assert r.status_code == 200
    assert (r.json()["stock_minimo"], r.json()["cantidad"], r.json()["bajo_minimo"]) == (6, 4, True)
    assert producto.movimientos.count() == 1
