from rest_framework import serializers

from inventario.models import Inventario, MovimientoInventario


class InventarioSerializer(serializers.ModelSerializer):
    producto_nombre = serializers.CharField(source="producto.nombre", read_only=True)
    cantidad = serializers.IntegerField(min_value=0, max_value=1_000_000_000)
    bajo_minimo = serializers.SerializerMethodField()

    class Meta:
        model = Inventario
        fields = [
            "id",
            "producto",
            "producto_nombre",
            "cantidad",
            "stock_minimo",
            "bajo_minimo",
            "ultima_actualizacion",
        ]
        read_only_fields = ["producto", "ultima_actualizacion"]
        extra_kwargs = {"stock_minimo": {"required": False, "max_value": 1_000_000_000}}

    def get_bajo_minimo(self, obj) -> bool:
        return obj.cantidad <= obj.stock_minimo


class MovimientoInventarioSerializer(serializers.ModelSerializer):
    producto_nombre = serializers.CharField(source="producto.nombre", read_only=True)
    username = serializers.CharField(source="usuario.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = MovimientoInventario
        fields = [
            "id",
            "producto",
            "producto_nombre",
            "delta",
            "cantidad_resultante",
            "motivo",
            "nota",
            "usuario",
            "username",
            "venta",
            "fecha",
        ]
