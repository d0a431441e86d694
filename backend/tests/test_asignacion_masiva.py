"""Mass assignment: fields a caller must not set are ignored or rejected, never applied."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from inventario.models import Inventario
from productos.tests.factories import ProductoFactory
from usuarios.models import Usuario
from ventas.models import CarritoItem, Cupon, Venta
from ventas.services import agregar_al_carrito, obtener_o_crear_carrito
from ventas.tests.factories import CuponFactory, crear_venta

pytestmark = pytest.mark.django_db

REGISTRO = {"username": "nuevo", "password": "Una-Clave-Larga-123", "email": "nuevo@example.com"}


@pytest.mark.parametrize("rol", [Usuario.Rol.ADMIN, Usuario.Rol.EMPLOYEE])
def test_anonymous_register_asking_for_a_staff_role_is_403_and_creates_nothing(rol):
    respuesta = APIClient().post(reverse("usuarios:register"), {**REGISTRO, "rol": rol})

    assert respuesta.status_code == 403
    assert respuesta.json()["codigo"] == "permiso_denegado"
    assert not Usuario.objects.filter(username="nuevo").exists()


def test_a_client_cannot_register_an_admin_either(cliente, auth_client):
    respuesta = auth_client(cliente).post(reverse("usuarios:register"), {**REGISTRO, "rol": Usuario.Rol.ADMIN})

    assert respuesta.status_code == 403
    assert not Usuario.objects.filter(username="nuevo").exists()


def test_register_ignores_staff_and_superuser_flags():
    cuerpo = {**REGISTRO, "is_staff": True, "is_superuser": True, "is_active": False, "groups": [1]}
    respuesta = APIClient().post(reverse("usuarios:register"), cuerpo)

    assert respuesta.status_code == 201
    usuario = Usuario.objects.get(username="nuevo")
    assert usuario.rol == Usuario.Rol.CLIENT
    assert not usuario.is_staff
    assert not usuario.is_superuser
    assert usuario.is_active
    assert list(usuario.groups.values_list("name", flat=True)) == ["Cliente"]


def test_me_ignores_rol_staff_and_superuser(cliente, auth_client):
    cuerpo = {
        "rol": Usuario.Rol.ADMIN,
        "is_staff": True,
        "is_superuser": True,
        "username": "otro-nombre",
        "email": "cambiado@example.com",
    }
    for metodo in ("patch", "put"):
        respuesta = getattr(auth_client(cliente), metodo)(reverse("usuarios:me"), cuerpo)
        assert respuesta.status_code == 200
        assert respuesta.json()["rol"] == Usuario.Rol.CLIENT

    cliente.refresh_from_db()
    assert cliente.email == "cambiado@example.com"
    assert cliente.rol == Usuario.Rol.CLIENT
    assert not cliente.is_staff
    assert not cliente.is_superuser
    assert cliente.username != "otro-nombre"
    assert list(cliente.groups.values_list("name", flat=True)) == ["Cliente"]
    # And the server acts on the stored role: staff-only endpoints stay closed.
    assert auth_client(cliente).get(reverse("usuarios:usuario-list")).status_code == 403


def test_checkout_ignores_owner_total_prices_and_status_sent_by_the_client(cliente, otro_cliente, auth_client):
    producto = ProductoFactory(stock=10, precio=Decimal("25.00"))
    agregar_al_carrito(usuario=cliente, producto=producto, cantidad=2)
    cuerpo = {
        "usuario": otro_cliente.pk,
        "total": "0.01",
        "subtotal": "0.01",
        "descuento": "1000.00",
        "estado": Venta.Estado.ENTREGADA,
        "precio_unitario": "0.01",
        "detalles": [{"producto": producto.pk, "cantidad": 2, "precio_unitario": "0.01"}],
    }

    respuesta = auth_client(cliente).post(reverse("ventas:checkout"), cuerpo)

    assert respuesta.status_code == 201
    venta = Venta.objects.get()
    assert venta.usuario_id == cliente.pk
    assert venta.estado == Venta.Estado.PENDIENTE
    assert venta.descuento == Decimal("0.00")
    assert venta.subtotal == Decimal("50.00")
    assert venta.total == Decimal("50.00")
    detalle = venta.detalles.get()
    assert (detalle.cantidad, detalle.precio_unitario) == (2, Decimal("25.00"))
    assert respuesta.json()["total"] in ("50.00", 50, 50.0)
    assert not Venta.objects.filter(usuario=otro_cliente).exists()


def test_cart_line_ignores_cart_price_and_owner_sent_by_the_client(cliente, otro_cliente, auth_client):
    producto = ProductoFactory(stock=10, precio=Decimal("25.00"))
    carrito_ajeno, _ = obtener_o_crear_carrito(usuario=otro_cliente)
    cuerpo = {
        "producto": producto.pk,
        "cantidad": 1,
        "carrito": carrito_ajeno.pk,
        "usuario": otro_cliente.pk,
        "precio_unitario": "0.01",
        "subtotal": "0.01",
    }

    respuesta = auth_client(cliente).post(reverse("ventas:carrito-item-list"), cuerpo)

    assert respuesta.status_code == 201
    item = CarritoItem.objects.get()
    assert item.carrito.usuario_id == cliente.pk
    assert respuesta.json()["precio_unitario"] == "25.00"
    assert not carrito_ajeno.items.exists()

    # Updating the line cannot move it to another cart or product either.
    otro_producto = ProductoFactory(stock=10)
    url = reverse("ventas:carrito-item-detail", args=[item.pk])
    cambio = {"cantidad": 3, "carrito": carrito_ajeno.pk, "producto": otro_producto.pk, "precio_unitario": "0.01"}
    assert auth_client(cliente).patch(url, cambio).status_code == 200
    item.refresh_from_db()
    assert (item.carrito_id, item.producto_id, item.cantidad) == (cliente.carrito.pk, producto.pk, 3)
    assert not carrito_ajeno.items.exists()


def test_rating_owner_is_the_caller(cliente, otro_cliente, auth_client):
    venta = crear_venta(usuario=cliente)
    cuerpo = {"venta": venta.pk, "calificacion": 5, "usuario": otro_cliente.pk}

    respuesta = auth_client(cliente).post(reverse("ventas:calificacion-list"), cuerpo)

    assert respuesta.status_code == 201
    assert venta.calificacion.usuario_id == cliente.pk


def test_client_cannot_set_inventory_quantity(cliente, auth_client):
    producto = ProductoFactory(stock=10)
    inventario = Inventario.objects.get(producto=producto)
    url = reverse("inventario:inventario-detail", args=[inventario.pk])

    for metodo in ("put", "patch"):
        respuesta = getattr(auth_client(cliente), metodo)(url, {"cantidad": 9999})
        assert respuesta.status_code == 403
        assert respuesta.json()["codigo"] == "permiso_denegado"

    inventario.refresh_from_db()
    producto.refresh_from_db()
    assert (inventario.cantidad, producto.stock) == (10, 10)
    assert not inventario.producto.movimientos.exclude(motivo="INICIAL").exists()


def test_inventory_product_is_read_only_for_staff(empleado, auth_client):
    producto = ProductoFactory(stock=10)
    otro = ProductoFactory(stock=3)
    inventario = Inventario.objects.get(producto=producto)
    url = reverse("inventario:inventario-detail", args=[inventario.pk])

    respuesta = auth_client(empleado).put(url, {"cantidad": 45, "producto": otro.pk})

    assert respuesta.status_code == 200
    inventario.refresh_from_db()
    assert (inventario.producto_id, inventario.cantidad) == (producto.pk, 45)
    assert Inventario.objects.get(producto=otro).cantidad == 3


def test_coupon_usage_count_cannot_be_set_through_the_api(administrador, auth_client):
    api = auth_client(administrador)
    cuerpo = {
        "codigo": "VERANO",
        "tipo": Cupon.Tipo.PORCENTAJE,
        "valor": "10",
        "valido_desde": "2020-01-01T00:00:00Z",
        "valido_hasta": "2099-01-01T00:00:00Z",
        "usos_maximos": 5,
        "usos": 5,
    }
    respuesta = api.post(reverse("ventas:cupon-list"), cuerpo)
    assert respuesta.status_code == 201
    cupon = Cupon.objects.get(codigo="VERANO")
    assert cupon.usos == 0

    assert api.patch(reverse("ventas:cupon-detail", args=[cupon.pk]), {"usos": 4}).status_code == 200
    cupon.refresh_from_db()
    assert cupon.usos == 0


def test_used_coupon_cannot_be_reset_by_staff(administrador, auth_client, cliente):
    cupon = CuponFactory(usos_maximos=1)
    crear_venta(usuario=cliente, cupon=cupon)
    cupon.refresh_from_db()
    assert cupon.usos == 1

    auth_client(administrador).patch(reverse("ventas:cupon-detail", args=[cupon.pk]), {"usos": 0})

    cupon.refresh_from_db()
    assert cupon.usos == 1
