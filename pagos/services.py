"""Payments: start one, apply provider notifications exactly once, refund, expire unpaid sales.

Lock order, the same as ventas: the sale first, then its payments. A buyer's cancellation
(ventas.services) locks the sale, so a success notification racing it sees either a pending
sale (and pays it) or a cancelled one (and refunds the money).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from backend import audit
from backend.tareas import encolar
from notificaciones import services as notificaciones
from pagos import proveedores
from pagos.exceptions import (
    OperacionNoSoportada,
    PagoNoEncontrado,
    PagoNoPendiente,
    VentaNoPendiente,
    VentaSinImporte,
)
from pagos.models import CambioEstadoPago, EventoPago, Pago
from pagos.proveedores import EXITO, FALLO, Notificacion
from ventas import services as ventas_services
from ventas.models import HistorialEstadoVenta, Venta

logger = logging.getLogger(__name__)


# --- Starting a payment -------------------------------------------------------------------------


def iniciar_pago(*, usuario, venta_id: int, proveedor: str) -> tuple[Pago, bool]:
    """A payment of the buyer's pending sale with `proveedor`; True when it was just created.

    While the sale has a pending payment with that provider, that same payment is returned.
    The amount is the sale's total, computed on the server.

    Lanza: ProveedorNoDisponible, VentaNoPendiente, VentaSinImporte, PagoNoEncontrado, ErrorProveedor
    """
    adaptador = proveedores.obtener(proveedor)
    # The provider is called inside the sale's lock: a failed call leaves no payment behind and
    # two concurrent attempts cannot both create one.
    with transaction.atomic():
        venta = Venta.objects.select_for_update().filter(pk=venta_id, usuario=usuario).first()
        if venta is None:
            raise PagoNoEncontrado("La venta no existe.")
        if venta.estado != Venta.Estado.PENDIENTE:
            raise VentaNoPendiente()
        if venta.total <= 0:
            # No provider charges 0 (and a payment's amount is positive): staff confirm such a sale.
            raise VentaSinImporte()
        existente = venta.pagos.filter(proveedor=proveedor, estado=Pago.Estado.PENDIENTE).first()
        if existente is not None:
            return existente, False
        pago = Pago.objects.create(venta=venta, proveedor=proveedor, monto=venta.total, moneda=settings.TIENDA_MONEDA)
        creado = adaptador.crear(pago)
        pago.referencia = creado.referencia
        pago.client_secret = creado.client_secret
        pago.url_aprobacion = creado.url_aprobacion
        pago.save(update_fields=["referencia", "client_secret", "url_aprobacion", "actualizado"])
        audit.registrar(
            "pago_creado",
            usuario=usuario,
            pago_id=pago.pk,
            venta_id=venta.pk,
            proveedor=proveedor,
            monto=str(pago.monto),
        )
    return pago, True


def _pago_del_comprador(*, usuario, pago_id: int) -> Pago:
    pago = Pago.objects.filter(pk=pago_id, venta__usuario=usuario).first()
    if pago is None:
        raise PagoNoEncontrado()
    return pago


def capturar_pago(*, usuario, pago_id: int) -> Pago:
    """Capture a PayPal order the buyer approved, and apply the result.

    Lanza: PagoNoEncontrado, OperacionNoSoportada, PagoNoPendiente, ErrorProveedor
    """
    pago = _pago_del_comprador(usuario=usuario, pago_id=pago_id)
    if pago.proveedor != Pago.Proveedor.PAYPAL:
        raise OperacionNoSoportada("Solo los pagos con PayPal se capturan.")
    if pago.estado != Pago.Estado.PENDIENTE:
        if pago.estado == Pago.Estado.EXITOSO:
            return pago  # already captured (a repeated return from PayPal)
        raise PagoNoPendiente()
    aplicar_notificacion(proveedor=pago.proveedor, notificacion=proveedores.obtener(pago.proveedor).capturar(pago))
    return Pago.objects.get(pk=pago.pk)


def simular_pago(*, usuario, pago_id: int, exito: bool) -> Pago:
    """Do what the simulated provider's notification would do.

    Lanza: PagoNoEncontrado, OperacionNoSoportada, PagoNoPendiente, ProveedorNoDisponible
    """
    pago = _pago_del_comprador(usuario=usuario, pago_id=pago_id)
    if pago.proveedor != Pago.Proveedor.SIMULADO:
        raise OperacionNoSoportada("Solo los pagos simulados se pueden simular.")
    if pago.estado != Pago.Estado.PENDIENTE:
        raise PagoNoPendiente()
    adaptador = proveedores.obtener(pago.proveedor)
    aplicar_notificacion(proveedor=pago.proveedor, notificacion=adaptador.simular(pago, exito=exito))
    return Pago.objects.get(pk=pago.pk)


# --- Notifications ------------------------------------------------------------------------------


def recibir_webhook(*, proveedor: str, cuerpo: bytes, cabeceras) -> EventoPago | None:
    """Verify a provider's notification, then apply it once.

    Lanza: FirmaInvalida
    """
    notificacion = proveedores.PROVEEDORES[proveedor].verificar(cuerpo, cabeceras)
    return aplicar_notificacion(proveedor=proveedor, notificacion=notificacion)


def _buscar_pago(proveedor: str, notificacion: Notificacion) -> Pago | None:
    if notificacion.referencia:
        pago = Pago.objects.filter(proveedor=proveedor, referencia=notificacion.referencia).first()
        if pago is not None:
            return pago
    if notificacion.referencia_captura:
        return Pago.objects.filter(proveedor=proveedor, referencia_captura=notificacion.referencia_captura).first()
    return None


@transaction.atomic
def aplicar_notificacion(*, proveedor: str, notificacion: Notificacion) -> EventoPago | None:
    """Apply a verified provider event at most once, whatever the order or concurrency of deliveries.

    Returns the stored event, or None for a repeated delivery (nothing changes then).
    """
    if not notificacion.evento_id:
        return None
    pago = _buscar_pago(proveedor, notificacion)
    try:
        # The unique (proveedor, evento_id) row is the "applied once" guarantee: a concurrent
        # delivery of the same event waits here and then fails, changing nothing.
        with transaction.atomic():
            evento = EventoPago.objects.create(
                proveedor=proveedor,
                evento_id=notificacion.evento_id[:255],
                tipo=notificacion.tipo[:100],
                pago=pago,
                resultado=EventoPago.Resultado.IGNORADO,
            )
    except IntegrityError:
        audit.registrar("evento_pago_repetido", proveedor=proveedor, evento_proveedor=notificacion.evento_id)
        return None
    if pago is None or notificacion.accion is None:
        audit.registrar(
            "evento_pago_ignorado", proveedor=proveedor, evento_proveedor=notificacion.evento_id, tipo=notificacion.tipo
        )
        return evento

    venta = Venta.objects.select_for_update().get(pk=pago.venta_id)
    pago = Pago.objects.select_for_update().get(pk=pago.pk)
    if notificacion.accion == EXITO:
        resultado = _aplicar_exito(pago, venta, notificacion, evento)
    elif notificacion.accion == FALLO:
        resultado = _aplicar_fallo(pago, evento)
    else:
        resultado = _aplicar_reembolso(pago, notificacion, evento)
    evento.resultado = resultado
    evento.save(update_fields=["resultado"])
    return evento


def _cambiar_estado(pago: Pago, hasta: str, *, evento=None, historial_venta=None, campos=()) -> None:
    desde = pago.estado
    pago.estado = hasta
    pago.save(update_fields=["estado", "actualizado", *campos])
    CambioEstadoPago.objects.create(pago=pago, desde=desde, hasta=hasta, evento=evento, historial_venta=historial_venta)
    audit.registrar(
        "cambio_estado_pago",
        pago_id=pago.pk,
        venta_id=pago.venta_id,
        proveedor=pago.proveedor,
        desde=desde,
        hasta=hasta,
        evento_proveedor=evento.evento_id if evento else None,
    )


def _aplicar_exito(pago: Pago, venta: Venta, notificacion: Notificacion, evento: EventoPago) -> str:
    if pago.estado not in (Pago.Estado.PENDIENTE, Pago.Estado.FALLIDO):
        return EventoPago.Resultado.IGNORADO  # already settled: a late or repeated success
    if notificacion.referencia_captura:
        pago.referencia_captura = notificacion.referencia_captura
    campos = ["referencia_captura"] if notificacion.referencia_captura else []
    if _importe_distinto(pago, notificacion):
        _cambiar_estado(pago, Pago.Estado.REVISION, evento=evento, campos=campos)
        logger.warning("Payment %s: notified amount differs from the sale's; left for review", pago.pk)
        return EventoPago.Resultado.REVISION
    if venta.estado == Venta.Estado.PENDIENTE:
        historial = _marcar_venta_pagada(venta)
        _cambiar_estado(pago, Pago.Estado.EXITOSO, evento=evento, historial_venta=historial, campos=campos)
        _notificar(pago, "pago_recibido")
    else:
        # The sale was cancelled (or paid another way) before this money arrived: give it back.
        _cambiar_estado(pago, Pago.Estado.EXITOSO, evento=evento, campos=campos)
        solicitar_reembolso(pago=pago)
    return EventoPago.Resultado.APLICADO


def _aplicar_fallo(pago: Pago, evento: EventoPago) -> str:
    if pago.estado != Pago.Estado.PENDIENTE:
        return EventoPago.Resultado.IGNORADO
    _cambiar_estado(pago, Pago.Estado.FALLIDO, evento=evento)
    _notificar(pago, "pago_fallido")
    return EventoPago.Resultado.APLICADO


def _importe_distinto(pago: Pago, notificacion: Notificacion) -> bool:
    return notificacion.monto != pago.monto or (notificacion.moneda or "").upper() != pago.moneda.upper()


def _aplicar_reembolso(pago: Pago, notificacion: Notificacion, evento: EventoPago) -> str:
    if pago.estado in (Pago.Estado.REEMBOLSADO, Pago.Estado.REVISION):
        return EventoPago.Resultado.IGNORADO
    if notificacion.monto is not None and _importe_distinto(pago, notificacion):
        # A partial refund (made in the provider's dashboard) is not ours to interpret.
        _cambiar_estado(pago, Pago.Estado.REVISION, evento=evento)
        return EventoPago.Resultado.REVISION
    _cambiar_estado(pago, Pago.Estado.REEMBOLSADO, evento=evento)
    _notificar(pago, "pago_reembolsado")
    return EventoPago.Resultado.APLICADO


def _marcar_venta_pagada(venta: Venta) -> HistorialEstadoVenta:
    """PENDIENTE -> PAGADA through the sales service, by no user (the payment names itself)."""
    venta = ventas_services.cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.PAGADA, usuario=None)
    return HistorialEstadoVenta.objects.filter(venta=venta, hasta=Venta.Estado.PAGADA).latest("id")


MENSAJES = {
    "pago_recibido": ("Pago recibido", "Hemos recibido tu pago de {monto} {moneda} del pedido #{venta}."),
    "pago_fallido": (
        "El pago no se completó",
        "El pago del pedido #{venta} no se completó. Puedes intentarlo de nuevo desde tu pedido.",
    ),
    "pago_reembolsado": ("Pago reembolsado", "Te hemos devuelto {monto} {moneda} del pedido #{venta}."),
}


def _notificar(pago: Pago, tipo: str) -> None:
    """Tell the buyer (in-app and by email after commit) what happened to the payment."""
    titulo, mensaje = MENSAJES[tipo]
    datos = {"venta": pago.venta_id, "pago": pago.pk, "monto": str(pago.monto), "moneda": pago.moneda}
    notificaciones.notificar(
        usuario_id=Venta.objects.values_list("usuario_id", flat=True).get(pk=pago.venta_id),
        tipo=tipo,
        titulo=titulo.format(venta=pago.venta_id),
        mensaje=mensaje.format(venta=pago.venta_id, monto=pago.monto, moneda=pago.moneda),
        datos=datos,
    )


# --- Refunds ------------------------------------------------------------------------------------


def solicitar_reembolso(*, pago: Pago) -> None:
    """Mark a successful payment for refund and queue the refund after commit (once)."""
    if pago.estado != Pago.Estado.EXITOSO or pago.reembolso_solicitado is not None:
        return
    pago.reembolso_solicitado = timezone.now()
    pago.save(update_fields=["reembolso_solicitado", "actualizado"])
    audit.registrar("reembolso_solicitado", pago_id=pago.pk, venta_id=pago.venta_id, proveedor=pago.proveedor)
    from pagos import tasks

    encolar(tasks.reembolsar_pago, pago.pk)


def reembolsar_pago(*, pago_id: int) -> Pago:
    """Refund a payment through its provider; a repeated call never refunds twice.

    The provider call carries an idempotency key made from the payment, so a retry after a
    lost answer gets the first refund back instead of a second one.

    Lanza: ErrorProveedor (transient ones are retried by the worker)
    """
    pago = Pago.objects.get(pk=pago_id)
    if pago.estado != Pago.Estado.EXITOSO or pago.referencia_reembolso:
        return pago
    reembolso = proveedores.PROVEEDORES[pago.proveedor].reembolsar(pago)
    with transaction.atomic():
        pago = Pago.objects.select_for_update().get(pk=pago_id)
        if pago.referencia_reembolso:
            return pago
        pago.referencia_reembolso = reembolso.referencia
        if reembolso.completado and pago.estado == Pago.Estado.EXITOSO:
            _cambiar_estado(pago, Pago.Estado.REEMBOLSADO, campos=["referencia_reembolso"])
            _notificar(pago, "pago_reembolsado")
        else:
            pago.save(update_fields=["referencia_reembolso", "actualizado"])
    return pago


@transaction.atomic
def cancelar_venta(*, venta_id: int, usuario) -> Venta:
    """Cancel a sale through ventas (stock and coupon come back) and refund what was paid.

    Lanza: TransicionNoPermitida
    """
    venta = ventas_services.cambiar_estado_venta(venta_id=venta_id, estado=Venta.Estado.CANCELADA, usuario=usuario)
    for pago in Pago.objects.select_for_update().filter(venta=venta, estado=Pago.Estado.EXITOSO).order_by("pk"):
        solicitar_reembolso(pago=pago)
    return venta


def reembolsar_ventas_canceladas() -> int:
    """Queue the refund of every successful payment of a cancelled sale not yet refunded.

    Catches sales cancelled through the order-status endpoint, which belongs to ventas.
    """
    n = 0
    pendientes = Pago.objects.filter(
        estado=Pago.Estado.EXITOSO, reembolso_solicitado__isnull=True, venta__estado=Venta.Estado.CANCELADA
    ).values_list("venta_id", "pk")
    for venta_id, pago_id in pendientes:
        n += reembolsar_venta_cancelada(venta_id=venta_id, pago_ids=[pago_id])
    return n


@transaction.atomic
def reembolsar_venta_cancelada(*, venta_id: int, pago_ids: list[int] | None = None) -> int:
    """Queue the refund of the successful payments of a cancelled sale not yet asked for (once).

    Called right after ventas cancels a paid sale (task pagos.reembolsar_venta) and by the
    periodic catch-up; the sale row is locked first, as a cancellation locks it. Returns how
    many refunds it queued.
    """
    venta = Venta.objects.select_for_update().filter(pk=venta_id).first()
    if venta is None or venta.estado != Venta.Estado.CANCELADA:
        return 0
    pagos = Pago.objects.select_for_update().filter(
        venta=venta, estado=Pago.Estado.EXITOSO, reembolso_solicitado__isnull=True
    )
    if pago_ids is not None:
        pagos = pagos.filter(pk__in=pago_ids)
    n = 0
    for pago in pagos.order_by("pk"):
        solicitar_reembolso(pago=pago)
        n += 1
    return n


def reintentar_reembolsos() -> int:
    """Re-queue refunds asked for more than a few minutes ago and still without an answer."""
    limite = timezone.now() - timedelta(minutes=5)
    ids = list(
        Pago.objects.filter(
            estado=Pago.Estado.EXITOSO, reembolso_solicitado__lt=limite, referencia_reembolso=""
        ).values_list("pk", flat=True)
    )
    from pagos import tasks

    for pago_id in ids:
        encolar(tasks.reembolsar_pago, pago_id)
    return len(ids)


# --- Unpaid sales -------------------------------------------------------------------------------


def expirar_ventas_impagadas() -> list[int]:
    """Cancel PENDIENTE sales older than PAGO_PLAZO_MINUTOS with no successful payment.

    Their stock and coupon use come back (ventas' cancellation); 0 minutes means never. A sale
    with total 0 (a 100% coupon) is not unpaid: the buyer cannot pay it, staff confirm it.
    """
    minutos = settings.PAGO_PLAZO_MINUTOS
    if minutos <= 0:
        return []
    limite = timezone.now() - timedelta(minutes=minutos)
    candidatas = list(
        Venta.objects.filter(estado=Venta.Estado.PENDIENTE, fecha__lt=limite, total__gt=0)
        .exclude(pagos__estado__in=[Pago.Estado.EXITOSO, Pago.Estado.REVISION])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    canceladas = []
    for venta_id in candidatas:
        with transaction.atomic():
            venta = Venta.objects.select_for_update().get(pk=venta_id)
            pagada = venta.pagos.filter(estado__in=[Pago.Estado.EXITOSO, Pago.Estado.REVISION]).exists()
            if venta.estado != Venta.Estado.PENDIENTE or pagada:
                continue
            ventas_services.cambiar_estado_venta(venta_id=venta_id, estado=Venta.Estado.CANCELADA, usuario=None)
            audit.registrar("venta_expirada", venta_id=venta_id, plazo_minutos=minutos)
            canceladas.append(venta_id)
    return canceladas
