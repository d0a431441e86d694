"""Catalogue writes: product edits guarded by the version the editor saw, and product photos."""

import uuid
from collections.abc import Collection

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, ProtectedError

from backend.errores import Conflicto, NoEncontrado
from inventario import services as inventario_services
from inventario.models import Inventario
from productos.cache import invalidar_catalogo
from productos.exceptions import DemasiadasImagenes, ProductoModificado
from productos.imagenes import ImagenProcesada
from productos.models import ImagenProducto, Producto
from productos.selectors import productos_del_catalogo

MAX_IMAGENES_POR_PRODUCTO = 10


@transaction.atomic
def editar_producto(
    *, producto_id: int, datos: dict, stock: int | None = None, versiones: Collection[str] | None = None, usuario=None
) -> Producto:
    """Update a product's fields and, when `stock` is given, set its stock (an adjustment movement).

    `versiones` are the product versions (ETags without quotes) the caller's edit is based on;
    when given, the edit only happens if the product is still at one of them. None skips the check.

    Lanza: ProductoModificado
    """
    # Take the inventory row first, as every stock movement does (inventario.services locks Inventario,
    # then writes Producto.stock), so no sale can land between the check and the write and the two
    # never deadlock. A no-op UPDATE rather than select_for_update: it also takes SQLite's write lock.
    Inventario.objects.filter(producto_id=producto_id).update(cantidad=F("cantidad"))
    producto = productos_del_catalogo().get(pk=producto_id)
    if versiones is not None and producto.version not in versiones:
        raise ProductoModificado()
    invalidar_catalogo()
    return inventario_services.actualizar_producto(producto=producto, datos=datos, stock=stock, usuario=usuario)


def _borrar_archivos(nombres: list[str]) -> None:
    for nombre in nombres:
        if nombre:
            default_storage.delete(nombre)


@transaction.atomic
def eliminar_producto(*, producto: Producto) -> None:
    """Delete a product that no sale references, and its photo files once the deletion is committed.

    Lanza: Conflicto `registro_protegido` (a sale references it)
    """
    # Locked before its photos are listed: an upload in progress (which locks the product too)
    # commits first and its files are listed and deleted here, or it waits and finds no product.
    Producto.objects.select_for_update().filter(pk=producto.pk).first()
    nombres = [n for fila in producto.imagenes.values_list("imagen", "miniatura") for n in fila]
    try:
        producto.delete()
    except ProtectedError:
        raise Conflicto(
            f"No se puede eliminar «{producto.nombre}»: aparece en ventas; el historial de ventas no se borra.",
            "registro_protegido",
        ) from None
    invalidar_catalogo()
    transaction.on_commit(lambda: _borrar_archivos(nombres))


@transaction.atomic
def agregar_imagen(*, producto: Producto, procesada: ImagenProcesada, orden: int | None = None) -> ImagenProducto:
    """Store an already validated photo and its thumbnail as one more image of the product.

    Without `orden` the photo goes last. With it, the photo takes that place and the photos in its way
    move one place up, so `orden=0` makes it the main photo (the one with the lowest `orden`).

    Lanza: DemasiadasImagenes, NoEncontrado (the product was deleted meanwhile)
    """
    if Producto.objects.select_for_update().filter(pk=producto.pk).first() is None:
        # Deleted while the photo was being checked: no files are written for a product that is gone.
        raise NoEncontrado("El producto ya no existe.")
    existentes = list(ImagenProducto.objects.filter(producto=producto).values_list("orden", flat=True))
    if len(existentes) >= MAX_IMAGENES_POR_PRODUCTO:
        raise DemasiadasImagenes()
    if orden is None:
        orden = max(existentes, default=-1) + 1
    else:
        # Make room: only the unbroken run of places from `orden` on moves (into the first free
        # place), so repeated uploads never push the numbers up without bound.
        ocupados, hueco = set(existentes), orden
        while hueco in ocupados:
            hueco += 1
        ImagenProducto.objects.filter(producto=producto, orden__gte=orden, orden__lt=hueco).update(orden=F("orden") + 1)
    imagen = ImagenProducto(producto=producto, orden=orden, ancho=procesada.ancho, alto=procesada.alto)
    # Files first (the storage API picks a free name), then the row; a failed insert removes them.
    nombre = uuid.uuid4().hex
    imagen.imagen.save(f"{nombre}.{procesada.extension}", ContentFile(procesada.contenido), save=False)
    imagen.miniatura.save(f"{nombre}-min.webp", ContentFile(procesada.miniatura), save=False)
    try:
        imagen.save()
    except Exception:
        _borrar_archivos([imagen.imagen.name, imagen.miniatura.name])
        raise
    invalidar_catalogo()
    return imagen


@transaction.atomic
def eliminar_imagen(*, imagen: ImagenProducto) -> None:
    """Delete a product photo; its files go once the deletion is committed."""
    nombres = [imagen.imagen.name, imagen.miniatura.name]
    imagen.delete()
    invalidar_catalogo()
    transaction.on_commit(lambda: _borrar_archivos(nombres))
