import functools

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
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
from rest_framework.settings import api_settings

from backend.errores import CuerpoDemasiadoGrande
from inventario import services as inventario_services
from productos import cache as cache_catalogo
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
from usuarios.authentication import usuario_aceptado
from usuarios.permissions import IsPersonal, IsSoloLectura


def coincide_if_none_match(request, etiqueta: str) -> bool:
    """True when `If-None-Match` names `etiqueta` (weak comparison, RFC 9110 13.1.2: W/"x" matches "x") or is `*`."""
    vistas = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in vistas or etiqueta in {vista.removeprefix("W/") for vista in vistas}


def respuesta_guardada(request, guardada) -> HttpResponse:
    """A stored answer (body, Content-Type, ETag) as it goes out, or a 304 if the caller has it."""
    cuerpo, tipo, etiqueta = guardada
    if coincide_if_none_match(request, etiqueta):
        respuesta = HttpResponseNotModified()
    else:
        respuesta = HttpResponse(cuerpo, content_type=tipo)
    respuesta["ETag"] = etiqueta
    return respuesta


class CatalogoEnCacheMixin:
    """Catalogue reads (`list`, `retrieve`) answered from productos.cache, with an ETag and 304s.

    A hit costs no query and, for a token seen before, one round trip to Redis: the stored bytes go
    out as they were rendered. A miss renders as usual and stores the answer under the catalogue
    version read before the query.
    """

    acciones_en_cache = ("list", "retrieve")
    _clave_cache = None

    def claves_anticipadas(self, request) -> list[str]:
        """Read with the user behind a known token, in the same round trip (usuarios.authentication)."""
        if self.action in self.acciones_en_cache and request.method in ("GET", "HEAD") and cache_catalogo.activa():
            return cache_catalogo.claves_anticipadas(request)
        return []

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        """DRF's view, in front of which a cached read by a known token is answered without DRF's
        dispatch (`_respuesta_rapida`), byte for byte and header for header as DRF answers it."""
        vista = super().as_view(actions, **initkwargs)
        accion = (actions or {}).get("get")
        if accion not in cls.acciones_en_cache:
            return vista
        # What DRF's finalize_response adds to every answer of this route (`Allow`), copied from
        # its first 200: until then every read goes through DRF.
        cabeceras = {}

        def vista_rapida(request, *args, **kwargs):
            if cabeceras:
                respuesta = cls._respuesta_rapida(request, vista, accion, args, kwargs)
                if respuesta is not None:
                    for nombre, valor in cabeceras.items():
                        respuesta[nombre] = valor
                    return respuesta
            respuesta = vista(request, *args, **kwargs)
            if not cabeceras and respuesta.status_code == status.HTTP_200_OK and "Allow" in respuesta:
                cabeceras["Allow"] = respuesta["Allow"]
            return respuesta

        # DRF's and drf-spectacular's attributes of the view (cls, actions, initkwargs, csrf_exempt).
        return functools.update_wrapper(vista_rapida, vista)

    @classmethod
    def _respuesta_rapida(cls, request, vista_drf, accion, args, kwargs):
        """The answer to a cached read by a token this process has verified, decided as DRF would
        (the same authentication, permissions and throttles, in one round trip to Redis: see
        usuarios.authentication.usuario_aceptado), or None: then DRF serves the request, reusing
        what was read and counted here. Only for what DRF would negotiate to the one renderer's
        media type; a refusal, a limit reached or a miss is always DRF's to answer."""
        if request.method not in ("GET", "HEAD") or not cache_catalogo.activa() or "format" in kwargs:
            return None
        renderers = cls.renderer_classes
        aceptado = request.headers.get("Accept", "*/*")
        if len(renderers) != 1 or aceptado not in ("*/*", renderers[0].media_type):
            return None
        if api_settings.URL_FORMAT_OVERRIDE and api_settings.URL_FORMAT_OVERRIDE in request.GET:
            return None
        vista = cls(**vista_drf.initkwargs)
        vista.action_map, vista.action = vista_drf.actions, accion
        vista.request, vista.args, vista.kwargs, vista.format_kwarg = request, args, kwargs, None
        cache_catalogo.fijar_clave(request, renderers[0].media_type)
        usuario = usuario_aceptado(request, vista)
        if usuario is None:
            return None
        request.user = usuario  # as DRF's Request does once it has authenticated
        if not all(permiso.has_permission(request, vista) for permiso in vista.get_permissions()):
            return None
        if any(espera is not None for espera in request.cuentas_anticipadas.values()):
            return None
        guardada, _ = cache_catalogo.leer(request)
        return None if guardada is None else respuesta_guardada(request, guardada)

    def respuesta_en_cache(self, request):
        """The stored answer for this read (or a 304 for it), or None on a miss or with the cache off."""
        self._clave_cache = None
        if not cache_catalogo.activa() or request.method not in ("GET", "HEAD"):
            return None
        guardada, self._clave_cache = cache_catalogo.leer(request)
        return None if guardada is None else respuesta_guardada(request, guardada)

    def etiqueta(self, response) -> str:
        """The ETag of a rendered 200 answer: a hash of its bytes."""
        return cache_catalogo.etag_de(response.render().content)

    def list(self, request, *args, **kwargs):
        return self.respuesta_en_cache(request) or super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.respuesta_en_cache(request) or super().retrieve(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.action not in self.acciones_en_cache or not isinstance(response, Response):
            return response
        if response.status_code != status.HTTP_200_OK or response.exception:
            return response
        etiqueta = self.etiqueta(response)
        response["ETag"] = etiqueta
        if self._clave_cache is not None:
            response.render()
            cache_catalogo.guardar(self._clave_cache, response.content, response["Content-Type"], etiqueta)
        if coincide_if_none_match(request, etiqueta):
            no_modificado = HttpResponseNotModified()
            no_modificado["ETag"] = etiqueta
            return no_modificado
        return response


# Lists and categories: the ETag is a hash of the answer's bytes (any catalogue write may change it).
ETAG_LECTURA = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description="Huella de esta respuesta entre comillas; envíala en `If-None-Match` para volver a pedirla.",
)
IF_NONE_MATCH_LECTURA = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="El `ETag` de una respuesta anterior: si no ha cambiado, la respuesta es 304 sin cuerpo.",
)
NO_MODIFICADO = OpenApiResponse(description="No ha cambiado desde ese `ETag`.")


