"""Audit events: one JSON line each, with who, from where and on what (never secrets)."""

import logging
from contextvars import ContextVar

from django.db import transaction
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger("audit")

# The request being served, so that services (which never see `request`) still log its address.
_peticion_actual: ContextVar = ContextVar("peticion_actual", default=None)


class RequestContextMiddleware:
    """Remember the current request for the audit lines written while it is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        marca = _peticion_actual.set(request)
        try:
            return self.get_response(request)
        finally:
            _peticion_actual.reset(marca)


def direccion_cliente(request):
    """The caller's address as DRF's throttles see it (honours NUM_PROXIES only)."""
    return BaseThrottle().get_ident(request) if request is not None else None


def registrar(evento, *, request=None, usuario=None, **datos):
    """Write one audit line for `evento` with the user, address and object ids given."""
    if request is None:
        request = _peticion_actual.get()
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


def registrar_al_confirmar(evento, *, request=None, usuario=None, **datos):
    """Write the audit line once the current transaction commits (a rolled-back change logs nothing)."""
    if request is None:
        # Taken now: the callback may run after the request's context is gone.
        request = _peticion_actual.get()
    transaction.on_commit(lambda: registrar(evento, request=request, usuario=usuario, **datos))
