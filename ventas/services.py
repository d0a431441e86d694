"""Cart, checkout, order status, coupons and ratings."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, DecimalField, F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from backend import audit
from backend.dinero import CERO, SUMA, a_texto, cabe_en_columna, redondear
from backend.errores import AccionNoPermitida, NoEncontrado
from backend.tareas import encolar_por_nombre
from inventario.exceptions import StockInsuficiente
from inventario.models import MovimientoInventario
from inventario.services import mover_stock_en_lote
from notificaciones import services as notificaciones
from productos.cache import invalidar_catalogo
from productos.models import Producto
from ventas.exceptions import (
    CarritoVacio,
    CuponNoValido,
    ImporteMaximoSuperado,
    PrecioCambiado,
    TransicionNoPermitida,
    VentaYaCalificada,
)
from ventas.models import (
    FRAGMENTOS_DIA,
    Calificacion,
    Carrito,
    CarritoItem,
    Cupon,
    DetalleVenta,
    HistorialEstadoVenta,
    ResumenDiario,
    ResumenDiarioProducto,
    ResumenDiarioUsuario,
    ResumenTotalProducto,
    ResumenTotalUsuario,
    Venta,
)
from ventas.selectors import con_miniatura

# --- Cart -----------------------------------------------------------------------------------


def obtener_o_crear_carrito(*, usuario) -> tuple[Carrito, bool]:
    """The user's cart, created empty if missing; True when it was just created."""
    return Carrito.objects.get_or_create(usuario=usuario)


def _comprobar_stock(producto: Producto, cantidad: int) -> None:
    if cantidad > producto.stock:
        raise StockInsuficiente(producto.nombre)


def _comprobar_importe(*, carrito: Carrito, producto: Producto, cantidad: int) -> None:
    """The cart with `cantidad` units of `producto` must have amounts that fit a sale.

    Lanza: ImporteMaximoSuperado
    """
    otras = carrito.items.exclude(producto=producto).values_list("cantidad", "producto__precio")
    calcular_totales(lineas=[*otras, (cantidad, producto.precio)], cupon=None)


@transaction.atomic
def agregar_al_carrito(*, usuario, producto: Producto, cantidad: int) -> tuple[CarritoItem, bool]:
    """Add units of a product to the cart (one line per product); True if the line is new.

    Lanza: StockInsuficiente, ImporteMaximoSuperado
    """
    carrito, _ = obtener_o_crear_carrito(usuario=usuario)
    # Serialise a user's concurrent adds so the quantity check and the write agree.
    Carrito.objects.select_for_update().filter(pk=carrito.pk).first()
    item = CarritoItem.objects.filter(carrito=carrito, producto=producto).first()
    nueva = cantidad + (item.cantidad if item else 0)
    _comprobar_stock(producto, nueva)
    _comprobar_importe(carrito=carrito, producto=producto, cantidad=nueva)
    if item is None:
        return CarritoItem.objects.create(carrito=carrito, producto=producto, cantidad=nueva), True
    item.cantidad = nueva
    item.save(update_fields=["cantidad"])
    return item, False


@transaction.atomic
def cambiar_cantidad_item(*, item: CarritoItem, cantidad: int) -> CarritoItem:
    """Set a cart line's quantity.

    Lanza: StockInsuficiente, ImporteMaximoSuperado
    """
    producto = Producto.objects.get(pk=item.producto_id)
    _comprobar_stock(producto, cantidad)
    _comprobar_importe(carrito=item.carrito, producto=producto, cantidad=cantidad)
    item.cantidad = cantidad
    item.save(update_fields=["cantidad"])
    return item


def vaciar_carrito(*, usuario) -> Carrito:
    """Remove every line of the user's cart."""
    carrito, _ = obtener_o_crear_carrito(usuario=usuario)
    carrito.items.all().delete()
    return carrito


# --- Money ----------------------------------------------------------------------------------


