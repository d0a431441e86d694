"""An exact, cached count of the whole catalogue, for the unfiltered product list's `count`.

Counting 100k rows costs more than the rest of the page, and the number only changes when a
product is created or deleted. The count is stored per highest product id (rows that arrive without
signals, such as bulk_create or raw SQL inserts, change it) together with the version it was
counted under; the version is bumped via post_save/post_delete (cache invalidation, not business
flow) right away and again on commit, so a count taken while a write was in flight is never reused.
Inside a transaction the cache is skipped: it cannot see that transaction's own changes.
Any cache error falls back to a plain COUNT.
"""

import logging

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max

from productos.models import Producto

logger = logging.getLogger(__name__)
CLAVE_VERSION = "productos:conteo:version"
DURACION = 3600


def contar_catalogo(queryset) -> int:
    """`queryset.count()` for the unfiltered catalogue, served from the cache when safe."""
    if connection.in_atomic_block:
        return queryset.count()
    maximo = Producto.objects.aggregate(m=Max("id"))["m"]
    clave = f"productos:conteo:{maximo}"
    try:
        # One round trip: the current version and the (version, count) stored for this max id.
        valores = cache.get_many([CLAVE_VERSION, clave])
        version = valores.get(CLAVE_VERSION, 0)
        guardado = valores.get(clave)
        if guardado is not None and guardado[0] == version:
            return guardado[1]
        valor = queryset.count()
        cache.set(clave, (version, valor), DURACION)
        return valor
    except Exception:  # the cache is an optimisation: never fail the page over it
        logger.warning("product count cache unavailable", exc_info=True)
        return queryset.count()


def invalidar_conteo() -> None:
    try:
        cache.incr(CLAVE_VERSION)
    except ValueError:
        cache.set(CLAVE_VERSION, 1, None)
    except Exception:
        logger.warning("product count cache unavailable", exc_info=True)


def _al_cambiar(sender, instance=None, created=True, **kwargs):
    if created:
        invalidar_conteo()
        transaction.on_commit(invalidar_conteo)


def conectar_senales() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_al_cambiar, sender=Producto, dispatch_uid="productos_conteo_save")
    post_delete.connect(_al_cambiar, sender=Producto, dispatch_uid="productos_conteo_delete")
