"""Role checks: one rule each, combined on the views with &, | and ~."""

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

    message = "No tiene permiso para modificar este recurso."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS


class IsPropietario(BasePermission):
    """The object belongs to the caller."""

    message = "No encontrado."

    def has_object_permission(self, request, view, obj):
        return obj.usuario_id == request.user.pk
