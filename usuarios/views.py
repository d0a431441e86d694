from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status, viewsets
from rest_framework.exceptions import AuthenticationFailed, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from backend import audit
from usuarios import cookie_refresco, services
from usuarios.models import Usuario, normalizar_username
from usuarios.permissions import IsAdministrador, IsEmpleado, IsSoloLectura, PuedePedirRol
from usuarios.serializers import (
    MENSAJE_CREDENCIALES,
    CambioPasswordSerializer,
    LoginRespuestaSerializer,
    LogoutSerializer,
    MensajeSerializer,
    MeSerializer,
    RefreshPeticionSerializer,
    RefreshRespuestaSerializer,
    RegistroRespuestaSerializer,
    RegistroSerializer,
    UsuarioResumenSerializer,
    UsuarioSerializer,
)
from usuarios.throttling import CambioPasswordThrottle, LoginIPThrottle, LoginUsuarioThrottle, RegistroThrottle


class RegistroView(APIView):
    """Sign up. Anonymous callers get CLIENT; only an administrator may ask for another role."""

    permission_classes = [PuedePedirRol]
    throttle_classes = [RegistroThrottle]

    @extend_schema(
        request=RegistroSerializer,
        responses={201: RegistroRespuestaSerializer},
        auth=[{"jwtAuth": []}, {}],
    )
    def post(self, request):
        serializer = RegistroSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        usuario = services.crear_usuario(**serializer.validated_data)
        audit.registrar("usuario_registrado", request=request, objetivo_id=usuario.pk, rol=usuario.rol)
        cuerpo = {"mensaje": "Usuario creado correctamente", "usuario": UsuarioResumenSerializer(usuario).data}
        return Response(cuerpo, status=status.HTTP_201_CREATED)


class LoginView(TokenObtainPairView):
    """Exchange username and password for a refresh/access token pair."""

    throttle_classes = [LoginIPThrottle, LoginUsuarioThrottle]

    @extend_schema(
        responses={200: LoginRespuestaSerializer, 401: OpenApiResponse(description="Credenciales inválidas")}
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except (AuthenticationFailed, TokenError):
            username = request.data.get("username") if hasattr(request.data, "get") else None
            audit.registrar("login_fallido", request=request, username=(normalizar_username(username) or "")[:150])
            raise AuthenticationFailed(MENSAJE_CREDENCIALES, "credenciales_invalidas") from None
        audit.registrar("login", request=request, usuario=serializer.user)
        datos = dict(serializer.validated_data)
        respuesta = Response(datos, status=status.HTTP_200_OK)
        cookie_refresco.poner(respuesta, datos["refresh"])
        if hasattr(request.data, "get") and request.data.get("cookie") is True:
            # The SPA asked for the refresh token in the HttpOnly cookie only: out of reach of scripts.
            del datos["refresh"]
        return respuesta


class CookieRechazada(AuthenticationFailed):
    """The refresh cookie is spent or revoked: 401, and the answer deletes the cookie."""

    default_detail = "Token no válido."
    default_code = "token_not_valid"


class RefreshView(TokenRefreshView):
    """Trade a refresh token for a new access token (and a new refresh token: rotation)."""

    @extend_schema(
        request=RefreshPeticionSerializer,
        responses={200: RefreshRespuestaSerializer},
        description=(
            "`refresh` travels in the JSON body (scripts, Postman) or, for the SPA, in the HttpOnly "
            "cookie set by login; with the cookie the new refresh token goes back in the cookie only."
        ),
    )
    def post(self, request, *args, **kwargs):
        desde_cookie = cookie_refresco.leer(request)
        datos = {"refresh": desde_cookie} if desde_cookie else request.data
        serializer = self.get_serializer(data=datos)
        try:
            serializer.is_valid(raise_exception=True)
        except (AuthenticationFailed, TokenError, InvalidToken):
            if desde_cookie:
                raise CookieRechazada() from None
            raise
        datos = dict(serializer.validated_data)
        respuesta = Response(datos, status=status.HTTP_200_OK)
        if desde_cookie:
            cookie_refresco.poner(respuesta, datos.pop("refresh"))
        return respuesta

    def handle_exception(self, exc):
        respuesta = super().handle_exception(exc)
        if isinstance(exc, CookieRechazada):
            cookie_refresco.borrar(respuesta)
        return respuesta


class LogoutView(APIView):
    """Blacklist the caller's refresh token so it can never be used again."""

    @extend_schema(request=LogoutSerializer, responses={200: MensajeSerializer})
    def post(self, request):
        desde_cookie = cookie_refresco.leer(request)
        serializer = LogoutSerializer(data={"refresh": desde_cookie} if desde_cookie else request.data)
        serializer.is_valid(raise_exception=True)
        respuesta = Response({"mensaje": "Sesión cerrada"}, status=status.HTTP_200_OK)
        try:
            token = RefreshToken(serializer.validated_data["refresh"])
        except TokenError:
            if desde_cookie:
                # An already-spent cookie: the session is over anyway; forget it.
                cookie_refresco.borrar(respuesta)
                return respuesta
            raise ValidationError({"refresh": ["Token no válido o caducado."]}) from None
        if str(token.get(jwt_settings.USER_ID_CLAIM)) != str(request.user.pk):
            raise ValidationError({"refresh": ["El token no pertenece a este usuario."]})
        token.blacklist()
        audit.registrar("logout", request=request)
        if desde_cookie:
            cookie_refresco.borrar(respuesta)
        return respuesta


class MeView(generics.RetrieveUpdateAPIView):
    """The caller's own account; `rol` is read-only here."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "patch", "put", "head", "options"]

    def get_object(self):
        return self.request.user


class CambioPasswordView(APIView):
    """Change the caller's own password; every token issued before stops working."""

    throttle_classes = [CambioPasswordThrottle]

    @extend_schema(request=CambioPasswordSerializer, responses={200: MensajeSerializer})
    def post(self, request):
        serializer = CambioPasswordSerializer(data=request.data, context={"usuario": request.user})
        serializer.is_valid(raise_exception=True)
        services.actualizar_usuario(usuario=request.user, password=serializer.validated_data["password_nuevo"])
        audit.registrar("cambio_password", request=request, objetivo_id=request.user.pk)
        return Response({"mensaje": "Contraseña actualizada. Inicia sesión de nuevo."}, status=status.HTTP_200_OK)


@extend_schema_view(destroy=extend_schema(responses={204: None, 200: UsuarioSerializer}))
class UsuarioViewSet(viewsets.ModelViewSet):
    """Users: administrators manage them, employees can look them up."""

    queryset = Usuario.objects.all()
    serializer_class = UsuarioSerializer
    permission_classes = [IsAuthenticated & (IsAdministrador | (IsEmpleado & IsSoloLectura))]
    filterset_fields = ["rol", "is_active"]
    search_fields = ["username", "email", "first_name", "last_name"]
    ordering_fields = ["id", "username", "date_joined"]

    def perform_create(self, serializer):
        serializer.instance = services.crear_usuario(**serializer.validated_data)
        audit.registrar("usuario_creado", request=self.request, objetivo_id=serializer.instance.pk)

    def perform_update(self, serializer):
        serializer.instance = services.actualizar_usuario(
            usuario=serializer.instance, por=self.request.user, **serializer.validated_data
        )

    def destroy(self, request, *args, **kwargs):
        usuario = self.get_object()
        if services.eliminar_usuario(usuario=usuario, por=request.user):
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(UsuarioSerializer(usuario).data, status=status.HTTP_200_OK)