def calcular_totales(*, lineas: list[tuple[int, Decimal]], cupon: Cupon | None) -> dict[str, Decimal]:
    """Amounts of a sale from (cantidad, precio_unitario) lines and an optional coupon.

    Lanza: ImporteMaximoSuperado (an amount would not fit a money column)
    """
    subtotal = redondear(sum((cantidad * precio for cantidad, precio in lineas), CERO))
    descuento = CERO
    if cupon is not None:
        if cupon.tipo == Cupon.Tipo.PORCENTAJE:
            descuento = redondear(subtotal * cupon.valor / 100)
        else:
            descuento = redondear(cupon.valor)
        descuento = min(descuento, subtotal)
    base = subtotal - descuento
    impuesto = redondear(base * settings.TIENDA_TASA_IMPUESTO)
    envio = redondear(settings.TIENDA_COSTO_ENVIO)
    umbral = settings.TIENDA_ENVIO_GRATIS_DESDE
    if umbral > 0 and base >= umbral:
        envio = CERO
    totales = {
        "subtotal": subtotal,
        "descuento": descuento,
        "impuesto": impuesto,
        "envio": envio,
        "total": base + impuesto + envio,
    }
    if not all(cabe_en_columna(valor) for valor in totales.values()):
        raise ImporteMaximoSuperado()
    return totales


def validar_cupon(*, codigo: str, usuario, bloquear: bool = False) -> Cupon:
    """The coupon for `codigo` if this user may apply it now.

    Lanza: CuponNoValido
    """
    qs = Cupon.objects.select_for_update() if bloquear else Cupon.objects.all()
    cupon = qs.filter(codigo__iexact=codigo.strip()).first()
    ahora = timezone.now()
    if cupon is None:
        raise CuponNoValido("El cupón no existe.", "cupon_inexistente")
    if not cupon.activo:
        raise CuponNoValido("El cupón no está activo.", "cupon_inactivo")
    if ahora < cupon.valido_desde:
        raise CuponNoValido("El cupón aún no es válido.", "cupon_no_vigente")
    if ahora > cupon.valido_hasta:
        raise CuponNoValido("El cupón ha caducado.", "cupon_caducado")
    if cupon.usos_maximos is not None and cupon.usos >= cupon.usos_maximos:
        raise CuponNoValido("El cupón se ha agotado.", "cupon_agotado")
    usado = Venta.objects.filter(cupon=cupon, usuario=usuario).exclude(estado=Venta.Estado.CANCELADA).exists()
    if usado:
        raise CuponNoValido("Ya usaste este cupón.", "cupon_ya_usado")
    return cupon


def resumir_carrito(*, usuario, codigo_cupon: str | None = None) -> dict[str, Decimal]:
    """Preview of the amounts a checkout of the current cart would charge.

    Lanza: CuponNoValido, ImporteMaximoSuperado
    """
    carrito, _ = obtener_o_crear_carrito(usuario=usuario)
    lineas = [(i.cantidad, i.producto.precio) for i in carrito.items.select_related("producto")]
    cupon = validar_cupon(codigo=codigo_cupon, usuario=usuario) if codigo_cupon else None
    return calcular_totales(lineas=lineas, cupon=cupon)


# --- Checkout -------------------------------------------------------------------------------


