"""Reads of sales: purchase history and reports computed by the database."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Prefetch, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from ventas.models import DetalleVenta, HistorialEstadoVenta, Venta

CERO = Decimal("0.00")
DINERO = DecimalField(max_digits=14, decimal_places=2)


def ventas_visibles(*, usuario) -> QuerySet[Venta]:
    """Sales the user may see (its own, or all for staff) with lines, history and rating."""
    qs = Venta.objects.select_related("usuario", "cupon", "calificacion").prefetch_related(
        Prefetch("detalles", queryset=DetalleVenta.objects.order_by("id")),
        Prefetch("historial", queryset=HistorialEstadoVenta.objects.select_related("usuario").order_by("fecha", "id")),
    )
    return qs if usuario.es_personal else qs.filter(usuario=usuario)


def _rango(qs: QuerySet, campo: str, desde: date | None, hasta: date | None) -> QuerySet:
    # Whole local days as a half-open datetime range, so the index on `fecha` is used.
    zona = timezone.get_current_timezone()
    if desde:
        qs = qs.filter(**{f"{campo}__gte": datetime.combine(desde, time.min, tzinfo=zona)})
    if hasta:
        qs = qs.filter(**{f"{campo}__lt": datetime.combine(hasta + timedelta(days=1), time.min, tzinfo=zona)})
    return qs


def ventas_validas(*, desde: date | None = None, hasta: date | None = None) -> QuerySet[Venta]:
    """Non-cancelled sales within the date range (inclusive, local days)."""
    return _rango(Venta.objects.exclude(estado=Venta.Estado.CANCELADA), "fecha", desde, hasta)


def ventas_por_dia(*, desde: date | None = None, hasta: date | None = None) -> dict:
    """Number of sales, their total, the average ticket and the same per day."""
    qs = ventas_validas(desde=desde, hasta=hasta)
    resumen = qs.aggregate(numero_ventas=Count("id"), total_ventas=Coalesce(Sum("total"), CERO))
    por_dia = (
        qs.annotate(dia=TruncDate("fecha"))
        .values("dia")
        .annotate(numero_ventas=Count("id"), total=Coalesce(Sum("total"), CERO))
        .order_by("dia")
    )
    numero = resumen["numero_ventas"]
    promedio = (resumen["total_ventas"] / numero).quantize(Decimal("0.01")) if numero else CERO
    return {
        "numero_ventas": numero,
        "total_ventas": resumen["total_ventas"],
        "ticket_promedio": promedio,
        "por_dia": [{"fecha": d["dia"], "numero_ventas": d["numero_ventas"], "total": d["total"]} for d in por_dia],
    }


def ventas_por_usuario(*, desde: date | None = None, hasta: date | None = None) -> list[dict]:
    """Per buyer: number of sales and their total, highest total first."""
    filas = (
        ventas_validas(desde=desde, hasta=hasta)
        .values("usuario", "usuario__username")
        .annotate(numero_ventas=Count("id"), total=Coalesce(Sum("total"), CERO))
        .order_by("-total", "usuario")
    )
    return [
        {
            "usuario": f["usuario"],
            "username": f["usuario__username"],
            "numero_ventas": f["numero_ventas"],
            "total": f["total"],
        }
        for f in filas
    ]


def productos_mas_vendidos(*, desde: date | None = None, hasta: date | None = None, limite: int = 10) -> list[dict]:
    """Products by units sold (and their revenue), most units first."""
    detalles = _rango(DetalleVenta.objects.exclude(venta__estado=Venta.Estado.CANCELADA), "venta__fecha", desde, hasta)
    filas = (
        detalles.values("producto")
        .annotate(
            cantidad_vendida=Sum("cantidad"),
            ingresos=Coalesce(Sum(ExpressionWrapper(F("cantidad") * F("precio_unitario"), output_field=DINERO)), CERO),
            nombre=F("producto__nombre"),
        )
        .order_by("-cantidad_vendida", "producto")[:limite]
    )
    return [
        {
            "producto": f["producto"],
            "nombre": f["nombre"],
            "cantidad_vendida": f["cantidad_vendida"],
            "ingresos": f["ingresos"],
        }
        for f in filas
    ]
