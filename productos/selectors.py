"""Catalogue reads: products with their main photo and their buyers' ratings, one query per page."""

from django.apps import apps
from django.db.models import FloatField, Func, IntegerField, OuterRef, QuerySet, Subquery

from productos.models import ImagenProducto, Producto


def _valoraciones(funcion: str, campo: str, tipo):
    """One aggregate over the ratings of the non-cancelled sales that contain the outer product.

    Ratings belong to sales (ventas); a sale's rating counts once for each product in it. The
    models are looked up by name so the catalogue does not import the sales app.
    """
    calificacion = apps.get_model("ventas", "Calificacion")
    detalle = apps.get_model("ventas", "DetalleVenta")
    ventas_del_producto = detalle.objects.filter(producto_id=OuterRef(OuterRef("pk"))).values("venta_id")
    filas = (
        calificacion.objects.filter(venta_id__in=ventas_del_producto)
        .exclude(venta__estado="CANCELADA")
        .order_by()
        # A bare aggregate function (not an ORM aggregate): one row for the whole subquery, no GROUP BY.
        .annotate(valor=Func(campo, function=funcion, output_field=tipo()))
        .values("valor")
    )
    return Subquery(filas, output_field=tipo())


def productos_del_catalogo() -> QuerySet[Producto]:
    """Products with their category, the file names of their main photo and their rating aggregates."""
    principal = ImagenProducto.objects.filter(producto_id=OuterRef("pk")).order_by("orden", "id")
    return Producto.objects.select_related("categoria").annotate(
        imagen_principal=Subquery(principal.values("imagen")[:1]),
        miniatura_principal=Subquery(principal.values("miniatura")[:1]),
        calificacion_media=_valoraciones("AVG", "calificacion", FloatField),
        numero_calificaciones=_valoraciones("COUNT", "id", IntegerField),
    )
