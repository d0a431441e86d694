import django_filters
from django import forms

from ventas.models import Calificacion, Venta


class IdFilter(django_filters.NumberFilter):
    """An id compared as a plain integer: no lookup of the row, so a filter never tells which ids exist."""

    field_class = forms.IntegerField


class VentaFilter(django_filters.FilterSet):
    desde = django_filters.DateFilter(field_name="fecha", lookup_expr="date__gte")
    hasta = django_filters.DateFilter(field_name="fecha", lookup_expr="date__lte")
    usuario = IdFilter(field_name="usuario_id")

    class Meta:
        model = Venta
        fields = ["usuario", "estado"]


class CalificacionFilter(django_filters.FilterSet):
    venta = IdFilter(field_name="venta_id")

    class Meta:
        model = Calificacion
        fields = ["venta", "calificacion"]
