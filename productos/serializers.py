from decimal import Decimal

from django.conf import settings
from django.core.files.storage import default_storage
from rest_framework import serializers

from productos.imagenes import ImagenNoValida, ImagenProcesada, procesar_imagen
from productos.models import Categoria, ImagenProducto, Producto, Proveedor


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


def url_de_archivo(nombre: str | None, request) -> str | None:
    """The absolute URL of a stored file (local media or an S3 bucket), or None."""
    if not nombre:
        return None
    url = default_storage.url(nombre)
    return request.build_absolute_uri(url) if request is not None else url


class ProductoSerializer(serializers.ModelSerializer):
    """A product; read answers also carry its main photo, its ratings and its `version` (the ETag)."""

    categoria = CategoriaField(queryset=Categoria.objects.all())
    precio = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("999999.99")
    )
    # Optional on every write: a PUT or PATCH without `stock` leaves the stock as it is.
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000_000, required=False)
    version = serializers.CharField(
        read_only=True,
        help_text="Versión del producto (su ETag sin comillas): cambia con cualquier cambio de lo que muestra la "
        "respuesta: sus campos o su stock, el nombre de su categoría, su foto principal (subir la primera foto o "
        "borrar la principal) o sus calificaciones. Subir o borrar otra foto no la cambia. Para editar, envía "
        '`If-Match: "<version>"`.',
    )
    imagen = serializers.SerializerMethodField()
    miniatura = serializers.SerializerMethodField()
    calificacion_media = serializers.SerializerMethodField()
    numero_calificaciones = serializers.SerializerMethodField()

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
            "version",
            "imagen",
            "miniatura",
            "calificacion_media",
            "numero_calificaciones",
        ]
        read_only_fields = ["fecha_creacion", "fecha_actualizacion"]
        extra_kwargs = {"descripcion": {"required": False}}

    def _principal(self, obj, campo: str) -> str | None:
        # Annotated by productos.selectors.productos_del_catalogo; a bare instance asks the database.
        if hasattr(obj, f"{campo}_principal"):
            return getattr(obj, f"{campo}_principal")
        primera = obj.imagenes.order_by("orden", "id").first()
        return getattr(primera, campo).name if primera else None

    def get_imagen(self, obj) -> str | None:
        """Absolute URL of the main photo (lowest `orden`), or null."""
        return url_de_archivo(self._principal(obj, "imagen"), self.context.get("request"))

    def get_miniatura(self, obj) -> str | None:
        """Absolute URL of the main photo's thumbnail (WebP, at most 400 px a side), or null."""
        return url_de_archivo(self._principal(obj, "miniatura"), self.context.get("request"))

    def get_calificacion_media(self, obj) -> float | None:
        """Average rating (1-5, two decimals) of the non-cancelled sales containing this product, or null."""
        media = getattr(obj, "calificacion_media", None)
        return round(media, 2) if media is not None else None

    def get_numero_calificaciones(self, obj) -> int:
        """How many rated, non-cancelled sales contain this product (a rating counts for each product of its sale)."""
        return getattr(obj, "numero_calificaciones", None) or 0


class ImagenProductoSerializer(serializers.ModelSerializer):
    """A product photo as answered: absolute URLs of the photo and its thumbnail."""

    imagen = serializers.SerializerMethodField()
    miniatura = serializers.SerializerMethodField()

    class Meta:
        model = ImagenProducto
        fields = ["id", "producto", "orden", "imagen", "miniatura", "ancho", "alto", "fecha_creacion"]
        read_only_fields = fields

    def get_imagen(self, obj) -> str:
        return url_de_archivo(obj.imagen.name, self.context.get("request"))

    def get_miniatura(self, obj) -> str:
        return url_de_archivo(obj.miniatura.name, self.context.get("request"))


class ImagenSubidaSerializer(serializers.Serializer):
    """A photo upload (multipart/form-data): the file and, optionally, its place among the photos."""

    # A plain FileField: only productos.imagenes (JPEG/PNG/WebP decoders) looks inside the bytes.
    imagen = serializers.FileField(
        help_text="JPEG, PNG o WebP; como mucho PRODUCTO_IMAGEN_MAX_BYTES bytes y PRODUCTO_IMAGEN_MAX_PIXELES píxeles."
    )
    orden = serializers.IntegerField(
        min_value=0, max_value=1000, required=False, help_text="0 = foto principal; sin él, va la última."
    )

    def validate_imagen(self, archivo) -> ImagenProcesada:
        try:
            return procesar_imagen(
                archivo,
                max_bytes=settings.PRODUCTO_IMAGEN_MAX_BYTES,
                max_pixeles=settings.PRODUCTO_IMAGEN_MAX_PIXELES,
            )
        except ImagenNoValida as exc:
            raise serializers.ValidationError(str(exc)) from exc
