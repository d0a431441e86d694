"""Absurd input gets a 4xx JSON answer, never a 500 or an HTML page.

Each case here is one that the schemathesis run (`make fuzz`, scripts/fuzz.sh) found or is
meant to keep out: NUL bytes (which PostgreSQL rejects and SQLite stores), integers past
bigint, NaN and infinity, absurd page sizes and quantities, oversized bodies, unknown paths
with unsafe methods, and answers that did not match the published OpenAPI schema.
"""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from inventario.models import MovimientoInventario
from productos.models import Producto
from productos.tests.factories import CategoriaFactory, ProductoFactory
from usuarios.models import Usuario
from ventas.models import CarritoItem, Cupon
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db

NUL = "\x00"
ENORME = "9" * 30  # far past bigint (19 digits)


def _error_json(respuesta, estado):
    """The answer is exactly `estado` with the API's JSON error body."""
    assert respuesta.status_code == estado, (respuesta.status_code, respuesta.content[:300])
    assert respuesta["Content-Type"].startswith("application/json"), respuesta["Content-Type"]
    cuerpo = respuesta.json()
    assert set(cuerpo) >= {"error", "codigo", "campos"}, cuerpo
    assert isinstance(cuerpo["error"], str) and cuerpo["error"]
    return cuerpo


@pytest.fixture
def personal(auth_client, empleado):
    return auth_client(empleado)


@pytest.fixture
def catalogo(db):
    return ProductoFactory(stock=5)


# --- NUL bytes: PostgreSQL refuses them in text, so they must be stopped before the query.


@pytest.mark.parametrize("campo", ["nombre", "descripcion"])
def test_nul_en_texto_de_producto_es_400(personal, campo):
    datos = {"nombre": "Laptop", "descripcion": "ok", "precio": "10.00", "stock": 1, "categoria": CategoriaFactory().pk}
    datos[campo] = f"Lap{NUL}top"
    r = personal.post(reverse("productos:producto-list"), datos, format="json")
    cuerpo = _error_json(r, 400)
    assert cuerpo["codigo"] == "validacion"
    assert campo in cuerpo["campos"]
    assert not Producto.objects.exists()


# The exact answer of the product list to "a<NUL>b" in each parameter: (status, field named in
# `campos`, or for a 200 the ids listed). Filters that can't read it say which field; `ordering`
# and `en_stock` ignore an unknown value, as for any other unknown value.
NUL_EN_LA_LISTA = {
    "search": (400, "search"),
    "categoria": (400, "categoria"),
    "proveedor": (400, "proveedor"),
    "precio_min": (400, "precio_min"),
    "precio_max": (400, "precio_max"),
    "page_size": (400, "page_size"),
    "page": (404, None),
    "ordering": (200, None),
    "en_stock": (200, None),
}


@pytest.mark.parametrize("parametro", list(NUL_EN_LA_LISTA))
def test_nul_en_parametros_de_la_lista_de_productos(personal, catalogo, parametro):
    estado, campo = NUL_EN_LA_LISTA[parametro]
    r = personal.get(reverse("productos:producto-list"), {parametro: f"a{NUL}b"})
    if estado == 200:
        assert r.status_code == 200, r.content[:300]
        assert [p["id"] for p in r.json()["results"]] == [catalogo.pk]
    elif estado == 404:
        assert _error_json(r, 404)["codigo"] == "no_encontrado"
    else:
        cuerpo = _error_json(r, 400)
        assert cuerpo["codigo"] == "validacion"
        assert list(cuerpo["campos"]) == [campo]


# Lists by name: whether they read `search` (every list with the default filter backends does, even
# without search_fields) and whether they filter by `desde`.
LISTAS = {
    "usuarios:usuario-list": (True, False),
    "productos:categoria-list": (True, False),
    "productos:proveedor-list": (True, False),
    "inventario:inventario-list": (True, False),
    "inventario:movimiento-list": (True, False),
    "ventas:venta-list": (True, True),
    "ventas:cupon-list": (True, False),
    "ventas:calificacion-list": (True, False),
    "ventas:carrito-item-list": (False, False),
}


