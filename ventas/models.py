from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from backend.dinero import DINERO, campo_dinero  # noqa: F401 (DINERO: still imported from here by pagos)
from productos.models import Producto


class Carrito(models.Model):
    usuario = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="carrito")
    fecha_creacion = models.DateTimeField("creado", auto_now_add=True)

    class Meta:
        verbose_name = "carrito"
        verbose_name_plural = "carritos"

    def __str__(self):
        return f"Carrito de {self.usuario}"


class CarritoItem(models.Model):
    carrito = models.ForeignKey(Carrito, on_delete=models.CASCADE, related_name="items")
    producto = models.ForeignKey(Producto, on_delete=models.CASCADE, related_name="+")
    cantidad = models.PositiveIntegerField("cantidad")

    class Meta:
        verbose_name = "línea de carrito"
        verbose_name_plural = "líneas de carrito"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["carrito", "producto"], name="carrito_item_producto_unico"),
            models.CheckConstraint(condition=models.Q(cantidad__gte=1), name="carrito_item_cantidad_positiva"),
        ]

    def __str__(self):
        return f"{self.cantidad} x {self.producto_id}"


class Cupon(models.Model):
    class Tipo(models.TextChoices):
        PORCENTAJE = "PORCENTAJE", "Porcentaje"
        MONTO = "MONTO", "Monto fijo"

    codigo = models.CharField("código", max_length=40)
    tipo = models.CharField("tipo", max_length=10, choices=Tipo.choices)
    valor = campo_dinero("valor")
    valido_desde = models.DateTimeField("válido desde")
    valido_hasta = models.DateTimeField("válido hasta")
    activo = models.BooleanField("activo", default=True)
    usos_maximos = models.PositiveIntegerField("usos máximos", null=True, blank=True)
    usos = models.PositiveIntegerField("usos", default=0)

    class Meta:
        verbose_name = "cupón"
        verbose_name_plural = "cupones"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(Lower("codigo"), name="cupon_codigo_unico_ci"),
            models.CheckConstraint(condition=models.Q(valor__gt=0), name="cupon_valor_positivo"),
            models.CheckConstraint(
                condition=~models.Q(tipo="PORCENTAJE") | models.Q(valor__lte=100), name="cupon_porcentaje_max_100"
            ),
            models.CheckConstraint(
                condition=models.Q(usos_maximos__isnull=True) | models.Q(usos__lte=models.F("usos_maximos")),
                name="cupon_usos_dentro_del_maximo",
            ),
            models.CheckConstraint(
                condition=models.Q(valido_hasta__gt=models.F("valido_desde")), name="cupon_fechas_validas"
            ),
        ]

    def __str__(self):
        return self.codigo


class Venta(models.Model):
    class Estado(models.TextChoices):
        PENDIENTE = "PENDIENTE", "Pendiente"
        PAGADA = "PAGADA", "Pagada"
        ENVIADA = "ENVIADA", "Enviada"
        ENTREGADA = "ENTREGADA", "Entregada"
        CANCELADA = "CANCELADA", "Cancelada"

    # Allowed moves of the order's state machine.
    TRANSICIONES = {
        Estado.PENDIENTE: {Estado.PAGADA, Estado.CANCELADA},
        Estado.PAGADA: {Estado.ENVIADA, Estado.CANCELADA},
        Estado.ENVIADA: {Estado.ENTREGADA},
        Estado.ENTREGADA: set(),
        Estado.CANCELADA: set(),
    }

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ventas")
    fecha = models.DateTimeField("fecha", auto_now_add=True)
    estado = models.CharField("estado", max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    cupon = models.ForeignKey(Cupon, on_delete=models.PROTECT, null=True, blank=True, related_name="ventas")
    subtotal = campo_dinero("subtotal")
    descuento = campo_dinero("descuento", default=Decimal("0"))
    impuesto = campo_dinero("impuesto", default=Decimal("0"))
    envio = campo_dinero("envío", default=Decimal("0"))
    total = campo_dinero("total")

    class Meta:
        verbose_name = "venta"
        verbose_name_plural = "ventas"
        ordering = ["-fecha", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gte=0), name="venta_total_no_negativo"),
            models.CheckConstraint(condition=models.Q(descuento__gte=0), name="venta_descuento_no_negativo"),
            # One use of a coupon per user (a cancelled sale frees it).
            models.UniqueConstraint(
                fields=["cupon", "usuario"],
                condition=models.Q(cupon__isnull=False) & ~models.Q(estado="CANCELADA"),
                name="venta_cupon_una_vez_por_usuario",
            ),
        ]
        indexes = [
            models.Index(fields=["fecha"], name="venta_fecha_idx"),
            models.Index(fields=["usuario", "-fecha"], name="venta_usuario_fecha_idx"),
            models.Index(fields=["estado", "fecha"], name="venta_estado_fecha_idx"),
            # Reports read non-cancelled sales by date: index-only scans on PostgreSQL.
            models.Index(
                fields=["fecha"],
                include=["usuario", "total", "id"],
                condition=~models.Q(estado="CANCELADA"),
                name="venta_valida_fecha_idx",
            ),
        ]

    def __str__(self):
        return f"Venta #{self.pk}"


