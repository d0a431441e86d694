from django.contrib.auth import password_validation
from rest_framework import exceptions, serializers
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from notificaciones.serializers import PreferenciaEmailField, guardar_preferencia_email
from usuarios.models import Usuario

MENSAJE_CREDENCIALES = "Credenciales inválidas"


class UsuarioResumenSerializer(serializers.ModelSerializer):
    class Meta:
        model = Usuario
        fields = ["id", "username", "email", "rol"]


class RegistroSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    password = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    rol = serializers.ChoiceField(choices=Usuario.Rol.choices, default=Usuario.Rol.CLIENT)

    def validate(self, attrs):
        candidato = Usuario(username=attrs["username"], email=attrs.get("email", ""))
        try:
            password_validation.validate_password(attrs["password"], candidato)
        except Exception as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs


class RegistroRespuestaSerializer(serializers.Serializer):
    mensaje = serializers.CharField()
    usuario = UsuarioResumenSerializer()


class UsuarioSerializer(serializers.ModelSerializer):
    """Full user for administrators; `password` is write-only and hashed."""

    password = serializers.CharField(write_only=True, required=False, max_length=128, style={"input_type": "password"})

    class Meta:
        model = Usuario
        fields = ["id", "username", "email", "first_name", "last_name", "rol", "is_active", "date_joined", "password"]
        read_only_fields = ["date_joined"]
        extra_kwargs = {"username": {"validators": []}}

    def validate_username(self, valor):
        qs = Usuario.objects.filter(username__iexact=valor)
        if self.instance is not None:
            qs = qs.exclude(pk=self.instance.pk)
        if qs.exists():
            raise serializers.ValidationError("El usuario ya existe")
        return valor

    def validate(self, attrs):
        if attrs.get("password"):
            candidato = self.instance or Usuario(username=attrs.get("username", ""))
            try:
                password_validation.validate_password(attrs["password"], candidato)
            except Exception as exc:
                raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs


class MeSerializer(serializers.ModelSerializer):
    notificaciones_email = PreferenciaEmailField()

    class Meta:
        model = Usuario
        fields = ["id", "username", "email", "first_name", "last_name", "rol", "notificaciones_email"]
        read_only_fields = ["id", "username", "rol"]

    def update(self, instance, validated_data):
        guardar_preferencia_email(usuario=instance, validated_data=validated_data)
        return super().update(instance, validated_data)


class LoginSerializer(TokenObtainPairSerializer):
    """Username/password in, a refresh/access pair out; `rol` travels as a claim for the SPA."""

    default_error_messages = {"no_active_account": MENSAJE_CREDENCIALES}

    @classmethod
    def get_token(cls, user):
        token = super().get_token(user)
        token["rol"] = user.rol
        return token

    def validate(self, attrs):
        data = super().validate(attrs)
        data["usuario"] = UsuarioResumenSerializer(self.user).data
        return data


class LoginRespuestaSerializer(serializers.Serializer):
    refresh = serializers.CharField()
    access = serializers.CharField()
    usuario = UsuarioResumenSerializer()


class RefreshSerializer(TokenRefreshSerializer):
    """Refresh that also refuses tokens of deleted, inactive or re-passworded users."""

    refresh = serializers.CharField(max_length=2048)

    def validate(self, attrs):
        from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

        try:
            token = self.token_class(attrs["refresh"])
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        user_id = token.payload.get(api_settings.USER_ID_CLAIM)
        usuario = Usuario.objects.filter(pk=user_id).first() if user_id else None
        if usuario is None or not usuario.is_active:
            raise exceptions.AuthenticationFailed("Token no válido.", "token_not_valid")
        if token.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(usuario.password):
            raise exceptions.AuthenticationFailed("Token no válido.", "token_not_valid")
        try:
            return super().validate(attrs)
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc


class RefreshRespuestaSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=2048)


class MensajeSerializer(serializers.Serializer):
    mensaje = serializers.CharField()


class CambioPasswordSerializer(serializers.Serializer):
    """The caller's current password and a new one that passes Django's validators."""

    password_actual = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})
    password_nuevo = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})

    def validate_password_actual(self, valor):
        if not self.context["usuario"].check_password(valor):
            raise serializers.ValidationError("La contraseña actual no es correcta.")
        return valor

    def validate_password_nuevo(self, valor):
        try:
            password_validation.validate_password(valor, self.context["usuario"])
        except Exception as exc:
            raise serializers.ValidationError(list(exc.messages)) from exc
        return valor
