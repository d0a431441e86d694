"""The one error format of the API, {"error", "codigo", "campos"}, and the status of each error class.

Domain errors are plain exceptions (`backend.errores.DomainError` and the subclasses beside each
domain); `ESTADOS` below is the one table mapping them to HTTP status codes. `DomainError`,
`Conflicto` and `CuerpoDemasiadoGrande` stay importable from here.
"""

import re

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


# DRF's and Django's Spanish texts speak as "usted" ("Asegúrese de...", "Introduzca..."); the API
# speaks as "tú" and says what it is about. Each row: a formal text (as its Spanish catalogues write
# it, matched whole) -> the informal one; the captured values are kept. The first matching row wins.
# A value captured as `valor` is the client's own input: it is shortened (see _recortar).
# Other languages are left as they are.
TUTEO = [
    (r"Asegúrese de que este valor es menor o igual a (?P<n>.+?)\.?", "Como máximo {n}."),
    (r"Asegúrese de que este valor es mayor o igual a (?P<n>.+?)\.?", "Como mínimo {n}."),
    (r"Asegúrese de que este campo no tenga más de (?P<n>\d+) caracteres\.?", "Escribe como máximo {n} caracteres."),
    (r"Asegúrese de que este campo tenga al menos (?P<n>\d+) caracteres\.?", "Escribe al menos {n} caracteres."),
    (
        r"Asegúrese de que este valor tenga menos de (?P<n>\d+) caracter(es)? \(tiene ?(?P<m>\d+)\)\.?",
        "Escribe como máximo {n} caracteres (tiene {m}).",
    ),
    (
        r"Asegúrese de que este valor tenga al menos (?P<n>\d+) car[aá]cter(\(es\))? \(tiene ?(?P<m>\d+)\)\.?",
        "Escribe al menos {n} caracteres (tiene {m}).",
    ),
    (r"Asegúrese de que este campo no tiene más de (?P<n>\d+) elementos\.?", "Envía como máximo {n} elementos."),
    (r"Asegúrese de que este campo tiene al menos (?P<n>\d+) elementos\.?", "Envía al menos {n} elementos."),
    (r"Asegúrese de que no haya más de (?P<n>\d+) (dígitos? )?decimal(es)?\.?", "Usa como máximo {n} decimales."),
    (r"Asegúrese de que no ha(y|ya) más de (?P<n>\d+) dígitos? en total\.?", "Usa como máximo {n} cifras en total."),
    (
        r"Asegúrese de que no haya más de (?P<n>\d+) dígitos? (en la parte entera|antes del punto decimal)\.?",
        "Usa como máximo {n} cifras antes de la coma decimal.",
    ),
    (
        r"Asegúrese de que (el|este) nombre de archivo (no tenga más de|tenga como máximo) (?P<n>\d+) "
        r"car[aá]cter(es|\(es\))? \(tiene (?P<m>\d+)\)\.?",
        "El nombre del archivo puede tener como máximo {n} caracteres (tiene {m}).",
    ),
    (r"Asegúrese de que (?P<resto>.*)", "Comprueba que {resto}"),
    (r"Introduzca (?P<resto>.*)", "Escribe {resto}"),
    (r"Este campo no puede ser nulo\.?", "Este campo es obligatorio: no admite null."),
    (
        r'Tipo de medio "(?P<valor>.*)" incompatible en la solicitud\.?',
        'No se admite el tipo de contenido "{valor}": envía JSON (application/json) o, para subir archivos, '
        "multipart/form-data.",
    ),
    (r"La información enviada no era un archivo\..*", "Lo enviado no es un archivo: súbelo como multipart/form-data."),
    (r"No se ha enviado ningún fichero\..*", "No has enviado ningún archivo: súbelo como multipart/form-data."),
    (r"Envíe una imagen válida\..*", "Envía una imagen válida: el archivo no es una imagen o está dañado."),
    (r"Usted no tiene permiso para realizar esta acción\.?", "No tienes permiso para hacer esto."),
    # Texts that quote the client's input (greedy: a quote inside the input does not end it).
    (r'"(?P<valor>.*)" no es una elección válida\.?', "«{valor}» no es una opción válida."),
    (r"Valor (?P<c>['\"])(?P<valor>.*)(?P=c) no es una opción válida\.?", "«{valor}» no es una opción válida."),
    (r'Clave primaria "(?P<valor>.*)" inválida - objeto no existe\.?', "No existe ningún elemento con id «{valor}»."),
    (r"Objeto con (?P<campo>\w+)=(?P<valor>.*) no existe\.?", "No existe ningún elemento con {campo} «{valor}»."),
    (
        r"Escoja una opción válida\. (?P<valor>.*) no es una de las opciones disponibles\.?",
        "Elige una opción válida: «{valor}» no está entre las disponibles.",
    ),
    (r"Escoja (?P<resto>.*)", "Elige {resto}"),
    (r"“(?P<valor>.*)”(?P<resto>[: ].*)", "«{valor}»{resto}"),
]
_TUTEO = [(re.compile(patron, re.DOTALL), plantilla) for patron, plantilla in TUTEO]

# How much of the client's input an error message quotes back (a 10 KB value is not echoed whole).
LARGO_CITA = 50
# Any quoted run left in a message (one no row knows, say) is shortened as well.
_CITA = re.compile(r'"[^"]*"|«[^»]*»|“[^”]*”')


def _recortar(valor: str) -> str:
    return valor if len(valor) <= LARGO_CITA else valor[:LARGO_CITA] + "…"


def _tutear(texto):
    """A formal DRF/Django message in the API's informal Spanish, its quoted input shortened."""
    if not isinstance(texto, str):
        return texto
    nuevo = texto
    for patron, plantilla in _TUTEO:
        encontrado = patron.fullmatch(texto)
        if encontrado:
            valores = {k: v or "" for k, v in encontrado.groupdict().items()}
            valores["valor"] = _recortar(valores.get("valor", ""))
            nuevo = plantilla.format(**valores)
            break
    nuevo = _CITA.sub(lambda cita: cita[0][0] + _recortar(cita[0][1:-1]) + cita[0][-1], nuevo)
    if nuevo == texto:
        return texto
    # Keep DRF's ErrorDetail (its code) when there is one.
    return type(texto)(nuevo, code=texto.code) if isinstance(texto, exceptions.ErrorDetail) else nuevo


def _tutear_todo(detalle):
    if isinstance(detalle, dict):
        return {clave: _tutear_todo(valor) for clave, valor in detalle.items()}
    if isinstance(detalle, list):
        return [_tutear_todo(valor) for valor in detalle]
    return _tutear(detalle)


def _nombres_dependientes(exc) -> str:
    """The plural names of the kinds of rows that keep a deleted row alive ("detalles de venta")."""
    nombres = sorted({str(type(obj)._meta.verbose_name_plural) for obj in getattr(exc, "protected_objects", ())})
    return ", ".join(nombres) or "otros registros"


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
            Conflicto(
                f"No se puede eliminar: se usa en {_nombres_dependientes(exc)}. Bórralos o cámbialos antes.",
                "registro_protegido",
            )
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
        detalle = _tutear_todo(exc.detail)
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
        response.data = {
            # A domain error's text is ours (already informal; it may quote a stored name whole).
            "error": MENSAJES.get(codigo)
            or (str(exc.detail) if isinstance(exc, ErrorDeDominio) else _tutear(_primer_mensaje(exc.detail))),
            "codigo": codigo,
            "campos": {},
        }
        if isinstance(exc, ErrorDeDominio):
            response.data.update(exc.datos)
    return response
