"""The mail adapter: Spanish text + HTML emails from templates, sent through Django's EMAIL_BACKEND."""

import smtplib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.core.validators import validate_email
from django.template.loader import render_to_string


class DireccionNoValida(Exception):
    """The recipient cannot receive mail (empty, malformed or with header injection): never retried."""


class EnvioFallido(Exception):
    """A transient delivery failure (SMTP down, timeout): the task retries with backoff."""


def euros(valor) -> str:
    """Format an amount the Spanish way: 1234.5 → '1234,50 €'."""
    return f"{Decimal(str(valor)):.2f}".replace(".", ",") + " €"


def enlace(ruta: str) -> str:
    """An absolute link to a page of the SPA."""
    return f"{settings.TIENDA_URL_PUBLICA}{ruta}"


def _una_linea(texto: str) -> str:
    return " ".join(str(texto).split())


def comprobar_direccion(direccion: str) -> str:
    """Return the address if it is one plain, valid address. Lanza: DireccionNoValida"""
    if not direccion or any(c in direccion for c in "\r\n\0,;<>"):
        raise DireccionNoValida("Dirección vacía o con caracteres no permitidos.")
    try:
        validate_email(direccion)
    except ValidationError:
        raise DireccionNoValida("Dirección de email no válida.") from None
    return direccion


def enviar(*, para: str, asunto: str, plantilla: str, contexto: dict) -> None:
    """Render `plantilla`.txt/.html with `contexto` and send it to one address.

    Lanza: DireccionNoValida, EnvioFallido
    """
    para = comprobar_direccion(para)
    contexto = {"tienda": settings.TIENDA_NOMBRE, "url_tienda": settings.TIENDA_URL_PUBLICA, **contexto}
    texto = render_to_string(f"notificaciones/email/{plantilla}.txt", contexto)
    html = render_to_string(f"notificaciones/email/{plantilla}.html", contexto)
    mensaje = EmailMultiAlternatives(
        subject=_una_linea(f"{settings.TIENDA_NOMBRE}: {asunto}"),
        body=texto,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[para],
    )
    mensaje.attach_alternative(html, "text/html")
    try:
        mensaje.send(fail_silently=False)
    except BadHeaderError as exc:
        raise DireccionNoValida(str(exc)) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise DireccionNoValida(str(exc)[:300]) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise EnvioFallido(f"{type(exc).__name__}: {exc}"[:300]) from exc
