"""Audit trail: one JSON line per sensitive event, with who, from where and on what; no secrets."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from backend import audit
from backend.logging import JsonFormatter
from inventario.models import Inventario
from productos.tests.factories import ProductoFactory
from usuarios.models import Usuario
from ventas.models import Venta
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db

PASSWORD = "clave-de-prueba-123"
IP = "198.51.100.23"


class Registro:
    """Everything the project's JSON formatter writes while a test runs."""

    def __init__(self):
        self.flujo = io.StringIO()

    @property
    def texto(self):
        return self.flujo.getvalue()

    def lineas(self, evento=None):
        lineas = [json.loads(linea) for linea in self.texto.splitlines() if linea.startswith("{")]
        return [linea for linea in lineas if evento is None or linea["event"] == evento]

    def una(self, evento):
        encontradas = self.lineas(evento)
        assert len(encontradas) == 1, self.texto
        return encontradas[0]


@pytest.fixture
def registro():
    """Capture the audit logger (and Django's and the root logger) through JsonFormatter."""
    captura = Registro()
    manejador = logging.StreamHandler(captura.flujo)
    manejador.setFormatter(JsonFormatter())
    manejador.setLevel(logging.DEBUG)
    loggers = [logging.getLogger(nombre) for nombre in ("audit", "django.request", "django", "")]
    for logger in loggers:
        logger.addHandler(manejador)
    yield captura
    for logger in loggers:
        logger.removeHandler(manejador)


def _api(usuario=None):
    api = APIClient(REMOTE_ADDR=IP)
    if usuario is not None:
        par = api.post(reverse("usuarios:login"), {"username": usuario.username, "password": PASSWORD}).json()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {par['access']}")
    return api


def test_failed_login_writes_one_line_with_address_and_username(registro, cliente):
    respuesta = _api().post(reverse("usuarios:login"), {"username": cliente.username, "password": "mal-123456"})

    assert respuesta.status_code == 401
    linea = registro.una("login_fallido")
    assert linea["logger"] == "audit"
    assert linea["level"] == "INFO"
    assert linea["direccion"] == IP
    assert linea["username"] == cliente.username
    assert linea["usuario_id"] is None
    assert "mal-123456" not in registro.texto


def test_throttled_request_writes_one_line(registro, monkeypatch, cliente):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "login": "1/min"})
    api = _api()
    api.post(reverse("usuarios:login"), {"username": "alguien", "password": "x-123456"})

    respuesta = api.post(reverse("usuarios:login"), {"username": "alguien", "password": "x-123456"})

    assert respuesta.status_code == 429
    linea = registro.una("peticion_limitada")
    assert linea["direccion"] == IP
    assert linea["vista"] == "LoginView"
    assert linea["espera"] > 0


def test_throttled_signed_in_request_names_the_user(registro, monkeypatch, cliente):
    api = _api(cliente)
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "user": "1/min"})
    api.get(reverse("usuarios:me"))

    assert api.get(reverse("usuarios:me")).status_code == 429

    linea = registro.una("peticion_limitada")
    assert (linea["usuario_id"], linea["direccion"], linea["vista"]) == (cliente.pk, IP, "MeView")


def test_role_change_writes_who_from_where_and_whom(registro, administrador, cliente):
    url = reverse("usuarios:usuario-detail", args=[cliente.pk])
    respuesta = _api(administrador).patch(url, {"rol": Usuario.Rol.EMPLOYEE})

    assert respuesta.status_code == 200
    linea = registro.una("cambio_rol")
    assert linea["usuario_id"] == administrador.pk
    assert linea["direccion"] == IP
    assert linea["objetivo_id"] == cliente.pk
    assert (linea["desde"], linea["hasta"]) == (Usuario.Rol.CLIENT, Usuario.Rol.EMPLOYEE)


def test_stock_adjustment_writes_one_line(registro, empleado, django_capture_on_commit_callbacks):
    producto = ProductoFactory(stock=10)
    inventario = Inventario.objects.get(producto=producto)

    with django_capture_on_commit_callbacks(execute=True):
        url = reverse("inventario:inventario-detail", args=[inventario.pk])
        respuesta = _api(empleado).put(url, {"cantidad": 45})

    assert respuesta.status_code == 200
    linea = registro.una("ajuste_stock")
    assert linea["usuario_id"] == empleado.pk
    assert linea["direccion"] == IP
    assert linea["producto_id"] == producto.pk
    assert (linea["delta"], linea["cantidad"]) == (35, 45)


def test_sale_status_change_writes_one_line(registro, administrador, cliente, django_capture_on_commit_callbacks):
    venta = crear_venta(usuario=cliente)

    url = reverse("ventas:venta-estado", args=[venta.pk])
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = _api(administrador).post(url, {"estado": Venta.Estado.PAGADA})

    assert respuesta.status_code == 200
    linea = registro.una("cambio_estado_venta")
    assert linea["usuario_id"] == administrador.pk
    assert linea["direccion"] == IP
    assert linea["venta_id"] == venta.pk
    assert (linea["desde"], linea["hasta"]) == (Venta.Estado.PENDIENTE, Venta.Estado.PAGADA)