@transaction.atomic
def confirmar_compra(*, usuario, codigo_cupon: str | None = None, total_esperado: Decimal | None = None) -> Venta:
    """Turn the user's cart into a sale, all or nothing; it comes back with its lines (and their
    thumbnails) and history as if prefetched.

    Lock order, the same everywhere: carrito, then cupón, then inventory rows by product id,
    so two checkouts (or a checkout and a cancellation) can never deadlock. With
    `total_esperado` (the total the buyer saw), a different computed total buys nothing.

    Lanza: CarritoVacio, CuponNoValido, StockInsuficiente, ImporteMaximoSuperado, PrecioCambiado
    """
    carrito = Carrito.objects.select_for_update().filter(usuario=usuario).first()
    # The lines with their products, and the thumbnails the answer shows (no re-read after the sale).
    lineas = con_miniatura(CarritoItem.objects.filter(carrito=carrito)) if carrito else CarritoItem.objects.none()
    items = list(lineas.select_related("producto").order_by("producto_id"))
    if not items:
        raise CarritoVacio()
    cupon = validar_cupon(codigo=codigo_cupon, usuario=usuario, bloquear=True) if codigo_cupon else None

    totales = calcular_totales(lineas=[(i.cantidad, i.producto.precio) for i in items], cupon=cupon)
    if total_esperado is not None and redondear(total_esperado) != totales["total"]:
        raise PrecioCambiado(
            total_esperado=a_texto(total_esperado),
            totales={clave: a_texto(valor) for clave, valor in totales.items()},
        )
    venta = Venta.objects.create(usuario=usuario, cupon=cupon, **totales)
    detalles = DetalleVenta.objects.bulk_create(
        [
            DetalleVenta(
                venta=venta,
                producto=i.producto,
                producto_nombre=i.producto.nombre,
                cantidad=i.cantidad,
                precio_unitario=i.producto.precio,
            )
            for i in items
        ]
    )
    if cupon is not None:
        Cupon.objects.filter(pk=cupon.pk).update(usos=F("usos") + 1)
    mover_stock_en_lote(
        cambios=[(item.producto_id, -item.cantidad) for item in items],
        motivo=MovimientoInventario.Motivo.VENTA,
        usuario=usuario,
        venta=venta,
    )
    historial = HistorialEstadoVenta.objects.create(venta=venta, desde=None, hasta=venta.estado, usuario=usuario)
    CarritoItem.objects.filter(carrito=carrito).delete()
    for detalle, item in zip(detalles, items, strict=True):
        detalle.miniatura_producto = item.miniatura_producto
    _con_relaciones_en_memoria(venta, detalles=detalles, historial=[historial])
    notificaciones.notificar_venta_confirmada(venta=venta)
    audit.registrar_al_confirmar("venta_creada", usuario=usuario, venta_id=venta.pk, total=a_texto(venta.total))
    _sumar_a_resumenes(venta=venta, lineas=[(i.producto_id, i.cantidad, i.producto.precio) for i in items], signo=1)
    return venta


def _con_relaciones_en_memoria(venta: Venta, *, detalles: list[DetalleVenta], historial: list) -> None:
    """Give a sale just written its lines and history as if prefetched: what the transaction
    already holds answers the checkout, with no query to read the sale back."""
    venta._prefetched_objects_cache = {}
    for nombre, filas in (("detalles", detalles), ("historial", historial)):
        qs = getattr(venta, nombre).all()
        qs._result_cache, qs._prefetch_done = filas, True
        venta._prefetched_objects_cache[nombre] = qs


# --- Order status ---------------------------------------------------------------------------


@transaction.atomic
def cambiar_estado_venta(*, venta_id: int, estado: str, usuario, como_comprador: bool = False) -> Venta:
    """Move a sale to `estado`; cancelling returns its stock once, frees its coupon use and drops its rating.

    `como_comprador`: the buyer acting, who may only cancel a pending sale. Staff and the system
    (payments, expiry; `usuario` may be None) follow the whole state machine.

    Lanza: AccionNoPermitida, TransicionNoPermitida
    """
    venta = Venta.objects.select_for_update().get(pk=venta_id)
    if como_comprador:
        if estado != Venta.Estado.CANCELADA:
            raise AccionNoPermitida("Solo puedes cancelar tus ventas pendientes.")
        if venta.estado != Venta.Estado.PENDIENTE:
            raise TransicionNoPermitida("Solo se pueden cancelar ventas pendientes.")
    if estado not in Venta.TRANSICIONES[venta.estado]:
        raise TransicionNoPermitida(f"No se puede pasar de {venta.estado} a {estado}.")
    lineas = []
    if estado == Venta.Estado.CANCELADA:
        if venta.cupon_id:
            Cupon.objects.filter(pk=venta.cupon_id, usos__gt=0).update(usos=F("usos") - 1)
        lineas = list(venta.detalles.values_list("producto_id", "cantidad", "precio_unitario"))
        mover_stock_en_lote(
            cambios=[(producto_id, cantidad) for producto_id, cantidad, _ in lineas],
            motivo=MovimientoInventario.Motivo.CANCELACION,
            usuario=usuario,
            venta=venta,
        )
        # A rating describes a purchase that happened: a cancelled sale keeps none.
        Calificacion.objects.filter(venta=venta).delete()
    desde = venta.estado
    venta.estado = estado
    venta.save(update_fields=["estado"])
    HistorialEstadoVenta.objects.create(venta=venta, desde=desde, hasta=estado, usuario=usuario)
    notificaciones.notificar_estado_venta(venta=venta, desde=desde, hasta=estado)
    audit.registrar_al_confirmar("cambio_estado_venta", usuario=usuario, venta_id=venta.pk, desde=desde, hasta=estado)
    if estado == Venta.Estado.CANCELADA:
        _sumar_a_resumenes(venta=venta, lineas=lineas, signo=-1)
    if desde == Venta.Estado.PAGADA and estado == Venta.Estado.CANCELADA:
        # pagos (above ventas) refunds what was paid, right after commit; never twice.
        encolar_por_nombre("pagos.reembolsar_venta", venta.pk)
    return venta


