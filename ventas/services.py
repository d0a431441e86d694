"""Cart, checkout, order status, coupons and ratings."""

import hashlib
import json
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied

from backend import audit
from backend.exceptions import Conflicto, DomainError
from inventario.models import MovimientoInventario
from inventario.services import StockInsuficiente, mover_stocks
from notificaciones import services as notificaciones
from productos.models import Producto
from ventas.models import (
    Calificacion,
    Carrito,
    CarritoItem,
    ClaveIdempotencia,
    Cupon,
    DetalleVenta,
    HistorialEstadoVenta,
    Venta,
)

CENTIMO = Decimal("0.01")


class CarritoVacio(DomainError):
    default_detail = "El carrito está vacío."
    default_code = "carrito_vacio"


class CuponNoValido(DomainError):
    default_detail = "El cupón no es válido."
    default_code = "cupon_no_valido"


class TransicionNoPermitida(Conflicto):
    default_code = "transicion_no_permitida"


class VentaYaCalificada(Conflicto):
    default_detail = "Esta venta ya fue calificada."
    default_code = "venta_ya_calificada"


class IdempotenciaEnCurso(Conflicto):
    default_detail = "Una petición con esta Idempotency-Key aún se está procesando."
    default_code = "idempotencia_en_curso"


class IdempotenciaCuerpoDistinto(DomainError):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "Esta Idempotency-Key ya se usó con otro cuerpo de petición."
    default_code = "idempotencia_cuerpo_distinto"


def redondear(valor: Decimal) -> Decimal:
    """Round half-up to cents."""
    return Decimal(valor).quantize(CENTIMO, rounding=ROUND_HALF_UP)


# --- Cart -----------------------------------------------------------------------------------


def obtener_carrito(*, usuario) -> tuple[Carrito, bool]:
    """The user's cart, created empty if missing; True when it was just created."""
    return Carrito.objects.get_or_create(usuario=usuario)


def _comprobar_stock(producto: Producto, cantidad: int) -> None:
    if cantidad > producto.stock:
        raise StockInsuficiente(producto.nombre)


@transaction.atomic
def agregar_al_carrito(*, usuario, producto: Producto, cantidad: int) -> tuple[CarritoItem, bool]:
    """Add units of a product to the cart (one line per product); True if the line is new.

    Lanza: StockInsuficiente
    """
    carrito, _ = obtener_carrito(usuario=usuario)
    # Serialise a user's concurrent adds so the quantity check and the write agree.
    Carrito.objects.select_for_update().filter(pk=carrito.pk).first()
    item = CarritoItem.objects.filter(carrito=carrito, producto=producto).first()
    nueva = cantidad + (item.cantidad if item else 0)
    _comprobar_stock(producto, nueva)
    if item is None:
        return CarritoItem.objects.create(carrito=carrito, producto=producto, cantidad=nueva), True
    item.cantidad = nueva
    item.save(update_fields=["cantidad"])
    return item, False


@transaction.atomic
def cambiar_cantidad_item(*, item: CarritoItem, cantidad: int) -> CarritoItem:
    """Set a cart line's quantity.

    Lanza: StockInsuficiente
    """
    producto = Producto.objects.get(pk=item.producto_id)
    _comprobar_stock(producto, cantidad)
    item.cantidad = cantidad
    item.save(update_fields=["cantidad"])
    return item


def vaciar_carrito(*, usuario) -> Carrito:
    """Remove every line of the user's cart."""
    carrito, _ = obtener_carrito(usuario=usuario)
    carrito.items.all().delete()
    return carrito


# --- Money ----------------------------------------------------------------------------------


def calcular_totales(*, lineas: list[tuple[int, Decimal]], cupon: Cupon | None) -> dict[str, Decimal]:
    """Amounts of a sale from (cantidad, precio_unitario) lines and an optional coupon."""
    subtotal = redondear(sum((cantidad * precio for cantidad, precio in lineas), Decimal("0")))
    descuento = Decimal("0.00")
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
        envio = Decimal("0.00")
    return {
        "subtotal": subtotal,
        "descuento": descuento,
        "impuesto": impuesto,
        "envio": envio,
        "total": base + impuesto + envio,
    }


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
        raise CuponNoValido("Ya usó este cupón.", "cupon_ya_usado")
    return cupon


def resumir_carrito(*, usuario, codigo_cupon: str | None = None) -> dict[str, Decimal]:
    """Preview of the amounts a checkout of the current cart would charge."""
    carrito, _ = obtener_carrito(usuario=usuario)
    lineas = [(i.cantidad, i.producto.precio) for i in carrito.items.select_related("producto")]
    cupon = validar_cupon(codigo=codigo_cupon, usuario=usuario) if codigo_cupon else None
    return calcular_totales(lineas=lineas, cupon=cupon)


# --- Checkout -------------------------------------------------------------------------------


