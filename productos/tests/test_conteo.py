"""The unfiltered product list's `count` is served from a cache: it must stay exact."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from productos.models import Producto
from productos.tests.factories import CategoriaFactory, ProductoFactory

LISTA = reverse("productos:producto-list")


@pytest.fixture
def cache_limpia():
    cache.clear()
    yield
    cache.clear()


# transactional_db: outside a transaction block, so the cached path is the one under test.
@pytest.mark.django_db(transaction=True)
def test_el_conteo_en_cache_sigue_exacto_tras_altas_bajas_y_cargas_masivas(
    cache_limpia, auth_client, cliente, administrador
):
    categoria = CategoriaFactory()
    productos = [ProductoFactory(categoria=categoria) for _ in range(3)]
    api = auth_client(cliente)
    staff = auth_client(administrador)

    def conteo():
        return api.get(LISTA).json()["count"]

    assert conteo() == 3
    assert conteo() == 3  # served from the cache this time
    r = staff.post(LISTA, {"nombre": "Nuevo", "precio": "2.50", "categoria": categoria.pk, "stock": 1})
    assert r.status_code == 201
    assert conteo() == 4
    assert staff.delete(reverse("productos:producto-detail", args=[productos[0].pk])).status_code == 204
    assert conteo() == 3
    Producto.objects.bulk_create([Producto(nombre=f"B{i}", precio=Decimal("1"), categoria=categoria) for i in range(5)])
    assert conteo() == 8
    Producto.objects.filter(nombre__startswith="B").delete()
    assert conteo() == 3
    # Filtered lists are always counted by the database.
    assert api.get(LISTA, {"search": "Nuevo"}).json()["count"] == 1
