"""JWT lifecycle: rotation, logout, deactivation, password change, forged and expired tokens."""

import base64
import json
import os
import subprocess
import sys
from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken

from usuarios.models import Usuario
from usuarios.tests.factories import UsuarioFactory

PASSWORD = "clave-de-prueba-123"

pytestmark = pytest.mark.django_db


def _login(usuario, password=PASSWORD):
    respuesta = APIClient().post(reverse("usuarios:login"), {"username": usuario.username, "password": password})
    assert respuesta.status_code == 200, respuesta.content
    return respuesta.json()


def _refresh(refresh):
    return APIClient().post(reverse("usuarios:token-refresh"), {"refresh": refresh})


def _me(access):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return api.get(reverse("usuarios:me"))


def assert_401(respuesta):
    assert respuesta.status_code == 401, respuesta.content
    cuerpo = respuesta.json()
    assert set(cuerpo) == {"error", "codigo", "campos"}
    assert cuerpo["error"]


def _b64(datos: bytes) -> str:
    return base64.urlsafe_b64encode(datos).rstrip(b"=").decode()


def _jti(token):
    return jwt.decode(token, options={"verify_signature": False})["jti"]


def _claims_validos(usuario):
    """The claims of a genuine access token of `usuario`, to re-sign or re-encode them."""
    return dict(AccessToken.for_user(usuario).payload)


def test_refresh_rotation_returns_a_new_refresh_and_rejects_the_old_one(cliente):
    par = _login(cliente)

    respuesta = _refresh(par["refresh"])
    assert respuesta.status_code == 200
    nuevo = respuesta.json()
    assert nuevo["refresh"] != par["refresh"]
    assert _me(nuevo["access"]).status_code == 200

    # Only the blacklist app (installed and migrated) can make the old, unexpired token fail.
    assert_401(_refresh(par["refresh"]))
    assert BlacklistedToken.objects.filter(token__jti=_jti(par["refresh"])).exists()
    # The new one still works, once.
    assert _refresh(nuevo["refresh"]).status_code == 200
    assert_401(_refresh(nuevo["refresh"]))


def test_logout_blacklists_the_refresh_token(cliente):
    par = _login(cliente)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {par['access']}")

    assert api.post(reverse("usuarios:logout"), {"refresh": par["refresh"]}).status_code in (200, 205)

    assert_401(_refresh(par["refresh"]))
    assert BlacklistedToken.objects.filter(token__jti=_jti(par["refresh"])).exists()


def test_logout_with_another_users_refresh_blacklists_nothing(cliente, otro_cliente):
    mio = _login(cliente)
    ajeno = _login(otro_cliente)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {mio['access']}")

    assert api.post(reverse("usuarios:logout"), {"refresh": ajeno["refresh"]}).status_code == 400
    assert _refresh(ajeno["refresh"]).status_code == 200


def test_deactivated_user_tokens_stop_working_at_once(cliente):
    par = _login(cliente)
    assert _me(par["access"]).status_code == 200

    Usuario.objects.filter(pk=cliente.pk).update(is_active=False)

    assert_401(_me(par["access"]))
    assert_401(_refresh(par["refresh"]))
    respuesta = APIClient().post(reverse("usuarios:login"), {"username": cliente.username, "password": PASSWORD})
    assert_401(respuesta)


def test_deactivating_through_the_api_revokes_tokens(cliente, administrador, auth_client):
    par = _login(cliente)

    url = reverse("usuarios:usuario-detail", args=[cliente.pk])
    assert auth_client(administrador).patch(url, {"is_active": False}).status_code == 200

    assert_401(_me(par["access"]))
    assert_401(_refresh(par["refresh"]))


def test_deleted_user_tokens_are_rejected(cliente):
    par = _login(cliente)
    Usuario.objects.filter(pk=cliente.pk).delete()

    assert_401(_me(par["access"]))
    assert_401(_refresh(par["refresh"]))


def test_admin_password_change_makes_old_tokens_unusable(cliente, administrador, auth_client):
    par = _login(cliente)

    url = reverse("usuarios:usuario-detail", args=[cliente.pk])
    respuesta = auth_client(administrador).patch(url, {"password": "Nueva-Clave-Larga-789"})
    assert respuesta.status_code == 200

    assert_401(_me(par["access"]))
    assert_401(_refresh(par["refresh"]))
    assert not OutstandingToken.objects.filter(user=cliente, blacklistedtoken__isnull=True).exists()
    # The new password works and gives working tokens.
    nuevo = _login(cliente, "Nueva-Clave-Larga-789")
    assert _me(nuevo["access"]).status_code == 200


def test_own_password_change_makes_old_tokens_unusable(cliente):
    par = _login(cliente)
    otra_sesion = _login(cliente)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {par['access']}")

    respuesta = api.post(
        reverse("usuarios:me-password"), {"password_actual": PASSWORD, "password_nuevo": "Nueva-Clave-Larga-789"}
    )
    assert respuesta.status_code == 200
    assert respuesta.json()["mensaje"]

    for sesion in (par, otra_sesion):
        assert_401(_me(sesion["access"]))
        assert_401(_refresh(sesion["refresh"]))
    cliente.refresh_from_db()
    assert cliente.check_password("Nueva-Clave-Larga-789")