class DetalleVenta(models.Model):
    venta = models.ForeignKey(Venta, on_delete=models.PROTECT, related_name="detalles")
    producto = models.ForeignKey(Producto, on_delete=models.PROTECT, related_name="detalles_venta")
    # Copied at the moment of sale: later price or name changes never rewrite history.
    producto_nombre = models.CharField("producto", max_length=200)
    cantidad = models.PositiveIntegerField("cantidad")
    precio_unitario = campo_dinero("precio unitario")

    class Meta:
        verbose_name = "detalle de venta"
        verbose_name_plural = "detalles de venta"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(cantidad__gte=1), name="detalle_cantidad_positiva"),
            models.CheckConstraint(condition=models.Q(precio_unitario__gte=0), name="detalle_precio_no_negativo"),
        ]

    def __str__(self):
        return f"{self.cantidad} x {self.producto_nombre}"

    @property
    def subtotal(self):
        return self.cantidad * self.precio_unitario


class HistorialEstadoVenta(models.Model):
    venta = models.ForeignKey(Venta, on_delete=models.PROTECT, related_name="historial")
    desde = models.CharField("desde", max_length=10, choices=Venta.Estado.choices, null=True, blank=True)  # noqa: DJ001 (no state before creation)
    hasta = models.CharField("hasta", max_length=10, choices=Venta.Estado.choices)
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    fecha = models.DateTimeField("fecha", auto_now_add=True)

    class Meta:
        verbose_name = "cambio de estado"
        verbose_name_plural = "historial de estados"
        ordering = ["fecha", "id"]

    def __str__(self):
        return f"{self.desde} -> {self.hasta}"


class Calificacion(models.Model):
    venta = models.OneToOneField(Venta, on_delete=models.PROTECT, related_name="calificacion")
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="calificaciones")
    calificacion = models.PositiveSmallIntegerField(
        "calificación", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comentario = models.TextField("comentario", blank=True, default="", max_length=2000)
    fecha = models.DateTimeField("fecha", auto_now_add=True)

    class Meta:
        verbose_name = "calificación"
        verbose_name_plural = "calificaciones"
        ordering = ["-fecha", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(calificacion__gte=1, calificacion__lte=5), name="calificacion_1_a_5"
            ),
        ]

    def __str__(self):
        return f"{self.venta_id}: {self.calificacion}"


class ClaveIdempotencia(models.Model):
    """A checkout's Idempotency-Key, per user, with the answer that was given to it."""

    class Estado(models.TextChoices):
        EN_CURSO = "EN_CURSO", "En curso"
        COMPLETADA = "COMPLETADA", "Completada"

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    clave = models.CharField("clave", max_length=255)
    huella = models.CharField("huella del cuerpo", max_length=64)
    estado = models.CharField("estado", max_length=10, choices=Estado.choices, default=Estado.EN_CURSO)
    codigo_http = models.PositiveSmallIntegerField("código HTTP", null=True)
    respuesta = models.JSONField("respuesta", null=True)
    fecha = models.DateTimeField("fecha", auto_now_add=True)

    class Meta:
        verbose_name = "clave de idempotencia"
        verbose_name_plural = "claves de idempotencia"
        constraints = [models.UniqueConstraint(fields=["usuario", "clave"], name="idempotencia_clave_unica")]

    def __str__(self):
        return self.clave


# --- Daily summaries (issue 14.4): reports read days, not sale lines --------------------------
# Kept in step with every checkout and cancellation in the same transaction (ventas.services);
# `dia` is the sale's local date in settings.TIME_ZONE. A day whose every sale was cancelled keeps
# its row with zeros: reports skip it. `reconstruir_resumenes` rebuilds them from the sales.


