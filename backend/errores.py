"""Base domain errors: plain Python exceptions, no HTTP.

A service raises a `DomainError` subclass with a Spanish message and a stable `codigo`;
`backend.exceptions` maps each class to its HTTP status in one table. Concrete errors live
beside their domain (`ventas/exceptions.py`, `inventario/exceptions.py`, ...).
"""


class DomainError(Exception):
    """A broken business rule, with a Spanish message and a stable snake_case code."""

    mensaje = "Operación no válida."
    codigo = "operacion_invalida"

    def __init__(self, mensaje: str | None = None, codigo: str | None = None, **datos):
        self.mensaje = mensaje or self.mensaje
        self.codigo = codigo or self.codigo
        # Extra keys for the error body (e.g. the new amounts of `precio_cambiado`).
        self.datos = datos
        super().__init__(self.mensaje)


class Conflicto(DomainError):
    """The operation clashes with the current state (answered 409)."""

    mensaje = "La operación choca con el estado actual."
    codigo = "conflicto"


class NoEncontrado(DomainError):
    """The object does not exist or is not the caller's (answered 404)."""

    mensaje = "No encontrado."
    codigo = "no_encontrado"


class AccionNoPermitida(DomainError):
    """The caller's role may not do this (answered 403)."""

    mensaje = "No tienes permiso para hacer esto."
    codigo = "permiso_denegado"


class CuerpoDemasiadoGrande(DomainError):
    """The request body is over the configured limit (answered 413)."""

    mensaje = "El cuerpo de la petición es demasiado grande."
    codigo = "cuerpo_demasiado_grande"
