from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from inventario import services as inventario_services
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
