"""One request cannot freeze the shop (issue 10.1): searches are bounded before any query runs, a
statement that runs too long is cancelled by PostgreSQL and answered 503 JSON, and while requests wait
on the database the health check and other users are still served."""

import os
import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.filters import SearchFilter

from backend.filters import BusquedaAcotada
from productos.models import Producto
from productos.tests.factories import ProductoFactory
from usuarios.tests.factories import UsuarioFactory
from ventas.tests.http_concurrencia import peticion, servidor_de_pruebas, token_de, url_bd_de_pruebas

solo_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")

# Every list with search_fields, with a role that may read it.
LISTAS = [
    ("/api/productos/", "cliente"),
    ("/api/categorias/", "cliente"),
    ("/api/proveedores/", "empleado"),
    ("/api/inventario/", "empleado"),
    ("/api/usuarios/", "administrador"),
    ("/api/cupones/", "empleado"),
]


def _api(request, auth_client, rol):
    return auth_client(request.getfixturevalue(rol))


def _vistas_con_busqueda():
    """(route, view class) of every DRF view in the URLconf that declares search_fields."""
    encontradas = []

    def recorrer(patrones, prefijo):
        for patron in patrones:
            if isinstance(patron, URLResolver):
                recorrer(patron.url_patterns, prefijo + str(patron.pattern))
            elif isinstance(patron, URLPattern):
                clase = getattr(patron.callback, "cls", None)
                if clase is not None and getattr(clase, "search_fields", None):
                    encontradas.append((prefijo + str(patron.pattern), clase))

    recorrer(get_resolver().url_patterns, "/")
    return encontradas


def test_toda_vista_con_search_fields_usa_la_busqueda_acotada():
    vistas = _vistas_con_busqueda()
    assert len({clase for _, clase in vistas}) >= 6, vistas
    sin_limite = [
        (ruta, clase.__name__)
        for ruta, clase in vistas
        if not any(issubclass(filtro, BusquedaAcotada) for filtro in clase.filter_backends)
        or any(issubclass(f, SearchFilter) and not issubclass(f, BusquedaAcotada) for f in clase.filter_backends)
    ]
    assert sin_limite == [], "these views search without bounds: use backend.filters.BusquedaAcotada"


@pytest.mark.django_db
@pytest.mark.parametrize(("ruta", "rol"), LISTAS)
def test_una_busqueda_de_1900_palabras_es_400_al_momento(request, auth_client, ruta, rol):
    ProductoFactory.create_batch(30, stock=1)
    api = _api(request, auth_client, rol)
    assert api.get(ruta, {"search": "a"}).status_code == 200  # warm: first-request imports, caches

    inicio = time.monotonic()
    r = api.get(ruta, {"search": " ".join(["a"] * 1900)})
    segundos = time.monotonic() - inicio

    assert r.status_code == 400, r.content[:200]
    assert r.json() == {
        "error": "La búsqueda admite como máximo 200 caracteres.",
        "codigo": "validacion",
        "campos": {"search": ["La búsqueda admite como máximo 200 caracteres."]},
    }
    assert segundos < 1, segundos


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("busqueda", "mensaje"),
    [
        (" ".join(f"p{i}" for i in range(11)), "La búsqueda admite como máximo 10 palabras."),
        ("a,b,c,d,e,f,g,h,i,j,k", "La búsqueda admite como máximo 10 palabras."),
        ("x" * 51, "Cada palabra de la búsqueda admite como máximo 50 caracteres."),
        ("x" * 201, "La búsqueda admite como máximo 200 caracteres."),
        ("café\x00", "La búsqueda no puede contener caracteres nulos."),
    ],
    ids=["11-palabras", "11-por-comas", "palabra-de-51", "201-caracteres", "nul"],
)
def test_busquedas_fuera_de_limites_son_400_con_el_motivo(auth_client, cliente, busqueda, mensaje):
    r = auth_client(cliente).get("/api/productos/", {"search": busqueda})

    assert r.status_code == 400
    assert r.json() == {"error": mensaje, "codigo": "validacion", "campos": {"search": [mensaje]}}


@pytest.mark.django_db
def test_una_busqueda_dentro_de_los_limites_encuentra_lo_de_siempre(auth_client, cliente):
    cafe = ProductoFactory(nombre="Café molido natural", stock=1)
    ProductoFactory(nombre="Té verde", stock=1)

    diez = "café molido natural " + " ".join(["CAFé"] * 7)  # SQLite folds ASCII case only
    for busqueda in ("café", "Café MOLIDO", diez, "x" * 50, '"café molido"'):
        r = auth_client(cliente).get("/api/productos/", {"search": busqueda})
        assert r.status_code == 200, (busqueda, r.content[:200])
        esperados = [] if busqueda == "x" * 50 else [cafe.pk]
        assert [p["id"] for p in r.json()["results"]] == esperados, busqueda


# --- PostgreSQL: the statement timeout, end to end --------------------------------------------


@solo_postgres
@pytest.mark.django_db
def test_las_conexiones_llevan_el_statement_timeout_de_la_configuracion():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == f"{int(os.environ['DB_STATEMENT_TIMEOUT_MS']) // 1000}s"


@pytest.mark.servidor_real
@solo_postgres
@pytest.mark.django_db(transaction=True)
def test_una_consulta_que_espera_demasiado_se_corta_con_503_y_la_salud_sigue_respondiendo():
    """Two catalogue reads wait on a lock held by this test (as behind a slow statement): PostgreSQL
    cancels them at DB_STATEMENT_TIMEOUT_MS, they answer 503 JSON, and meanwhile the one worker still
    answers /api/health/ at once (sync workers would queue it behind them)."""
    ProductoFactory(nombre="Café", stock=1)
    token = token_de(UsuarioFactory())
    url = url_bd_de_pruebas()
    limite = 2.0
    with servidor_de_pruebas(
        database_url=url, workers=1, entorno={"DB_STATEMENT_TIMEOUT_MS": str(int(limite * 1000))}
    ) as servidor:
        assert peticion(servidor.puerto, "GET", "/api/productos/?search=caf", token=token).status == 200

        respuestas = {}

        def leer(i):
            inicio = time.monotonic()
            respuesta = peticion(servidor.puerto, "GET", "/api/productos/?search=caf", token=token, timeout=20)
            respuestas[i] = (respuesta, time.monotonic() - inicio)

        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Producto._meta.db_table} IN ACCESS EXCLUSIVE MODE")
            hilos = [threading.Thread(target=leer, args=(i,)) for i in range(2)]
            for hilo in hilos:
                hilo.start()
            time.sleep(0.5)  # both reads are now waiting on the lock
            inicio = time.monotonic()
            salud = peticion(servidor.puerto, "GET", "/api/health/", timeout=20)
            espera_salud = time.monotonic() - inicio
            for hilo in hilos:
                hilo.join(timeout=30)  # while the lock is still held: only the timeout can end them

    assert salud.status == 200, salud
    assert espera_salud < 1, espera_salud
    for respuesta, _ in respuestas.values():
        assert respuesta.status == 503, respuesta
        assert respuesta.json() == {
            "error": "La petición necesitaba demasiado tiempo y se ha cancelado. Prueba con una búsqueda más concreta.",
            "codigo": "consulta_demasiado_lenta",
            "campos": {},
        }
        assert respuesta.cabeceras["retry-after"] == "5"
    assert len(respuestas) == 2
    assert all(limite <= duracion < limite + 2 for _, duracion in respuestas.values()), respuestas
