from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from inventario import services
from inventario.filters import InventarioFilter
from inventario.models import Inventario, MovimientoInventario
from inventario.serializers import InventarioSerializer, MovimientoInventarioSerializer
from usuarios.permissions import IsPersonal


class InventarioViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Stock per product, staff only; setting `cantidad` records an adjustment movement."""

    queryset = Inventario.objects.select_related("producto")
    serializer_class = InventarioSerializer
    permission_classes = [IsAuthenticated & IsPersonal]
    filterset_class = InventarioFilter
    search_fields = ["producto__nombre"]
    ordering_fields = ["id", "cantidad", "ultima_actualizacion", "producto__nombre"]

    def perform_update(self, serializer):
        inventario = services.actualizar_inventario(
            inventario=serializer.instance, usuario=self.request.user, **serializer.validated_data
        )
        serializer.instance = Inventario.objects.select_related("producto").get(pk=inventario.pk)


class MovimientoInventarioViewSet(viewsets.ReadOnlyModelViewSet):
    """Stock movements (who, when, how much, why), staff only."""

    queryset = MovimientoInventario.objects.select_related("producto", "usuario")
    serializer_class = MovimientoInventarioSerializer
    permission_classes = [IsAuthenticated & IsPersonal]
    filterset_fields = ["producto", "motivo", "venta", "usuario"]
    ordering_fields = ["fecha", "id"]
