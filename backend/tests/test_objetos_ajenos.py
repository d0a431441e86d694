"""Another client's objects are invisible: 404 on read, update and delete, absent from lists."""

import pytest

from productos.tests.factories import ProductoFactory
from ventas.models import Calificacion, CarritoItem, Venta
from ventas.services import agregar_al_carrito
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db


@pytest.fixture
def ajenos(otro_cliente):
    producto = ProductoFactory(stock=50)
    venta = crear_venta(usuario=otro_cliente, lineas=[(producto, 1)])
    calificacion = Calificacion.objects.create(venta=venta, usuario=otro_cliente, calificacion=4)
    item, _ = agregar_al_carrito(usuario=otro_cliente, producto=producto, cantidad=2)
    return {"venta": venta, "calificacion": calificacion, "item": item, "producto": producto}


def test_linea_de_carrito_ajena(auth_client, cliente, ajenos):
    api, item = auth_client(cliente), ajenos["item"]
    url = f"/api/carrito-item/{item.pk}/"
    assert api.get(url).status_code == 404
    assert api.put(url, {"cantidad": 1}, format="json").status_code == 404
    assert api.patch(url, {"cantidad": 1}, format="json").status_code == 404
    assert api.delete(url).status_code == 404
    assert CarritoItem.objects.get(pk=item.pk).cantidad == 2
    assert api.get("/api/carrito-item/").json()["count"] == 0
    assert api.get("/api/carrito/").json()["items"] == []


def test_venta_ajena(auth_client, cliente, ajenos):
    api, venta = auth_client(cliente), ajenos["venta"]
    assert api.get(f"/api/ventas/{venta.pk}/").status_code == 404
    r = api.post(f"/api/ventas/{venta.pk}/estado/", {"estado": "CANCELADA"}, format="json")
    assert r.status_code == 404
    # Sales are never deleted, by anyone: 405 for the owner too, so it says nothing about ownership.
    assert api.delete(f"/api/ventas/{venta.pk}/").status_code == 405
    assert auth_client(venta.usuario).delete(f"/api/ventas/{venta.pk}/").status_code == 405
    assert Venta.objects.get(pk=venta.pk).estado == "PENDIENTE"
    assert api.get("/api/ventas/").json()["count"] == 0
    assert api.get("/api/ventas/", {"usuario": venta.usuario_id}).json()["count"] == 0


def test_calificacion_ajena(auth_client, cliente, ajenos):
    api, calificacion = auth_client(cliente), ajenos["calificacion"]
    url = f"/api/ventas/calificaciones/{calificacion.pk}/"
    assert api.get(url).status_code == 404
    # Ratings are never edited or deleted, by anyone (405 for their author too).
    duenio = auth_client(calificacion.usuario)
    for verbo in ("put", "patch", "delete"):
        assert getattr(api, verbo)(url, {"calificacion": 1}, format="json").status_code == 405, verbo
        assert getattr(duenio, verbo)(url, {"calificacion": 1}, format="json").status_code == 405, verbo
    assert Calificacion.objects.get(pk=calificacion.pk).calificacion == 4
    assert api.get("/api/ventas/calificaciones/").json()["count"] == 0
    r = api.post("/api/ventas/calificaciones/", {"venta": ajenos["venta"].pk, "calificacion": 1}, format="json")
    assert r.status_code == 404


def test_los_informes_y_listas_del_personal_no_estan_al_alcance_del_cliente(auth_client, cliente, ajenos):
    api = auth_client(cliente)
    for url in (
        "/api/ventas/reporte/ventas/",
        "/api/ventas/reporte/ventas-usuario/",
        "/api/usuarios/",
        "/api/inventario/movimientos/",
    ):
        assert api.get(url).status_code == 403, url
