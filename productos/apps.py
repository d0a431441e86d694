from django.apps import AppConfig


class ProductosConfig(AppConfig):
    name = "productos"
    verbose_name = "Catálogo"

    def ready(self):
        from productos import schema  # noqa: F401
