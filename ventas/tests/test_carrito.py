import pytest
from django.urls import reverse

from productos.tests.factories import ProductoFactory
from ventas.models import CarritoItem
from ventas.tests.factories import CarritoItemFactory

pytestmark = pytest.mark.django_db

ITEMS = reverse("ventas:carrito-item-list")


def _detalle(item):
    return reverse("ventas:carrito-item-detail", args=[item.pk])


def test_agregar_el_mismo_producto_suma_en_la_misma_linea(auth_client, cliente):
    api = auth_client(cliente)
    producto = ProductoFactory(stock=5)
    r1 = api.post(ITEMS, {"producto": producto.pk, "cantidad": 2})
    r2 = api.post(ITEMS, {"producto": producto.pk, "cantidad": 1})
    assert (r1.status_code, r2.status_code) == (201, 200)
    assert r1.json()["id"] == r2.json()["id"]
    assert r2.json()["cantidad"] == 3
    assert set(r1.json()) >= {"id", "carrito", "producto", "cantidad"}
    assert CarritoItem.objects.filter(carrito__usuario=cliente).count() == 1


def test_no_se_puede_pasar_del_stock(auth_client, cliente):
    api = auth_client(cliente)
    producto = ProductoFactory(nombre="Café 1kg", stock=3)
    api.post(ITEMS, {"producto": producto.pk, "cantidad": 2})
    r = api.post(ITEMS, {"producto": producto.pk, "cantidad": 2})
    assert r.status_code == 409
    assert r.json() == {"error": "No hay stock suficiente de «Café 1kg».", "codigo": "stock_insuficiente", "campos": {}}
    assert CarritoItem.objects.get(carrito__usuario=cliente).cantidad == 2


@pytest.mark.parametrize("cantidad", [0, -1, "dos", None, 10**12])
def test_cantidad_no_valida_da_400(auth_client, cliente, cantidad):
    producto = ProductoFactory(stock=5)
    r = auth_client(cliente).post(ITEMS, {"producto": producto.pk, "cantidad": cantidad}, format="json")
    assert r.status_code == 400
    assert "cantidad" in r.json()["campos"]
    assert not CarritoItem.objects.exists()


def test_producto_inexistente_da_400(auth_client, cliente):
    r = auth_client(cliente).post(ITEMS, {"producto": 987654, "cantidad": 1})
    assert r.status_code == 400
    assert "producto" in r.json()["campos"]


def test_ver_cambiar_y_quitar_lineas_propias(auth_client, cliente):
    api = auth_client(cliente)
    item = CarritoItemFactory(carrito__usuario=cliente, producto=ProductoFactory(stock=9, precio="2.50"), cantidad=1)
    assert api.patch(_detalle(item), {"cantidad": 4}).json()["cantidad"] == 4
    r = api.get(reverse("ventas:carrito"))
    assert r.status_code == 200
    assert r.json()["usuario"] == cliente.pk
    assert r.json()["total"] == "10.00"
    assert [(i["producto"], i["cantidad"]) for i in r.json()["items"]] == [(item.producto_id, 4)]
    assert api.patch(_detalle(item), {"cantidad": 10}).status_code == 409
    assert api.delete(_detalle(item)).status_code == 204
    assert api.get(reverse("ventas:carrito")).json()["items"] == []


def test_las_lineas_de_otro_usuario_son_404_y_no_cambian(auth_client, cliente, otro_cliente):
    ajena = CarritoItemFactory(carrito__usuario=otro_cliente, cantidad=1)
    api = auth_client(cliente)
    assert api.get(_detalle(ajena)).status_code == 404
    assert api.patch(_detalle(ajena), {"cantidad": 2}).status_code == 404
    r = api.delete(_detalle(ajena))
    assert r.status_code == 404
    assert r.json()["codigo"] == "no_encontrado"
    ajena.refresh_from_db()
    assert ajena.cantidad == 1
    assert api.get(ITEMS).json()["count"] == 0
    assert api.get(reverse("ventas:carrito")).json()["items"] == []


def test_post_carrito_es_idempotente_y_delete_lo_vacia(auth_client, cliente):
    api = auth_client(cliente)
    assert api.post(reverse("ventas:carrito"), {}).status_code == 201
    assert api.post(reverse("ventas:carrito"), {}).status_code == 200
    CarritoItemFactory(carrito__usuario=cliente)
    r = api.delete(reverse("ventas:carrito"))
    assert r.status_code == 200 and r.json()["items"] == []
    assert not CarritoItem.objects.exists()
