"""Queue background work after commit, with or without a broker, and the project-wide periodic tasks."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def encolar(tarea, *args, **kwargs) -> None:
    """Queue `tarea` once the current transaction commits (at once outside one).

    With CELERY_BROKER_URL set the task goes to the broker; if the broker is unreachable the
    error is logged and the request goes on (outbox rows are re-queued by a periodic job).
    Without a broker the task runs in this process right after commit.
    """

    def _enviar():
        if not settings.CELERY_BROKER_URL:
            try:
                # A direct call: one attempt, no retry loop blocking the request.
                tarea(*args, **kwargs)
            except Exception:  # a background task never fails the request that queued it
                logger.exception("Background task %s failed in-process", tarea.name)
            return
        try:
            tarea.apply_async(args=args, kwargs=kwargs, retry=False)
        except Exception:
            logger.warning("Broker unreachable: %s not queued (the periodic re-queue will pick it up)", tarea.name)

    transaction.on_commit(_enviar, robust=True)


def encolar_por_nombre(nombre: str, *args, **kwargs) -> None:
    """Queue the task registered as `nombre` after commit, as `encolar` does.

    For an app that must start work owned by an app above it without importing it (ventas asks
    pagos to refund a cancelled sale). If no task has that name, it logs and does nothing.
    """
    from backend.celery import app

    tarea = app.tasks.get(nombre)
    if tarea is None:
        # A web process has not imported every app's tasks.py yet: let Celery discover them.
        app.loader.import_default_modules()
        tarea = app.tasks.get(nombre)
    if tarea is None:
        logger.warning("Task %s is not registered: not queued", nombre)
        return
    encolar(tarea, *args, **kwargs)


@shared_task(name="backend.purgar_idempotencia", acks_late=True)
def purgar_idempotencia() -> int:
    """Periodic: delete the Idempotency-Key records older than IDEMPOTENCY_KEY_TTL_HOURS."""
    from backend.idempotencia import purgar_claves_caducadas

    return purgar_claves_caducadas()
