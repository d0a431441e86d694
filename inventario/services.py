"""Stock changes. `mover_stock_en_lote` is the only code that writes Inventario.cantidad or Producto.stock."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from backend import audit
from inventario.exceptions import StockInsuficiente
from inventario.models import Inventario, MovimientoInventario
from notificaciones.services import notificar_stock_bajo
from productos.cache import invalidar_catalogo
from productos.models import Producto


@transaction.atomic
def mover_stock_en_lote(
    *, cambios: list[tuple[int, int]], motivo: str, usuario=None, venta=None, nota: str = ""
) -> list[MovimientoInventario]:
    """Apply (product id, delta) stock changes and record one movement each; the only stock writer.

    Rows are locked in product-id order, the order every caller uses, so two transactions moving
    the same products can never deadlock.

    Lanza: StockInsuficiente
    """
    cambios = sorted(cambios)
    ids = [producto_id for producto_id, _ in cambios]
    bloqueadas = dict(
        Inventario.objects.select_for_update()
        .filter(producto_id__in=ids)
        .order_by("producto_id")
        .values_list("producto_id", "cantidad")
    )
    antes = dict(bloqueadas)
    ahora = timezone.now()
    movimientos = []
    for producto_id, delta in cambios:
        filas = Inventario.objects.filter(producto_id=producto_id)
        if delta < 0:
            # Guarded UPDATE as well as the lock: SQLite has no row locks, and it costs nothing.
            filas = filas.filter(cantidad__gte=-delta)
        if not filas.update(cantidad=F("cantidad") + delta, ultima_actualizacion=ahora):
            nombre = Producto.objects.filter(pk=producto_id).values_list("nombre", flat=True).first()
            raise StockInsuficiente(nombre or str(producto_id))
        # The row is ours since the SELECT above, so the new quantity is known without a re-read.
        cantidad = bloqueadas[producto_id] + delta
        bloqueadas[producto_id] = cantidad
        Producto.objects.filter(pk=producto_id).update(stock=cantidad)
        movimientos.append(
            MovimientoInventario(
                producto_id=producto_id,
                delta=delta,
                cantidad_resultante=cantidad,
                motivo=motivo,
                usuario=usuario if getattr(usuario, "pk", None) else None,
                venta=venta,
                nota=nota,
            )
        )
    _avisar_stock_bajo(antes=antes, despues=bloqueadas)
    # Products carry their stock: every cached catalogue answer may be out of date now.
    invalidar_catalogo()
    return MovimientoInventario.objects.bulk_create(movimientos)


def _avisar_stock_bajo(*, antes: dict[int, int], despues: dict[int, int]) -> None:
    """Alert the staff once per crossing: a stock that was above its minimum is now at or below it."""
    bajaron = [producto_id for producto_id, cantidad in despues.items() if cantidad < antes[producto_id]]
    if not bajaron:
        return
    filas = Inventario.objects.filter(producto_id__in=bajaron, cantidad__lte=F("stock_minimo")).values_list(
        "producto_id", "producto__nombre", "stock_minimo"
    )
    for producto_id, nombre, minimo in filas:
        if antes[producto_id] > minimo:
            notificar_stock_bajo(
                producto_id=producto_id, nombre=nombre, cantidad=despues[producto_id], stock_minimo=minimo
            )


def mover_stock(
    *, producto_id: int, delta: int, motivo: str, usuario=None, venta=None, nota: str = ""
) -> MovimientoInventario:
    """Add `delta` (may be negative) to one product's stock and record the movement.

    Lanza: StockInsuficiente
    """
    cambios = [(producto_id, delta)]
    return mover_stock_en_lote(cambios=cambios, motivo=motivo, usuario=usuario, venta=venta, nota=nota)[0]


@transaction.atomic
def fijar_stock(*, producto_id: int, cantidad: int, usuario=None, nota: str = "") -> Inventario:
    """Set a product's stock to `cantidad` (a manual adjustment), recording the difference."""
    inventario = Inventario.objects.select_for_update().get(producto_id=producto_id)
    delta = cantidad - inventario.cantidad
    if delta:
        movimiento = mover_stock(
            producto_id=producto_id, delta=delta, motivo=MovimientoInventario.Motivo.AJUSTE, usuario=usuario, nota=nota
        )
        audit.registrar_al_confirmar(
            "ajuste_stock",
            usuario=usuario,
            producto_id=producto_id,
            delta=delta,
            cantidad=movimiento.cantidad_resultante,
        )
        inventario.refresh_from_db()
    return inventario


@transaction.atomic
def actualizar_inventario(
    *, inventario: Inventario, usuario=None, cantidad: int | None = None, stock_minimo: int | None = None
) -> Inventario:
    """Change an inventory row's alert threshold and/or set its quantity (an adjustment movement)."""
    if stock_minimo is not None:
        Inventario.objects.filter(pk=inventario.pk).update(stock_minimo=stock_minimo)
    if cantidad is not None:
        return fijar_stock(producto_id=inventario.producto_id, cantidad=cantidad, usuario=usuario)
    inventario.refresh_from_db()
    return inventario


@transaction.atomic
def asegurar_inventario(*, producto: Producto, usuario=None) -> Inventario:
    """Create the product's inventory row if missing, starting from its current `stock`."""
    inventario, creado = Inventario.objects.get_or_create(producto=producto, defaults={"cantidad": 0})
    if creado and producto.stock:
        inicial = producto.stock
        mover_stock(producto_id=producto.pk, delta=inicial, motivo=MovimientoInventario.Motivo.INICIAL, usuario=usuario)
        inventario.refresh_from_db()
    return inventario


@transaction.atomic
def crear_producto(*, datos: dict, stock: int = 0, usuario=None) -> Producto:
    """Create a product with its inventory row and, if any, its initial stock movement."""
    producto = Producto.objects.create(stock=0, **datos)
    Inventario.objects.create(producto=producto, cantidad=0)
    invalidar_catalogo()
    if stock:
        mover_stock(producto_id=producto.pk, delta=stock, motivo=MovimientoInventario.Motivo.INICIAL, usuario=usuario)
        producto.stock = stock
    return producto


@transaction.atomic
def actualizar_producto(*, producto: Producto, datos: dict, stock: int | None = None, usuario=None) -> Producto:
    """Update a product's fields; a new `stock` becomes an inventory adjustment."""
    for campo, valor in datos.items():
        setattr(producto, campo, valor)
    producto.save(update_fields=[*datos.keys(), "fecha_actualizacion"])
    invalidar_catalogo()
    if stock is not None:
        asegurar_inventario(producto=producto, usuario=usuario)
        fijar_stock(producto_id=producto.pk, cantidad=stock, usuario=usuario)
        producto.refresh_from_db(fields=["stock"])
    return producto
