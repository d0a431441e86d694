"""User and role services."""

from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from rest_framework.exceptions import ValidationError

from backend import audit
from notificaciones.services import notificar_bienvenida
from usuarios.models import Usuario

# Model permissions each Group gets; "*" means every permission of the project.
PERMISOS_POR_GRUPO = {
    "Administrador": "*",
    "Empleado": {
        "productos": None,
        "inventario": None,
        "ventas": None,
        "usuarios": {"view_usuario"},
    },
    "Cliente": {"productos": {"view_categoria", "view_producto"}},
}

MENSAJE_USUARIO_EXISTE = "El usuario ya existe"


def crear_roles(*, using: str = "default") -> None:
    """Create the three role Groups with their permissions and re-sync every user's Group."""
    for nombre, permisos in PERMISOS_POR_GRUPO.items():
        grupo, _ = Group.objects.using(using).get_or_create(name=nombre)
        qs = Permission.objects.using(using)
        if permisos == "*":
            seleccion = list(qs)
        else:
            seleccion = []
            for app, codenames in permisos.items():
                de_app = qs.filter(content_type__app_label=app)
                if codenames is not None:
                    de_app = de_app.filter(codename__in=codenames)
                seleccion.extend(de_app)
        grupo.permissions.set(seleccion)
    for usuario in Usuario.objects.using(using).prefetch_related("groups"):
        sincronizar_grupo(usuario)


def sincronizar_grupo(usuario: Usuario) -> None:
    """Make the user a member of exactly its role's Group."""
    grupo, _ = Group.objects.get_or_create(name=Usuario.GRUPOS[usuario.rol])
    de_roles = Group.objects.filter(name__in=Usuario.GRUPOS.values()).exclude(pk=grupo.pk)
    usuario.groups.remove(*de_roles)
    usuario.groups.add(grupo)


@transaction.atomic
def crear_usuario(
    *, username: str, password: str | None = None, email: str = "", rol: str = Usuario.Rol.CLIENT, **extra
) -> Usuario:
    """Create a user with a hashed password (or an unusable one)."""
    if Usuario.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [MENSAJE_USUARIO_EXISTE]})
    usuario = Usuario(username=username, email=email, rol=rol, **extra)
    usuario.set_password(password) if password else usuario.set_unusable_password()
    try:
        with transaction.atomic():
            usuario.save()
    except IntegrityError:
        raise ValidationError({"username": [MENSAJE_USUARIO_EXISTE]}) from None
    notificar_bienvenida(usuario=usuario)
    return usuario


@transaction.atomic
def actualizar_usuario(
    *, usuario: Usuario, por: Usuario | None = None, password: str | None = None, **campos
) -> Usuario:
    """Update a user's fields; a new password revokes its tokens, a new rol moves its Group."""
    rol_anterior = usuario.rol
    for campo, valor in campos.items():
        setattr(usuario, campo, valor)
    if password:
        usuario.set_password(password)
    usuario.save()
    if usuario.rol != rol_anterior:
        audit.registrar("cambio_rol", usuario=por, objetivo_id=usuario.pk, desde=rol_anterior, hasta=usuario.rol)
    if password:
        revocar_tokens(usuario=usuario)
    return usuario


def revocar_tokens(*, usuario: Usuario) -> None:
    """Blacklist every outstanding refresh token of the user."""
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    pendientes = OutstandingToken.objects.filter(user=usuario, blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token=t) for t in pendientes], ignore_conflicts=True)


@transaction.atomic
def eliminar_usuario(*, usuario: Usuario, por: Usuario | None = None) -> bool:
    """Delete the user, or deactivate it when history (sales) points at it; True if deleted."""
    try:
        with transaction.atomic():
            usuario.delete()
    except ProtectedError:
        usuario.is_active = False
        usuario.save(update_fields=["is_active"])
        revocar_tokens(usuario=usuario)
        audit.registrar("usuario_desactivado", usuario=por, objetivo_id=usuario.pk)
        return False
    audit.registrar("usuario_eliminado", usuario=por, objetivo_id=usuario.pk)
    return True
