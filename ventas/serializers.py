from rest_framework import serializers

from backend import dinero
from productos.models import ImagenProducto, Producto
from productos.serializers import url_de_archivo
from ventas.models import Calificacion, Carrito, CarritoItem, Cupon, DetalleVenta, HistorialEstadoVenta, Venta

CANTIDAD_MAXIMA = 10_000
MENSAJES_CANTIDAD = {
    "max_value": "Como máximo {max_value} unidades.",
    "min_value": "Como mínimo {min_value} unidad.",
}


def _miniatura_producto(obj, request) -> str | None:
    """The line's product main-photo thumbnail as an absolute URL, or None.

    Annotated as `miniatura_producto` by ventas.selectors (no query per line); a bare line asks the database.
    """
    if hasattr(obj, "miniatura_producto"):
        nombre = obj.miniatura_producto
    else:
        nombre = (
            ImagenProducto.objects.filter(producto_id=obj.producto_id)
            .order_by("orden", "id")
            .values_list("miniatura", flat=True)
            .first()
        )
    return url_de_archivo(nombre, request)


class CarritoItemSerializer(serializers.ModelSerializer):
    producto = serializers.PrimaryKeyRelatedField(queryset=Producto.objects.all())
    cantidad = serializers.IntegerField(min_value=1, max_value=CANTIDAD_MAXIMA, error_messages=MENSAJES_CANTIDAD)
    producto_nombre = serializers.CharField(source="producto.nombre", read_only=True)
    precio_unitario = dinero.campo_serializer(source="producto.precio", read_only=True)
    subtotal = serializers.SerializerMethodField()
    miniatura = serializers.SerializerMethodField()

    class Meta:
        model = CarritoItem
        fields = [
            "id",
            "carrito",
            "producto",
            "cantidad",
            "producto_nombre",
            "precio_unitario",
            "subtotal",
            "miniatura",
        ]
        read_only_fields = ["carrito"]
        # The (carrito, producto) uniqueness is handled by the service: adding again adds up.
        validators = []

    def get_subtotal(self, obj) -> str:
        return dinero.a_texto(obj.cantidad * obj.producto.precio)

    def get_miniatura(self, obj) -> str | None:
        """Absolute URL of the product's main-photo thumbnail, or null."""
        return _miniatura_producto(obj, self.context.get("request"))


class CarritoItemCantidadSerializer(serializers.Serializer):
    cantidad = serializers.IntegerField(min_value=1, max_value=CANTIDAD_MAXIMA, error_messages=MENSAJES_CANTIDAD)


class CarritoSerializer(serializers.ModelSerializer):
    items = CarritoItemSerializer(many=True, read_only=True)
    total = serializers.SerializerMethodField()

    class Meta:
        model = Carrito
        fields = ["id", "usuario", "items", "total"]
        read_only_fields = ["usuario"]

    def get_total(self, obj) -> str:
        return dinero.a_texto(sum((i.cantidad * i.producto.precio for i in obj.items.all()), dinero.CERO))


class DetalleVentaSerializer(serializers.ModelSerializer):
    subtotal = dinero.campo_serializer(max_digits=None, read_only=True)
    miniatura = serializers.SerializerMethodField()

    class Meta:
        model = DetalleVenta
        fields = ["id", "venta", "producto", "producto_nombre", "cantidad", "precio_unitario", "subtotal", "miniatura"]

    def get_miniatura(self, obj) -> str | None:
        """Absolute URL of the product's current main-photo thumbnail, or null."""
        return _miniatura_producto(obj, self.context.get("request"))


class HistorialEstadoSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="usuario.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = HistorialEstadoVenta
        fields = ["desde", "hasta", "usuario", "username", "fecha"]


class CalificacionSerializer(serializers.ModelSerializer):
    venta = serializers.IntegerField(source="venta_id", min_value=1, max_value=2**63 - 1)
    calificacion = serializers.IntegerField(min_value=1, max_value=5)
    comentario = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    class Meta:
        model = Calificacion
        fields = ["id", "venta", "usuario", "calificacion", "comentario", "fecha"]
        read_only_fields = ["usuario", "fecha"]


class CalificacionResumenSerializer(serializers.ModelSerializer):
    class Meta:
        model = Calificacion
        fields = ["id", "calificacion", "comentario", "fecha"]


class VentaSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="usuario.username", read_only=True)
    cupon = serializers.CharField(source="cupon.codigo", read_only=True, default=None, allow_null=True)
    detalles = DetalleVentaSerializer(many=True, read_only=True)
    historial = HistorialEstadoSerializer(many=True, read_only=True)
    calificacion = serializers.SerializerMethodField()

    class Meta:
        model = Venta
        fields = [
            "id",
            "usuario",
            "username",
            "fecha",
            "estado",
            "cupon",
            "subtotal",
            "descuento",
            "impuesto",
            "envio",
            "total",
            "detalles",
            "historial",
            "calificacion",
        ]
        read_only_fields = fields

    def get_calificacion(self, obj) -> CalificacionResumenSerializer(allow_null=True):
        calificacion = getattr(obj, "calificacion", None)
        return CalificacionResumenSerializer(calificacion).data if calificacion else None