def test_no_line_ever_holds_a_password_or_a_token(registro, administrador, monkeypatch):
    secretos = []
    api = APIClient(REMOTE_ADDR=IP)

    original = "Primera-Clave-Secreta-111"
    secretos.append(original)
    datos = {"username": "victima", "password": original, "email": "v@example.com"}
    assert api.post(reverse("usuarios:register"), datos).status_code == 201
    victima = Usuario.objects.get(username="victima")

    equivocada = "Intento-Fallido-Secreto-222"
    secretos.append(equivocada)
    assert api.post(reverse("usuarios:login"), {"username": "victima", "password": equivocada}).status_code == 401

    par = api.post(reverse("usuarios:login"), {"username": "victima", "password": original}).json()
    secretos += [par["access"], par["refresh"]]
    rotado = api.post(reverse("usuarios:token-refresh"), {"refresh": par["refresh"]}).json()
    secretos += [rotado["access"], rotado["refresh"]]
    # Reusing the rotated token (rejected) and sending garbage as a token.
    assert api.post(reverse("usuarios:token-refresh"), {"refresh": par["refresh"]}).status_code == 401
    api.credentials(HTTP_AUTHORIZATION="Bearer token-basura-secreta-333")
    secretos.append("token-basura-secreta-333")
    assert api.get(reverse("usuarios:me")).status_code == 401

    api.credentials(HTTP_AUTHORIZATION=f"Bearer {rotado['access']}")
    nueva = "Segunda-Clave-Secreta-444"
    secretos.append(nueva)
    cambio = {"password_actual": original, "password_nuevo": nueva}
    assert api.post(reverse("usuarios:me-password"), cambio).status_code == 200

    par = APIClient().post(reverse("usuarios:login"), {"username": "victima", "password": nueva}).json()
    secretos += [par["access"], par["refresh"]]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {par['access']}")
    assert api.post(reverse("usuarios:logout"), {"refresh": par["refresh"]}).status_code in (200, 205)

    # An administrator resets the password; then the account is throttled while guessed.
    de_admin = "Tercera-Clave-Secreta-555"
    secretos.append(de_admin)
    url = reverse("usuarios:usuario-detail", args=[victima.pk])
    respuesta = _api(administrador).patch(url, {"password": de_admin, "rol": Usuario.Rol.EMPLOYEE})
    assert respuesta.status_code == 200
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "login_usuario": "1/min"}
    )
    adivina = "Cuarto-Intento-Secreto-666"
    secretos.append(adivina)
    for _ in range(2):
        api.post(reverse("usuarios:login"), {"username": "victima", "password": adivina})

    eventos = {linea["event"] for linea in registro.lineas()}
    assert {"usuario_registrado", "login_fallido", "login", "cambio_password", "logout", "cambio_rol"} <= eventos
    assert "peticion_limitada" in eventos
    for secreto in secretos:
        assert secreto not in registro.texto
    # Not even a part of a token (its signature) or a password hash.
    for token in secretos:
        if token.count(".") == 2:
            assert token.rsplit(".", 1)[1] not in registro.texto
    victima.refresh_from_db()
    assert victima.password not in registro.texto


def test_formatter_drops_secret_fields_and_masks_anything_shaped_like_a_jwt(registro):
    token = str(_token_de_ejemplo())

    audit.registrar(
        "prueba",
        password="p-1",
        password_nuevo="p-2",
        refresh_token="p-3",
        authorization="p-4",
        client_secret="p-5",
        detalle=f"cabecera Bearer {token}",
        producto_id=7,
    )

    linea = registro.una("prueba")
    assert linea["producto_id"] == 7
    for clave in ("password", "password_nuevo", "refresh_token", "authorization", "client_secret"):
        assert clave not in linea
    assert token not in registro.texto
    assert "p-1" not in registro.texto and "p-5" not in registro.texto


def _token_de_ejemplo():
    from rest_framework_simplejwt.tokens import AccessToken

    from usuarios.tests.factories import UsuarioFactory

    return AccessToken.for_user(UsuarioFactory())


def test_audit_lines_go_to_stdout_as_json():
    codigo = (
        "import django; django.setup();"
        "from backend import audit;"
        "audit.registrar('prueba_stdout', producto_id=3, password='no-debe-salir')"
    )
    entorno = {**os.environ, "DJANGO_SETTINGS_MODULE": "backend.settings"}
    salida = subprocess.run(
        [sys.executable, "-c", codigo], env=entorno, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )

    linea = json.loads(salida.stdout.strip().splitlines()[-1])
    assert (linea["event"], linea["producto_id"], linea["logger"]) == ("prueba_stdout", 3, "audit")
    assert "password" not in linea
    assert "prueba_stdout" not in salida.stderr
    assert "no-debe-salir" not in salida.stdout + salida.stderr
