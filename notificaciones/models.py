from django.conf import settings
from django.db import models


class Notificacion(models.Model):
    """One in-app notification of one user; its email delivery state makes it an outbox row."""

    class Tipo(models.TextChoices):
        BIENVENIDA = "bienvenida", "Bienvenida"
        VENTA_CONFIRMADA = "venta_confirmada", "Venta confirmada"
        PAGO_RECIBIDO = "pago_recibido", "Pago recibido"
        PAGO_FALLIDO = "pago_fallido", "Pago fallido"
        PAGO_REEMBOLSADO = "pago_reembolsado", "Pago reembolsado"
        ESTADO_VENTA = "estado_venta", "Estado de la venta"
        VENTA_CANCELADA = "venta_cancelada", "Venta cancelada"
        STOCK_BAJO = "stock_bajo", "Stock bajo"

    class EstadoEmail(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        ENVIADO = "enviado", "Enviado"
        OMITIDO = "omitido", "Omitido"
        FALLIDO = "fallido", "Fallido"

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notificaciones")
    tipo = models.CharField("tipo", max_length=20, choices=Tipo.choices)
    titulo = models.CharField("título", max_length=200)
    mensaje = models.TextField("mensaje")
    datos = models.JSONField("datos", default=dict, blank=True)
    leida = models.BooleanField("leída", default=False)
    fecha = models.DateTimeField("fecha", auto_now_add=True)
    email_estado = models.CharField(
        "estado del email", max_length=10, choices=EstadoEmail.choices, default=EstadoEmail.OMITIDO
    )
    email_intentos = models.PositiveSmallIntegerField("intentos de envío", default=0)
    # A sender claims the row by setting this (conditional UPDATE); a claim older than
    # NOTIFICACIONES_RECLAMO_SEGUNDOS belongs to a dead sender and may be taken again.
    email_reclamado_en = models.DateTimeField("reclamado en", null=True, blank=True)
    email_enviado_en = models.DateTimeField("enviado en", null=True, blank=True)
    email_error = models.CharField("último error", max_length=300, blank=True, default="")

    class Meta:
        ordering = ["-fecha", "-id"]
        verbose_name = "notificación"
        verbose_name_plural = "notificaciones"
        indexes = [
            models.Index(fields=["usuario", "-fecha", "-id"], name="notif_usuario_fecha"),
            models.Index(fields=["usuario"], condition=models.Q(leida=False), name="notif_no_leidas"),
            models.Index(fields=["fecha"], condition=models.Q(email_estado="pendiente"), name="notif_email_pendiente"),
        ]

    def __str__(self):
        return f"{self.tipo} → {self.usuario_id}"


class PreferenciasNotificacion(models.Model):
    """A user's notification choices; no row means the defaults (emails on)."""

    usuario = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="preferencias_notificacion"
    )
    email = models.BooleanField("recibir emails", default=True)

    class Meta:
        verbose_name = "preferencias de notificación"
        verbose_name_plural = "preferencias de notificación"

    def __str__(self):
        return f"{self.usuario_id}: email={'sí' if self.email else 'no'}"
