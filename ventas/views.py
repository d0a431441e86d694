from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from backend import idempotencia
from usuarios.permissions import IsPersonal
from usuarios.throttling import ReservaLocalMixin
from ventas import selectors, services
from ventas.filters import CalificacionFilter, VentaFilter
from ventas.models import Calificacion, CarritoItem, Cupon, Venta
from ventas.serializers import (
    CalificacionSerializer,
    CarritoItemCantidadSerializer,
    CarritoItemSerializer,
    CarritoSerializer,
    CheckoutSerializer,
    CuponSerializer,
    EstadoVentaSerializer,
    ProductosMasVendidosQuerySerializer,
    RangoFechasSerializer,
    ReporteProductoSerializer,
    ReporteVentasSerializer,
    ReporteVentasUsuarioSerializer,
    ResumenCompraSerializer,
    VentaSerializer,
)


class CarritoView(APIView):
    """The caller's own cart."""

    @extend_schema(responses={200: CarritoSerializer})
    def get(self, request):
        carrito, _ = services.obtener_o_crear_carrito(usuario=request.user)
        return Response(
            CarritoSerializer(selectors.carrito_con_lineas(carrito_id=carrito.pk), context={"request": request}).data
        )

    @extend_schema(request=None, responses={200: CarritoSerializer, 201: CarritoSerializer})
    def post(self, request):
        carrito, creado = services.obtener_o_crear_carrito(usuario=request.user)
        codigo = status.HTTP_201_CREATED if creado else status.HTTP_200_OK
        return Response(
            CarritoSerializer(selectors.carrito_con_lineas(carrito_id=carrito.pk), context={"request": request}).data,
            status=codigo,
        )

    @extend_schema(responses={200: CarritoSerializer})
    def delete(self, request):
        carrito = services.vaciar_carrito(usuario=request.user)
        return Response(
            CarritoSerializer(selectors.carrito_con_lineas(carrito_id=carrito.pk), context={"request": request}).data
        )


class CarritoItemViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Lines of the caller's cart; another user's line is a 404."""

    serializer_class = CarritoItemSerializer
    filter_backends = []

    queryset = CarritoItem.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.lineas_de_carrito(usuario=self.request.user)

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return CarritoItemCantidadSerializer
        return CarritoItemSerializer

    @extend_schema(responses={201: CarritoItemSerializer, 200: CarritoItemSerializer})
    def create(self, request, *args, **kwargs):
        serializer = CarritoItemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item, creado = services.agregar_al_carrito(usuario=request.user, **serializer.validated_data)
        codigo = status.HTTP_201_CREATED if creado else status.HTTP_200_OK
        return Response(CarritoItemSerializer(item, context={"request": request}).data, status=codigo)

    @extend_schema(request=CarritoItemCantidadSerializer, responses={200: CarritoItemSerializer})
    def update(self, request, *args, **kwargs):
        item = self.get_object()
        serializer = CarritoItemCantidadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.cambiar_cantidad_item(item=item, cantidad=serializer.validated_data["cantidad"])
        return Response(CarritoItemSerializer(item, context={"request": request}).data)

    @extend_schema(request=CarritoItemCantidadSerializer, responses={200: CarritoItemSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)


class CheckoutThrottle(ReservaLocalMixin, ScopedRateThrottle):
    """Checkouts per user (per process while the shared cache is down)."""

    scope_attr = "checkout_scope"


class CheckoutView(APIView):
    """Confirm the purchase of the caller's cart."""

    throttle_classes = [CheckoutThrottle]
    checkout_scope = "checkout"

    @extend_schema(
        request=CheckoutSerializer,
        responses={
            201: VentaSerializer,
            409: OpenApiResponse(
                description="Sin stock (`stock_insuficiente`), total por encima del máximo "
                "(`importe_maximo_superado`), o `total_esperado` distinto del calculado "
                "(`precio_cambiado`, con `total_esperado` y `totales`)."
            ),
        },
        parameters=[idempotencia.PARAMETRO_OPENAPI],
    )
    def post(self, request):
        serializer = CheckoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        datos = serializer.validated_data

        def comprar():
            venta = services.confirmar_compra(
                usuario=request.user,
                codigo_cupon=datos.get("cupon") or None,
                total_esperado=datos.get("total_esperado"),
            )
            venta = selectors.venta_confirmada(venta=venta)
            return status.HTTP_201_CREATED, VentaSerializer(venta, context={"request": request}).data

        return idempotencia.responder(request, comprar, datos=datos)


