"""Project-wide views: health check, JSON 404/500 for /api/, the SPA entry point."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from backend.middleware import respuesta_bd_caida


@extend_schema(
    auth=[],
    responses={
        200: inline_serializer(
            "Salud",
            {"status": serializers.CharField(), "database": serializers.CharField()},
        ),
        503: inline_serializer(
            "SaludError",
            {
                "error": serializers.CharField(),
                "codigo": serializers.CharField(),
                "campos": serializers.DictField(),
            },
        ),
    },
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([])
def health(request):
    """Answer 200 when the database answers a trivial query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        connection.close_if_unusable_or_obsolete()
        return respuesta_bd_caida()
    return Response({"status": "ok", "database": "ok"})


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
