"""The refund of a cancelled paid sale through a REAL Celery worker process and broker (Redis).

Runs when the database is PostgreSQL and a broker is given by CELERY_TEST_BROKER_URL or
REDIS_URL; the worker talks to the Stripe stand-in, which fails the first attempt.
"""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection
from kombu import pools

from backend.celery import app as celery_app
from pagos import services, tasks
from pagos.models import Pago
from pagos.proveedores import EXITO, Notificacion
from productos.tests.factories import ProductoFactory
from usuarios.models import Usuario
from usuarios.tests.factories import UsuarioFactory
from ventas.models import Venta
from ventas.tests.factories import crear_venta

BROKER = os.environ.get("CELERY_TEST_BROKER_URL") or os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not BROKER, reason="Needs a broker: CELERY_TEST_BROKER_URL or REDIS_URL."),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="The worker shares the test database: PostgreSQL."),
]


def _usar_broker(settings, url, cola):
    """Point this (web) process's publishing at `url` and `cola`, with fresh connection pools."""
    settings.CELERY_BROKER_URL = url
    celery_app.conf.broker_url = url
    celery_app.conf.task_default_queue = cola
    # kombu keeps one global pool per broker URL: drop them all, or a pool closed by an earlier
    # test for the same URL would be handed out again.
    pools.reset()
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)


def _url_bd():
    d = connection.settings_dict
    clave = f":{d['PASSWORD']}" if d.get("PASSWORD") else ""
    return f"postgres://{d['USER']}{clave}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


@pytest.fixture
def worker(settings, stripe_api, tmp_path):
    cola = f"test-p-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _url_bd(),
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_DEFAULT_QUEUE": cola,
        "DJANGO_DEBUG": "0",
        "STRIPE_SECRET_KEY": settings.STRIPE_SECRET_KEY,
        "STRIPE_API_BASE": stripe_api.url,
        "PAGOS_REINTENTO_SEGUNDOS": "1",
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 (closed after the process)
    proceso = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "backend", "worker", "-Q", cola, "--concurrency", "1",
         "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--hostname", f"p-{cola}@%h"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    _usar_broker(settings, BROKER, cola)
    try:
        yield proceso
    finally:
        _usar_broker(settings, "", "celery")
        if proceso.poll() is None:
            os.killpg(proceso.pid, signal.SIGTERM)
            try:
                proceso.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proceso.pid, signal.SIGKILL)
        log.close()
        if proceso.returncode not in (0, -signal.SIGTERM, None):
            print((tmp_path / "worker.log").read_text()[-3000:])


def _esperar(condicion, segundos=60):
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        if condicion():
            return True
        time.sleep(0.3)
    return False


def test_el_trabajador_reembolsa_una_venta_pagada_cancelada_reintentando_sin_cobrar_dos_veces(stripe_api, worker):
    cliente = UsuarioFactory()
    empleado = UsuarioFactory(rol=Usuario.Rol.EMPLOYEE)
    venta = crear_venta(usuario=cliente, lineas=[(ProductoFactory(stock=5), 1)])
    pago, _ = services.iniciar_pago(usuario=cliente, venta_id=venta.pk, proveedor="stripe")
    services.aplicar_notificacion(
        proveedor="stripe",
        notificacion=Notificacion(
            evento_id="evt_worker", tipo="payment_intent.succeeded", accion=EXITO,
            referencia=pago.referencia, monto=pago.monto, moneda="EUR",
        ),
    )  # fmt: skip
    assert Venta.objects.get(pk=venta.pk).estado == Venta.Estado.PAGADA
    stripe_api.fallos_pendientes = [500] * 3  # the first attempt fails, library retries included

    services.cancelar_venta(venta_id=venta.pk, usuario=empleado)

    assert _esperar(lambda: Pago.objects.get(pk=pago.pk).estado == Pago.Estado.REEMBOLSADO), "never refunded"
    # A redelivered task finds the refund done and calls Stripe no more.
    tasks.reembolsar_pago.delay(pago.pk)
    time.sleep(3)
    llamadas = stripe_api.llamadas("POST", "/v1/refunds")
    assert len(llamadas) == 4
    assert {p.clave for p in llamadas} == {f"reembolso-{pago.clave}"}
    assert len([k for k in stripe_api.respuestas_idempotentes if k[1] == "/v1/refunds"]) == 1
