"""A REAL Celery worker process on a real broker (Redis), a real SMTP server and PostgreSQL.

Runs when the database is PostgreSQL and a broker is given by CELERY_TEST_BROKER_URL or
REDIS_URL (CI's PostgreSQL job); each test uses its own queue name so runs don't collide.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest
import requests
from django.db import connection, transaction
from rest_framework_simplejwt.tokens import RefreshToken

from backend.celery import app as celery_app
from notificaciones import services
from notificaciones.models import Notificacion
from notificaciones.tests.smtp import ServidorSMTP, puerto_libre, texto
from productos.tests.factories import ProductoFactory
from usuarios.tests.factories import UsuarioFactory
from ventas.services import agregar_al_carrito

BROKER = os.environ.get("CELERY_TEST_BROKER_URL") or os.environ.get("REDIS_URL", "")
# RabbitMQ works too: proven when one answers here (CELERY_TEST_AMQP_URL, default the local guest account).
AMQP = os.environ.get("CELERY_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")


def _amqp_disponible():
    from kombu import Connection

    try:
        with Connection(AMQP, connect_timeout=1) as conexion:
            conexion.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not BROKER, reason="Needs a broker: CELERY_TEST_BROKER_URL or REDIS_URL."),
]


@pytest.fixture(autouse=True)
def _solo_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("The worker process shares the test database: needs PostgreSQL.")


def _url_bd():
    d = connection.settings_dict
    clave = f":{d['PASSWORD']}" if d.get("PASSWORD") else ""
    return f"postgres://{d['USER']}{clave}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


def _usar_broker(settings, url, cola):
    """Point this (web) process's task publishing at `url` and `cola`."""
    settings.CELERY_BROKER_URL = url
    celery_app.conf.broker_url = url
    celery_app.conf.task_default_queue = cola
    celery_app.pool.force_close_all()
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)


class Worker:
    def __init__(self, tmp_path, smtp_puerto, cola, broker=BROKER):
        self.tmp_path, self.smtp_puerto, self.cola, self.broker = tmp_path, smtp_puerto, cola, broker
        self.proceso = None
        self.n = 0

    def arrancar(self):
        self.n += 1
        env = {
            **os.environ,
            "DATABASE_URL": _url_bd(),
            "CELERY_BROKER_URL": self.broker,
            "CELERY_TASK_DEFAULT_QUEUE": self.cola,
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_puerto}",
            "DJANGO_DEBUG": "0",
            "CELERY_VISIBILITY_TIMEOUT": "4",
            "NOTIFICACIONES_RECLAMO_SEGUNDOS": "4",  # raised to 2 * EMAIL_TIMEOUT + 5 = 9 s by the service
            "EMAIL_TIMEOUT": "2",
            "NOTIFICACIONES_REENCOLAR_SEGUNDOS": "1",
            "NOTIFICACIONES_REENCOLAR_ANTIGUEDAD": "0",
        }
        self.log = open(self.tmp_path / f"worker{self.n}.log", "w")  # noqa: SIM115 (closed with the process)
        self.proceso = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "backend", "worker", "-B", "-Q", self.cola,
             "--schedule", str(self.tmp_path / f"beat{self.n}"), "--concurrency", "2", "--loglevel", "INFO",
             "--without-gossip", "--without-mingle", "--hostname", f"d-{self.cola}-{self.n}@%h"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def matar(self):
        """SIGKILL the worker, its pool children and beat: a crash, no graceful shutdown."""
        if self.proceso and self.proceso.poll() is None:
            os.killpg(self.proceso.pid, signal.SIGKILL)
            self.proceso.wait(10)

    def parar(self):
        if self.proceso and self.proceso.poll() is None:
            os.killpg(self.proceso.pid, signal.SIGTERM)
            try:
                self.proceso.wait(15)
            except subprocess.TimeoutExpired:
                self.matar()


@pytest.fixture
def entorno(settings, tmp_path):
    cola = f"test-d-{uuid.uuid4().hex[:8]}"
    with ServidorSMTP() as smtp:
        worker = Worker(tmp_path, smtp.puerto, cola)
        _usar_broker(settings, BROKER, cola)
        try:
            yield smtp.buzon, worker
        finally:
            worker.parar()
            _usar_broker(settings, "", "celery")
            if worker.broker.startswith("amqp"):
                _borrar_cola_amqp(cola)


