"""The Django admin works for staff within their Group's permissions."""

import pytest
from django.contrib import admin
from django.urls import reverse

from productos.tests.factories import ProductoFactory
from usuarios.models import Usuario
from usuarios.tests.factories import UsuarioFactory
from ventas.tests.factories import CuponFactory, crear_venta

pytestmark = pytest.mark.django_db


@pytest.fixture
def datos():
    producto = ProductoFactory(stock=5)
    venta = crear_venta(lineas=[(producto, 1)])
    CuponFactory()
    return producto, venta


def test_cada_modelo_registrado_abre_su_lista_y_su_ficha(client, datos):
    client.force_login(UsuarioFactory(rol=Usuario.Rol.ADMIN, is_superuser=True))
    for modelo, _modelo_admin in admin.site._registry.items():
        meta = modelo._meta
        lista = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(lista).status_code == 200, lista
        assert client.get(lista, {"q": "a"}).status_code == 200, lista
        objeto = modelo.objects.first()
        if objeto is not None:
            ficha = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[objeto.pk])
            assert client.get(ficha).status_code == 200, ficha


def test_el_empleado_ve_productos_y_ventas_pero_no_gestiona_usuarios(client, datos):
    _producto, venta = datos
    client.force_login(UsuarioFactory(rol=Usuario.Rol.EMPLOYEE))
    assert client.get(reverse("admin:productos_producto_changelist")).status_code == 200
    assert client.get(reverse("admin:ventas_venta_change", args=[venta.pk])).status_code == 200
    assert client.get(reverse("admin:usuarios_usuario_add")).status_code == 403


def test_un_cliente_no_entra_en_el_admin(client):
    client.force_login(UsuarioFactory(rol=Usuario.Rol.CLIENT))
    r = client.get(reverse("admin:index"))
    assert r.status_code == 302


def test_ajustar_inventario_en_el_admin_pasa_por_el_servicio(client, datos):
    producto, _ = datos
    client.force_login(UsuarioFactory(rol=Usuario.Rol.EMPLOYEE))
    url = reverse("admin:inventario_inventario_change", args=[producto.inventario.pk])
    r = client.post(url, {"cantidad": 30, "stock_minimo": 2})
    assert r.status_code == 302
    producto.refresh_from_db()
    assert producto.stock == producto.inventario.cantidad == 30
    assert producto.movimientos.filter(motivo="AJUSTE", delta=26).exists()
