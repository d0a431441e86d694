import re

from django.contrib.auth import password_validation
from rest_framework import exceptions, serializers
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from notificaciones.serializers import PreferenciaEmailField, guardar_preferencia_email
from usuarios import services, tokens
from usuarios.models import Usuario, normalizar_username

MENSAJE_CREDENCIALES = "Credenciales inválidas"
MENSAJE_USERNAME_INVALIDO = "El usuario solo puede tener letras, números y los signos @ . + - _ (150 como máximo)."
FORMA_USERNAME = re.compile(r"[\w.@+-]+")
MENSAJE_EMAIL_OBLIGATORIO = "El email es obligatorio: lo necesitas para recuperar tu contraseña."


def _username_libre(valor, instancia=None):
    """The normalised username, or the "already exists" error when taken in any case."""
    valor = normalizar_username(valor) or ""
    # NFKC can expand a character into several, spaces included ("ﷺ" is 18): check the result again.
    if not FORMA_USERNAME.fullmatch(valor) or len(valor) > 150:
        raise serializers.ValidationError(MENSAJE_USERNAME_INVALIDO)
    qs = Usuario.objects.filter(username__iexact=valor)
    if instancia is not None:
        qs = qs.exclude(pk=instancia.pk)
    if qs.exists():
        raise serializers.ValidationError(services.MENSAJE_USUARIO_EXISTE)
    return valor


def _email_libre(valor, instancia=None):
    """The normalised email, or an error when another account has it in any case."""
    valor = Usuario.objects.normalize_email(valor or "").strip()
    if not valor:
        return valor
    qs = Usuario.objects.filter(email__iexact=valor)
    if instancia is not None:
        qs = qs.exclude(pk=instancia.pk)
    if qs.exists():
        raise serializers.ValidationError(services.MENSAJE_EMAIL_EXISTE)
    return valor


class UsuarioResumenSerializer(serializers.ModelSerializer):
    class Meta:
        model = Usuario
        fields = ["id", "username", "email", "rol"]


class RegistroSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    password = serializers.CharField(write_only=True, max_length=128, style={"input_type": "password"})
    email = serializers.EmailField(
        max_length=254, error_messages={"required": MENSAJE_EMAIL_OBLIGATORIO, "blank": MENSAJE_EMAIL_OBLIGATORIO}
    )
    rol = serializers.ChoiceField(choices=Usuario.Rol.choices, default=Usuario.Rol.CLIENT)

    def validate_username(self, valor):
        return _username_libre(valor)

    def validate_email(self, valor):
        return _email_libre(valor)

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
        return _username_libre(valor, self.instance)

    def validate_email(self, valor):
        return _email_libre(valor, self.instance)

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

    def validate_email(self, valor):
        return _email_libre(valor, self.instance)


class LoginSerializer(TokenObtainPairSerializer):
    """Username/password in, a refresh/access pair out; `rol` travels as a claim for the SPA."""

    default_error_messages = {"no_active_account": MENSAJE_CREDENCIALES}

    @classmethod
    def get_token(cls, user):
        token = super().get_token(user)
        token["rol"] = user.rol
        return token

    def validate(self, attrs):
        attrs = {**attrs, self.username_field: normalizar_username(attrs.get(self.username_field)) or ""}
        data = super().validate(attrs)
        data["usuario"] = UsuarioResumenSerializer(self.user).data
        return data


class LoginRespuestaSerializer(serializers.Serializer):
    refresh = serializers.CharField()
    access = serializers.CharField()
    usuario = UsuarioResumenSerializer()


class RefreshSerializer(TokenRefreshSerializer):
    """Refresh, at most once per token, refusing tokens of deleted, inactive, re-passworded or
    deactivated-since users. `refresh` may also come from the SPA's HttpOnly cookie (the view)."""

    refresh = serializers.CharField(max_length=2048)

    def validate(self, attrs):
        try:
            token = self.token_class(attrs["refresh"])
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        user_id = token.payload.get(api_settings.USER_ID_CLAIM)
        usuario = Usuario.objects.filter(pk=user_id).first() if user_id else None
        if (
            usuario is None
            or not usuario.is_active
            or token.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(usuario.password)
            or not usuario.acepta_token_emitido(token.get("iat"))
        ):
            raise exceptions.AuthenticationFailed("Token no válido.", "token_not_valid")
        # One atomic insert into the blacklist decides which of several parallel refreshes wins.
        if not tokens.canjear_refresh(token=token, usuario=usuario):
            raise InvalidToken("Token is blacklisted")
        datos = {"access": str(token.access_token)}
        token.set_jti()
        token.set_exp()
        token.set_iat()
        token.outstand()
        datos["refresh"] = str(token)
        return datos


class RefreshPeticionSerializer(serializers.Serializer):
    refresh = serializers.CharField(required=False, help_text="Omitted when the HttpOnly cookie carries it.")


class RefreshRespuestaSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField(required=False, help_text="Absent when the token travels in the cookie.")


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=2048, help_text="Omitted when the HttpOnly cookie carries it.")


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