def _borrar_cola_amqp(cola):
    """RabbitMQ keeps durable queues: drop this test's one."""
    from kombu import Connection

    with Connection(AMQP, connect_timeout=2) as conexion:
        conexion.default_channel.queue_delete(cola)


def _esperar(condicion, timeout=60.0):
    limite = time.monotonic() + timeout
    while time.monotonic() < limite:
        if condicion():
            return
        time.sleep(0.2)
    raise AssertionError("timeout")


def _checkout_http(live_server, usuario, producto):
    agregar_al_carrito(usuario=usuario, producto=producto, cantidad=2)
    token = RefreshToken.for_user(usuario).access_token
    return requests.post(
        f"{live_server.url}/api/venta/", json={}, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )


@pytest.mark.parametrize("transporte", ["redis", "rabbitmq"])
def test_checkout_over_http_is_emailed_by_a_real_worker(live_server, entorno, settings, transporte):
    buzon, worker = entorno
    if transporte == "rabbitmq":
        if not _amqp_disponible():
            pytest.skip(f"No RabbitMQ at {AMQP}")
        worker.broker = AMQP
        _usar_broker(settings, AMQP, worker.cola)
    worker.arrancar()
    cliente = UsuarioFactory(email="compradora@example.com")
    r = _checkout_http(live_server, cliente, ProductoFactory(nombre="Café 1kg", stock=10))
    assert r.status_code == 201, r.text
    (recibido,) = buzon.esperar(1, timeout=60)
    assert recibido["para"] == ["compradora@example.com"]
    assert f"Pedido #{r.json()['id']} confirmado" in recibido["mensaje"]["Subject"]
    assert "Café 1kg × 2" in texto(recibido["mensaje"])
    _esperar(lambda: Notificacion.objects.get(tipo="venta_confirmada").email_estado == "enviado")


def test_worker_killed_mid_batch_every_email_is_delivered_exactly_once(entorno):
    buzon, worker = entorno
    usuarios = [UsuarioFactory(email=f"lote{i}@example.com") for i in range(12)]
    with transaction.atomic():
        for u in usuarios:
            services.notificar(usuario_id=u.pk, tipo="estado_venta", titulo="Lote", mensaje="m", datos={"venta": 1})

    # The 4th SMTP conversation stops at RCPT until the worker has been killed: mid-batch, mid-send.
    en_vuelo, soltar = threading.Event(), threading.Event()
    vistos = []

    def frenar(direccion):
        vistos.append(direccion)
        if len(vistos) == 4:
            en_vuelo.set()
            soltar.wait(30)

    buzon.antes_de_rcpt = frenar
    worker.arrancar()
    assert en_vuelo.wait(60), "the worker never reached the 4th email"
    worker.matar()
    buzon.antes_de_rcpt = None
    soltar.set()
    entregados_antes = len(buzon.mensajes)
    assert entregados_antes < 12

    worker.arrancar()
    buzon.esperar(12, timeout=90)
    _esperar(lambda: Notificacion.objects.filter(email_estado="enviado").count() == 12)
    time.sleep(10)  # longer than the claim (9 s) and visibility (4 s) timeouts: any duplicate would show now
    destinatarios = sorted(d for m in buzon.mensajes for d in m["para"])
    assert destinatarios == sorted(u.email for u in usuarios)


def test_broker_unreachable_at_commit_checkout_succeeds_and_email_arrives_later(live_server, entorno, settings):
    buzon, worker = entorno
    cola = celery_app.conf.task_default_queue
    _usar_broker(settings, f"redis://127.0.0.1:{puerto_libre()}/0", cola)  # nothing listens there
    cliente = UsuarioFactory(email="sin-broker@example.com")
    inicio = time.monotonic()
    r = _checkout_http(live_server, cliente, ProductoFactory(stock=10))
    assert r.status_code == 201, r.text
    assert time.monotonic() - inicio < 15
    n = Notificacion.objects.get(tipo="venta_confirmada")
    assert n.email_estado == "pendiente" and n.email_intentos == 0

    _usar_broker(settings, BROKER, cola)
    worker.arrancar()  # its beat re-queues what was never sent
    buzon.esperar(1, timeout=60)
    _esperar(lambda: Notificacion.objects.get(pk=n.pk).email_estado == "enviado")
    time.sleep(3)
    assert [m["para"] for m in buzon.mensajes] == [["sin-broker@example.com"]]
