"""User and role services."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from backend import audit
from notificaciones.services import notificar_bienvenida
from usuarios import tokens
from usuarios.exceptions import AutoEliminacion, UltimoAdministrador
from usuarios.models import Usuario, normalizar_username

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
MENSAJE_EMAIL_EXISTE = "Ya existe una cuenta con ese email."


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


def _duplicado(*, username: str, email: str, excluir: int | None = None) -> ValidationError | None:
    """The "already exists" error for a username or email taken case-insensitively, if any."""
    otros = Usuario.objects.exclude(pk=excluir)
    if otros.filter(username__iexact=username).exists():
        return ValidationError({"username": [MENSAJE_USUARIO_EXISTE]})
    if email and otros.filter(email__iexact=email).exists():
        return ValidationError({"email": [MENSAJE_EMAIL_EXISTE]})
    return None


def _guardar(usuario: Usuario) -> None:
    """Save; the database's unique indexes on the lowered username and email decide races."""
    try:
        with transaction.atomic():
            usuario.save()
    except IntegrityError:
        error = _duplicado(username=usuario.username, email=usuario.email, excluir=usuario.pk)
        if error is None:
            raise
        raise error from None


@transaction.atomic
def crear_usuario(
    *, username: str, password: str | None = None, email: str = "", rol: str = Usuario.Rol.CLIENT, **extra
) -> Usuario:
    """Create a user with a hashed password (or an unusable one)."""
    username = normalizar_username(username) or ""
    email = Usuario.objects.normalize_email(email or "").strip()
    error = _duplicado(username=username, email=email)
    if error is not None:
        raise error
    usuario = Usuario(username=username, email=email, rol=rol, **extra)
    usuario.set_password(password) if password else usuario.set_unusable_password()
    _guardar(usuario)
    notificar_bienvenida(usuario=usuario)
    return usuario


def _exigir_otro_administrador(usuario: Usuario) -> None:
    """Refuse when `usuario` is the last active ADMIN (the admins' rows stay locked until commit)."""
    activos = list(
        Usuario.objects.select_for_update()
        .filter(rol=Usuario.Rol.ADMIN, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if activos == [usuario.pk]:
        raise UltimoAdministrador()


@transaction.atomic
def actualizar_usuario(
    *, usuario: Usuario, por: Usuario | None = None, password: str | None = None, **campos
) -> Usuario:
    """Update a user's fields; a new password or a deactivation revokes its tokens, a new rol moves its Group."""
    rol_anterior, activo_antes = usuario.rol, usuario.is_active
    if "username" in campos:
        campos["username"] = normalizar_username(campos["username"]) or ""
    if "email" in campos:
        campos["email"] = Usuario.objects.normalize_email(campos["email"] or "").strip()
    for campo, valor in campos.items():
        setattr(usuario, campo, valor)
    era_admin_activo = rol_anterior == Usuario.Rol.ADMIN and activo_antes
    if era_admin_activo and not (usuario.rol == Usuario.Rol.ADMIN and usuario.is_active):
        _exigir_otro_administrador(usuario)
    if password:
        usuario.set_password(password)
    desactivado = activo_antes and not usuario.is_active
    if desactivado:
        usuario.tokens_validos_desde = timezone.now()
    _guardar(usuario)
    if usuario.rol != rol_anterior:
        audit.registrar("cambio_rol", usuario=por, objetivo_id=usuario.pk, desde=rol_anterior, hasta=usuario.rol)
    if desactivado:
        audit.registrar("usuario_desactivado", usuario=por, objetivo_id=usuario.pk)
    if password or desactivado:
        revocar_tokens(usuario=usuario)
    return usuario


def revocar_tokens(*, usuario: Usuario) -> None:
    """Blacklist every outstanding refresh token of the user.

    Access tokens die with them through the password-hash claim (a new password) or
    `tokens_validos_desde` (a deactivation), both checked on every request.
    """
    tokens.revocar(usuario=usuario)


@transaction.atomic
def eliminar_usuario(*, usuario: Usuario, por: Usuario | None = None) -> bool:
    """Delete the user, or deactivate it when history (sales) points at it; True if deleted.

    Nobody deletes their own account here, and the last active ADMIN is never deleted.
    """
    if por is not None and por.pk == usuario.pk:
        raise AutoEliminacion()
    if usuario.rol == Usuario.Rol.ADMIN and usuario.is_active:
        _exigir_otro_administrador(usuario)
    try:
        with transaction.atomic():
            usuario.delete()
    except ProtectedError:
        actualizar_usuario(usuario=usuario, por=por, is_active=False)
        return False
    audit.registrar("usuario_eliminado", usuario=por, objetivo_id=usuario.pk)
    return True
