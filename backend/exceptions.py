"""The one error format of the API, {"error", "codigo", "campos"}, and the status of each error class.

Domain errors are plain exceptions (`backend.errores.DomainError` and the subclasses beside each
domain); `ESTADOS` below is the one table mapping them to HTTP status codes. `DomainError`,
`Conflicto` and `CuerpoDemasiadoGrande` stay importable from here.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from backend.errores import AccionNoPermitida, Conflicto, CuerpoDemasiadoGrande, DomainError, NoEncontrado
from backend.idempotencia import IdempotenciaCuerpoDistinto, IdempotenciaEnCurso
from inventario.exceptions import StockInsuficiente
from pagos.exceptions import ErrorProveedor, FirmaInvalida, PagoRechazado, ProveedorNoDisponible, VentaNoPendiente
from productos.exceptions import ProductoModificado
from ventas.exceptions import (
    CarritoVacio,
    CuponNoValido,
    ImporteMaximoSuperado,
    PrecioCambiado,
    TransicionNoPermitida,
    VentaYaCalificada,
)

__all__ = ["ESTADOS", "Conflicto", "CuerpoDemasiadoGrande", "DomainError", "exception_handler"]

# Domain error class -> HTTP status. A class without a row takes its nearest ancestor's.
ESTADOS: dict[type[DomainError], int] = {
    DomainError: status.HTTP_400_BAD_REQUEST,
    Conflicto: status.HTTP_409_CONFLICT,
    NoEncontrado: status.HTTP_404_NOT_FOUND,
    AccionNoPermitida: status.HTTP_403_FORBIDDEN,
    CuerpoDemasiadoGrande: status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    # ventas
    CarritoVacio: status.HTTP_400_BAD_REQUEST,
    CuponNoValido: status.HTTP_400_BAD_REQUEST,
    TransicionNoPermitida: status.HTTP_409_CONFLICT,
    VentaYaCalificada: status.HTTP_409_CONFLICT,
    ImporteMaximoSuperado: status.HTTP_409_CONFLICT,
    PrecioCambiado: status.HTTP_409_CONFLICT,
    # inventario
    StockInsuficiente: status.HTTP_409_CONFLICT,
    # productos: an edit whose If-Match is not the product's current version
    ProductoModificado: status.HTTP_412_PRECONDITION_FAILED,
    # idempotency
    IdempotenciaEnCurso: status.HTTP_409_CONFLICT,
    IdempotenciaCuerpoDistinto: status.HTTP_422_UNPROCESSABLE_ENTITY,
    # pagos
    VentaNoPendiente: status.HTTP_409_CONFLICT,
    ProveedorNoDisponible: status.HTTP_400_BAD_REQUEST,
    FirmaInvalida: status.HTTP_400_BAD_REQUEST,
    PagoRechazado: status.HTTP_409_CONFLICT,
    ErrorProveedor: status.HTTP_502_BAD_GATEWAY,
}


def estado_http(exc: DomainError) -> int:
    """The status of a domain error: its class's row in ESTADOS, or its nearest ancestor's."""
    for clase in type(exc).__mro__:
        if clase in ESTADOS:
            return ESTADOS[clase]
    return status.HTTP_400_BAD_REQUEST


class ErrorDeDominio(exceptions.APIException):
    """A DomainError carried through DRF's handler with its status, code and extra body keys."""

    def __init__(self, exc: DomainError):
        super().__init__(exc.mensaje, exc.codigo)
        self.status_code = estado_http(exc)
        self.datos = exc.datos


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


def _conflicto_de_integridad(exc: IntegrityError) -> Conflicto:
    causa = exc.__cause__
    unico = getattr(causa, "pgcode", None) == "23505" or "UNIQUE constraint failed" in str(exc)
    if unico:
        return Conflicto("Ya existe un registro con esos datos.", "registro_duplicado")
    return Conflicto("La operación choca con una regla de los datos guardados.", "conflicto")


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
        exc = ErrorDeDominio(CuerpoDemasiadoGrande())
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        exc = ErrorDeDominio(
            Conflicto("No se puede eliminar: otros registros (p. ej. ventas) dependen de este.", "registro_protegido")
        )
    elif isinstance(exc, IntegrityError):
        # A unique index or check lost a race the validators could not see (e.g. two creations of the
        # same lower-cased name at once): the state changed under the request, never a 500.
        exc = ErrorDeDominio(_conflicto_de_integridad(exc))
    elif isinstance(exc, DomainError):
        exc = ErrorDeDominio(exc)
    if isinstance(exc, exceptions.PermissionDenied) and exc.detail == exceptions.PermissionDenied.default_detail:
        # DRF's own text (combined permissions such as `IsEmpleado & IsSoloLectura` lose their
        # message) says "Usted no tiene permiso..."; the API speaks to the user as "tú".
        exc = exceptions.PermissionDenied("No tienes permiso para hacer esto.")

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
        if isinstance(exc, ErrorDeDominio):
            response.data.update(exc.datos)
    return response
