"""Production settings: deploy checks pass, no secret no start, gunicorn + whitenoise serve assets."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from backend.testing.servidor import Servidor

BASE_DIR = Path(settings.BASE_DIR)
CHECK_DEPLOY = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def entorno_produccion(**extra):
    """The documented production environment (README "Security"), nothing inherited from tests."""
    entorno = {
        clave: valor
        for clave, valor in os.environ.items()
        if not clave.startswith(("DJANGO_", "THROTTLE_", "JWT_", "PYTEST", "REDIS_URL", "DATABASE_URL"))
    }
    entorno.update(
        DJANGO_SETTINGS_MODULE="backend.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="shop.example.com",
    )
    entorno.update(extra)
    return entorno


def ejecutar(argumentos, entorno):
    return subprocess.run(argumentos, env=entorno, cwd=BASE_DIR, capture_output=True, text=True, timeout=120)


def test_deploy_check_passes_with_the_production_environment():
    resultado = ejecutar(CHECK_DEPLOY, entorno_produccion())

    assert resultado.returncode == 0, resultado.stdout + resultado.stderr
    assert "no issues" in resultado.stdout


def test_deploy_check_fails_when_security_is_turned_off():
    """The check above can fail: it does catch an insecure configuration."""
    entorno = entorno_produccion(DJANGO_SECURE_HSTS_SECONDS="0", DJANGO_SESSION_COOKIE_SECURE="0")
    resultado = ejecutar(CHECK_DEPLOY, entorno)

    assert resultado.returncode != 0
    assert "security.W004" in resultado.stderr + resultado.stdout
    assert "security.W012" in resultado.stderr + resultado.stdout


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    # An empty variable also wins over any .env file (read_env never overwrites).
    entorno = entorno_produccion(DJANGO_SECRET_KEY="")
    resultado = ejecutar([sys.executable, "-c", "import django; django.setup()"], entorno)

    assert resultado.returncode != 0
    assert "ImproperlyConfigured" in resultado.stderr
    assert "DJANGO_SECRET_KEY" in resultado.stderr


def test_debug_is_off_unless_asked_for():
    entorno = entorno_produccion()
    entorno.pop("DJANGO_DEBUG")
    codigo = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS > 0)"
    )
    resultado = ejecutar([sys.executable, "-c", codigo], entorno)

    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.split() == ["False", "True", "True", "True", "True"]


def test_plain_http_is_redirected_to_https_and_https_gets_hsts(settings, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000

    respuesta = APIClient().get(reverse("health"))
    assert respuesta.status_code == 301
    assert respuesta["Location"].startswith("https://")

    # Behind the declared TLS proxy (DJANGO_BEHIND_PROXY=1), which sets X-Forwarded-Proto.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    respuesta = APIClient().get(reverse("health"), HTTP_X_FORWARDED_PROTO="https")
    assert respuesta.status_code == 200
    assert respuesta["Strict-Transport-Security"].startswith("max-age=31536000")
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert respuesta["X-Frame-Options"] == "DENY"


@pytest.fixture(scope="module")
def servidor_produccion(tmp_path_factory):
    """Gunicorn with gunicorn.conf.py, DEBUG off, after collectstatic into a temporary STATIC_ROOT."""
    temporal = tmp_path_factory.mktemp("produccion")
    entorno = {
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(temporal / "static"),
        "DATABASE_URL": f"sqlite:///{temporal / 'db.sqlite3'}",
    }
    recogida = ejecutar([sys.executable, "manage.py", "collectstatic", "--noinput"], entorno_produccion(**entorno))
    assert recogida.returncode == 0, recogida.stderr
    with Servidor(entorno=entorno, workers=1) as servidor:
        yield servidor.url


@pytest.mark.servidor_real
def test_whitenoise_serves_admin_css_under_gunicorn(servidor_produccion):
    respuesta = requests.get(f"{servidor_produccion}/static/admin/css/base.css", timeout=5)

    assert respuesta.status_code == 200
    assert respuesta.headers["Content-Type"].startswith("text/css")
    assert "body" in respuesta.text


@pytest.mark.servidor_real
def test_swagger_docs_and_their_assets_are_served_without_internet(servidor_produccion):
    pagina = requests.get(f"{servidor_produccion}/api/docs/", timeout=5)
    assert pagina.status_code == 200
    assert pagina.headers["Content-Type"].startswith("text/html")

    recursos = set(re.findall(r"""["'](/static/[^"']+)["']""", pagina.text))
    assert any(r.endswith(".js") for r in recursos), pagina.text
    assert any(r.endswith(".css") for r in recursos), pagina.text
    assert not re.search(r"""(src|href)=["']https?://""", pagina.text), "docs must not load assets from the internet"
    for recurso in recursos:
        respuesta = requests.get(f"{servidor_produccion}{recurso}", timeout=5)
        assert respuesta.status_code == 200, recurso
        # Hashed names from the manifest: cached for good.
        assert "max-age=315360000" in respuesta.headers.get("Cache-Control", ""), recurso


@pytest.mark.servidor_real
def test_debug_pages_are_not_shown_under_gunicorn(servidor_produccion):
    respuesta = requests.get(f"{servidor_produccion}/api/no-existe/", timeout=5)

    assert respuesta.status_code == 404
    assert respuesta.json()["codigo"] == "no_encontrado"
    assert "Traceback" not in respuesta.text
    ajeno = requests.get(f"{servidor_produccion}/api/health/", headers={"Host": "evil.example"}, timeout=5)
    assert ajeno.status_code == 400
