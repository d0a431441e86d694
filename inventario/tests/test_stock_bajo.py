"""Issue 9.10: the low-stock filter works on the whole inventory, on the server."""

import pytest
from django.urls import reverse

from inventario.models import Inventario
from productos.tests.factories import ProductoFactory

pytestmark = pytest.mark.django_db

LISTA = reverse("inventario:inventario-list")


def test_stock_bajo_filtra_todo_el_inventario_no_solo_la_pagina(auth_client, empleado):
    bajos = []
    for i in range(30):
        producto = ProductoFactory(stock=i % 10)
        Inventario.objects.filter(producto=producto).update(stock_minimo=5)
        if i % 10 <= 5:
            bajos.append(producto.inventario.pk)
    api = auth_client(empleado)

    r = api.get(LISTA, {"stock_bajo": "true", "page_size": 5})
    assert r.status_code == 200
    assert r.json()["count"] == len(bajos) == 18
    todas = []
    pagina = 1
    while True:
        datos = api.get(LISTA, {"stock_bajo": "true", "page_size": 5, "page": pagina}).json()
        todas += datos["results"]
        if not datos["next"]:
            break
        pagina += 1
    assert sorted(f["id"] for f in todas) == sorted(bajos)
    assert all(f["bajo_minimo"] and f["cantidad"] <= f["stock_minimo"] for f in todas)

    resto = api.get(LISTA, {"stock_bajo": "false", "page_size": 100}).json()
    assert resto["count"] == 12
    assert not any(f["bajo_minimo"] for f in resto["results"])


def test_stock_bajo_no_valido_da_400(auth_client, empleado):
    r = auth_client(empleado).get(LISTA, {"stock_bajo": "quizas"})
    assert r.status_code == 400
    assert r.json()["codigo"] == "validacion"
    assert "stock_bajo" in r.json()["campos"]
