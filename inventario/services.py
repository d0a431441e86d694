"""Stock changes. `mover_stock_en_lote` is the only code that writes Inventario.cantidad or Producto.stock."""

from django.db import transaction
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from backend import audit
from inventario.exceptions import StockInsuficiente
from inventario.models import Inventario, MovimientoInventario
from notificaciones.services import notificar_stock_bajo
from productos.cache import invalidar_catalogo
from productos.models import Producto


def mover_stock_en_lote(
    *, cambios: list[tuple[int, int]], motivo: str, usuario=None, venta=None, nota: str = ""
) -> list[MovimientoInventario]:
    """Apply (product id, delta) stock changes and record one movement each; the only stock writer.

    Rows are locked in product-id order, the order every caller uses, so two transactions moving
    the same products can never deadlock. A batch that would leave a stock below zero writes nothing.

    Lanza: StockInsuficiente
    """
    cambios = sorted(cambios)
    # No savepoint (two round trips fewer per checkout): a shortfall is found before anything is
    # written and raised outside the block, so the caller's transaction stays usable.
    with transaction.atomic(savepoint=False):
        movimientos, falta = _mover(cambios=cambios, motivo=motivo, usuario=usuario, venta=venta, nota=nota)
    if falta is not None:
        raise StockInsuficiente(falta)
    return movimientos


def _mover(*, cambios, motivo, usuario, venta, nota) -> tuple[list[MovimientoInventario], str | None]:
    """The batch's writes in four statements whatever its size; or the name of a product short of stock."""
    ids = sorted({producto_id for producto_id, _ in cambios})
    # One statement locks the rows (product-id order) and reads all the batch needs: quantities,
    # alert thresholds and names.
    bloqueadas = {
        producto_id: (cantidad, minimo, nombre)
        for producto_id, cantidad, minimo, nombre in Inventario.objects.select_for_update(of=("self",))
        .filter(producto_id__in=ids)
        .order_by("producto_id")
        .values_list("producto_id", "cantidad", "stock_minimo", "producto__nombre")
    }
    despues, neto, necesita, movimientos = {}, {}, {}, []
    for producto_id, delta in cambios:
        if producto_id not in bloqueadas:
            nombre = Producto.objects.filter(pk=producto_id).values_list("nombre", flat=True).first()
            return [], nombre or str(producto_id)
        # The rows are ours since the SELECT above, so the new quantities are known without a re-read.
        cantidad = despues.get(producto_id, bloqueadas[producto_id][0]) + delta
        if cantidad < 0:
            return [], bloqueadas[producto_id][2]
        despues[producto_id] = cantidad
        neto[producto_id] = neto.get(producto_id, 0) + delta
        necesita[producto_id] = max(necesita.get(producto_id, 0), -neto[producto_id])
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
    # One guarded UPDATE for every row: the guard as well as the lock, since SQLite has no row locks.
    guarda = Q()
    for producto_id in ids:
        guarda |= Q(producto_id=producto_id, cantidad__gte=necesita[producto_id])
    suma = Case(*(When(producto_id=p, then=Value(neto[p])) for p in ids), output_field=IntegerField())
    ahora = timezone.now()
    escritas = Inventario.objects.filter(guarda).update(cantidad=F("cantidad") + suma, ultima_actualizacion=ahora)
    if escritas < len(ids):
        # Only without row locks (SQLite): a concurrent move took the stock after the read. Raised
        # inside the block, so the whole transaction rolls back.
        ahora_hay = dict(Inventario.objects.filter(producto_id__in=ids).values_list("producto_id", "cantidad"))
        corto = next((p for p in ids if ahora_hay.get(p, 0) < necesita[p]), ids[0])
        raise StockInsuficiente(bloqueadas[corto][2])
    # Products carry a copy of their stock: the inventory rows' quantities, in one statement.
    Producto.objects.filter(pk__in=ids).update(
        stock=Subquery(Inventario.objects.filter(producto_id=OuterRef("pk")).values("cantidad")[:1])
    )
    _avisar_stock_bajo(bloqueadas=bloqueadas, despues=despues)
    # Products carry their stock: every cached catalogue answer may be out of date now.
    invalidar_catalogo()
    return MovimientoInventario.objects.bulk_create(movimientos), None


def _avisar_stock_bajo(*, bloqueadas: dict[int, tuple[int, int, str]], despues: dict[int, int]) -> None:
    """Alert the staff once per crossing: a stock that was above its minimum is now at or below it."""
    for producto_id, cantidad in despues.items():
        antes, minimo, nombre = bloqueadas[producto_id]
        if cantidad <= minimo < antes:
            notificar_stock_bajo(producto_id=producto_id, nombre=nombre, cantidad=cantidad, stock_minimo=minimo)


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
