"""Sales work for the background worker."""

from celery import shared_task

from ventas import services


@shared_task(name="ventas.compactar_resumenes", acks_late=True)
def compactar_resumenes() -> int:
    """Periodic: fold the past days' summary fragments into one row a day (reports read fewer rows)."""
    return services.compactar_resumenes()