@transaction.atomic
def confirmar_compra(*, usuario, codigo_cupon: str | None = None) -> Venta:
    """Turn the user's cart into a sale, all or nothing.

    Lock order, the same everywhere: carrito, then cupón, then inventory rows by product id,
    so two checkouts (or a checkout and a cancellation) can never deadlock.

    Lanza: CarritoVacio, CuponNoValido, StockInsuficiente
    """
    carrito = Carrito.objects.select_for_update().filter(usuario=usuario).first()
    items = list(carrito.items.select_related("producto").order_by("producto_id")) if carrito else []
    if not items:
        raise CarritoVacio()
    cupon = validar_cupon(codigo=codigo_cupon, usuario=usuario, bloquear=True) if codigo_cupon else None

    totales = calcular_totales(lineas=[(i.cantidad, i.producto.precio) for i in items], cupon=cupon)
    venta = Venta.objects.create(usuario=usuario, cupon=cupon, **totales)
    DetalleVenta.objects.bulk_create(
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
    mover_stocks(
        cambios=[(item.producto_id, -item.cantidad) for item in items],
        motivo=MovimientoInventario.Motivo.VENTA,
        usuario=usuario,
        venta=venta,
    )
    HistorialEstadoVenta.objects.create(venta=venta, desde=None, hasta=venta.estado, usuario=usuario)
    carrito.items.all().delete()
    notificaciones.notificar_venta_confirmada(venta=venta)
    audit.registrar("venta_creada", usuario=usuario, venta_id=venta.pk, total=str(venta.total))
    return venta


def huella_peticion(datos) -> str:
    """A stable fingerprint of a request body."""
    return hashlib.sha256(json.dumps(datos, sort_keys=True, default=str).encode()).hexdigest()


def ejecutar_idempotente(*, usuario, clave: str, huella: str, operacion) -> tuple[int, object, bool]:
    """Run `operacion` once per (user, key); repeats get the stored (status, body, True).

    Lanza: IdempotenciaEnCurso, IdempotenciaCuerpoDistinto
    """
    caducidad = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    ClaveIdempotencia.objects.filter(usuario=usuario, clave=clave, fecha__lt=caducidad).delete()
    try:
        with transaction.atomic():
            registro = ClaveIdempotencia.objects.create(usuario=usuario, clave=clave, huella=huella)
    except IntegrityError:
        previo = ClaveIdempotencia.objects.get(usuario=usuario, clave=clave)
        if previo.huella != huella:
            raise IdempotenciaCuerpoDistinto() from None
        if previo.estado == ClaveIdempotencia.Estado.EN_CURSO:
            raise IdempotenciaEnCurso() from None
        return previo.codigo_http, previo.respuesta, True
    try:
        codigo_http, cuerpo = operacion()
    except BaseException:
        # Nothing was bought: free the key so the client may retry it.
        registro.delete()
        raise
    registro.estado = ClaveIdempotencia.Estado.COMPLETADA
    registro.codigo_http = codigo_http
    registro.respuesta = json.loads(json.dumps(cuerpo, default=str))
    registro.save(update_fields=["estado", "codigo_http", "respuesta"])
    return codigo_http, cuerpo, False


# --- Order status ---------------------------------------------------------------------------


@transaction.atomic
def cambiar_estado_venta(*, venta_id: int, estado: str, usuario) -> Venta:
    """Move a sale to `estado`; cancelling returns its stock once and frees its coupon use.

    Lanza: TransicionNoPermitida
    """
    venta = Venta.objects.select_for_update().get(pk=venta_id)
    if not usuario.es_personal:
        if estado != Venta.Estado.CANCELADA:
            raise PermissionDenied("Un cliente solo puede cancelar sus ventas pendientes.")
        if venta.estado != Venta.Estado.PENDIENTE:
            raise TransicionNoPermitida("Solo se pueden cancelar ventas pendientes.")
    if estado not in Venta.TRANSICIONES[venta.estado]:
        raise TransicionNoPermitida(f"No se puede pasar de {venta.estado} a {estado}.")
    if estado == Venta.Estado.CANCELADA:
        if venta.cupon_id:
            Cupon.objects.filter(pk=venta.cupon_id, usos__gt=0).update(usos=F("usos") - 1)
        mover_stocks(
            cambios=list(venta.detalles.values_list("producto_id", "cantidad")),
            motivo=MovimientoInventario.Motivo.CANCELACION,
            usuario=usuario,
            venta=venta,
        )
    desde = venta.estado
    venta.estado = estado
    venta.save(update_fields=["estado"])
    HistorialEstadoVenta.objects.create(venta=venta, desde=desde, hasta=estado, usuario=usuario)
    notificaciones.notificar_estado_venta(venta=venta, desde=desde, hasta=estado)
    audit.registrar("cambio_estado_venta", usuario=usuario, venta_id=venta.pk, desde=desde, hasta=estado)
    return venta


# --- Ratings --------------------------------------------------------------------------------


@transaction.atomic
def calificar_venta(*, usuario, venta_id: int, calificacion: int, comentario: str = "") -> Calificacion:
    """Rate one of the user's own sales, once.

    Lanza: VentaYaCalificada, TransicionNoPermitida
    """
    venta = Venta.objects.filter(pk=venta_id, usuario=usuario).first()
    if venta is None:
        raise NotFound("La venta no existe.")
    if venta.estado == Venta.Estado.CANCELADA:
        raise TransicionNoPermitida("No se puede calificar una venta cancelada.", "venta_cancelada")
    if Calificacion.objects.filter(venta=venta).exists():
        raise VentaYaCalificada()
    try:
        with transaction.atomic():
            return Calificacion.objects.create(
                venta=venta, usuario=usuario, calificacion=calificacion, comentario=comentario
            )
    except IntegrityError:
        raise VentaYaCalificada() from None
