"""Any body that cannot be parsed is a 400 JSON error that reveals nothing of Python (issue 10.2)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

ANIDADO = "[" * 1000 + "]" * 1000
ENTERO_ENORME = '{"username": ' + "9" * 5000 + ', "password": "x"}'


def _post(api, url, cuerpo, content_type="application/json"):
    return api.generic("POST", url, cuerpo.encode() if isinstance(cuerpo, str) else cuerpo, content_type=content_type)


def assert_json_invalido(respuesta):
    assert respuesta.status_code == 400, respuesta.content
    cuerpo = respuesta.json()
    assert cuerpo == {"error": "El cuerpo de la petición no es JSON válido.", "codigo": "json_invalido", "campos": {}}


@pytest.mark.parametrize(
    "cuerpo",
    [
        ANIDADO,
        '{"a": ' * 5000 + "1" + "}" * 5000,
        ENTERO_ENORME,
        '{"username": "ana", "password": NaN}',
        '{"username": "ana",',
        b'{"username": "\xff\xfe"}',
    ],
    ids=["lista-anidada", "objeto-anidado", "entero-enorme", "nan", "cortado", "utf8-roto"],
)
def test_anonymous_login_with_an_unparsable_body_is_400(cuerpo):
    assert_json_invalido(_post(APIClient(), reverse("usuarios:login"), cuerpo))


def test_the_answer_never_echoes_python_internals():
    respuesta = _post(APIClient(), reverse("usuarios:register"), ENTERO_ENORME)
    assert_json_invalido(respuesta)
    texto = respuesta.content.decode()
    assert "sys.set_int_max_str_digits" not in texto
    assert "Exceeds the limit" not in texto


@pytest.mark.parametrize("nombre", ["productos:producto-list", "ventas:carrito-item-list"])
def test_authenticated_endpoints_answer_400_to_deep_nesting(nombre, administrador, auth_client):
    assert_json_invalido(_post(auth_client(administrador), reverse(nombre), ANIDADO))


def test_a_byte_codec_charset_is_refused_not_decompressed():
    respuesta = _post(APIClient(), reverse("usuarios:login"), b"x", content_type="application/json; charset=bz2_codec")
    assert respuesta.status_code == 400
    assert respuesta.json()["codigo"] == "json_invalido"