# --- Ratings --------------------------------------------------------------------------------


@transaction.atomic
def calificar_venta(*, usuario, venta_id: int, calificacion: int, comentario: str = "") -> Calificacion:
    """Rate one of the user's own sales that is not cancelled, once.

    The sale row is locked, as a cancellation locks it: a rating and a cancellation of the same
    sale are serialised, and whichever comes second sees the other (a cancelled sale cannot be
    rated; cancelling drops the rating).

    Lanza: NoEncontrado, VentaYaCalificada, TransicionNoPermitida
    """
    venta = Venta.objects.select_for_update().filter(pk=venta_id, usuario=usuario).first()
    if venta is None:
        raise NoEncontrado("La venta no existe.")
    if venta.estado == Venta.Estado.CANCELADA:
        raise TransicionNoPermitida("No se puede calificar una venta cancelada.", "venta_cancelada")
    if Calificacion.objects.filter(venta=venta).exists():
        raise VentaYaCalificada()
    try:
        with transaction.atomic():
            nueva = Calificacion.objects.create(
                venta=venta, usuario=usuario, calificacion=calificacion, comentario=comentario
            )
    except IntegrityError:
        raise VentaYaCalificada() from None
    # Products show their rating average (calificacion_media).
    invalidar_catalogo()
    return nueva


# --- Daily summaries (issue 14.4) -----------------------------------------------------------


def _dia_local(fecha) -> date:
    """The sale's day for the reports: its local date in settings.TIME_ZONE."""
    return timezone.localdate(fecha, timezone=timezone.get_default_timezone())


def _upsert_sumando(modelo, claves: list[str], sumandos: list[str], filas: list[tuple]) -> tuple[str, list]:
    """INSERT the rows, or add their `sumandos` to the rows already there: one statement, no
    read-modify-write. ON CONFLICT DO UPDATE is atomic on PostgreSQL under concurrency (a concurrent
    insert of the same key waits and then adds) and the same SQL runs on SQLite (>= 3.24).
    Returns the statement and its parameters."""
    columnas = [modelo._meta.get_field(c).column for c in [*claves, *sumandos]]
    valores = ", ".join(["(" + ", ".join(["%s"] * len(columnas)) + ")"] * len(filas))
    return (
        f"INSERT INTO {modelo._meta.db_table} ({', '.join(columnas)}) VALUES {valores} "  # noqa: S608 (model names)
        + _al_chocar_sumar(modelo, claves, sumandos),
        [valor for fila in filas for valor in fila],
    )


def _al_chocar_sumar(modelo, claves: list[str], sumandos: list[str]) -> str:
    """The ON CONFLICT clause that adds the incoming `sumandos` to the row already under `claves`."""
    tabla = modelo._meta.db_table
    conflicto = ", ".join(modelo._meta.get_field(c).column for c in claves)
    sumas = []
    for campo in (modelo._meta.get_field(c) for c in sumandos):
        suma = f"{tabla}.{campo.column} + excluded.{campo.column}"
        # SQLite keeps decimals as floats: rounding to cents keeps the sums exact (a no-op on PostgreSQL).
        sumas.append(
            f"{campo.column} = ROUND({suma}, 2)" if isinstance(campo, DecimalField) else f"{campo.column} = {suma}"
        )
    return f"ON CONFLICT ({conflicto}) DO UPDATE SET {', '.join(sumas)}"


