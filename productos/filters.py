import django_filters

from productos.models import Producto


class ProductoFilter(django_filters.FilterSet):
    precio_min = django_filters.NumberFilter(field_name="precio", lookup_expr="gte")
    precio_max = django_filters.NumberFilter(field_name="precio", lookup_expr="lte")
    en_stock = django_filters.BooleanFilter(method="filtrar_en_stock")

    class Meta:
        model = Producto
        fields = ["categoria", "proveedor"]

    def filtrar_en_stock(self, queryset, name, value):
        return queryset.filter(stock__gt=0) if value else queryset.filter(stock=0)
