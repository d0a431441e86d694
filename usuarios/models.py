import unicodedata

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower


def normalizar_username(valor) -> str | None:
    """The one form of a username: text (a number counts as its digits), NFKC, no outer spaces.

    Login, its per-username throttle and registration all read a username through this, so
    `12345`, `" Ana "` and the full-width `ａｎａ` are the same account as `"12345"` and `"ana"`
    (compared case-insensitively: the database holds a unique index on the lowered username).
    """
    if isinstance(valor, bool) or not isinstance(valor, (str, int, float)):
        return None
    return unicodedata.normalize("NFKC", str(valor)).strip()


class UsuarioManager(UserManager):
    def get_by_natural_key(self, username):
        """Log in whatever the case or Unicode form the username is typed in."""
        return self.alias(username_lower=Lower("username")).get(
            username_lower=(normalizar_username(username) or "").lower()
        )

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
    # Tokens issued up to this moment are refused (set on deactivation; survives reactivation).
    tokens_validos_desde = models.DateTimeField("tokens válidos desde", null=True, blank=True, editable=False)

    objects = UsuarioManager()

    class Meta:
        verbose_name = "usuario"
        verbose_name_plural = "usuarios"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                Lower("username"), name="usuario_username_lower_unico", violation_error_message="El usuario ya existe"
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="usuario_email_lower_unico",
                violation_error_message="Ya existe una cuenta con ese email.",
            ),
        ]

    def __str__(self):
        return self.username

    @property
    def es_personal(self):
        return self.rol in self.ROLES_PERSONAL

    def acepta_token_emitido(self, iat) -> bool:
        """False for a token issued (`iat`, epoch seconds) up to the last deactivation.

        `iat` has one-second resolution: a token from the very second of the deactivation is refused.
        """
        if self.tokens_validos_desde is None:
            return True
        try:
            return int(iat) > int(self.tokens_validos_desde.timestamp())
        except (TypeError, ValueError):
            return False
