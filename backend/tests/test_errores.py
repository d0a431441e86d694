"""One error format everywhere under /api/, even with DEBUG off, and the health check."""

import pytest
from django.urls import reverse

from backend.exceptions import Conflicto, DomainError, exception_handler
from productos.tests.factories import ProductoFactory

pytestmark = pytest.mark.django_db


def _es_error_json(respuesta):
    assert respuesta["Content-Type"].startswith("application/json"), respuesta["Content-Type"]
    cuerpo = respuesta.json()
    assert isinstance(cuerpo["error"], str) and cuerpo["error"]
    assert isinstance(cuerpo["codigo"], str) and cuerpo["codigo"]
    assert isinstance(cuerpo.get("campos", {}), dict)
    return cuerpo


@pytest.mark.parametrize("ruta", ["/api/no-existe/", "/api/productos/abc/", "/api/ventas/1/2/3/", "/api/login"])
def test_ruta_desconocida_bajo_api_es_404_json(api_client, settings, ruta):
    settings.DEBUG = False
    r = api_client.get(ruta)
    assert r.status_code == 404
    assert _es_error_json(r)["codigo"] == "no_encontrado"


def test_sin_token_da_401_no_autenticado(api_client):
    r = api_client.get(reverse("productos:producto-list"))
    assert r.status_code == 401
    assert _es_error_json(r)["codigo"] == "no_autenticado"


def test_token_basura_da_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer no.es.un.jwt")
    r = api_client.get(reverse("productos:producto-list"))
    assert r.status_code == 401
    assert _es_error_json(r)["codigo"] == "token_invalido"


def test_json_mal_formado_da_400(auth_client, empleado):
    r = auth_client(empleado).post(
        reverse("productos:categoria-list"), data='{"nombre": ', content_type="application/json"
    )
    assert r.status_code == 400
    assert _es_error_json(r)["codigo"] == "json_invalido"


def test_otro_tipo_de_contenido_da_415(auth_client, empleado):
    r = auth_client(empleado).post(reverse("productos:categoria-list"), data="nombre=x", content_type="text/plain")
    assert r.status_code == 415
    assert _es_error_json(r)["codigo"] == "tipo_no_soportado"


def test_metodo_no_permitido_da_405_json(auth_client, empleado):
    r = auth_client(empleado).delete(reverse("ventas:checkout"))
    assert r.status_code == 405
    assert _es_error_json(r)["codigo"] == "metodo_no_permitido"


def test_validacion_lleva_campos(auth_client, empleado):
    r = auth_client(empleado).post(reverse("productos:producto-list"), {}, format="json")
    assert r.status_code == 400
    cuerpo = _es_error_json(r)
    assert cuerpo["codigo"] == "validacion"
    assert {"nombre", "precio", "categoria"} <= set(cuerpo["campos"])
    assert all(isinstance(m, list) for m in cuerpo["campos"].values())


def test_conflicto_por_registro_protegido_es_409_json(auth_client, empleado):
    producto = ProductoFactory()
    r = auth_client(empleado).delete(reverse("productos:categoria-detail", args=[producto.categoria_id]))
    assert r.status_code == 409
    assert _es_error_json(r)["codigo"] == "registro_protegido"


def test_un_domain_error_se_responde_con_el_estado_de_su_tabla_y_su_codigo():
    class ReglaRota(DomainError):
        codigo = "regla_rota"

    class ChoqueConcreto(Conflicto):
        codigo = "choque_concreto"

    # A class without a row in ESTADOS takes its nearest ancestor's status.
    sin_fila = exception_handler(ReglaRota(), {})
    assert (sin_fila.status_code, sin_fila.data) == (
        400,
        {"error": "Operación no válida.", "codigo": "regla_rota", "campos": {}},
    )
    heredado = exception_handler(ChoqueConcreto("Choca.", precio="1.00"), {})
    assert (heredado.status_code, heredado.data) == (
        409,
        {"error": "Choca.", "codigo": "choque_concreto", "campos": {}, "precio": "1.00"},
    )


def test_health_responde_ok_sin_autenticacion(api_client):
    r = api_client.get(reverse("health"))
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_docs_y_schema_sin_internet(api_client):
    r = api_client.get(reverse("docs"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
    schema = api_client.get(reverse("schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    rutas = schema.json()["paths"]
    for ruta in ("/api/venta/", "/api/carrito-item/{id}/", "/api/ventas/reporte/ventas/", "/api/inventario/{id}/"):
        assert ruta in rutas
