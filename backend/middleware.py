"""Answer JSON 503 instead of an HTML 500 while the database is unreachable."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse

logger = logging.getLogger("django.request")


def respuesta_bd_caida():
    respuesta = JsonResponse(
        {
            "error": "El servicio no está disponible: la base de datos no responde.",
            "codigo": "servicio_no_disponible",
            "campos": {},
        },
        status=503,
    )
    respuesta["Retry-After"] = "5"
    return respuesta


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("database unavailable: %s", exception)
            return respuesta_bd_caida()
        return None