def _sumar_a_resumenes(*, venta: Venta, lineas: list[tuple[int, int, Decimal]], signo: int) -> None:
    """Add (signo=1, a sale) or take away (signo=-1, its cancellation) a sale from its day's summaries
    and from the all-time totals of its buyer and products.

    Called last in the sale's transaction: the day's rows are the ones every checkout of the day
    touches (spread over FRAGMENTOS_DIA rows), so their locks are held only from here to the
    commit. Every sale and cancellation sends the same upserts in the same order (products by id),
    so summaries never add a deadlock; the product rows are also those whose inventory rows the
    transaction already holds.
    """
    dia = _dia_local(venta.fecha)
    por_producto: dict[int, list] = {}
    for producto_id, cantidad, precio in lineas:
        suma = por_producto.setdefault(producto_id, [0, CERO])
        suma[0] += cantidad
        suma[1] += cantidad * precio
    contadores, total = ["numero_ventas", "total"], signo * venta.total
    sentencias = [
        _upsert_sumando(
            ResumenDiario, ["dia", "fragmento"], contadores, [(dia, venta.pk % FRAGMENTOS_DIA, signo, total)]
        ),
        _upsert_sumando(ResumenDiarioUsuario, ["dia", "usuario"], contadores, [(dia, venta.usuario_id, signo, total)]),
        _upsert_sumando(ResumenTotalUsuario, ["usuario"], contadores, [(venta.usuario_id, signo, total)]),
    ]
    if por_producto:
        sumas = [(p, signo * c, signo * i) for p, (c, i) in sorted(por_producto.items())]
        unidades = ["cantidad", "ingresos"]
        sentencias += [
            _upsert_sumando(ResumenDiarioProducto, ["dia", "producto"], unidades, [(dia, *fila) for fila in sumas]),
            _upsert_sumando(ResumenTotalProducto, ["producto"], unidades, sumas),
        ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement, one round trip: each upsert a data-modifying CTE (PostgreSQL runs every
            # one of them to completion even though the main query reads none).
            ctes = ", ".join(f"r{n} AS ({sql})" for n, (sql, _) in enumerate(sentencias))
            cursor.execute(f"WITH {ctes} SELECT 1", [p for _, params in sentencias for p in params])
        else:
            for sql, params in sentencias:
                cursor.execute(sql, params)


@transaction.atomic
def reconstruir_resumenes() -> dict[str, int]:
    """Rebuild every daily summary from the sales, and the all-time totals from those, from scratch;
    returns the rows written per table.

    On PostgreSQL the summary tables are locked against writes first: a checkout that already
    wrote its summary rows has committed before the rebuild reads, one that has not waits and adds
    its sale after the rebuild commits, so none is lost or counted twice.
    """
    tablas = [ResumenDiario, ResumenDiarioUsuario, ResumenDiarioProducto, ResumenTotalUsuario, ResumenTotalProducto]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A maintenance job that reads the whole history: not bound by the requests' statement_timeout.
            cursor.execute("SET LOCAL statement_timeout = 0")
            nombres = ", ".join(m._meta.db_table for m in tablas)
            cursor.execute(f"LOCK TABLE {nombres} IN SHARE ROW EXCLUSIVE MODE")
    for modelo in tablas:
        modelo.objects.all().delete()
    zona = timezone.get_default_timezone()
    validas = Venta.objects.exclude(estado=Venta.Estado.CANCELADA).annotate(d=TruncDate("fecha", tzinfo=zona))
    lineas = DetalleVenta.objects.exclude(venta__estado=Venta.Estado.CANCELADA).annotate(
        d=TruncDate("venta__fecha", tzinfo=zona)
    )
    dinero = {"output_field": SUMA}
    # Each sale in its own fragment (id modulo FRAGMENTOS_DIA), as at checkout: a cancellation
    # after the rebuild takes it from the row that holds it.
    por_dia = (
        validas.annotate(f=F("id") % FRAGMENTOS_DIA).values("d", "f").annotate(n=Count("id"), t=Sum("total", **dinero))
    )
    por_usuario = validas.values("d", "usuario").annotate(n=Count("id"), t=Sum("total", **dinero))
    por_producto = lineas.values("d", "producto").annotate(
        c=Sum("cantidad"), i=Sum(F("cantidad") * F("precio_unitario"), **dinero)
    )
    # One INSERT ... SELECT per table: the database aggregates and writes, nothing passes through Python.
    # (ROUND: SQLite sums decimals as floats; a no-op on PostgreSQL.)
    consultas = [
        (
            ResumenDiario,
            ["dia", "fragmento", "numero_ventas", "total"],
            "s.d, s.f, s.n, ROUND(s.t, 2)",
            "s.d, s.f",
            por_dia,
        ),
        (
            ResumenDiarioUsuario,
            ["dia", "usuario", "numero_ventas", "total"],
            "s.d, s.usuario, s.n, ROUND(s.t, 2)",
            "s.d, s.usuario",
            por_usuario,
        ),
        (
            ResumenDiarioProducto,
            ["dia", "producto", "cantidad", "ingresos"],
            "s.d, s.producto, s.c, ROUND(s.i, 2)",
            "s.d, s.producto",
            por_producto,
        ),
    ]
    escritas = {}
    with connection.cursor() as cursor:
        for modelo, campos, columnas, orden, consulta in consultas:
            sql, params = consulta.order_by().query.sql_with_params()
            destino = ", ".join(modelo._meta.get_field(c).column for c in campos)
            # Written in key order (day first): a month's rows sit together on disk, so a one-month
            # report reads a few pages, not one page per row as the aggregate's hash order would leave it.
            cursor.execute(
                f"INSERT INTO {modelo._meta.db_table} ({destino}) SELECT {columnas} FROM ({sql}) s ORDER BY {orden}",  # noqa: S608
                params,
            )
            escritas[modelo._meta.model_name] = cursor.rowcount
        # The all-time totals are the sums of the daily rows just written (far fewer than the lines).
        totales = [
            (ResumenTotalUsuario, ResumenDiarioUsuario, "usuario", ["numero_ventas", "total"]),
            (ResumenTotalProducto, ResumenDiarioProducto, "producto", ["cantidad", "ingresos"]),
        ]
        for modelo, diario, clave, (contador, importe) in totales:
            columnas = [modelo._meta.get_field(c).column for c in (clave, contador, importe)]
            cursor.execute(
                f"INSERT INTO {modelo._meta.db_table} ({', '.join(columnas)}) "  # noqa: S608 (names from the models)
                f"SELECT {columnas[0]}, SUM({columnas[1]}), ROUND(SUM({columnas[2]}), 2) "
                f"FROM {diario._meta.db_table} GROUP BY {columnas[0]} ORDER BY {columnas[0]}"
            )
            escritas[modelo._meta.model_name] = cursor.rowcount
        if connection.vendor == "postgresql":
            # Every row was replaced: fresh statistics, so the reports' plans fit the new tables.
            cursor.execute(f"ANALYZE {', '.join(m._meta.db_table for m in tablas)}")
    return escritas


@transaction.atomic
def compactar_resumenes(*, antes_de: date | None = None) -> int:
    """Fold the fragments of every day before `antes_de` (default: yesterday's local date, so the
    day being sold is left alone) into fragment 0; returns how many fragment rows went.

    Only the layout changes: a day's sums stay the same at every moment (the rows are moved in one
    transaction, and a sale or cancellation of an old day that lands later adds to its fragment
    again, to be folded next time). A report of a long range then reads about one row a day.
    """
    antes_de = antes_de or timezone.localdate() - timedelta(days=1)
    tabla = ResumenDiario._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH movidas AS (DELETE FROM {tabla} WHERE dia < %s AND fragmento <> 0 "  # noqa: S608 (model names)
                "RETURNING dia, numero_ventas, total), "
                "sumas AS (SELECT dia, SUM(numero_ventas) AS n, SUM(total) AS t FROM movidas GROUP BY dia), "
                f"escritas AS (INSERT INTO {tabla} (dia, fragmento, numero_ventas, total) "
                "SELECT dia, 0, n, t FROM sumas ORDER BY dia "
                + _al_chocar_sumar(ResumenDiario, ["dia", "fragmento"], ["numero_ventas", "total"])
                + ") SELECT COUNT(*) FROM movidas",
                [antes_de],
            )
            return cursor.fetchone()[0]
    # SQLite (one writer at a time): the same moves, a statement each.
    sumas = list(
        ResumenDiario.objects.filter(dia__lt=antes_de)
        .exclude(fragmento=0)
        .values("dia")
        .annotate(n=Sum("numero_ventas"), t=Sum("total", output_field=SUMA))
        .order_by("dia")
    )
    movidas, _ = ResumenDiario.objects.filter(dia__lt=antes_de).exclude(fragmento=0).delete()
    if sumas:
        filas = [(f["dia"], 0, f["n"], redondear(f["t"])) for f in sumas]
        sql, params = _upsert_sumando(ResumenDiario, ["dia", "fragmento"], ["numero_ventas", "total"], filas)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    return movidas
