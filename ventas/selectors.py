"""Reads of sales: purchase history and reports computed by the database."""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Prefetch,
    QuerySet,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from productos.models import Producto
from usuarios.models import Usuario
from ventas.models import Carrito, CarritoItem, DetalleVenta, HistorialEstadoVenta, Venta

CERO = Decimal("0.00")
DINERO = DecimalField(max_digits=14, decimal_places=2)


def con_lineas(carrito: Carrito) -> Carrito:
    """The cart with its lines and their products loaded in one extra query (no N+1)."""
    prefetch_related_objects([carrito], Prefetch("items", queryset=CarritoItem.objects.select_related("producto")))
    return carrito


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
    por_dia = list(
        ventas_validas(desde=desde, hasta=hasta)
        .annotate(dia=TruncDate("fecha"))
        .values("dia")
        .annotate(numero_ventas=Count("id"), total=Coalesce(Sum("total"), CERO))
        .order_by("dia")
    )
    # The summary is the sum of the days: one scan of the sales instead of two.
    numero = sum(d["numero_ventas"] for d in por_dia)
    total = sum((d["total"] for d in por_dia), CERO)
    promedio = (total / numero).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if numero else CERO
    return {
        "numero_ventas": numero,
        "total_ventas": total,
        "ticket_promedio": promedio,
        "por_dia": [{"fecha": d["dia"], "numero_ventas": d["numero_ventas"], "total": d["total"]} for d in por_dia],
    }


def ventas_por_usuario(*, desde: date | None = None, hasta: date | None = None) -> list[dict]:
    """Per buyer: number of sales and their total, highest total first."""
    # Aggregate by user id alone, then fetch the usernames of the rows: cheaper than grouping by name.
    filas = list(
        ventas_validas(desde=desde, hasta=hasta)
        .values("usuario")
        .annotate(numero_ventas=Count("id"), total=Coalesce(Sum("total"), CERO))
        .order_by("-total", "usuario")
    )
    nombres = dict(Usuario.objects.filter(pk__in=[f["usuario"] for f in filas]).values_list("id", "username"))
    return [
        {
            "usuario": f["usuario"],
            "username": nombres.get(f["usuario"]),
            "numero_ventas": f["numero_ventas"],
            "total": f["total"],
        }
        for f in filas
    ]


def productos_mas_vendidos(*, desde: date | None = None, hasta: date | None = None, limite: int = 10) -> list[dict]:
    """Products by units sold (and their revenue), most units first."""
    detalles = _rango(DetalleVenta.objects.exclude(venta__estado=Venta.Estado.CANCELADA), "venta__fecha", desde, hasta)
    if desde or hasta:
        # A redundant bound on the lines' sale id (the range's lowest and highest sale) lets PostgreSQL
        # read just that slice of the lines (their venta_id index), however long the history is.
        # (`id + 0`: so the planner reads the date range's index instead of walking the primary key.)
        limites = ventas_validas(desde=desde, hasta=hasta).aggregate(primera=Min(F("id") + 0), ultima=Max(F("id") + 0))
        if limites["primera"] is None:
            return []
        detalles = detalles.filter(venta__gte=limites["primera"], venta__lte=limites["ultima"])
    # Aggregate by product id alone and keep the top rows; then the names of just those products.
    filas = list(
        detalles.values("producto")
        .annotate(
            cantidad_vendida=Sum("cantidad"),
            ingresos=Coalesce(Sum(ExpressionWrapper(F("cantidad") * F("precio_unitario"), output_field=DINERO)), CERO),
        )
        .order_by("-cantidad_vendida", "producto")[:limite]
    )
    nombres = dict(Producto.objects.filter(pk__in=[f["producto"] for f in filas]).values_list("id", "nombre"))
    return [
        {
            "producto": f["producto"],
            "nombre": nombres.get(f["producto"]),
            "cantidad_vendida": f["cantidad_vendida"],
            "ingresos": f["ingresos"],
        }
        for f in filas
    ]