def test_own_password_change_needs_the_current_password(cliente, auth_client):
    respuesta = auth_client(cliente).post(
        reverse("usuarios:me-password"), {"password_actual": "no-es-esta", "password_nuevo": "Nueva-Clave-Larga-789"}
    )
    assert respuesta.status_code == 400
    assert respuesta.json()["codigo"] == "validacion"
    assert "password_actual" in respuesta.json()["campos"]
    cliente.refresh_from_db()
    assert cliente.check_password(PASSWORD)


def test_own_password_change_validates_the_new_password(cliente, auth_client):
    respuesta = auth_client(cliente).post(
        reverse("usuarios:me-password"), {"password_actual": PASSWORD, "password_nuevo": "123"}
    )
    assert respuesta.status_code == 400
    assert "password_nuevo" in respuesta.json()["campos"]
    cliente.refresh_from_db()
    assert cliente.check_password(PASSWORD)


def test_own_password_change_needs_authentication(api_client):
    respuesta = api_client.post(reverse("usuarios:me-password"), {"password_actual": "x", "password_nuevo": "y"})
    assert_401(respuesta)


def test_token_signed_with_another_key_is_rejected(cliente):
    falso = jwt.encode(_claims_validos(cliente), "otra-clave-que-no-es-la-nuestra-0123456789", algorithm="HS256")
    assert_401(_me(falso))


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("algoritmo", ["HS384", "HS512"])
def test_token_signed_with_our_key_under_another_hmac_algorithm_is_rejected(cliente, algoritmo):
    clave = settings.SIMPLE_JWT["SIGNING_KEY"]
    falso = jwt.encode(_claims_validos(cliente), clave, algorithm=algoritmo)
    assert_401(_me(falso))


def test_unsigned_token_alg_none_is_rejected(cliente):
    claims = _claims_validos(cliente)
    for cabecera in ({"alg": "none", "typ": "JWT"}, {"alg": "None", "typ": "JWT"}, {"alg": "NONE"}):
        cuerpo = f"{_b64(json.dumps(cabecera).encode())}.{_b64(json.dumps(claims).encode())}"
        assert_401(_me(f"{cuerpo}."))
        assert_401(_me(cuerpo))


def test_token_with_rs256_header_is_rejected(cliente):
    cabecera = _b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    cuerpo = _b64(json.dumps(_claims_validos(cliente)).encode())
    assert_401(_me(f"{cabecera}.{cuerpo}.{_b64(os.urandom(256))}"))


def test_expired_token_is_rejected(cliente):
    token = AccessToken.for_user(cliente)
    token.set_exp(from_time=timezone.now() - timedelta(hours=2), lifetime=timedelta(minutes=1))
    respuesta = _me(str(token))
    assert_401(respuesta)
    assert respuesta.json()["codigo"] == "token_invalido"


def test_refresh_token_is_not_accepted_as_access(cliente):
    par = _login(cliente)
    assert_401(_me(par["refresh"]))


def test_access_token_is_not_accepted_as_refresh(cliente):
    par = _login(cliente)
    assert_401(_refresh(par["access"]))


def test_tampered_claims_are_rejected(cliente, administrador):
    genuino = _login(cliente)["access"]
    cabecera, _, firma = genuino.split(".")
    claims = _claims_validos(cliente)
    claims["user_id"] = str(administrador.pk)
    claims["rol"] = Usuario.Rol.ADMIN
    assert_401(_me(f"{cabecera}.{_b64(json.dumps(claims).encode())}.{firma}"))


def test_token_lifetimes_follow_the_settings(cliente):
    par = _login(cliente)
    access = jwt.decode(par["access"], options={"verify_signature": False})
    refresh = jwt.decode(par["refresh"], options={"verify_signature": False})

    minutos_access = int(os.environ.get("JWT_ACCESS_MINUTES", 50))
    minutos_refresh = int(os.environ.get("JWT_REFRESH_MINUTES", 1440))
    assert access["exp"] - access["iat"] == minutos_access * 60
    assert refresh["exp"] - refresh["iat"] == minutos_refresh * 60


def test_token_lifetimes_are_read_from_the_environment():
    codigo = (
        "import django; django.setup();"
        "from rest_framework_simplejwt.tokens import AccessToken, RefreshToken;"
        "print(int(AccessToken.lifetime.total_seconds()), int(RefreshToken.lifetime.total_seconds()))"
    )
    entorno = {**os.environ, "DJANGO_SETTINGS_MODULE": "backend.settings"}
    entorno.update(JWT_ACCESS_MINUTES="7", JWT_REFRESH_MINUTES="90", DJANGO_SECRET_KEY="x" * 60, DJANGO_DEBUG="0")
    salida = subprocess.run(
        [sys.executable, "-c", codigo], env=entorno, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    assert salida.stdout.split() == ["420", "5400"]


def test_login_of_an_inactive_user_gives_no_tokens(db):
    inactivo = UsuarioFactory(is_active=False)
    respuesta = APIClient().post(reverse("usuarios:login"), {"username": inactivo.username, "password": PASSWORD})
    assert_401(respuesta)
    assert "access" not in respuesta.json()
