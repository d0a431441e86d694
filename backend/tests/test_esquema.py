"""/api/schema/ is generated once per process, not on every anonymous request."""

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from backend.schema import EsquemaCacheadoView

pytestmark = pytest.mark.django_db


@pytest.fixture
def generaciones(monkeypatch):
    monkeypatch.setattr(EsquemaCacheadoView, "_generados", {})
    llamadas = []
    original = SchemaGenerator.get_schema

    def _contar(self, *args, **kwargs):
        llamadas.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", _contar)
    return llamadas


def test_the_schema_is_generated_once_for_every_anonymous_request_and_format(generaciones):
    api = APIClient()
    json_1 = api.get(reverse("schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    json_2 = api.get(reverse("schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    yaml = api.get(reverse("schema"))

    assert json_1.status_code == json_2.status_code == yaml.status_code == 200
    assert json_1.content == json_2.content
    assert json_1.json()["paths"]["/api/login/"]
    assert yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert b"/api/login/:" in yaml.content
    assert len(generaciones) == 1


def test_swagger_ui_still_reads_the_schema(generaciones):
    assert APIClient().get(reverse("docs")).status_code == 200
    assert APIClient().get(reverse("schema")).status_code == 200


def test_query_strings_and_accept_parameters_cannot_force_new_generations(generaciones):
    api = APIClient()
    for n in range(5):
        assert api.get(reverse("schema"), {"version": f"v{n}"}).status_code == 200
        assert api.get(reverse("schema"), {"lang": f"x{n}"}).status_code == 200
        cabecera = f"application/vnd.oai.openapi+json; q=1; n={n}"
        assert api.get(reverse("schema"), HTTP_ACCEPT=cabecera).status_code == 200
    assert len(generaciones) == 1
