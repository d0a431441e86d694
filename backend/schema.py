"""OpenAPI post-processing: document the error answers every operation can give.

drf-spectacular only describes the success answers a view declares. The API also answers
400/401/403/404/409/413/415/429/503 with the one error body {"error", "codigo", "campos"};
this hook adds those answers (where a view has not declared its own) so that clients and the
fuzzer (`make fuzz`) know every status code and body the API may return. One answer is not
the API's own: gunicorn refuses a request line over 4094 bytes with an HTML 414.

`EsquemaCacheadoView` serves /api/schema/ from memory after the first generation.
"""

import threading
from typing import ClassVar

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.settings import api_settings

ERROR_SCHEMA = {
    "type": "object",
    "description": "Cuerpo de todas las respuestas de error.",
    "properties": {
        "error": {"type": "string", "description": "Mensaje legible, en español."},
        "codigo": {"type": "string", "description": "Código estable: `validacion`, `no_encontrado`, ..."},
        "campos": {
            "type": "object",
            "additionalProperties": {},
            "description": "Errores por campo (solo en los de validación).",
        },
    },
    "required": ["error", "codigo", "campos"],
}

DESCRIPCIONES = {
    "400": "Datos no válidos.",
    "401": "Sin token, o token no válido o caducado.",
    "403": "El rol no permite esta operación.",
    "404": "No existe o no es tuyo (también una página fuera de rango).",
    "409": "Choca con el estado actual (stock, registros que dependen de este, ...).",
    "413": "Cuerpo de la petición demasiado grande.",
    "414": "URI demasiado larga: la rechaza el servidor HTTP (gunicorn), en HTML, antes de llegar a la API.",
    "415": "Tipo de contenido no soportado: se espera JSON.",
    "429": "Demasiadas peticiones; ver `Retry-After`.",
    "503": "La base de datos no responde; ver `Retry-After`.",
}

ESCRITURAS = {"post", "put", "patch", "delete"}
METODOS = ESCRITURAS | {"get", "head", "options", "trace"}


def _codigos(metodo, operacion):
    parametros = operacion.get("parameters", [])
    en_query = any(p.get("in") == "query" for p in parametros)
    en_ruta = any(p.get("in") == "path" for p in parametros)
    paginada = any(p.get("in") == "query" and p.get("name") == "page" for p in parametros)
    con_cuerpo = "requestBody" in operacion
    con_auth = any(requisito for requisito in operacion.get("security", []))

    codigos = {"401", "414", "429", "503"}
    if con_cuerpo or en_query:
        codigos.add("400")
    if con_auth:
        codigos.add("403")
    if en_ruta or paginada:
        codigos.add("404")
    if metodo in ESCRITURAS and con_auth:
        codigos.add("409")
    if con_cuerpo:
        codigos |= {"413", "415"}
    return codigos


def documentar_errores(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: add the shared Error schema and the error answers."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    referencia = {"$ref": "#/components/schemas/Error"}
    for operaciones in result.get("paths", {}).values():
        for metodo, operacion in operaciones.items():
            if metodo not in METODOS:
                continue
            respuestas = operacion.setdefault("responses", {})
            for codigo in sorted(_codigos(metodo, operacion)):
                respuestas.setdefault(codigo, {"description": DESCRIPCIONES[codigo]})
            if respuestas["414"].get("content") is None:
                respuestas["414"]["content"] = {"text/html": {"schema": {"type": "string"}}}
            for codigo, respuesta in respuestas.items():
                # Error answers a view declared with a description only get the shared body too.
                if str(codigo)[0] in "45" and not respuesta.get("content"):
                    respuesta["content"] = {"application/json": {"schema": referencia}}
    return result


class EsquemaCacheadoView(SpectacularAPIView):
    """/api/schema/ generated and rendered once per process, language, version and format.

    Generating it costs 0.1-0.3 s of CPU and rendering YAML another 0.1 s; it only changes with
    the code (a deploy restarts the process), so anonymous callers cannot spend that CPU on
    every request.
    """

    _generados: ClassVar[dict] = {}
    _cerrojo = threading.Lock()

    def _get_schema_response(self, request):
        # Every part of the key is bounded, so no query string or header can fill the memory or make
        # the process generate again: ?version= only with ALLOWED_VERSIONS, ?lang= one of LANGUAGES,
        # and the renderer (not the Accept header's parameters) picks the format.
        version = self.api_version or request.version
        if api_settings.ALLOWED_VERSIONS:
            version = version or self._get_version_parameter(request)
        try:
            idioma = translation.get_supported_language_variant(translation.get_language() or "")
        except LookupError:
            idioma = settings.LANGUAGE_CODE
        renderer = request.accepted_renderer
        media_type = renderer.media_type
        clave = (idioma, version, self.serve_public)
        guardado = self._generados.get((*clave, type(renderer)))
        if guardado is None:
            with self._cerrojo:
                esquema = self._generados.get(clave)
                if esquema is None:
                    generador = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
                    esquema = self._generados[clave] = generador.get_schema(request=request, public=self.serve_public)
                contenido = renderer.render(esquema, media_type, self.get_renderer_context())
                tipo = f"{media_type}; charset={renderer.charset}" if renderer.charset else media_type
                guardado = self._generados[(*clave, type(renderer))] = (contenido, tipo)
        contenido, tipo = guardado
        respuesta = HttpResponse(contenido, content_type=tipo)
        respuesta["Content-Disposition"] = f'inline; filename="{self._get_filename(request, version)}"'
        return respuesta
