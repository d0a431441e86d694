from django.conf import settings
from django.db import models

from productos.models import Producto


class Inventario(models.Model):
    producto = models.OneToOneField(Producto, on_delete=models.CASCADE, related_name="inventario")
    cantidad = models.PositiveIntegerField("cantidad", default=0)
    stock_minimo = models.PositiveIntegerField("stock mínimo", default=5)
    ultima_actualizacion = models.DateTimeField("última actualización", auto_now=True)

    class Meta:
        verbose_name = "inventario"
        verbose_name_plural = "inventarios"
        ordering = ["producto_id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(cantidad__gte=0), name="inventario_cantidad_no_negativa"),
        ]

    def __str__(self):
        return f"{self.producto}: {self.cantidad}"


class MovimientoInventario(models.Model):
    class Motivo(models.TextChoices):
        INICIAL = "INICIAL", "Stock inicial"
        AJUSTE = "AJUSTE", "Ajuste manual"
        VENTA = "VENTA", "Venta"
        CANCELACION = "CANCELACION", "Cancelación de venta"

    producto = models.ForeignKey(Producto, on_delete=models.CASCADE, related_name="movimientos")
    delta = models.IntegerField("variación")
    cantidad_resultante = models.PositiveIntegerField("cantidad resultante")
    motivo = models.CharField("motivo", max_length=12, choices=Motivo.choices)
    nota = models.CharField("nota", max_length=255, blank=True, default="")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    venta = models.ForeignKey(
        "ventas.Venta", on_delete=models.PROTECT, null=True, blank=True, related_name="movimientos"
    )
    fecha = models.DateTimeField("fecha", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "movimiento de inventario"
        verbose_name_plural = "movimientos de inventario"
        ordering = ["-fecha", "-id"]
        indexes = [models.Index(fields=["producto", "-fecha"], name="movimiento_producto_fecha_idx")]

    def __str__(self):
        return f"{self.producto_id} {self.delta:+d} ({self.get_motivo_display()})"
