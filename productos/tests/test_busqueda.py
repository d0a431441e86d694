"""Issue 14.3: the catalogue search forgives accents and case (both databases) and, on PostgreSQL,
plurals and typos, ranked by relevance and served by the GIN indexes of migration 0003."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from productos.tests.factories import ProductoFactory

pytestmark = pytest.mark.django_db

LISTA = reverse("productos:producto-list")
solo_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text and trigrams are PostgreSQL's")


@pytest.fixture
def catalogo():
    return {
        "cafe": ProductoFactory(nombre="Café 1kg", descripcion="Tostado natural", precio=Decimal("18.75")),
        "cafetera": ProductoFactory(nombre="Cafetera espresso", descripcion="15 bares", precio=Decimal("120.00")),
        "laptop": ProductoFactory(nombre="Laptop Lenovo", descripcion="Pantalla de 15 pulgadas", precio=Decimal("900")),
        "lampara": ProductoFactory(nombre="Lámpara", descripcion="Luz cálida para un café", precio=Decimal("34.90")),
        "te": ProductoFactory(nombre="TÉ VERDE", descripcion="Hojas sueltas", precio=Decimal("6.50")),
    }


@pytest.fixture
def buscar(auth_client, cliente):
    api = auth_client(cliente)

    def _buscar(texto, **params):
        r = api.get(LISTA, {"search": texto, **params})
        assert r.status_code == 200, r.content
        return [p["id"] for p in r.json()["results"]]

    return _buscar


def test_sin_acentos_ni_mayusculas_encuentra_lo_que_los_lleva(catalogo, buscar):
    ids = {clave: p.pk for clave, p in catalogo.items()}
    assert set(buscar("cafe")) == {ids["cafe"], ids["cafetera"], ids["lampara"]}
    assert set(buscar("CAFÉ")) == {ids["cafe"], ids["cafetera"], ids["lampara"]}
    assert buscar("cafetera") == [ids["cafetera"]]
    assert buscar("lampara") == [ids["lampara"]]
    assert buscar("calida luz") == [ids["lampara"]]
    assert buscar("te verde") == [ids["te"]]
    assert buscar("cafe 1KG") == [ids["cafe"]]
    assert buscar("bicicleta") == []


def test_los_comodines_de_like_se_buscan_tal_cual(buscar):
    descuento = ProductoFactory(nombre="Cupón 50% menos")
    tornillo = ProductoFactory(nombre="tornillo_m3")
    ProductoFactory(nombre="Tornillo M3 y 5 más")
    assert buscar("50%") == [descuento.pk]
    assert buscar("_") == [tornillo.pk]
    assert buscar("o_m") == [tornillo.pk]


def test_la_busqueda_es_una_consulta_por_pagina(catalogo, auth_client, cliente, django_assert_max_num_queries):
    api = auth_client(cliente)
    api.get(LISTA, {"search": "cafe"})  # warm: the user, first-request caches
    with django_assert_max_num_queries(3):
        assert api.get(LISTA, {"search": "cafe labtop"}).status_code == 200


@solo_postgres
def test_errata_y_plural_en_postgresql(catalogo, buscar):
    ids = {clave: p.pk for clave, p in catalogo.items()}
    assert buscar("labtop") == [ids["laptop"]]
    assert buscar("lenobo labtop") == [ids["laptop"]]
    assert buscar("cafeteras") == [ids["cafetera"]]
    assert buscar("lamparas") == [ids["lampara"]]
    # A typo only counts when the word as written is nowhere: `cafetera` does not bring `café` too.
    assert buscar("cafetera") == [ids["cafetera"]]
    # Short words get no typo allowance: `tes` is not `té`.
    assert buscar("tes") == []


@solo_postgres
def test_sin_ordering_ordena_por_relevancia_y_con_ordering_lo_respeta(catalogo, buscar):
    ids = {clave: p.pk for clave, p in catalogo.items()}
    # The name that is the word first, the name that starts with it next, a description last.
    assert buscar("cafe") == [ids["cafe"], ids["cafetera"], ids["lampara"]]
    assert buscar("café", ordering="-precio") == [ids["cafetera"], ids["lampara"], ids["cafe"]]
    assert buscar("15") == [ids["cafetera"], ids["laptop"]]  # a tie goes by id


def _plan_de_la_pagina(api, busqueda):
    with CaptureQueriesContext(connection) as consultas:
        assert api.get(LISTA, {"search": busqueda}).json()["count"] >= 1
    pagina = next(q["sql"] for q in consultas.captured_queries if "LIMIT" in q["sql"] and "busqueda_" in q["sql"])
    with connection.cursor() as cursor:
        # A handful of rows: without this the planner rightly reads them all. Left only bitmap scans,
        # it can still answer only if an index matches the search's expressions.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {pagina}")
        return "\n".join(fila[0] for fila in cursor.fetchall())


@solo_postgres
def test_la_busqueda_usa_los_indices_gin(catalogo, auth_client, cliente):
    api = auth_client(cliente)
    # A word as written: the substring (trigrams) or the full text.
    plan = _plan_de_la_pagina(api, "cafe")
    assert "Bitmap Index Scan on producto_busqueda_trgm_idx" in plan, plan
    assert "Bitmap Index Scan on producto_busqueda_fts_idx" in plan, plan
    # A typo: trigram word similarity.
    plan = _plan_de_la_pagina(api, "labtop")
    assert "Bitmap Index Scan on producto_busqueda_trgm_idx" in plan, plan
    assert "<<%" in plan or "%>>" in plan, plan


def test_un_producto_editado_se_encuentra_por_su_nombre_nuevo(catalogo, buscar, auth_client, empleado):
    cafetera = catalogo["cafetera"]
    r = auth_client(empleado).patch(reverse("productos:producto-detail", args=[cafetera.pk]), {"nombre": "Tetera"})
    assert r.status_code == 200, r.content
    assert buscar("tetera") == [cafetera.pk]
