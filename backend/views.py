"""Project-wide views: health and liveness checks, JSON 404/500 for /api/, the SPA entry point."""

import json
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import SuspiciousFileOperation
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.static import serve
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from backend.cache import ALIAS_ESTRICTA
from backend.middleware import respuesta_bd_caida


def media(request, path):
    """An uploaded file under MEDIA_ROOT, with DEBUG on or DJANGO_SERVIR_MEDIA (single-host demos).

    A real deployment serves MEDIA_URL from nginx or S3 and leaves both off: this is a 404 then.
    """
    if not (settings.DEBUG or settings.SERVIR_MEDIA):
        raise Http404
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation:  # a path out of MEDIA_ROOT ("../")
        raise Http404 from None


def _medir(comprobar) -> tuple[str, float]:
    """("ok" or "down", milliseconds) of one dependency check."""
    inicio = time.perf_counter()
    try:
        comprobar()
        estado = "ok"
    except Exception:  # any failure of a dependency is reported, never raised
        estado = "down"
    return estado, round((time.perf_counter() - inicio) * 1000, 1)


def _comprobar_bd():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        connection.close_if_unusable_or_obsolete()
        raise


def _comprobar_cache():
    # The alias that raises on connection errors (backend/cache.py): `default` would hide them.
    caches[ALIAS_ESTRICTA].get("salud:ping")


def _comprobar_broker():
    from kombu import Connection

    opciones = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "max_retries": 0}
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=0.5, transport_options=opciones) as conexion:
        conexion.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=1)
        conexion.default_channel  # noqa: B018 - opening a channel is the round trip (Redis: PING)


def _estado(nombre: str, **extra):
    return serializers.CharField(help_text=f'"ok" or "down": {nombre}.', **extra)


_DEPENDENCIAS = {
    "database": _estado("the database answered SELECT 1"),
    "cache": _estado("Redis (or the per-process cache) answered a GET"),
    "broker": _estado("the Celery broker accepted a connection; only when CELERY_BROKER_URL is set", required=False),
    "latencia_ms": serializers.DictField(child=serializers.FloatField(), help_text="milliseconds per check"),
}


@extend_schema(
    auth=[],
    responses={
        200: inline_serializer(
            "Salud",
            {
                "status": serializers.CharField(help_text='"ok", or "degraded" when the cache or broker is down'),
                **_DEPENDENCIAS,
            },
        ),
        503: inline_serializer(
            "SaludError",
            {
                "error": serializers.CharField(),
                "codigo": serializers.CharField(),
                "campos": serializers.DictField(),
                "status": serializers.CharField(help_text='"down": the database does not answer'),
                **_DEPENDENCIAS,
            },
        ),
    },
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([])
def health(request):
    """Each dependency's state and latency: 200 "ok" or "degraded" (cache/broker down), 503 without database."""
    comprobaciones = {"database": _comprobar_bd, "cache": _comprobar_cache}
    if getattr(settings, "CELERY_BROKER_URL", ""):
        comprobaciones["broker"] = _comprobar_broker
    estados, latencias = {}, {}
    for nombre, comprobar in comprobaciones.items():
        estados[nombre], latencias[nombre] = _medir(comprobar)
    cuerpo = {**estados, "latencia_ms": latencias}
    if estados["database"] != "ok":
        caida = respuesta_bd_caida()
        respuesta = Response({**json.loads(caida.content), "status": "down", **cuerpo}, status=503)
        respuesta["Retry-After"] = caida["Retry-After"]
        return respuesta
    degradado = any(estado != "ok" for estado in estados.values())
    return Response({"status": "degraded" if degradado else "ok", **cuerpo})


@extend_schema(
    auth=[],
    responses={200: inline_serializer("Vivo", {"status": serializers.CharField(help_text='always "ok"')})},
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([])
def health_live(request):
    """Liveness: 200 whenever this process can serve a request; touches no database, cache or broker."""
    return Response({"status": "ok"})


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    return JsonResponse({"error": "Recurso no encontrado.", "codigo": "no_encontrado", "campos": {}}, status=404)


def handler404(request, exception=None):
    if request.path.startswith("/api/"):
        return api_not_found(request)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler500(request):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": "Error interno del servidor.", "codigo": "error_interno", "campos": {}},
            status=500,
        )
    from django.views.defaults import server_error

    return server_error(request)


def spa(request, *args, **kwargs):
    """Serve the built React app's index.html for client-side routes."""
    indice = settings.SPA_DIR / "index.html"
    if not indice.is_file():
        raise Http404("SPA not built")
    return FileResponse(indice.open("rb"), content_type="text/html")
