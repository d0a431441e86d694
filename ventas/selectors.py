"""Reads of sales: purchase history and reports computed by the database."""

from datetime import date

from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from backend.dinero import CERO, SUMA, redondear
from productos.models import ImagenProducto, Producto
from usuarios.models import Usuario
from ventas.models import (
    Carrito,
    CarritoItem,
    DetalleVenta,
    HistorialEstadoVenta,
    ResumenDiario,
    ResumenDiarioProducto,
    ResumenDiarioUsuario,
    ResumenTotalProducto,
    ResumenTotalUsuario,
    Venta,
)


def con_miniatura(qs: QuerySet) -> QuerySet:
    """Lines (cart or sale) annotated with their product's main-photo thumbnail file, `miniatura_producto`."""
    principal = ImagenProducto.objects.filter(producto_id=OuterRef("producto_id")).order_by("orden", "id")
    return qs.annotate(miniatura_producto=Subquery(principal.values("miniatura")[:1]))


def carrito_con_lineas(*, carrito_id: int) -> Carrito:
    """A cart read afresh with its lines, their products and thumbnails (two queries, no N+1)."""
    return Carrito.objects.prefetch_related(
        Prefetch("items", queryset=con_miniatura(CarritoItem.objects.select_related("producto")))
    ).get(pk=carrito_id)


def lineas_de_carrito(*, usuario) -> QuerySet[CarritoItem]:
    """The lines of the user's cart with their products and thumbnails."""
    return con_miniatura(CarritoItem.objects.filter(carrito__usuario=usuario).select_related("producto"))


def ventas_visibles(*, usuario, todas: bool) -> QuerySet[Venta]:
    """Sales with lines, history and rating: every sale when `todas` (staff), else the user's own."""
    qs = Venta.objects.select_related("usuario", "cupon", "calificacion").prefetch_related(
        Prefetch("detalles", queryset=con_miniatura(DetalleVenta.objects.order_by("id"))),
        Prefetch("historial", queryset=HistorialEstadoVenta.objects.select_related("usuario").order_by("fecha", "id")),
    )
    return qs if todas else qs.filter(usuario=usuario)


def venta_confirmada(*, venta: Venta) -> Venta:
    """A sale just returned by ventas.services.confirmar_compra, ready to be answered without a query
    (its lines and history come with it; a new sale has no rating yet)."""
    Venta._meta.get_field("calificacion").set_cached_value(venta, None)
    return venta


def _dias(qs: QuerySet, desde: date | None, hasta: date | None) -> QuerySet:
    # A report's range is whole local days, inclusive: the summaries' `dia` is that local date.
    if desde:
        qs = qs.filter(dia__gte=desde)
    if hasta:
        qs = qs.filter(dia__lte=hasta)
    return qs


# Reports read the daily summaries (issue 14.4: ventas.services keeps them in step with every sale
# and cancellation), so their cost grows with the days and buyers/products of the range, not with
# the sale lines. A day, buyer or product whose every sale was cancelled sums to zero and is skipped.


def ventas_por_dia(*, desde: date | None = None, hasta: date | None = None) -> dict:
    """Number of sales, their total, the average ticket and the same per day."""
    # A day's sales are spread over its fragments (ventas.models.FRAGMENTOS_DIA): summed here.
    por_dia = list(
        _dias(ResumenDiario.objects.all(), desde, hasta)
        .values("dia")
        .annotate(n=Sum("numero_ventas"), t=Sum("total", output_field=SUMA))
        .filter(n__gt=0)
        .order_by("dia")
    )
    numero = sum(d["n"] for d in por_dia)
    total = redondear(sum((d["t"] for d in por_dia), CERO))
    return {
        "numero_ventas": numero,
        "total_ventas": total,
        "ticket_promedio": redondear(total / numero) if numero else CERO,
        "por_dia": [{"fecha": d["dia"], "numero_ventas": d["n"], "total": redondear(d["t"])} for d in por_dia],
    }


def _si_cubre_toda_la_historia(totales: QuerySet, desde: date | None, hasta: date | None) -> QuerySet:
    """The all-time totals, kept only if no day with summaries falls outside [desde, hasta].

    The check is part of the same statement (one snapshot on PostgreSQL), so a sale committed
    meanwhile cannot slip in between the check and the read; an open range needs no check.
    """
    if desde:
        totales = totales.filter(~Exists(ResumenDiario.objects.filter(dia__lt=desde)))
    if hasta:
        totales = totales.filter(~Exists(ResumenDiario.objects.filter(dia__gt=hasta)))
    return totales


# A range that covers the whole history reads the all-time totals (one row per buyer or product,
# served highest first by their partial indexes) and gives exactly the same answer as summing the
# days; a narrower range (or an empty answer) sums the days of the range.


def ventas_por_usuario(*, desde: date | None = None, hasta: date | None = None) -> list[dict]:
    """Per buyer: number of sales and their total, highest total first."""
    filas = list(
        _si_cubre_toda_la_historia(ResumenTotalUsuario.objects.filter(numero_ventas__gt=0), desde, hasta)
        .order_by("-total", "usuario")
        .values("usuario", username=F("usuario__username"), n=F("numero_ventas"), t=F("total"))
    )
    if not filas and (desde or hasta):
        filas = list(
            _dias(ResumenDiarioUsuario.objects.all(), desde, hasta)
            .values("usuario")
            .annotate(n=Sum("numero_ventas"), t=Coalesce(Sum("total", output_field=SUMA), CERO, output_field=SUMA))
            .filter(n__gt=0)
            .order_by("-t", "usuario")
            .annotate(username=Subquery(Usuario.objects.filter(pk=OuterRef("usuario")).values("username")))
        )
    return [
        {
            "usuario": f["usuario"],
            "username": f["username"],
            "numero_ventas": f["n"],
            "total": redondear(f["t"]),
        }
        for f in filas
    ]


def productos_mas_vendidos(*, desde: date | None = None, hasta: date | None = None, limite: int = 10) -> list[dict]:
    """Products by units sold (and their revenue), most units first."""
    filas = list(
        _si_cubre_toda_la_historia(ResumenTotalProducto.objects.filter(cantidad__gt=0), desde, hasta)
        .order_by("-cantidad", "producto")
        .values("producto", nombre=F("producto__nombre"), c=F("cantidad"), i=F("ingresos"))[:limite]
    )
    if not filas and (desde or hasta):
        filas = list(
            _dias(ResumenDiarioProducto.objects.all(), desde, hasta)
            .values("producto")
            .annotate(c=Sum("cantidad"), i=Coalesce(Sum("ingresos", output_field=SUMA), CERO, output_field=SUMA))
            .filter(c__gt=0)
            .order_by("-c", "producto")
            # The name is looked up for the rows kept, after the sort and LIMIT (one statement).
            .annotate(nombre=Subquery(Producto.objects.filter(pk=OuterRef("producto")).values("nombre")))[:limite]
        )
    return [
        {
            "producto": f["producto"],
            "nombre": f["nombre"],
            "cantidad_vendida": f["c"],
            "ingresos": redondear(f["i"]),
        }
        for f in filas
    ]
