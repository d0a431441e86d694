import uuid

from django.db import models

from backend.dinero import campo_dinero
from ventas.models import HistorialEstadoVenta, Venta


class Pago(models.Model):
    """One attempt to pay a sale through one provider."""

    class Estado(models.TextChoices):
        PENDIENTE = "PENDIENTE", "Pendiente"
        EXITOSO = "EXITOSO", "Exitoso"
        FALLIDO = "FALLIDO", "Fallido"
        REEMBOLSADO = "REEMBOLSADO", "Reembolsado"
        REVISION = "REVISION", "En revisión"

    class Proveedor(models.TextChoices):
        STRIPE = "stripe", "Tarjeta (Stripe)"
        PAYPAL = "paypal", "PayPal"
        SIMULADO = "simulado", "Pago simulado"

    venta = models.ForeignKey(Venta, on_delete=models.PROTECT, related_name="pagos")
    # Sent to the provider as the idempotency key: unique across databases, never reused.
    clave = models.UUIDField("clave", default=uuid.uuid4, unique=True, editable=False)
    proveedor = models.CharField("proveedor", max_length=10, choices=Proveedor.choices)
    estado = models.CharField("estado", max_length=12, choices=Estado.choices, default=Estado.PENDIENTE)
    monto = campo_dinero("monto")
    moneda = models.CharField("moneda", max_length=3)
    # The provider's id: a PaymentIntent (pi_...), a PayPal order, a simulated reference.
    referencia = models.CharField("referencia", max_length=255, blank=True, default="")
    # What the browser needs to finish the payment (never logged).
    client_secret = models.CharField("client secret", max_length=255, blank=True, default="")
    url_aprobacion = models.URLField("URL de aprobación", max_length=500, blank=True, default="")
    # PayPal's capture id, needed to refund it.
    referencia_captura = models.CharField("referencia de la captura", max_length=255, blank=True, default="")
    reembolso_solicitado = models.DateTimeField("reembolso solicitado", null=True, blank=True)
    referencia_reembolso = models.CharField("referencia del reembolso", max_length=255, blank=True, default="")
    creado = models.DateTimeField("creado", auto_now_add=True)
    actualizado = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "pago"
        verbose_name_plural = "pagos"
        ordering = ["-creado", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proveedor", "referencia"],
                condition=~models.Q(referencia=""),
                name="pago_referencia_unica",
            ),
            # While a payment with a provider is pending, a new attempt reuses it.
            models.UniqueConstraint(
                fields=["venta", "proveedor"],
                condition=models.Q(estado="PENDIENTE"),
                name="pago_un_pendiente_por_proveedor",
            ),
            models.CheckConstraint(condition=models.Q(monto__gt=0), name="pago_monto_positivo"),
        ]

    def __str__(self):
        return f"Pago #{self.pk} ({self.proveedor}, {self.estado})"


class EventoPago(models.Model):
    """A provider notification, stored by its id so that it is applied at most once."""

    class Resultado(models.TextChoices):
        APLICADO = "APLICADO", "Aplicado"
        IGNORADO = "IGNORADO", "Ignorado"
        REVISION = "REVISION", "En revisión"

    proveedor = models.CharField("proveedor", max_length=10, choices=Pago.Proveedor.choices)
    evento_id = models.CharField("id del evento", max_length=255)
    tipo = models.CharField("tipo", max_length=100)
    pago = models.ForeignKey(Pago, on_delete=models.PROTECT, null=True, blank=True, related_name="eventos")
    resultado = models.CharField("resultado", max_length=10, choices=Resultado.choices)
    recibido = models.DateTimeField("recibido", auto_now_add=True)

    class Meta:
        verbose_name = "evento de pago"
        verbose_name_plural = "eventos de pago"
        ordering = ["-recibido", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["proveedor", "evento_id"], name="evento_pago_unico"),
        ]

    def __str__(self):
        return f"{self.proveedor}:{self.evento_id}"


class CambioEstadoPago(models.Model):
    """Every state change of a payment; names the sale's history row it caused, if any."""

    pago = models.ForeignKey(Pago, on_delete=models.PROTECT, related_name="historial")
    desde = models.CharField("desde", max_length=12, choices=Pago.Estado.choices)
    hasta = models.CharField("hasta", max_length=12, choices=Pago.Estado.choices)
    evento = models.ForeignKey(EventoPago, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    historial_venta = models.OneToOneField(
        HistorialEstadoVenta, on_delete=models.PROTECT, null=True, blank=True, related_name="pago_causante"
    )
    fecha = models.DateTimeField("fecha", auto_now_add=True)

    class Meta:
        verbose_name = "cambio de estado de pago"
        verbose_name_plural = "historial de pagos"
        ordering = ["fecha", "id"]

    def __str__(self):
        return f"{self.desde} -> {self.hasta}"
