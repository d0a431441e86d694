"""Errors of the accounts domain: plain exceptions, mapped to HTTP in backend/exceptions.py."""

from backend.errores import Conflicto


class UltimoAdministrador(Conflicto):
    """The change would leave the shop without an active administrator."""

    mensaje = "No puedes dejar la tienda sin administradores: crea o activa otro ADMIN antes."
    codigo = "ultimo_administrador"


class AutoEliminacion(Conflicto):
    """An administrator tried to delete their own account."""

    mensaje = "No puedes eliminar tu propia cuenta: pide a otro administrador que lo haga."
    codigo = "auto_eliminacion"
