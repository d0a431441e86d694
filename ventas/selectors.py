"""Reads of sales: purchase history and reports computed by the database."""

from datetime import date, datetime, time, timedelta

from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from backend.dinero import CERO, SUMA, redondear
from productos.models import ImagenProducto, Producto
from usuarios.models import Usuario
from ventas.models import Carrito, CarritoItem, DetalleVenta, HistorialEstadoVenta, Venta


def _con_miniatura(qs: QuerySet) -> QuerySet:
    """Lines (cart or sale) annotated with their product's main-photo thumbnail file, `miniatura_producto`."""
    principal = ImagenProducto.objects.filter(producto_id=OuterRef("producto_id")).order_by("orden", "id")
    return qs.annotate(miniatura_producto=Subquery(principal.values("miniatura")[:1]))


def carrito_con_lineas(*, carrito_id: int) -> Carrito:
    """A cart read afresh with its lines, their products and thumbnails (two queries, no N+1)."""
    return Carrito.objects.prefetch_related(
        Prefetch("items", queryset=_con_miniatura(CarritoItem.objects.select_related("producto")))
    ).get(pk=carrito_id)


def lineas_de_carrito(*, usuario) -> QuerySet[CarritoItem]:
    """The lines of the user's cart with their products and thumbnails."""
    return _con_miniatura(CarritoItem.objects.filter(carrito__usuario=usuario).select_related("producto"))


def ventas_visibles(*, usuario, todas: bool) -> QuerySet[Venta]:
    """Sales with lines, history and rating: every sale when `todas` (staff), else the user's own."""
    qs = Venta.objects.select_related("usuario", "cupon", "calificacion").prefetch_related(
        Prefetch("detalles", queryset=_con_miniatura(DetalleVenta.objects.order_by("id"))),
        Prefetch("historial", queryset=HistorialEstadoVenta.objects.select_related("usuario").order_by("fecha", "id")),
    )
    return qs if todas else qs.filter(usuario=usuario)


# Within a day of the calendar's ends a local midnight may not exist in UTC (or the next day may
# not exist at all): such a bound excludes no sale, so it is dropped instead of computed.
_PRIMER_DIA = date.min + timedelta(days=1)
_ULTIMO_DIA = date.max - timedelta(days=1)


def _rango(qs: QuerySet, campo: str, desde: date | None, hasta: date | None) -> QuerySet:
    # Whole local days as a half-open datetime range, so the index on `fecha` is used.
    zona = timezone.get_current_timezone()
    if desde and desde > _PRIMER_DIA:
        qs = qs.filter(**{f"{campo}__gte": datetime.combine(desde, time.min, tzinfo=zona)})
    if hasta and hasta < _ULTIMO_DIA:
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
        .annotate(numero_ventas=Count("id"), total=Coalesce(Sum("total"), CERO, output_field=SUMA))
        .order_by("dia")
    )
    # The summary is the sum of the days: one scan of the sales instead of two.
    numero = sum(d["numero_ventas"] for d in por_dia)
    total = redondear(sum((d["total"] for d in por_dia), CERO))
    return {
        "numero_ventas": numero,
        "total_ventas": total,
        "ticket_promedio": redondear(total / numero) if numero else CERO,
        "por_dia": [
            {"fecha": d["dia"], "numero_ventas": d["numero_ventas"], "total": redondear(d["total"])} for d in por_dia
        ],
    }


def ventas_por_usuario(*, desde: date | None = None, hasta: date | None = None) -> list[dict]:
    """Per buyer: number of sales and their total, highest total first."""
    # Aggregate by user id alone, then fetch the usernames of the rows: cheaper than grouping by name.
    filas = list(
        ventas_validas(desde=desde, hasta=hasta)
        .values("usuario")
        .annotate(numero_ventas=Count("id"), total=Coalesce(Sum("total"), CERO, output_field=SUMA))
        .order_by("-total", "usuario")
    )
    nombres = dict(Usuario.objects.filter(pk__in=[f["usuario"] for f in filas]).values_list("id", "username"))
    return [
        {
            "usuario": f["usuario"],
            "username": nombres.get(f["usuario"]),
            "numero_ventas": f["numero_ventas"],
            "total": redondear(f["total"]),
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
            ingresos=Coalesce(
                Sum(ExpressionWrapper(F("cantidad") * F("precio_unitario"), output_field=SUMA)), CERO, output_field=SUMA
            ),
        )
        .order_by("-cantidad_vendida", "producto")[:limite]
    )
    nombres = dict(Producto.objects.filter(pk__in=[f["producto"] for f in filas]).values_list("id", "nombre"))
    return [
        {
            "producto": f["producto"],
            "nombre": nombres.get(f["producto"]),
            "cantidad_vendida": f["cantidad_vendida"],
            "ingresos": redondear(f["ingresos"]),
        }
        for f in filas
    ]
