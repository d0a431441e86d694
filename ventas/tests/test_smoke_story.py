"""The notes' whole story over HTTP, as Postman would walk it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from inventario.models import Inventario, MovimientoInventario
from productos.models import Producto
from ventas.models import Venta

pytestmark = pytest.mark.django_db


def test_la_historia_de_las_notas_funciona_de_principio_a_fin(api_client, administrador, auth_client):
    r = api_client.post(
        reverse("usuarios:register"),
        {"username": "juan", "password": "Una-clave-larga-1", "email": "juan@example.com"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert r.json()["mensaje"] == "Usuario creado correctamente"
    assert r.json()["usuario"]["rol"] == "CLIENT"

    r = api_client.post(reverse("usuarios:login"), {"username": "juan", "password": "Una-clave-larga-1"}, format="json")
    assert r.status_code == 200
    tokens = r.json()
    comprador = api_client
    comprador.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

    staff = auth_client(administrador)
    r = staff.post(reverse("productos:categoria-list"), {"nombre": "Electrónica"}, format="json")
    assert r.status_code == 201
    categoria_id = r.json()["id"]
    r = staff.post(
        reverse("productos:producto-list"),
        {"nombre": "Laptop Gamer", "precio": 1200, "stock": 10, "categoria": categoria_id, "descripcion": "Potente"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    producto = r.json()
    assert producto["categoria"] == {"id": categoria_id, "nombre": "Electrónica"}
    assert producto["precio"] == "1200.00"
    assert Inventario.objects.get(producto_id=producto["id"]).cantidad == 10

    r = comprador.post(reverse("ventas:carrito-item-list"), {"producto": producto["id"], "cantidad": 2}, format="json")
    assert r.status_code == 201, r.json()
    r = comprador.get(reverse("ventas:carrito"))
    assert r.status_code == 200
    assert r.json()["total"] == "2400.00"

    r = comprador.post(reverse("ventas:checkout"), {}, format="json")
    assert r.status_code == 201, r.json()
    venta = r.json()
    assert venta["total"] == "2400.00"
    assert venta["detalles"][0]["precio_unitario"] == "1200.00"
    assert venta["estado"] == "PENDIENTE"
    assert Producto.objects.get(pk=producto["id"]).stock == 8
    assert Inventario.objects.get(producto_id=producto["id"]).cantidad == 8
    assert MovimientoInventario.objects.filter(venta_id=venta["id"]).count() == 1
    assert comprador.get(reverse("ventas:carrito")).json()["items"] == []

    r = comprador.get(reverse("ventas:venta-list"))
    assert r.json()["count"] == 1

    r = comprador.post(
        reverse("ventas:calificacion-list"),
        {"venta": venta["id"], "calificacion": 5, "comentario": "Genial"},
        format="json",
    )
    assert r.status_code == 201, r.json()

    inventario_id = Inventario.objects.get(producto_id=producto["id"]).pk
    r = staff.put(reverse("inventario:inventario-detail", args=[inventario_id]), {"cantidad": 45}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["cantidad"] == 45
    assert Producto.objects.get(pk=producto["id"]).stock == 45

    r = staff.get(reverse("ventas:reporte-ventas"))
    assert r.status_code == 200
    assert r.json()["numero_ventas"] == 1
    assert Decimal(r.json()["total_ventas"]) == Decimal("2400.00")
    r = staff.get(reverse("ventas:reporte-productos-mas-vendidos"))
    assert r.json()[0]["cantidad_vendida"] == 2
    r = staff.get(reverse("ventas:reporte-ventas-usuario"))
    assert r.json()[0]["username"] == "juan"

    r = api_client.post(reverse("usuarios:token-refresh"), {"refresh": tokens["refresh"]}, format="json")
    assert r.status_code == 200
    assert "access" in r.json()
    assert Venta.objects.count() == 1
