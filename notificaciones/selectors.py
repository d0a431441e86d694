"""Reads of notifications and preferences."""

from django.db.models import QuerySet

from notificaciones.models import Notificacion, PreferenciasNotificacion


def notificaciones_de(*, usuario, no_leidas: bool = False) -> QuerySet[Notificacion]:
    """The user's own notifications, newest first (only the unread ones if asked)."""
    qs = Notificacion.objects.filter(usuario=usuario).order_by("-fecha", "-id")
    return qs.filter(leida=False) if no_leidas else qs


def contar_no_leidas(*, usuario) -> int:
    """How many of the user's notifications are unread."""
    return Notificacion.objects.filter(usuario=usuario, leida=False).count()


def recibe_emails(*, usuario_id: int) -> bool:
    """Whether the user wants notification emails (on unless turned off)."""
    return not PreferenciasNotificacion.objects.filter(usuario_id=usuario_id, email=False).exists()
