"""Answer JSON 503 instead of an HTML 500 while the database is unreachable or a statement ran too long."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse

logger = logging.getLogger("django.request")


def _respuesta_503(error: str, codigo: str) -> JsonResponse:
    respuesta = JsonResponse({"error": error, "codigo": codigo, "campos": {}}, status=503)
    respuesta["Retry-After"] = "5"
    return respuesta


def respuesta_bd_caida() -> JsonResponse:
    return _respuesta_503("El servicio no está disponible: la base de datos no responde.", "servicio_no_disponible")


# PostgreSQL's query_canceled: the statement outlived DB_STATEMENT_TIMEOUT_MS (backend/settings.py).
CONSULTA_CANCELADA = "57014"


def respuesta_consulta_lenta() -> JsonResponse:
    return _respuesta_503(
        "La petición necesitaba demasiado tiempo y se ha cancelado. Prueba con una búsqueda más concreta.",
        "consulta_demasiado_lenta",
    )


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if (
            isinstance(exception, OperationalError)
            and getattr(exception.__cause__, "pgcode", None) == CONSULTA_CANCELADA
        ):
            logger.error("statement cancelled by statement_timeout: %s %s", request.method, request.path)
            return respuesta_consulta_lenta()
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("database unavailable: %s", exception)
            return respuesta_bd_caida()
        return None
