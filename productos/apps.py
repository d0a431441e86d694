from django.apps import AppConfig


class ProductosConfig(AppConfig):
    name = "productos"
    verbose_name = "Catálogo"

    def ready(self):
        from productos import schema  # noqa: F401
        from productos.conteo import conectar_senales

        conectar_senales()
