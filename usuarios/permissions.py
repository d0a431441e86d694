"""Role checks: one rule each, combined on the views with &, | and ~."""

from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from usuarios.models import Usuario


class IsAdministrador(BasePermission):
    """The caller has the ADMIN role."""

    message = "Solo un administrador puede hacer esto."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.rol == Usuario.Rol.ADMIN)


class IsEmpleado(BasePermission):
    """The caller has the EMPLOYEE role."""

    message = "Solo el personal de la tienda puede hacer esto."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.rol == Usuario.Rol.EMPLOYEE)


class IsPersonal(BasePermission):
    """The caller is staff: ADMIN or EMPLOYEE."""

    message = "Solo el personal de la tienda puede hacer esto."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.es_personal)


class IsSoloLectura(BasePermission):
    """The request only reads (GET, HEAD, OPTIONS)."""

    message = "No tienes permiso para modificar esto."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS


class PuedePedirRol(BasePermission):
    """Only an ADMIN may ask for a staff `rol` in the body; a new account is a CLIENT otherwise."""

    message = "Solo un administrador puede crear usuarios con ese rol."

    def has_permission(self, request, view):
        rol = request.data.get("rol") if hasattr(request.data, "get") else None
        if rol not in Usuario.ROLES_PERSONAL or IsAdministrador().has_permission(request, view):
            return True
        # 403 even when anonymous: what is refused is the rol asked for, not a missing login.
        raise PermissionDenied(self.message)
