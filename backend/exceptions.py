"""Domain errors and the one error format of the API: {"error", "codigo", "campos"}."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class DomainError(exceptions.APIException):
    """A broken business rule, answered as JSON with a stable Spanish code."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "Operación no válida."
    default_code = "operacion_invalida"

    def __init__(self, message=None, code=None, status_code=None):
        super().__init__(message or self.default_detail, code or self.default_code)
        if status_code is not None:
            self.status_code = status_code


class Conflicto(DomainError):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "La operación choca con el estado actual."
    default_code = "conflicto"


class CuerpoDemasiadoGrande(DomainError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "El cuerpo de la petición es demasiado grande."
    default_code = "cuerpo_demasiado_grande"


# DRF's own codes, renamed so every code the API emits is Spanish snake_case.
CODIGOS = {
    "not_authenticated": "no_autenticado",
    "authentication_failed": "autenticacion_fallida",
    "token_not_valid": "token_invalido",
    "user_inactive": "usuario_inactivo",
    "user_not_found": "token_invalido",
    "no_active_account": "token_invalido",
    "permission_denied": "permiso_denegado",
    "not_found": "no_encontrado",
    "method_not_allowed": "metodo_no_permitido",
    "not_acceptable": "no_aceptable",
    "unsupported_media_type": "tipo_no_soportado",
    "parse_error": "json_invalido",
    "throttled": "demasiadas_peticiones",
    "invalid": "validacion",
}


# Spanish text for messages that third-party code only ships in English.
MENSAJES = {
    "token_invalido": "El token no es válido o ha caducado.",
    "usuario_inactivo": "El usuario está inactivo.",
}


def _primer_mensaje(detalle):
    if isinstance(detalle, dict):
        for valor in detalle.values():
            return _primer_mensaje(valor)
    if isinstance(detalle, list):
        for valor in detalle:
            return _primer_mensaje(valor)
        return ""
    return str(detalle)


def _codigo(exc):
    codes = exc.get_codes()
    while isinstance(codes, (list, dict)) and codes:
        codes = codes[0] if isinstance(codes, list) else next(iter(codes.values()))
    codigo = codes if isinstance(codes, str) else exc.default_code
    return CODIGOS.get(codigo, codigo)


def exception_handler(exc, context):
    """Render every handled exception as {"error", "codigo", "campos"}."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("No encontrado.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        # Body over DJANGO_MAX_BODY_BYTES (DATA_UPLOAD_MAX_MEMORY_SIZE): Django would answer an HTML 400.
        exc = CuerpoDemasiadoGrande()
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        exc = Conflicto(
            "No se puede eliminar: otros registros (p. ej. ventas) dependen de este.",
            "registro_protegido",
        )

    if isinstance(exc, exceptions.Throttled):
        from backend import audit

        vista = context.get("view")
        audit.registrar(
            "peticion_limitada",
            request=context.get("request"),
            vista=type(vista).__name__ if vista else None,
            espera=exc.wait,
        )

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    if isinstance(exc, exceptions.ValidationError):
        detalle = exc.detail
        if isinstance(detalle, dict):
            campos = detalle
        else:
            campos = {"non_field_errors": detalle if isinstance(detalle, list) else [detalle]}
        response.data = {
            "error": _primer_mensaje(detalle) or "Datos no válidos.",
            "codigo": "validacion",
            "campos": campos,
        }
    else:
        codigo = _codigo(exc)
        response.data = {"error": MENSAJES.get(codigo) or _primer_mensaje(exc.detail), "codigo": codigo, "campos": {}}
    return response