class ResumenCompraView(APIView):
    """Preview of the amounts a checkout of the current cart would charge."""

    @extend_schema(
        parameters=[OpenApiParameter("cupon", OpenApiTypes.STR, required=False)],
        responses={
            200: ResumenCompraSerializer,
            409: OpenApiResponse(description="El total superaría el máximo registrable (`importe_maximo_superado`)."),
        },
    )
    def get(self, request):
        serializer = CheckoutSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        resumen = services.resumir_carrito(usuario=request.user, codigo_cupon=serializer.validated_data.get("cupon"))
        return Response(ResumenCompraSerializer(resumen).data)


class VentaViewSet(viewsets.ReadOnlyModelViewSet):
    """Sales: a client sees its own (purchase history), staff see all."""

    queryset = Venta.objects.none()
    serializer_class = VentaSerializer
    filterset_class = VentaFilter
    ordering_fields = ["fecha", "total", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.ventas_visibles(usuario=self.request.user, todas=self.request.user.es_personal)

    @extend_schema(request=EstadoVentaSerializer, responses={200: VentaSerializer})
    @action(detail=True, methods=["post"])
    def estado(self, request, pk=None):
        venta = self.get_object()
        serializer = EstadoVentaSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.cambiar_estado_venta(
            venta_id=venta.pk,
            estado=serializer.validated_data["estado"],
            usuario=request.user,
            como_comprador=not request.user.es_personal,
        )
        return Response(VentaSerializer(self.get_queryset().get(pk=venta.pk), context={"request": request}).data)


@extend_schema_view(
    create=extend_schema(
        responses={201: CalificacionSerializer, 404: OpenApiResponse(description="La venta no existe o no es tuya.")}
    )
)
class CalificacionViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Ratings of sales: the buyer rates its sale once; clients see their own, staff all."""

    queryset = Calificacion.objects.none()
    serializer_class = CalificacionSerializer
    filterset_class = CalificacionFilter
    ordering_fields = ["fecha", "calificacion"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        qs = Calificacion.objects.all()
        return qs if self.request.user.es_personal else qs.filter(usuario=self.request.user)

    def perform_create(self, serializer):
        datos = serializer.validated_data
        serializer.instance = services.calificar_venta(
            usuario=self.request.user,
            venta_id=datos["venta_id"],
            calificacion=datos["calificacion"],
            comentario=datos.get("comentario", ""),
        )


class CuponViewSet(viewsets.ModelViewSet):
    """Coupons, managed by staff."""

    queryset = Cupon.objects.all()
    serializer_class = CuponSerializer
    permission_classes = [IsAuthenticated & IsPersonal]
    filterset_fields = ["activo", "tipo"]
    search_fields = ["codigo"]
    ordering_fields = ["id", "codigo", "valido_hasta"]


class ReporteVentasView(APIView):
    """Sales count, total, average ticket and per-day totals."""

    permission_classes = [IsAuthenticated & IsPersonal]

    @extend_schema(parameters=[RangoFechasSerializer], responses={200: ReporteVentasSerializer})
    def get(self, request):
        rango = RangoFechasSerializer(data=request.query_params)
        rango.is_valid(raise_exception=True)
        # Reports answer the selectors' plain rows: the serializers only describe them in the schema,
        # running them over thousands of rows would cost more than the query.
        return Response(selectors.ventas_por_dia(**rango.validated_data))


class ReporteVentasUsuarioView(APIView):
    """Sales per buyer, highest total first."""

    permission_classes = [IsAuthenticated & IsPersonal]

    @extend_schema(parameters=[RangoFechasSerializer], responses={200: ReporteVentasUsuarioSerializer(many=True)})
    def get(self, request):
        rango = RangoFechasSerializer(data=request.query_params)
        rango.is_valid(raise_exception=True)
        filas = selectors.ventas_por_usuario(**rango.validated_data)
        return Response(filas)


class ReporteProductosMasVendidosView(APIView):
    """Best-selling products by units."""

    permission_classes = [IsAuthenticated & IsPersonal]

    @extend_schema(
        parameters=[ProductosMasVendidosQuerySerializer], responses={200: ReporteProductoSerializer(many=True)}
    )
    def get(self, request):
        consulta = ProductosMasVendidosQuerySerializer(data=request.query_params)
        consulta.is_valid(raise_exception=True)
        filas = selectors.productos_mas_vendidos(**consulta.validated_data)
        return Response(filas)
