from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.http import parse_etags
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from backend.errores import CuerpoDemasiadoGrande
from inventario import services as inventario_services
from productos import selectors, services
from productos.filters import BusquedaCatalogo, ProductoFilter
from productos.models import Categoria, ImagenProducto, Proveedor
from productos.serializers import (
    CategoriaSerializer,
    ImagenProductoSerializer,
    ImagenSubidaSerializer,
    ProductoSerializer,
    ProveedorSerializer,
)
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


def versiones_de_if_match(request) -> set[str] | None:
    """The product versions an `If-Match` header accepts; None when it is absent or `*` (any version).

    If-Match uses the strong comparison (RFC 9110, 13.1.1): weak tags (`W/"..."`) and a malformed
    header match nothing, so the write is refused rather than done unchecked.
    """
    cabecera = request.headers.get("If-Match")
    if cabecera is None:
        return None
    etiquetas = parse_etags(cabecera)
    if "*" in etiquetas:
        return None
    return {etiqueta[1:-1] for etiqueta in etiquetas if etiqueta.startswith('"')}


ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description="Versión del producto entre comillas (la misma que `version`); cambia con cualquier cambio "
    "del producto o de su stock. Envíala en `If-Match` al editar.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="El `ETag` del producto que se está editando. Si el producto ha cambiado desde entonces "
    "(otra edición, una venta...), la respuesta es 412 `producto_modificado` y no se cambia nada. "
    "Sin esta cabecera la edición no se comprueba (scripts); la web la envía siempre.",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="El `ETag` de una respuesta anterior: si el producto sigue igual, la respuesta es 304 sin cuerpo.",
)
MODIFICADO = OpenApiResponse(
    description="`producto_modificado`: el `If-Match` no es la versión actual del producto; no se ha cambiado nada."
)
EDICION = extend_schema(parameters=[IF_MATCH, ETAG], responses={200: ProductoSerializer, 412: MODIFICADO})


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[ETAG, IF_NONE_MATCH],
        responses={200: ProductoSerializer, 304: OpenApiResponse(description="No ha cambiado desde ese `ETag`.")},
    ),
    create=extend_schema(parameters=[ETAG]),
    update=EDICION,
    partial_update=EDICION,
)
class ProductoViewSet(viewsets.ModelViewSet):
    """Products: everyone signed in reads them, staff write them; stock moves through inventory."""

    serializer_class = ProductoSerializer
    permission_classes = [IsAuthenticated & (IsSoloLectura | IsPersonal)]
    filterset_class = ProductoFilter
    # Accent- and typo-tolerant search over these two fields, ranked on PostgreSQL (productos/filters.py).
    filter_backends = [DjangoFilterBackend, BusquedaCatalogo, OrderingFilter]
    search_fields = ["nombre", "descripcion"]
    ordering_fields = ["id", "precio", "nombre", "stock", "fecha_creacion"]

    def get_queryset(self):
        return selectors.productos_del_catalogo()

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        # If-None-Match uses the weak comparison (RFC 9110, 13.1.2): W/"x" matches "x".
        etiqueta = f'"{response.data["version"]}"'
        vistas = parse_etags(request.headers.get("If-None-Match", ""))
        if "*" in vistas or etiqueta in {vista.removeprefix("W/") for vista in vistas}:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etiqueta})
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.action in {"retrieve", "create", "update", "partial_update"} and response.status_code in (200, 201):
            response["ETag"] = f'"{response.data["version"]}"'
        return response

    def perform_create(self, serializer):
        datos = dict(serializer.validated_data)
        stock = datos.pop("stock", 0)
        producto = inventario_services.crear_producto(datos=datos, stock=stock, usuario=self.request.user)
        serializer.instance = self.get_queryset().get(pk=producto.pk)

    def perform_update(self, serializer):
        datos = dict(serializer.validated_data)
        stock = datos.pop("stock", None)
        producto = services.editar_producto(
            producto_id=serializer.instance.pk,
            datos=datos,
            stock=stock,
            versiones=versiones_de_if_match(self.request),
            usuario=self.request.user,
        )
        serializer.instance = self.get_queryset().get(pk=producto.pk)

    def perform_destroy(self, instance):
        services.eliminar_producto(producto=instance)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: ImagenProductoSerializer(many=True)},
        description="Las fotos del producto, la principal primero.",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": ImagenSubidaSerializer},
        responses={201: ImagenProductoSerializer},
        description="Sube una foto (solo personal). Se valida con Pillow, se guarda sin EXIF y con miniatura.",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser],
        pagination_class=None,
        filter_backends=[],
    )
    def imagenes(self, request, pk=None):
        """List a product's photos, or add one (staff)."""
        producto = self.get_object()
        if request.method == "GET":
            filas = ImagenProducto.objects.filter(producto=producto)
            return Response(ImagenProductoSerializer(filas, many=True, context={"request": request}).data)
        # Refuse an oversized upload from its Content-Length, before reading the body to disk.
        try:
            longitud = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            longitud = 0
        if longitud > settings.PRODUCTO_IMAGEN_MAX_BYTES + 64 * 1024:
            raise CuerpoDemasiadoGrande(f"La imagen ocupa más de {settings.PRODUCTO_IMAGEN_MAX_BYTES / 2**20:g} MB.")
        entrada = ImagenSubidaSerializer(data=request.data)
        entrada.is_valid(raise_exception=True)
        imagen = services.agregar_imagen(
            producto=producto, procesada=entrada.validated_data["imagen"], orden=entrada.validated_data.get("orden")
        )
        return Response(ImagenProductoSerializer(imagen, context={"request": request}).data, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None}, description="Borra una foto del producto (solo personal).")
    @action(
        detail=True, methods=["delete"], url_path=r"imagenes/(?P<imagen_id>\d+)", url_name="imagen", filter_backends=[]
    )
    def eliminar_imagen(self, request, pk=None, imagen_id=None):
        """Delete one of a product's photos (staff)."""
        imagen = get_object_or_404(ImagenProducto, pk=imagen_id, producto=self.get_object())
        services.eliminar_imagen(imagen=imagen)
        return Response(status=status.HTTP_204_NO_CONTENT)