# Every checkout of a day adds to that day's row, and holds its lock until it commits: one row a
# day made the checkouts of a busy day wait for each other (issue 14, measured with PostgreSQL's
# log_lock_waits). A sale adds to one of FRAGMENTOS_DIA rows of its day instead (its id modulo
# FRAGMENTOS_DIA, so its cancellation takes it from the same row); reports sum a day's rows, and
# `compactar_resumenes` folds past days back into fragment 0.
FRAGMENTOS_DIA = 16


class ResumenDiario(models.Model):
    dia = models.DateField("día")
    fragmento = models.PositiveSmallIntegerField("fragmento", default=0, db_default=0)
    numero_ventas = models.IntegerField("número de ventas", default=0)
    total = models.DecimalField("total", max_digits=30, decimal_places=2, default=Decimal("0"))

    class Meta:
        verbose_name = "resumen diario"
        verbose_name_plural = "resúmenes diarios"
        ordering = ["dia", "fragmento"]
        constraints = [models.UniqueConstraint(fields=["dia", "fragmento"], name="resumen_dia_fragmento_unico")]

    def __str__(self):
        return f"{self.dia} #{self.fragmento}: {self.numero_ventas}"


class ResumenDiarioUsuario(models.Model):
    dia = models.DateField("día")
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    numero_ventas = models.IntegerField("número de ventas", default=0)
    total = models.DecimalField("total", max_digits=30, decimal_places=2, default=Decimal("0"))

    class Meta:
        verbose_name = "resumen diario por usuario"
        verbose_name_plural = "resúmenes diarios por usuario"
        ordering = ["dia", "usuario"]
        constraints = [models.UniqueConstraint(fields=["dia", "usuario"], name="resumen_usuario_dia_unico")]

    def __str__(self):
        return f"{self.dia} {self.usuario_id}: {self.numero_ventas}"


class ResumenDiarioProducto(models.Model):
    dia = models.DateField("día")
    producto = models.ForeignKey(Producto, on_delete=models.CASCADE, related_name="+")
    cantidad = models.BigIntegerField("unidades", default=0)
    ingresos = models.DecimalField("ingresos", max_digits=30, decimal_places=2, default=Decimal("0"))

    class Meta:
        verbose_name = "resumen diario por producto"
        verbose_name_plural = "resúmenes diarios por producto"
        ordering = ["dia", "producto"]
        constraints = [models.UniqueConstraint(fields=["dia", "producto"], name="resumen_producto_dia_unico")]

    def __str__(self):
        return f"{self.dia} {self.producto_id}: {self.cantidad}"


# --- All-time totals: the whole-history reports read one row per buyer / product ----------------
# Kept in the same statement as the daily summaries (ventas.services._sumar_a_resumenes), rebuilt
# with them. A buyer or product whose every sale was cancelled keeps its row with zeros: reports
# skip it, and the partial indexes leave it out, so "highest first, LIMIT n" is an index scan.


class ResumenTotalUsuario(models.Model):
    usuario = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    numero_ventas = models.IntegerField("número de ventas", default=0)
    total = models.DecimalField("total", max_digits=30, decimal_places=2, default=Decimal("0"))

    class Meta:
        verbose_name = "resumen total por usuario"
        verbose_name_plural = "resúmenes totales por usuario"
        ordering = ["usuario"]
        indexes = [
            models.Index(
                fields=["-total", "usuario"],
                name="resumen_total_usuario_rank",
                condition=models.Q(numero_ventas__gt=0),
            )
        ]

    def __str__(self):
        return f"{self.usuario_id}: {self.numero_ventas}"


class ResumenTotalProducto(models.Model):
    producto = models.OneToOneField(Producto, on_delete=models.CASCADE, related_name="+")
    cantidad = models.BigIntegerField("unidades", default=0)
    ingresos = models.DecimalField("ingresos", max_digits=30, decimal_places=2, default=Decimal("0"))

    class Meta:
        verbose_name = "resumen total por producto"
        verbose_name_plural = "resúmenes totales por producto"
        ordering = ["producto"]
        indexes = [
            models.Index(
                fields=["-cantidad", "producto"],
                name="resumen_total_producto_rank",
                condition=models.Q(cantidad__gt=0),
            )
        ]

    def __str__(self):
        return f"{self.producto_id}: {self.cantidad}"
