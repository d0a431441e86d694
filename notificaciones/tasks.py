"""Celery tasks of notifications: thin, idempotent wrappers over services."""

from celery import shared_task

from notificaciones import services
from notificaciones.correo import EnvioFallido

# Transient failures retry with exponential backoff (2 s, 4 s, 8 s ... up to 10 min, with jitter);
# after that the periodic re-queue tries again until NOTIFICACIONES_MAX_INTENTOS.
REINTENTOS = {
    "autoretry_for": (EnvioFallido,),
    "retry_backoff": 2,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
    "acks_late": True,
}


@shared_task(name="notificaciones.enviar_email", **REINTENTOS)
def enviar_email_notificacion(notificacion_id: int) -> str:
    """Email one notification unless it was already sent (safe to run twice)."""
    return services.entregar_email(notificacion_id=notificacion_id)


@shared_task(name="notificaciones.reencolar_pendientes", acks_late=True)
def reencolar_pendientes() -> int:
    """Periodic: queue again every email never sent."""
    return services.reencolar_pendientes()


@shared_task(name="notificaciones.enviar_reset_password", **REINTENTOS)
def enviar_reset_password(email: str) -> int:
    """Email a password-reset link to the accounts with this address (none: nothing)."""
    return services.enviar_reset_password(email=email)
