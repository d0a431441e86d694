"""Signals: the sanctioned use (role groups, a user's Group follows `rol`) and the auth cache following the user."""

from django.db.models.signals import post_delete, post_init, post_migrate, post_save, pre_save
from django.dispatch import receiver

from usuarios.authentication import invalidar_usuario
from usuarios.models import Usuario
from usuarios.services import crear_roles, sincronizar_grupo


@receiver(post_migrate)
def crear_roles_tras_migrar(sender, app_config=None, using="default", **kwargs):
    # Run once, after the last of our apps has migrated, so every permission exists.
    if app_config is not None and app_config.label == "ventas":
        crear_roles(using=using)


@receiver(post_init, sender=Usuario)
def recordar_rol(sender, instance, **kwargs):
    instance._rol_cargado = instance.rol if instance.pk else None


@receiver(pre_save, sender=Usuario)
def staff_segun_rol(sender, instance, **kwargs):
    instance.is_staff = instance.rol in Usuario.ROLES_PERSONAL
    if instance.rol != Usuario.Rol.ADMIN:
        instance.is_superuser = False


@receiver(post_save, sender=Usuario)
def grupo_segun_rol(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created or instance.rol != instance._rol_cargado:
        sincronizar_grupo(instance)
        instance._rol_cargado = instance.rol


@receiver(post_save, sender=Usuario)
@receiver(post_delete, sender=Usuario)
def olvidar_usuario_en_cache(sender, instance, raw=False, **kwargs):
    # Technical, not business flow: the cached user behind access tokens (usuarios/authentication.py)
    # must follow every change of the row (deactivation, role, password), whoever saves it.
    invalidar_usuario(instance.pk)
