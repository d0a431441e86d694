from decimal import Decimal

from rest_framework import serializers

from productos.models import Categoria, Producto, Proveedor


class CategoriaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Categoria
        fields = ["id", "nombre", "descripcion"]
        extra_kwargs = {"descripcion": {"required": False}}

    def validate_nombre(self, valor):
        valor = valor.strip()
        qs = Categoria.objects.filter(nombre__iexact=valor)
        if self.instance is not None:
            qs = qs.exclude(pk=self.instance.pk)
        if qs.exists():
            raise serializers.ValidationError("Ya existe una categoría con ese nombre.")
        return valor


class CategoriaField(serializers.PrimaryKeyRelatedField):
    """Written as the category's id, read as {id, nombre}."""

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        return {"id": value.pk, "nombre": value.nombre}


class ProveedorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Proveedor
        fields = ["id", "nombre", "contacto", "telefono", "email"]


class ProductoSerializer(serializers.ModelSerializer):
    categoria = CategoriaField(queryset=Categoria.objects.all())
    precio = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000_000, default=0)

    class Meta:
        model = Producto
        fields = [
            "id",
            "nombre",
            "descripcion",
            "precio",
            "stock",
            "categoria",
            "proveedor",
            "fecha_creacion",
            "fecha_actualizacion",
        ]
        read_only_fields = ["fecha_creacion", "fecha_actualizacion"]
        extra_kwargs = {"descripcion": {"required": False}}
