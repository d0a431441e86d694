from django.apps import AppConfig
from django.db.backends.signals import connection_created


def registrar_normalizar(sender, connection, **kwargs):
    """Give SQLite the `productos_normalizar` that PostgreSQL gets from migration 0003 (accent-free search)."""
    if connection.vendor == "sqlite":
        from productos.filters import normalizar

        connection.connection.create_function("productos_normalizar", 1, normalizar, deterministic=True)


class ProductosConfig(AppConfig):
    name = "productos"
    verbose_name = "Catálogo"

    def ready(self):
        from productos import schema  # noqa: F401

        connection_created.connect(registrar_normalizar, dispatch_uid="productos_normalizar")
