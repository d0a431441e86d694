"""DRF's and Django's own messages come back in the API's informal Spanish ("tú") and say what they are about."""

import pytest
from django.urls import reverse

from productos.models import Producto
from productos.tests.factories import CategoriaFactory, ProductoFactory
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db

PRODUCTOS = reverse("productos:producto-list")
ITEMS = reverse("ventas:carrito-item-list")
FORMALES = ("Asegúrese", "Introduzca", "Usted", "usted", "Compruebe", "Envíe", "nulo", "Tipo de medio")


def _sin_usted(cuerpo):
    textos = [cuerpo["error"], *(m for mensajes in cuerpo["campos"].values() for m in mensajes)]
    assert not [t for t in textos if any(f in t for f in FORMALES)], textos
    return cuerpo


def test_validaciones_de_drf_en_tu(auth_client, empleado):
    datos = {
        "nombre": "x" * 300,
        "precio": "1.234",
        "categoria": CategoriaFactory().nombre,
        "descripcion": None,
        "stock": "muchos",
    }
    r = auth_client(empleado).post(PRODUCTOS, datos, format="json")

    assert r.status_code == 400
    campos = _sin_usted(r.json())["campos"]
    assert campos["precio"] == ["Usa como máximo 2 decimales."]
    assert campos["nombre"][0].startswith("Escribe como máximo ")
    assert campos["descripcion"] == ["Este campo es obligatorio: no admite null."]
    assert campos["stock"] == ["Escribe un número entero válido."]


def test_limites_de_valor_en_tu(auth_client, empleado):
    r = auth_client(empleado).post(
        PRODUCTOS, {"nombre": "Café", "precio": "0.00", "categoria": CategoriaFactory().nombre}, format="json"
    )
    assert r.status_code == 400
    assert _sin_usted(r.json())["campos"]["precio"] == ["Como mínimo 0.01."]


def test_el_limite_del_carrito_habla_de_unidades(auth_client, cliente):
    producto = ProductoFactory(stock=5)
    r = auth_client(cliente).post(ITEMS, {"producto": producto.pk, "cantidad": 10_001}, format="json")
    assert r.status_code == 400
    cuerpo = _sin_usted(r.json())
    assert cuerpo["campos"]["cantidad"] == ["Como máximo 10000 unidades."]
    assert cuerpo["error"] == "Como máximo 10000 unidades."


def test_tipo_de_contenido_no_admitido_dice_que_enviar(auth_client, cliente):
    r = auth_client(cliente).generic("POST", ITEMS, "cantidad=1", content_type="text/plain")
    assert r.status_code == 415
    cuerpo = _sin_usted(r.json())
    assert cuerpo["codigo"] == "tipo_no_soportado"
    assert cuerpo["error"].startswith('No se admite el tipo de contenido "text/plain"')


def test_borrar_un_producto_vendido_dice_cual_y_por_que(auth_client, empleado):
    producto = ProductoFactory(nombre="Café 1kg", stock=5)
    crear_venta(lineas=[(producto, 1)])
    r = auth_client(empleado).delete(reverse("productos:producto-detail", args=[producto.pk]))
    assert r.status_code == 409
    assert r.json() == {
        "error": "No se puede eliminar «Café 1kg»: aparece en ventas; el historial de ventas no se borra.",
        "codigo": "registro_protegido",
        "campos": {},
    }
    assert Producto.objects.filter(pk=producto.pk).exists()


def test_borrar_una_categoria_con_productos_dice_que_se_usa(auth_client, empleado):
    producto = ProductoFactory()
    r = auth_client(empleado).delete(reverse("productos:categoria-detail", args=[producto.categoria_id]))
    assert r.status_code == 409
    assert r.json()["error"] == "No se puede eliminar: se usa en productos. Bórralos o cámbialos antes."
