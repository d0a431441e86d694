"""An error message quotes at most 50 characters of the client's input, never a 10 KB value whole."""

import pytest
from django.urls import reverse

from backend.exceptions import LARGO_CITA
from productos.tests.factories import ProductoFactory
from ventas.models import CarritoItem
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db

DIEZ_KB = 10 * 1024
ITEMS = reverse("ventas:carrito-item-list")


def _error(respuesta, campo=None):
    assert len(respuesta.content) < 1000, len(respuesta.content)
    cuerpo = respuesta.json()
    if campo:
        assert cuerpo["campos"][campo] == [cuerpo["error"]]
    return cuerpo["error"]


def test_an_invalid_choice_of_10_kb_is_quoted_shortened(auth_client, cliente):
    venta = crear_venta(usuario=cliente)
    r = auth_client(cliente).post(
        reverse("pagos:venta-pagos", args=[venta.pk]), {"proveedor": "x" * DIEZ_KB}, format="json"
    )
    assert r.status_code == 400
    assert _error(r, "proveedor") == "«" + "x" * LARGO_CITA + "…» no es una opción válida."


def test_a_short_invalid_choice_is_quoted_whole(auth_client, cliente):
    venta = crear_venta(usuario=cliente)
    r = auth_client(cliente).post(
        reverse("pagos:venta-pagos", args=[venta.pk]), {"proveedor": "bitcoin"}, format="json"
    )
    assert r.status_code == 400
    assert _error(r, "proveedor") == "«bitcoin» no es una opción válida."


def test_quotes_inside_the_input_do_not_escape_the_shortening(auth_client, cliente):
    venta = crear_venta(usuario=cliente)
    valor = '"a" «b» “c” ' * (DIEZ_KB // 12)
    r = auth_client(cliente).post(reverse("pagos:venta-pagos", args=[venta.pk]), {"proveedor": valor}, format="json")
    assert r.status_code == 400
    assert _error(r, "proveedor") == f"«{valor[:LARGO_CITA]}…» no es una opción válida."


def test_a_missing_id_of_thousands_of_digits_is_quoted_shortened(auth_client, cliente):
    # 4000 digits: Python refuses to parse longer numbers, which gives a "wrong type" error instead.
    r = auth_client(cliente).post(ITEMS, {"producto": "9" * 4000, "cantidad": 1}, format="json")
    assert r.status_code == 400
    assert _error(r, "producto") == "No existe ningún elemento con id «" + "9" * LARGO_CITA + "…»."
    assert not CarritoItem.objects.exists()


def test_an_unknown_category_filter_says_choose_in_tu(auth_client, empleado):
    ProductoFactory()
    r = auth_client(empleado).get(reverse("productos:producto-list"), {"categoria": "q" * DIEZ_KB})
    assert r.status_code == 400
    assert _error(r, "categoria").startswith("Elige una opción válida")


def test_a_10_kb_content_type_is_quoted_shortened(auth_client, cliente):
    tipo = "text/" + "p" * DIEZ_KB
    r = auth_client(cliente).generic("POST", ITEMS, "x", content_type=tipo)
    assert r.status_code == 415
    assert _error(r).startswith(f'No se admite el tipo de contenido "{tipo[:LARGO_CITA]}…": envía JSON')
