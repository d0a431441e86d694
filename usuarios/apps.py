from django.apps import AppConfig


class UsuariosConfig(AppConfig):
    name = "usuarios"
    verbose_name = "Usuarios"

    def ready(self):
        from usuarios import signals  # noqa: F401