class CheckoutSerializer(serializers.Serializer):
    cupon = serializers.CharField(max_length=40, required=False, allow_blank=True, allow_null=True)
    # The total the buyer was shown (GET /api/venta/resumen/): a different computed total is a 409.
    total_esperado = dinero.campo_serializer(required=False, allow_null=True, min_value=dinero.CERO)


class ResumenCompraSerializer(serializers.Serializer):
    subtotal = dinero.campo_serializer()
    descuento = dinero.campo_serializer()
    impuesto = dinero.campo_serializer()
    envio = dinero.campo_serializer()
    total = dinero.campo_serializer()


class EstadoVentaSerializer(serializers.Serializer):
    estado = serializers.ChoiceField(choices=Venta.Estado.choices)


def _fecha_razonable(valor):
    """Years 2000-2999 only: far dates render with odd local offsets (LMT) or past year 9999."""
    if not 2000 <= valor.year <= 2999:
        raise serializers.ValidationError("La fecha debe estar entre los años 2000 y 2999.")


class CuponSerializer(serializers.ModelSerializer):
    valor = dinero.campo_serializer(min_value=dinero.CERO, max_value=10**9)

    class Meta:
        model = Cupon
        fields = ["id", "codigo", "tipo", "valor", "valido_desde", "valido_hasta", "activo", "usos_maximos", "usos"]
        read_only_fields = ["usos"]
        extra_kwargs = {
            "usos_maximos": {"max_value": 10**9},
            "valido_desde": {"validators": [_fecha_razonable]},
            "valido_hasta": {"validators": [_fecha_razonable]},
        }

    def validate_codigo(self, valor):
        valor = valor.strip()
        if not valor:
            raise serializers.ValidationError("El código no puede estar vacío.")
        qs = Cupon.objects.filter(codigo__iexact=valor)
        if self.instance is not None:
            qs = qs.exclude(pk=self.instance.pk)
        if qs.exists():
            raise serializers.ValidationError("Ya existe un cupón con ese código.")
        return valor

    def validate(self, attrs):
        tipo = attrs.get("tipo", getattr(self.instance, "tipo", None))
        valor = attrs.get("valor", getattr(self.instance, "valor", None))
        desde = attrs.get("valido_desde", getattr(self.instance, "valido_desde", None))
        hasta = attrs.get("valido_hasta", getattr(self.instance, "valido_hasta", None))
        if valor is not None and valor <= 0:
            raise serializers.ValidationError({"valor": ["Debe ser mayor que cero."]})
        if tipo == Cupon.Tipo.PORCENTAJE and valor is not None and valor > 100:
            raise serializers.ValidationError({"valor": ["Un porcentaje no puede pasar de 100."]})
        if desde and hasta and hasta <= desde:
            raise serializers.ValidationError({"valido_hasta": ["Debe ser posterior a «Válido desde»."]})
        maximo = attrs.get("usos_maximos", getattr(self.instance, "usos_maximos", None))
        if self.instance is not None and maximo is not None and maximo < self.instance.usos:
            raise serializers.ValidationError({"usos_maximos": ["No puede ser menor que los usos ya hechos."]})
        return attrs


class RangoFechasSerializer(serializers.Serializer):
    desde = serializers.DateField(required=False)
    hasta = serializers.DateField(required=False)

    def validate(self, attrs):
        if attrs.get("desde") and attrs.get("hasta") and attrs["desde"] > attrs["hasta"]:
            raise serializers.ValidationError({"hasta": ["Debe ser igual o posterior a desde."]})
        return attrs


class ProductosMasVendidosQuerySerializer(RangoFechasSerializer):
    limite = serializers.IntegerField(required=False, min_value=1, max_value=100, default=10)


class ReporteDiaSerializer(serializers.Serializer):
    fecha = serializers.DateField()
    numero_ventas = serializers.IntegerField()
    total = dinero.campo_serializer(max_digits=None)


class ReporteVentasSerializer(serializers.Serializer):
    numero_ventas = serializers.IntegerField()
    total_ventas = dinero.campo_serializer(max_digits=None)
    ticket_promedio = dinero.campo_serializer(max_digits=None)
    por_dia = ReporteDiaSerializer(many=True)


class ReporteVentasUsuarioSerializer(serializers.Serializer):
    usuario = serializers.IntegerField()
    username = serializers.CharField()
    numero_ventas = serializers.IntegerField()
    total = dinero.campo_serializer(max_digits=None)


class ReporteProductoSerializer(serializers.Serializer):
    producto = serializers.IntegerField()
    nombre = serializers.CharField()
    cantidad_vendida = serializers.IntegerField()
    ingresos = dinero.campo_serializer(max_digits=None)
