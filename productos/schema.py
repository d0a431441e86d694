"""OpenAPI: a product's `categoria` is an id on the way in and an object on the way out."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes


class CategoriaFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "productos.serializers.CategoriaField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.INT)
        from productos.serializers import CategoriaSerializer

        return auto_schema.resolve_serializer(CategoriaSerializer, direction).ref
