"""JWT authentication that also refuses tokens issued before the user's last deactivation."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed


class JWTAutenticacion(JWTAuthentication):
    """simplejwt's Bearer authentication plus `Usuario.tokens_validos_desde` (no extra query)."""

    def get_user(self, validated_token):
        usuario = super().get_user(validated_token)
        if not usuario.acepta_token_emitido(validated_token.get("iat")):
            raise AuthenticationFailed("Token no válido.", code="token_not_valid")
        return usuario


class JWTAutenticacionScheme(SimpleJWTScheme):
    """OpenAPI: the same `jwtAuth` Bearer scheme as simplejwt's own class."""

    target_class = "usuarios.authentication.JWTAutenticacion"
