from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend import idempotencia
from pagos import selectors, services
from pagos.models import Pago
from pagos.serializers import IniciarPagoSerializer, PagoSerializer, ProveedorPagoSerializer, SimularPagoSerializer
from pagos.throttling import WebhookPaypalThrottle


class ProveedoresView(APIView):
    """The payment providers enabled on this shop."""

    @extend_schema(responses={200: ProveedorPagoSerializer(many=True)})
    def get(self, request):
        return Response(ProveedorPagoSerializer(selectors.proveedores_habilitados(), many=True).data)


class VentaPagosView(generics.ListAPIView):
    """A sale's payments (buyer or staff), and a new payment of it (buyer)."""

    serializer_class = PagoSerializer
    queryset = Pago.objects.none()
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.pagos_de_venta(
            venta_id=self.kwargs["pk"], usuario=self.request.user, es_personal=self.request.user.es_personal
        )

    @extend_schema(
        request=IniciarPagoSerializer,
        parameters=[idempotencia.PARAMETRO_OPENAPI],
        responses={201: PagoSerializer, 200: PagoSerializer},
    )
    def post(self, request, pk):
        serializer = IniciarPagoSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        def pagar():
            pago, creado = services.iniciar_pago(usuario=request.user, venta_id=pk, **serializer.validated_data)
            codigo = status.HTTP_201_CREATED if creado else status.HTTP_200_OK
            return codigo, PagoSerializer(pago, context={"request": request}).data

        return idempotencia.responder(request, pagar, datos=serializer.validated_data)


class CapturarPagoView(APIView):
    """Capture the PayPal order the buyer approved."""

    @extend_schema(request=None, responses={200: PagoSerializer})
    def post(self, request, pk):
        pago = services.capturar_pago(usuario=request.user, pago_id=pk)
        return Response(PagoSerializer(pago, context={"request": request}).data)


class SimularPagoView(APIView):
    """The simulated provider: do what its success or failure notification would do."""

    @extend_schema(request=SimularPagoSerializer, responses={200: PagoSerializer})
    def post(self, request, pk):
        serializer = SimularPagoSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        exito = serializer.validated_data["resultado"] == "exito"
        pago = services.simular_pago(usuario=request.user, pago_id=pk, exito=exito)
        return Response(PagoSerializer(pago, context={"request": request}).data)


class WebhookView(APIView):
    """A provider's notification: verified, recorded by its id and applied once."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []
    proveedor = ""

    @extend_schema(
        request={"application/json": dict},
        responses={
            200: OpenApiResponse(description="Aplicada o ignorada."),
            400: OpenApiResponse(description="Firma no válida."),
        },
    )
    def post(self, request):
        # The raw body: the signature covers the exact bytes the provider sent.
        services.recibir_webhook(proveedor=self.proveedor, cuerpo=request.body, cabeceras=request.headers)
        return Response({"recibido": True})


class WebhookStripeView(WebhookView):
    # Unthrottled: the signature is checked locally (one HMAC of a body capped by
    # DJANGO_MAX_BODY_BYTES), so a flood costs no more than requests to a missing route, and a limit
    # could only delay Stripe's own bursts from its few sending addresses.
    proveedor = Pago.Proveedor.STRIPE


class WebhookPaypalView(WebhookView):
    # Each notification costs two calls to PayPal to verify (token, verify-webhook-signature):
    # limited per address so nobody can make us hammer PayPal. PayPal redelivers a 429 later.
    proveedor = Pago.Proveedor.PAYPAL
    throttle_classes = [WebhookPaypalThrottle]
