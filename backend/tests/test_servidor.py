"""The one harness for real servers (backend/testing/servidor.py): production environment, a free
port, readiness, stop and kill by PID, from Python and from the command line."""

import subprocess
import sys

import pytest
import requests

from backend.testing.servidor import LIMITES_ALTOS, Servidor, entorno_servidor, pids_hijos, vivo


def test_el_entorno_es_el_de_produccion_con_los_valores_del_llamador(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "1")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///del-llamador.sqlite3")
    monkeypatch.setenv("THROTTLE_LOGIN", "1/min")
    monkeypatch.setenv("PATH_DE_PRUEBA", "se hereda")

    entorno = entorno_servidor({"THROTTLE_CHECKOUT": "3/min"})

    assert entorno["DJANGO_DEBUG"] == "0"
    assert "DATABASE_URL" not in entorno  # the caller's app settings are not inherited...
    assert entorno["PATH_DE_PRUEBA"] == "se hereda"  # ...the rest of its environment is
    assert entorno["THROTTLE_LOGIN"] == "1000000/min"
    assert entorno["THROTTLE_CHECKOUT"] == "3/min"
    assert set(LIMITES_ALTOS) >= {"THROTTLE_LOGIN", "THROTTLE_PASSWORD_RESET"}
    assert len(entorno["DJANGO_SECRET_KEY"]) >= 50

    heredado = entorno_servidor(heredar=True)  # what a script exported is what it means
    assert (heredado["DATABASE_URL"], heredado["THROTTLE_LOGIN"], heredado["DJANGO_DEBUG"]) == (
        "sqlite:///del-llamador.sqlite3",
        "1/min",
        "0",
    )


@pytest.fixture
def base_de_datos(tmp_path):
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}


@pytest.mark.servidor_real
def test_arranca_con_gunicorn_conf_responde_y_se_para_entero(base_de_datos):
    with Servidor(entorno=base_de_datos, workers=2) as servidor:
        assert requests.get(f"{servidor.url}/api/health/live/", timeout=5).status_code == 200
        workers = servidor.pids_workers()
        assert len(workers) == 2
        arbitro = servidor.pid
    assert not vivo(arbitro)
    assert not any(vivo(pid) for pid in workers)


@pytest.mark.servidor_real
def test_matar_termina_el_arbitro_y_los_workers_de_golpe(base_de_datos):
    servidor = Servidor(entorno=base_de_datos, workers=2).arrancar()
    workers = pids_hijos(servidor.pid)

    servidor.matar()

    assert not servidor.vivo()
    assert not any(vivo(pid) for pid in workers)
    assert "Shutting down" not in servidor.salida()  # no graceful shutdown: a crash


@pytest.mark.servidor_real
def test_la_linea_de_ordenes_ejecuta_un_comando_con_el_servidor_y_devuelve_su_estado(base_de_datos):
    comando = (
        "import os, sys, urllib.request;"
        "r = urllib.request.urlopen(os.environ['SERVIDOR_URL'] + '/api/health/live/', timeout=5);"
        "print(os.environ['SERVIDOR_PUERTO']); sys.exit(7 if r.status == 200 else 1)"
    )
    resultado = subprocess.run(
        [sys.executable, "-m", "backend.testing.servidor", "ejecutar", "--limpio"]
        + [f"--env={clave}={valor}" for clave, valor in base_de_datos.items()]
        + ["--", sys.executable, "-c", comando],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert resultado.returncode == 7, resultado.stderr
    puerto = int(resultado.stdout.split()[0])
    with pytest.raises(requests.ConnectionError):  # stopped when the command ended
        requests.get(f"http://127.0.0.1:{puerto}/api/health/live/", timeout=2)
