from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class UsuarioManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("rol", Usuario.Rol.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class Usuario(AbstractUser):
    class Rol(models.TextChoices):
        ADMIN = "ADMIN", "Administrador"
        EMPLOYEE = "EMPLOYEE", "Empleado"
        CLIENT = "CLIENT", "Cliente"

    # The Group that mirrors each role (kept in step by usuarios.signals).
    GRUPOS = {Rol.ADMIN: "Administrador", Rol.EMPLOYEE: "Empleado", Rol.CLIENT: "Cliente"}
    ROLES_PERSONAL = (Rol.ADMIN, Rol.EMPLOYEE)

    rol = models.CharField("rol", max_length=10, choices=Rol.choices, default=Rol.CLIENT)

    objects = UsuarioManager()

    class Meta:
        verbose_name = "usuario"
        verbose_name_plural = "usuarios"
        ordering = ["id"]

    def __str__(self):
        return self.username

    @property
    def es_personal(self):
        return self.rol in self.ROLES_PERSONAL
