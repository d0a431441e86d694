"""Content-Security-Policy for the SPA's pages (index.html from the spa view or whitenoise).

The built app loads only its own hashed scripts and styles from /assets/ and talks only to /api/,
so the policy allows nothing else: no inline script, no eval, no foreign origin, no framing.
An injected script could not run, and could not send what it read anywhere. The API's JSON,
Swagger UI (/api/docs/, which needs its inline bootstrap) and the Django admin keep their own headers.
"""

from django.conf import settings


def politica_spa() -> str:
    imagenes = " ".join(settings.CSP_IMG_SRC)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {imagenes}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class PoliticaContenidoSPAMiddleware:
    """Add the CSP to every HTML answer outside /api/ and /admin/ (the SPA's pages)."""

    EXCLUIDAS = ("/api/", "/admin/")

    def __init__(self, get_response):
        self.get_response = get_response
        self.politica = politica_spa()

    def __call__(self, request):
        respuesta = self.get_response(request)
        es_html = respuesta.get("Content-Type", "").startswith("text/html")
        if es_html and not request.path.startswith(self.EXCLUIDAS):
            respuesta.setdefault("Content-Security-Policy", self.politica)
        return respuesta
