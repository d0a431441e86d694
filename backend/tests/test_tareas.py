"""backend.tareas: work queued after commit (in-process without a broker), periodic jobs registered."""

import socket
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from backend.celery import app as celery_app
from backend.tareas import encolar, purgar_idempotencia
from notificaciones.services import notificar, solicitar_reset_password
from ventas.models import ClaveIdempotencia

pytestmark = pytest.mark.django_db


def test_every_periodic_job_names_a_registered_task(settings):
    celery_app.loader.import_default_modules()
    nombres = {entrada["task"] for entrada in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"backend.purgar_idempotencia", "notificaciones.reencolar_pendientes"} <= nombres
    assert nombres <= set(celery_app.tasks), nombres - set(celery_app.tasks)


def test_tasks_acknowledge_late_and_requeue_when_their_worker_dies(settings):
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert celery_app.conf.task_acks_late is True


def test_without_broker_the_task_runs_after_commit_and_never_on_rollback(
    cliente, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = ""
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        solicitar_reset_password(email=cliente.email)
        raise RuntimeError("rollback")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        solicitar_reset_password(email=cliente.email)
        assert mailoutbox == []  # not before commit
    assert len(callbacks) == 1
    assert [m.to for m in mailoutbox] == [[cliente.email]]


def test_without_broker_a_failing_task_does_not_fail_the_caller(
    cliente, settings, django_capture_on_commit_callbacks, caplog
):
    settings.CELERY_BROKER_URL = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with django_capture_on_commit_callbacks(execute=True):
        n = notificar(usuario_id=cliente.pk, tipo="estado_venta", titulo="t", mensaje="m", datos={"venta": 1})
    n.refresh_from_db()
    assert n.email_estado == "pendiente" and n.email_intentos == 1
    assert "failed in-process" in caplog.text


def test_unreachable_broker_is_logged_and_the_caller_goes_on_quickly(
    settings, django_capture_on_commit_callbacks, caplog
):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        puerto = s.getsockname()[1]
    url = f"redis://127.0.0.1:{puerto}/0"
    anterior = celery_app.conf.broker_url
    settings.CELERY_BROKER_URL = url
    celery_app.conf.broker_url = url
    celery_app.pool.force_close_all()
    celery_app._pool = None
    try:
        inicio = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            encolar(purgar_idempotencia)
        duracion = time.monotonic() - inicio
    finally:
        celery_app.conf.broker_url = anterior
        celery_app.pool.force_close_all()
        celery_app._pool = None
    assert "Broker unreachable" in caplog.text
    assert duracion < 5, duracion


def test_purge_deletes_only_expired_idempotency_keys(cliente, settings):
    settings.IDEMPOTENCY_KEY_TTL_HOURS = 24
    vieja = ClaveIdempotencia.objects.create(usuario=cliente, clave="vieja", huella="x")
    nueva = ClaveIdempotencia.objects.create(usuario=cliente, clave="nueva", huella="x")
    ClaveIdempotencia.objects.filter(pk=vieja.pk).update(fecha=timezone.now() - timedelta(hours=25))
    assert purgar_idempotencia.apply().get() == 1
    assert list(ClaveIdempotencia.objects.values_list("pk", flat=True)) == [nueva.pk]


def test_queueing_by_an_unknown_name_logs_and_does_nothing(caplog, django_capture_on_commit_callbacks):
    from backend.tareas import encolar_por_nombre

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        encolar_por_nombre("pagos.no_existe", 1)
    assert callbacks == []
    assert "pagos.no_existe is not registered" in caplog.text
