import django_filters
from django.db.models import F

from inventario.models import Inventario


class InventarioFilter(django_filters.FilterSet):
    # A choice, not a BooleanFilter: an unknown value is a 400, not silently the whole inventory.
    stock_bajo = django_filters.ChoiceFilter(
        method="filtrar_stock_bajo",
        choices=[("true", "true"), ("false", "false")],
        label="true: solo las filas con cantidad <= stock_minimo; false: las demás.",
    )

    class Meta:
        model = Inventario
        fields = ["producto"]

    def filtrar_stock_bajo(self, queryset, name, value):
        bajo = {"cantidad__lte": F("stock_minimo")}
        return queryset.filter(**bajo) if value == "true" else queryset.exclude(**bajo)