@pytest.mark.parametrize("ruta", list(LISTAS))
def test_nul_en_busqueda_orden_y_fecha_de_cualquier_lista(auth_client, administrador, ruta):
    """A NUL in a parameter the list reads is a 400 naming it; one it does not read changes nothing."""
    cliente_api = auth_client(administrador)
    completa = cliente_api.get(reverse(ruta)).json()
    busca, filtra_fecha = LISTAS[ruta]
    for parametro, lo_lee in (("search", busca), ("ordering", False), ("desde", filtra_fecha)):
        r = cliente_api.get(reverse(ruta), {parametro: f"2024{NUL}"})
        if lo_lee:
            cuerpo = _error_json(r, 400)
            assert (cuerpo["codigo"], list(cuerpo["campos"])) == ("validacion", [parametro]), (ruta, cuerpo)
        else:
            assert r.status_code == 200, (ruta, parametro, r.content[:300])
            assert r.json() == completa, (ruta, parametro)


def test_nul_en_login_y_registro_es_400(api_client):
    r = api_client.post(reverse("usuarios:login"), {"username": f"ad{NUL}min", "password": "x"}, format="json")
    assert list(_error_json(r, 400)["campos"]) == ["username"]
    r = api_client.post(
        reverse("usuarios:register"),
        {"username": f"nuevo{NUL}", "password": "Una-clave-larga-123", "email": "a@b.es"},
        format="json",
    )
    _error_json(r, 400)
    assert not Usuario.objects.filter(username__startswith="nuevo").exists()


def test_nul_en_cupon_del_checkout_es_400(auth_client, cliente, catalogo):
    cliente_api = auth_client(cliente)
    cliente_api.post(reverse("ventas:carrito-item-list"), {"producto": catalogo.pk, "cantidad": 1}, format="json")
    r = cliente_api.post(reverse("ventas:checkout"), {"cupon": f"BIEN{NUL}"}, format="json")
    assert list(_error_json(r, 400)["campos"]) == ["cupon"]
    assert CarritoItem.objects.filter(carrito__usuario=cliente).count() == 1


# --- Numbers out of range: bigint, NaN, infinity, absurd quantities and page sizes.


@pytest.mark.parametrize("valor", [ENORME, "-" + ENORME, "NaN", "inf", "-Infinity", "1e400", "0x10"])
@pytest.mark.parametrize("parametro", ["categoria", "proveedor"])
def test_ids_absurdos_en_filtros_de_productos_son_400(personal, catalogo, parametro, valor):
    r = personal.get(reverse("productos:producto-list"), {parametro: valor})
    cuerpo = _error_json(r, 400)
    assert (cuerpo["codigo"], list(cuerpo["campos"])) == ("validacion", [parametro])


@pytest.mark.parametrize("valor", ["NaN", "inf", "-Infinity", "1e400", "0x10", "diez", "1,5"])
@pytest.mark.parametrize("parametro", ["precio_min", "precio_max"])
def test_precios_que_no_son_un_numero_finito_son_400(personal, catalogo, parametro, valor):
    r = personal.get(reverse("productos:producto-list"), {parametro: valor})
    cuerpo = _error_json(r, 400)
    assert (cuerpo["codigo"], list(cuerpo["campos"])) == ("validacion", [parametro])


@pytest.mark.parametrize(
    ("parametro", "valor", "lo_incluye"),
    [
        ("precio_min", ENORME, False),
        ("precio_min", "-" + ENORME, True),
        ("precio_max", ENORME, True),
        ("precio_max", "-" + ENORME, False),
        ("precio_min", "0", True),
        ("precio_max", "0", False),
    ],
)
def test_precios_enormes_filtran_como_cualquier_numero(personal, catalogo, parametro, valor, lo_incluye):
    r = personal.get(reverse("productos:producto-list"), {parametro: valor})
    assert r.status_code == 200, r.content[:300]
    assert [p["id"] for p in r.json()["results"]] == ([catalogo.pk] if lo_incluye else [])


@pytest.mark.parametrize(
    "ruta",
    [
        "/api/productos/{n}/",
        "/api/categorias/{n}/",
        "/api/usuarios/{n}/",
        "/api/inventario/{n}/",
        "/api/ventas/{n}/",
        "/api/cupones/{n}/",
        "/api/carrito-item/{n}/",
        "/api/ventas/calificaciones/{n}/",
    ],
)
def test_id_fuera_de_bigint_en_la_ruta_es_404_json(auth_client, administrador, ruta):
    r = auth_client(administrador).get(ruta.format(n=ENORME))
    assert _error_json(r, 404)["codigo"] == "no_encontrado"


