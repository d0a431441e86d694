"""Audit events: one JSON line each, with who, from where and on what (never secrets)."""

import logging

from rest_framework.throttling import BaseThrottle

logger = logging.getLogger("audit")


def direccion_cliente(request):
    """The caller's address as DRF's throttles see it (honours NUM_PROXIES only)."""
    return BaseThrottle().get_ident(request) if request is not None else None


def registrar(evento, *, request=None, usuario=None, **datos):
    """Write one audit line for `evento` with the user, address and object ids given."""
    if usuario is None and request is not None:
        usuario = getattr(request, "user", None)
    logger.info(
        evento,
        extra={
            "usuario_id": getattr(usuario, "pk", None),
            "direccion": direccion_cliente(request),
            **datos,
        },
    )
