"""Errors of the catalogue domain: plain exceptions (backend/exceptions.py maps them to statuses)."""

from backend.errores import Conflicto, DomainError


class ProductoModificado(DomainError):
    """The product changed since the caller read it (its `If-Match` is stale): answered 412."""

    mensaje = (
        "Este producto ha cambiado desde que lo abriste (por ejemplo, una venta ha cambiado su stock). "
        "Vuelve a cargarlo y repite tu cambio."
    )
    codigo = "producto_modificado"


class DemasiadasImagenes(Conflicto):
    """The product already has the most photos allowed."""

    mensaje = "Este producto ya tiene el máximo de imágenes permitido."
    codigo = "demasiadas_imagenes"
