"""Password reset by email (API.md "Notifications"): request a link, confirm a new password."""

from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend import audit
from notificaciones import services as notificaciones
from usuarios import services
from usuarios.models import Usuario
from usuarios.serializers import MensajeSerializer
from usuarios.throttling import LoginUsuarioThrottle, PorDireccionThrottle

MENSAJE_SOLICITUD = "Si la dirección tiene una cuenta, te hemos enviado un enlace para restablecer la contraseña."
MENSAJE_TOKEN = "El enlace no es válido o ha caducado. Pide uno nuevo."


class ResetIPThrottle(PorDireccionThrottle):
    """Password-reset requests and confirmations per client address."""

    scope = "password_reset"
    estricto = True


class ResetEmailThrottle(LoginUsuarioThrottle):
    """Password-reset requests per target address (hashed), whatever address they come from."""

    scope = "password_reset_email"

    def username(self, request):
        email = request.data.get("email") if hasattr(request.data, "get") else None
        return email if isinstance(email, str) and email.strip() else None


class SolicitudResetSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class ConfirmacionResetSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    password = serializers.CharField(max_length=128, write_only=True, style={"input_type": "password"})

    def validate(self, attrs):
        try:
            pk = int(force_str(urlsafe_base64_decode(attrs["uid"])))
            usuario = Usuario.objects.get(pk=pk, is_active=True)
        except (ValueError, TypeError, OverflowError, Usuario.DoesNotExist):
            raise serializers.ValidationError({"token": [MENSAJE_TOKEN]}) from None
        if not default_token_generator.check_token(usuario, attrs["token"]):
            raise serializers.ValidationError({"token": [MENSAJE_TOKEN]})
        try:
            password_validation.validate_password(attrs["password"], usuario)
        except Exception as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        attrs["usuario"] = usuario
        return attrs


class SolicitudResetView(APIView):
    """Ask for a reset link: always 202, whether or not the address has an account."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ResetIPThrottle, ResetEmailThrottle]

    @extend_schema(request=SolicitudResetSerializer, responses={202: MensajeSerializer}, auth=[])
    def post(self, request):
        serializer = SolicitudResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        notificaciones.solicitar_reset_password(email=serializer.validated_data["email"])
        audit.registrar("password_reset_solicitado", request=request)
        return Response({"mensaje": MENSAJE_SOLICITUD}, status=status.HTTP_202_ACCEPTED)


class ConfirmacionResetView(APIView):
    """Set a new password with the emailed uid and token; every earlier token of the user dies."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ResetIPThrottle]

    @extend_schema(request=ConfirmacionResetSerializer, responses={200: MensajeSerializer}, auth=[])
    def post(self, request):
        serializer = ConfirmacionResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            # The token works once: with the user's row locked, check it again against the stored
            # password hash; of several concurrent confirmations only the first still matches.
            usuario = Usuario.objects.select_for_update().get(pk=serializer.validated_data["usuario"].pk)
            if not default_token_generator.check_token(usuario, serializer.validated_data["token"]):
                raise serializers.ValidationError({"token": [MENSAJE_TOKEN]})
            services.actualizar_usuario(usuario=usuario, password=serializer.validated_data["password"])
        audit.registrar("password_reset", request=request, objetivo_id=usuario.pk)
        return Response({"mensaje": "Contraseña actualizada. Inicia sesión con la nueva."}, status=status.HTTP_200_OK)
