"""Payment work for the background worker: refunds (retried, never twice) and unpaid-sale expiry."""

from celery import shared_task
from django.conf import settings

from pagos import services
from pagos.exceptions import ErrorProveedor


@shared_task(
    name="pagos.reembolsar_pago",
    bind=True,
    acks_late=True,
    max_retries=8,
)
def reembolsar_pago(self, pago_id: int) -> None:
    """Refund one payment; transient provider errors are retried with exponential backoff."""
    try:
        services.reembolsar_pago(pago_id=pago_id)
    except ErrorProveedor as exc:
        if not exc.transitorio:
            raise
        espera = min(2**self.request.retries * settings.PAGOS_REINTENTO_SEGUNDOS, 3600)
        raise self.retry(exc=exc, countdown=espera) from exc


@shared_task(name="pagos.reembolsar_venta", acks_late=True)
def reembolsar_venta(venta_id: int) -> int:
    """Refund what was paid for a cancelled sale (queued by ventas when it cancels a paid sale)."""
    return services.reembolsar_venta_cancelada(venta_id=venta_id)


@shared_task(name="pagos.expirar_ventas_impagadas", acks_late=True)
def expirar_ventas_impagadas() -> int:
    """Cancel the sales left unpaid past PAGO_PLAZO_MINUTOS."""
    return len(services.expirar_ventas_impagadas())


@shared_task(name="pagos.reembolsar_ventas_canceladas", acks_late=True)
def reembolsar_ventas_canceladas() -> int:
    """Refund the payments of cancelled sales, and re-queue refunds that got no answer."""
    return services.reembolsar_ventas_canceladas() + services.reintentar_reembolsos()
