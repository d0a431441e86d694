from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from inventario import services as inventario_services
from productos.conteo import contar_catalogo
from productos.filters import ProductoFilter
from productos.models import Categoria, Producto, Proveedor
from productos.serializers import CategoriaSerializer, ProductoSerializer, ProveedorSerializer
from usuarios.permissions import IsPersonal, IsSoloLectura


class CategoriaViewSet(viewsets.ModelViewSet):
    """Categories: everyone signed in reads them, staff write them."""

    queryset = Categoria.objects.all()
    serializer_class = CategoriaSerializer
    permission_classes = [IsAuthenticated & (IsSoloLectura | IsPersonal)]
    search_fields = ["nombre"]
    ordering_fields = ["id", "nombre"]


class ProveedorViewSet(viewsets.ModelViewSet):
    """Suppliers: staff only."""

    queryset = Proveedor.objects.all()
    serializer_class = ProveedorSerializer
    permission_classes = [IsAuthenticated & IsPersonal]
    search_fields = ["nombre", "contacto"]
    ordering_fields = ["id", "nombre"]


class ProductoViewSet(viewsets.ModelViewSet):
    """Products: everyone signed in reads them, staff write them; stock moves through inventory."""

    queryset = Producto.objects.select_related("categoria")
    serializer_class = ProductoSerializer
    permission_classes = [IsAuthenticated & (IsSoloLectura | IsPersonal)]
    filterset_class = ProductoFilter
    search_fields = ["nombre", "descripcion"]
    ordering_fields = ["id", "precio", "nombre", "stock", "fecha_creacion"]
    # Query parameters that neither filter nor reorder: with only these, the filter backends are no-ops.
    PARAMETROS_SIN_FILTRO = frozenset({"page", "page_size", "format"})

    def _sin_filtros(self, request) -> bool:
        return self.PARAMETROS_SIN_FILTRO.issuperset(request.query_params.keys())

    def filter_queryset(self, queryset):
        # Skipping the backends when no filter/search/ordering parameter is present saves building
        # the FilterSet form on the catalogue's hottest requests; the result is the same queryset.
        if self._sin_filtros(self.request):
            return queryset
        return super().filter_queryset(queryset)

    def contar_pagina(self, request, queryset):
        """The unfiltered catalogue's count comes from productos.conteo (exact, cached)."""
        return contar_catalogo if self._sin_filtros(request) else None

    def perform_create(self, serializer):
        datos = dict(serializer.validated_data)
        stock = datos.pop("stock", 0)
        serializer.instance = inventario_services.crear_producto(datos=datos, stock=stock, usuario=self.request.user)

    def perform_update(self, serializer):
        datos = dict(serializer.validated_data)
        stock = datos.pop("stock", None)
        serializer.instance = inventario_services.actualizar_producto(
            producto=serializer.instance, datos=datos, stock=stock, usuario=self.request.user
        )
