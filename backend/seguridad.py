"""Content-Security-Policy for the SPA's pages (index.html from the spa view or whitenoise).

The built app loads only its own hashed scripts and styles from /assets/ and talks only to /api/;
the one foreign origin is Stripe.js (the card payment page's Payment Element), allowed with the
directives Stripe documents (https://docs.stripe.com/security/guide#content-security-policy).
No inline script, no eval, no framing of the shop: an injected script could not run. The API's JSON,
Swagger UI (/api/docs/, which needs its inline bootstrap) and the Django admin keep their own headers.
"""

from django.conf import settings

STRIPE_JS = "https://js.stripe.com https://*.js.stripe.com"


def politica_spa() -> str:
    imagenes = " ".join(settings.CSP_IMG_SRC)
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {STRIPE_JS}",
            "style-src 'self'",
            f"img-src {imagenes} https://*.stripe.com",
            "font-src 'self'",
            "connect-src 'self' https://api.stripe.com",
            f"frame-src {STRIPE_JS} https://hooks.stripe.com",
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
