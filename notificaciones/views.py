from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from notificaciones import selectors, services
from notificaciones.serializers import (
    FiltroNotificacionesSerializer,
    MarcadasSerializer,
    NotificacionSerializer,
    ResumenSerializer,
)


class NotificacionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own notifications: list, unread count, mark read. Another user's are 404."""

    serializer_class = NotificacionSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return NotificacionSerializer.Meta.model.objects.none()
        no_leidas = False
        if self.action == "list":
            filtro = FiltroNotificacionesSerializer(data=self.request.query_params)
            filtro.is_valid(raise_exception=True)
            no_leidas = filtro.validated_data["no_leidas"]
        return selectors.notificaciones_de(usuario=self.request.user, no_leidas=no_leidas)

    @extend_schema(parameters=[OpenApiParameter("no_leidas", bool, description="Solo las no leídas.")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: ResumenSerializer})
    @action(detail=False, methods=["get"])
    def resumen(self, request):
        return Response({"no_leidas": selectors.contar_no_leidas(usuario=request.user)})

    @extend_schema(request=None, responses={200: NotificacionSerializer})
    @action(detail=True, methods=["post"])
    def leida(self, request, pk=None):
        notificacion = services.marcar_leida(notificacion=self.get_object())
        return Response(NotificacionSerializer(notificacion).data)

    @extend_schema(request=None, responses={200: MarcadasSerializer})
    @action(detail=False, methods=["post"], url_path="leer-todas")
    def leer_todas(self, request):
        return Response({"marcadas": services.marcar_todas_leidas(usuario=request.user)})
