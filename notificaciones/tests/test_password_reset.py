"""Password reset by email over HTTP, with the link received by a real SMTP server."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from notificaciones.tests.smtp import texto
from usuarios.tests.factories import UsuarioFactory

pytestmark = pytest.mark.django_db

PEDIR = reverse("usuarios:password-reset")
CONFIRMAR = reverse("usuarios:password-reset-confirm")
NUEVA = "Otra-clave-larga-987"


def _pedir(api_client, email, capturar):
    with capturar(execute=True):
        return api_client.post(PEDIR, {"email": email}, format="json")


def _enlace(mensaje):
    return dict(re.findall(r"[?&](uid|token)=([\w-]+)", texto(mensaje)))


def test_unknown_and_known_addresses_get_the_same_202(api_client, smtp, django_capture_on_commit_callbacks):
    usuario = UsuarioFactory(email="ana@example.com")
    desconocida = _pedir(api_client, "nadie@example.com", django_capture_on_commit_callbacks)
    conocida = _pedir(api_client, "ANA@example.com", django_capture_on_commit_callbacks)
    assert desconocida.status_code == conocida.status_code == 202
    assert desconocida.json() == conocida.json()
    (recibido,) = smtp.esperar(1)
    assert recibido["para"] == [usuario.email]
    assert recibido["mensaje"]["Subject"] == "Tienda: Restablece tu contraseña"
    assert "/restablecer-contrasena?uid=" in texto(recibido["mensaje"])


def test_confirm_sets_the_password_once_and_revokes_earlier_tokens(
    api_client, smtp, django_capture_on_commit_callbacks
):
    usuario = UsuarioFactory(email="ana@example.com")
    refresh = RefreshToken.for_user(usuario)
    viejo = APIClient()
    viejo.credentials(HTTP_AUTHORIZATION=f"Bearer {refresh.access_token}")
    assert viejo.get(reverse("usuarios:me")).status_code == 200

    _pedir(api_client, usuario.email, django_capture_on_commit_callbacks)
    datos = _enlace(smtp.esperar(1)[0]["mensaje"])
    r = api_client.post(CONFIRMAR, {**datos, "password": NUEVA}, format="json")
    assert r.status_code == 200
    usuario.refresh_from_db()
    assert usuario.check_password(NUEVA)

    assert viejo.get(reverse("usuarios:me")).status_code == 401
    r = api_client.post(reverse("usuarios:token-refresh"), {"refresh": str(refresh)}, format="json")
    assert r.status_code == 401
    again = api_client.post(CONFIRMAR, {**datos, "password": "Tercera-clave-654"}, format="json")
    assert again.status_code == 400 and "token" in again.json()["campos"]
    usuario.refresh_from_db()
    assert usuario.check_password(NUEVA)


def test_expired_token_is_refused(api_client, smtp, settings, django_capture_on_commit_callbacks):
    usuario = UsuarioFactory(email="ana@example.com")
    _pedir(api_client, usuario.email, django_capture_on_commit_callbacks)
    datos = _enlace(smtp.esperar(1)[0]["mensaje"])
    settings.PASSWORD_RESET_TIMEOUT = -1
    r = api_client.post(CONFIRMAR, {**datos, "password": NUEVA}, format="json")
    assert r.status_code == 400 and r.json()["codigo"] == "validacion"
    usuario.refresh_from_db()
    assert not usuario.check_password(NUEVA)


def test_weak_password_is_a_400_on_the_field(api_client, smtp, django_capture_on_commit_callbacks):
    usuario = UsuarioFactory(email="ana@example.com")
    _pedir(api_client, usuario.email, django_capture_on_commit_callbacks)
    datos = _enlace(smtp.esperar(1)[0]["mensaje"])
    r = api_client.post(CONFIRMAR, {**datos, "password": "123"}, format="json")
    assert r.status_code == 400 and "password" in r.json()["campos"]


def test_requests_are_throttled_per_email_whatever_the_address(api_client, settings):
    from rest_framework.settings import api_settings

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "password_reset_email": "2/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    from rest_framework.throttling import SimpleRateThrottle

    anterior = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        codigos = [
            api_client.post(PEDIR, {"email": "ana@example.com"}, REMOTE_ADDR=f"10.0.0.{i}", format="json").status_code
            for i in range(3)
        ]
        otra = api_client.post(PEDIR, {"email": "otra@example.com"}, REMOTE_ADDR="10.0.0.9", format="json")
    finally:
        SimpleRateThrottle.THROTTLE_RATES = anterior
    assert codigos == [202, 202, 429]
    assert otra.status_code == 202


def test_requests_are_throttled_per_client_address(api_client):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "password_reset": "2/hour"}
    anterior = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        codigos = [
            api_client.post(
                PEDIR, {"email": f"persona{i}@example.com"}, REMOTE_ADDR="10.0.0.1", format="json"
            ).status_code
            for i in range(3)
        ]
        confirmar = api_client.post(CONFIRMAR, {"uid": "MQ", "token": "x", "password": NUEVA}, REMOTE_ADDR="10.0.0.1")
        otra_ip = api_client.post(PEDIR, {"email": "persona9@example.com"}, REMOTE_ADDR="10.0.0.2", format="json")
    finally:
        SimpleRateThrottle.THROTTLE_RATES = anterior
    assert codigos == [202, 202, 429]
    assert confirmar.status_code == 429 and confirmar.json()["codigo"]
    assert otra_ip.status_code == 202
