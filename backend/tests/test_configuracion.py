"""Settings (issue 9.9): .env.example lists every variable the code reads, X-Forwarded-Proto is believed
only behind a declared proxy, the benchmark's view is not in the production URLs, and importing the
settings writes no file."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import resolve, reverse
from rest_framework.test import APIClient

from backend import views

BASE_DIR = Path(settings.BASE_DIR)

# Read by Django's entry points to find the settings, before any .env is loaded: not a setting.
NO_SON_AJUSTES = {"DJANGO_SETTINGS_MODULE"}


def _ficheros_de_la_aplicacion():
    """The code the app runs: the project package, every app, gunicorn.conf.py (not tests or tooling)."""
    paquetes = [BASE_DIR / "backend"] + [d for d in BASE_DIR.iterdir() if (d / "apps.py").exists()]
    for paquete in paquetes:
        for fichero in paquete.rglob("*.py"):
            partes = fichero.relative_to(BASE_DIR).parts
            if {"tests", "testing", "migrations"} & set(partes):
                continue
            yield fichero
    yield BASE_DIR / "gunicorn.conf.py"


def _nombre(nodo) -> str:
    """`os.environ.get` for a Name/Attribute chain, '' otherwise."""
    if isinstance(nodo, ast.Name):
        return nodo.id
    if isinstance(nodo, ast.Attribute):
        return f"{_nombre(nodo.value)}.{nodo.attr}"
    return ""


def _variables_leidas(fichero: Path) -> set[str]:
    """Names of the environment variables a module reads with a literal name: env("X"), env.int("X"),
    os.environ.get("X"), os.environ["X"], os.getenv("X")."""
    leidas = set()
    for nodo in ast.walk(ast.parse(fichero.read_text(), str(fichero))):
        if isinstance(nodo, ast.Call):
            funcion = _nombre(nodo.func)
            lee = funcion == "env" or funcion.startswith("env.") or funcion in ("os.environ.get", "os.getenv")
            lee = lee or funcion == "os.environ.setdefault"
            argumento = nodo.args[0] if nodo.args else None
        elif isinstance(nodo, ast.Subscript) and _nombre(nodo.value) == "os.environ":
            lee, argumento = True, nodo.slice
        else:
            continue
        if lee and isinstance(argumento, ast.Constant) and isinstance(argumento.value, str):
            leidas.add(argumento.value)
    return leidas


def _variables_del_ejemplo() -> set[str]:
    """Every NAME in .env.example, set (NAME=...) or shown commented out (# NAME=...)."""
    nombres = set()
    for linea in (BASE_DIR / ".env.example").read_text().splitlines():
        nombre, igual, _ = linea.lstrip("#").strip().partition("=")
        if igual and nombre.isidentifier() and nombre.isupper():
            nombres.add(nombre)
    return nombres


def test_el_lector_de_variables_encuentra_cada_forma_de_leerlas(tmp_path):
    """The scan below can fail: it sees every way the code reads a variable."""
    modulo = tmp_path / "m.py"
    modulo.write_text(
        "import os\n"
        'A = env("VAR_A")\nB = env.list(\n    "VAR_B", default=[])\nC = os.environ.get("VAR_C")\n'
        'D = os.environ["VAR_D"]\nE = os.getenv("VAR_E", "")\nF = env.email_url("VAR_F")\n'
        'os.environ["VAR_G"] = "escrita, también leída por los hijos"\nH = {"VAR_NO": 1}["VAR_NO"]\n'
    )
    assert _variables_leidas(modulo) == {f"VAR_{x}" for x in "ABCDEFG"}


def test_env_example_lista_cada_variable_que_lee_el_codigo():
    leidas = {}
    for fichero in _ficheros_de_la_aplicacion():
        for variable in _variables_leidas(fichero):
            leidas.setdefault(variable, str(fichero.relative_to(BASE_DIR)))
    assert len(leidas) > 50, leidas  # the scan found the settings

    faltan = sorted(set(leidas) - _variables_del_ejemplo() - NO_SON_AJUSTES)
    assert not faltan, "Add to .env.example (with its default and a one-line comment): " + ", ".join(
        f"{variable} (read in {leidas[variable]})" for variable in faltan
    )


# --- X-Forwarded-Proto only behind a declared proxy -------------------------------------------


def _ajustes_en_un_proceso(codigo: str, **entorno) -> str:
    """Import the settings in a fresh interpreter with only `entorno` configured; return its stdout."""
    limpio = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NUM_PROXIES", "PYTEST"))}
    limpio.update(
        DJANGO_SETTINGS_MODULE="backend.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="una-clave-de-prueba-larga-0123456789-abcdefghijklmnopqrstuvwxyz",
        PYTHONDONTWRITEBYTECODE="1",
    )
    limpio.update(entorno)
    resultado = subprocess.run(
        [sys.executable, "-c", codigo], env=limpio, cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert resultado.returncode == 0, resultado.stderr
    return resultado.stdout.strip()


@pytest.mark.parametrize(
    ("entorno", "cabecera"),
    [
        ({}, "None"),
        ({"DJANGO_BEHIND_PROXY": "1"}, "('HTTP_X_FORWARDED_PROTO', 'https')"),
        ({"NUM_PROXIES": "1"}, "('HTTP_X_FORWARDED_PROTO', 'https')"),
        ({"NUM_PROXIES": "1", "DJANGO_BEHIND_PROXY": "0"}, "None"),
    ],
)
def test_x_forwarded_proto_solo_cuenta_con_un_proxy_declarado(entorno, cabecera):
    codigo = "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER)"
    assert _ajustes_en_un_proceso(codigo, **entorno) == cabecera


@pytest.mark.django_db
def test_sin_proxy_declarado_un_cliente_no_puede_decir_que_llega_por_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = None  # what the settings give without a declared proxy

    respuesta = APIClient().get(reverse("health"), HTTP_X_FORWARDED_PROTO="https")

    assert respuesta.status_code == 301
    assert respuesta["Location"].startswith("https://")


# --- The benchmark's ceiling view ---------------------------------------------------------------


def test_la_vista_techo_del_benchmark_no_esta_en_las_urls_de_produccion(monkeypatch):
    monkeypatch.setenv("BENCH_CEILING", "1")  # what used to mount it
    # Only the catch-all JSON 404 of /api/ answers it.
    assert resolve("/api/bench/ceiling/", urlconf="backend.urls").func is views.api_not_found
    fuente = (BASE_DIR / "backend" / "urls.py").read_text()
    assert "bench" not in fuente and "environ" not in fuente
    assert resolve("/api/bench/ceiling/", urlconf="bench.urls").func.__module__ == "bench.ceiling"


# --- Importing the settings writes no file ------------------------------------------------------

ESPIA_DE_ESCRITURAS = """
import sys
escritos = []
def espia(evento, argumentos):
    if evento == "open" and isinstance(argumentos[0], str):
        modo, banderas = argumentos[1] or "", argumentos[2] or 0
        if any(c in modo for c in "wax+") or banderas & 0o3:  # O_WRONLY | O_RDWR
            escritos.append(argumentos[0])
sys.addaudithook(espia)
import django
django.setup()
from django.conf import settings
print(repr(escritos))
print(settings.SECRET_KEY)
"""


def test_importar_los_ajustes_en_desarrollo_no_escribe_ningun_fichero():
    salida = _ajustes_en_un_proceso(ESPIA_DE_ESCRITURAS, DJANGO_DEBUG="1", DJANGO_SECRET_KEY="")
    escritos, clave = salida.splitlines()
    otra_clave = _ajustes_en_un_proceso(ESPIA_DE_ESCRITURAS, DJANGO_DEBUG="1", DJANGO_SECRET_KEY="").splitlines()[1]

    assert escritos == "[]"
    assert len(clave) == 50
    # Kept in memory, not in a file the settings read back: two separate starts get two keys.
    assert clave != otra_clave


def test_la_clave_de_desarrollo_sobrevive_al_autoreload():
    """runserver's reloader runs the server in a child that inherits the environment: same key."""
    codigo = (
        "import os, subprocess, sys; from django.conf import settings;"
        "padre = settings.SECRET_KEY;"
        "hijo = subprocess.run([sys.executable, '-c', 'from django.conf import settings; print(settings.SECRET_KEY)'],"
        " capture_output=True, text=True, check=True).stdout.strip();"
        "print(padre == hijo, len(padre))"
    )
    assert _ajustes_en_un_proceso(codigo, DJANGO_DEBUG="1", DJANGO_SECRET_KEY="") == "True 50"
