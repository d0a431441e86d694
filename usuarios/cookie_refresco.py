"""The SPA's refresh token in HttpOnly cookies, sent only to the refresh and logout endpoints.

A cookie has one `Path` (and a Django response holds one cookie per name), so the same token goes
in two cookies: `tienda_refresh` for /api/token/refresh/ and `tienda_refresh_salida` for
/api/logout/. Both are `Secure` (browsers accept that on http://localhost and http://127.0.0.1,
which count as secure contexts), `HttpOnly` (no script reads them) and `SameSite=Strict` (no
cross-site request carries them). Scripts and Postman keep sending the token in the JSON body.
"""

from django.conf import settings
from django.urls import reverse

NOMBRES = {"usuarios:token-refresh": "tienda_refresh", "usuarios:logout": "tienda_refresh_salida"}


def _cookies():
    """(name, path) of each cookie."""
    return [(nombre, reverse(ruta)) for ruta, nombre in NOMBRES.items()]


def leer(request) -> str | None:
    """The refresh token of the cookie, unless the JSON body sends one (the body flow wins)."""
    en_cuerpo = request.data.get("refresh") if hasattr(request.data, "get") else None
    if en_cuerpo:
        return None
    return next((request.COOKIES[n] for n in NOMBRES.values() if request.COOKIES.get(n)), None)


def poner(respuesta, refresh: str) -> None:
    """Set both cookies, living as long as the refresh token."""
    vida = int(settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds())
    for nombre, ruta in _cookies():
        respuesta.set_cookie(nombre, refresh, max_age=vida, path=ruta, secure=True, httponly=True, samesite="Strict")


def borrar(respuesta) -> None:
    """Expire both cookies."""
    for nombre, ruta in _cookies():
        respuesta.delete_cookie(nombre, path=ruta, samesite="Strict")