@extend_schema_view(
    list=extend_schema(
        parameters=[ETAG_LECTURA, IF_NONE_MATCH_LECTURA],
        responses={200: CategoriaSerializer(many=True), 304: NO_MODIFICADO},
    ),
    retrieve=extend_schema(
        parameters=[ETAG_LECTURA, IF_NONE_MATCH_LECTURA],
        responses={200: CategoriaSerializer, 304: NO_MODIFICADO},
    ),
)
class CategoriaViewSet(CatalogoEnCacheMixin, viewsets.ModelViewSet):
    """Categories: everyone signed in reads them, staff write them."""

    queryset = Categoria.objects.all()
    serializer_class = CategoriaSerializer
    permission_classes = [IsAuthenticated & (IsSoloLectura | IsPersonal)]
    search_fields = ["nombre"]
    ordering_fields = ["id", "nombre"]

    # Products show their category's name: a category write changes catalogue answers.
    def perform_create(self, serializer):
        serializer.save()
        cache_catalogo.invalidar_catalogo()

    def perform_update(self, serializer):
        serializer.save()
        cache_catalogo.invalidar_catalogo()

    def perform_destroy(self, instance):
        instance.delete()
        cache_catalogo.invalidar_catalogo()


class ProveedorViewSet(viewsets.ModelViewSet):
    """Suppliers: staff only."""

    queryset = Proveedor.objects.all()
    serializer_class = ProveedorSerializer
    permission_classes = [IsAuthenticated & IsPersonal]
    search_fields = ["nombre", "contacto"]
    ordering_fields = ["id", "nombre"]

    def perform_destroy(self, instance):
        # Its products lose their `proveedor` (SET NULL): their cached answers are out of date.
        instance.delete()
        cache_catalogo.invalidar_catalogo()


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
    "de lo que muestra la respuesta: sus campos o su stock, el nombre de su categoría, su foto principal o sus "
    "calificaciones. Envíala en `If-Match` al editar.",
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
        responses={200: ProductoSerializer, 304: NO_MODIFICADO},
    ),
    list=extend_schema(
        parameters=[ETAG_LECTURA, IF_NONE_MATCH_LECTURA],
        responses={200: ProductoSerializer(many=True), 304: NO_MODIFICADO},
    ),
    create=extend_schema(parameters=[ETAG]),
    update=EDICION,
    partial_update=EDICION,
)
class ProductoViewSet(CatalogoEnCacheMixin, viewsets.ModelViewSet):
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

    def etiqueta(self, response) -> str:
        # A product's answer carries its own version (E1's ETag, sent back in If-Match on edits).
        if self.action == "retrieve":
            return f'"{response.data["version"]}"'
        return super().etiqueta(response)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.action in {"create", "update", "partial_update"} and response.status_code in (200, 201):
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
        description="Sube una foto (solo personal). Se valida con Pillow, se guarda sin EXIF y con miniatura. "
        "Si pasa a ser la foto principal (la primera del producto), cambia la `version` (ETag) del producto: "
        "vuelve a leerlo antes de editarlo con `If-Match`.",
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

    @extend_schema(
        request=None,
        responses={204: None},
        description="Borra una foto del producto (solo personal). Borrar la foto principal cambia la `version` "
        "(ETag) del producto; borrar otra no.",
    )
    @action(
        detail=True, methods=["delete"], url_path=r"imagenes/(?P<imagen_id>\d+)", url_name="imagen", filter_backends=[]
    )
    def eliminar_imagen(self, request, pk=None, imagen_id=None):
        """Delete one of a product's photos (staff)."""
        imagen = get_object_or_404(ImagenProducto, pk=imagen_id, producto=self.get_object())
        services.eliminar_imagen(imagen=imagen)
        return Response(status=status.HTTP_204_NO_CONTENT)