def test_id_fuera_de_bigint_en_el_cuerpo_es_400(auth_client, cliente, administrador):
    r = auth_client(cliente).post(
        reverse("ventas:carrito-item-list"), {"producto": int(ENORME), "cantidad": 1}, format="json"
    )
    assert "producto" in _error_json(r, 400)["campos"]
    r = auth_client(administrador).post(
        reverse("productos:producto-list"),
        {"nombre": "X", "precio": "1.00", "stock": 0, "categoria": int(ENORME)},
        format="json",
    )
    assert "categoria" in _error_json(r, 400)["campos"]


@pytest.mark.parametrize("cantidad", [10**12, 10**30, -1, 0, "NaN", 1.5, "1e3"])
def test_cantidad_absurda_en_el_carrito_es_400(auth_client, cliente, catalogo, cantidad):
    r = auth_client(cliente).post(
        reverse("ventas:carrito-item-list"), {"producto": catalogo.pk, "cantidad": cantidad}, format="json"
    )
    assert "cantidad" in _error_json(r, 400)["campos"]
    assert not CarritoItem.objects.exists()


@pytest.mark.parametrize("campo,valor", [("stock", 10**12), ("precio", "1e400"), ("precio", "NaN"), ("precio", 10**15)])
def test_valores_absurdos_al_crear_producto_son_400(personal, campo, valor):
    datos = {"nombre": "Raro", "precio": "1.00", "stock": 1, "categoria": CategoriaFactory().pk, campo: valor}
    r = personal.post(reverse("productos:producto-list"), datos, format="json")
    assert campo in _error_json(r, 400)["campos"]
    assert not Producto.objects.exists()


def test_page_size_enorme_se_limita_a_100(personal):
    ProductoFactory.create_batch(3, stock=1)
    r = personal.get(reverse("productos:producto-list"), {"page_size": 10**9})
    assert r.status_code == 200
    assert len(r.json()["results"]) == 3
    r = personal.get(reverse("productos:producto-list"), {"page_size": ENORME})
    assert r.status_code == 200
    assert len(r.json()["results"]) == 3


@pytest.mark.parametrize("valor", ["abc", "0", "-1", "1.5", NUL])
def test_page_size_no_valido_es_400(personal, valor):
    r = personal.get(reverse("productos:producto-list"), {"page_size": valor})
    assert "page_size" in _error_json(r, 400)["campos"]


@pytest.mark.parametrize("pagina", ["abc", "0", "-1", ENORME, "1e3", "last2"])
def test_pagina_no_valida_es_404_json(personal, catalogo, pagina):
    r = personal.get(reverse("productos:producto-list"), {"page": pagina})
    assert _error_json(r, 404)["codigo"] == "no_encontrado"


@pytest.mark.parametrize("parametro", ["desde", "hasta", "limite"])
@pytest.mark.parametrize("valor", ["abc", ENORME, "-1", "99999-12-31", NUL])
def test_parametros_absurdos_en_informes_son_400(auth_client, administrador, parametro, valor):
    r = auth_client(administrador).get(reverse("ventas:reporte-productos-mas-vendidos"), {parametro: valor})
    _error_json(r, 400)


# --- Bodies: too big, or not what the endpoint reads.


def test_cuerpo_mayor_que_el_limite_es_413_json(personal, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    cuerpo = json.dumps({"nombre": "x" * 4096, "precio": "1.00", "categoria": CategoriaFactory().pk})
    r = personal.post(reverse("productos:producto-list"), cuerpo, content_type="application/json")
    assert _error_json(r, 413)["codigo"] == "cuerpo_demasiado_grande"
    assert not Producto.objects.exists()


@pytest.mark.parametrize("cuerpo", ["[]", '"texto"', "123", "null", '{"cantidad": {"$gt": 1}}'])
def test_cuerpo_json_de_otra_forma_es_400(auth_client, cliente, catalogo, cuerpo):
    r = auth_client(cliente).post(reverse("ventas:carrito-item-list"), cuerpo, content_type="application/json")
    _error_json(r, 400)


# --- Bugs the fuzzer found.


def test_crear_usuario_sin_password_da_201_con_clave_inutilizable(auth_client, administrador):
    """POST /api/usuarios/ without `password` was a 500 (crear_usuario required it)."""
    r = auth_client(administrador).post(
        reverse("usuarios:usuario-list"), {"username": "sinclave", "rol": "CLIENT"}, format="json"
    )
    assert r.status_code == 201, r.content
    usuario = Usuario.objects.get(username="sinclave")
    assert not usuario.has_usable_password()


@pytest.mark.parametrize("metodo", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("ruta", ["/api/productos/0.5/", "/api/ventas/%C2%84/estado/", "/api/no-existe/"])
def test_ruta_desconocida_con_metodo_de_escritura_es_404_json_no_403_csrf(auth_client, administrador, metodo, ruta):
    """Unknown /api/ paths with unsafe methods answered Django's HTML CSRF 403 page."""
    cliente_api = APIClient(enforce_csrf_checks=True)
    cliente_api.credentials(HTTP_AUTHORIZATION=auth_client(administrador)._credentials["HTTP_AUTHORIZATION"])
    r = getattr(cliente_api, metodo)(ruta, {}, format="json")
    assert _error_json(r, 404)["codigo"] == "no_encontrado"


def test_movimiento_sin_usuario_cumple_el_esquema(personal, catalogo):
    """`username` of a movement with no user is null, and the schema must say it may be."""
    movimiento = MovimientoInventario.objects.filter(producto=catalogo).first()
    movimiento.usuario = None
    movimiento.save(update_fields=["usuario"])
    r = personal.get(reverse("inventario:movimiento-detail", args=[movimiento.pk]))
    assert r.status_code == 200
    assert r.json()["username"] is None
    esquema = _esquema(personal)
    assert esquema["components"]["schemas"]["MovimientoInventario"]["properties"]["username"].get("nullable")


def test_venta_sin_cupon_cumple_el_esquema(auth_client, cliente, catalogo):
    """`cupon` of a sale without coupon is null, and the schema must say it may be."""
    venta = crear_venta(usuario=cliente, lineas=[(catalogo, 1)])
    r = auth_client(cliente).get(reverse("ventas:venta-detail", args=[venta.pk]))
    assert r.status_code == 200
    assert r.json()["cupon"] is None
    esquemas = _esquema(auth_client(cliente))["components"]["schemas"]
    assert esquemas["Venta"]["properties"]["cupon"].get("nullable")
    assert esquemas["HistorialEstado"]["properties"]["username"].get("nullable")


def _esquema(cliente_api):
    r = cliente_api.get(reverse("schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert r.status_code == 200
    return json.loads(r.content)


def test_el_esquema_documenta_las_respuestas_de_error(api_client):
    """Every operation lists its error answers with the shared Error body (was: only 2xx)."""
    esquema = _esquema(api_client)
    assert esquema["components"]["schemas"]["Error"]["required"] == ["error", "codigo", "campos"]
    for ruta, operaciones in esquema["paths"].items():
        for metodo, operacion in operaciones.items():
            respuestas = operacion["responses"]
            for codigo in ("401", "414", "429", "503"):
                assert codigo in respuestas, (metodo, ruta, codigo)
            if "{" in ruta:
                assert "404" in respuestas, (metodo, ruta)
            if "requestBody" in operacion:
                assert {"400", "413", "415"} <= set(respuestas), (metodo, ruta)
            for codigo, respuesta in respuestas.items():
                if codigo == "414":  # gunicorn's own answer to a request line over 4094 bytes
                    assert "text/html" in respuesta["content"], (metodo, ruta)
                elif codigo.startswith(("4", "5")):
                    assert respuesta["content"]["application/json"]["schema"], (metodo, ruta, codigo)
    calificar = esquema["paths"]["/api/ventas/calificaciones/"]["post"]["responses"]
    assert "404" in calificar


@pytest.mark.parametrize(
    "campo,valor",
    [
        ("valido_desde", "0240-04-15T18:32:24.1Z"),  # rendered as ...-00:14:44 (Madrid's LMT): not RFC 3339
        ("valido_hasta", "9999-12-31T23:59:59Z"),  # year 10000 in local time: OverflowError on output
        ("valido_desde", "1899-01-01T00:00:00Z"),
    ],
)
def test_cupon_con_fecha_absurda_es_400(personal, campo, valor):
    datos = {
        "codigo": "RARO",
        "tipo": "MONTO",
        "valor": "1.00",
        "valido_desde": "2024-01-01T00:00:00Z",
        "valido_hasta": "2025-01-01T00:00:00Z",
        campo: valor,
    }
    r = personal.post(reverse("ventas:cupon-list"), datos, format="json")
    assert campo in _error_json(r, 400)["campos"]
    assert not Cupon.objects.exists()
