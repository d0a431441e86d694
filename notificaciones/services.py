"""Notifications: record them (in the caller's transaction), deliver their emails, read them.

Any app may call these functions; this app imports no other app, so callers hand over plain
data (or an object with the named attributes) and the row keeps what it needs in `datos`.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from backend.tareas import encolar
from notificaciones import correo
from notificaciones.models import Notificacion, PreferenciasNotificacion
from notificaciones.selectors import recibe_emails

logger = logging.getLogger(__name__)

Tipo = Notificacion.Tipo
EstadoEmail = Notificacion.EstadoEmail

# Staff alerts stay in the app; everything addressed to a buyer is also emailed.
TIPOS_SIN_EMAIL = {Tipo.STOCK_BAJO}
ROLES_PERSONAL = ("ADMIN", "EMPLOYEE")
ESTADOS_LEGIBLES = {"PENDIENTE": "pendiente", "PAGADA": "pagado", "ENVIADA": "enviado", "ENTREGADA": "entregado"}


def _tarea_email():
    from notificaciones.tasks import enviar_email_notificacion

    return enviar_email_notificacion


# No savepoint: the row belongs to the caller's transaction (an event and its notification commit or
# roll back together), and a savepoint would cost two more round trips on every checkout.
@transaction.atomic(savepoint=False)
def notificar(*, usuario_id: int, tipo: str, titulo: str, mensaje: str, datos: dict) -> Notificacion:
    """Record a notification in the current transaction and queue its email after commit."""
    con_email = tipo not in TIPOS_SIN_EMAIL
    notificacion = Notificacion.objects.create(
        usuario_id=usuario_id,
        tipo=tipo,
        titulo=titulo[:200],
        mensaje=mensaje,
        datos=datos,
        email_estado=EstadoEmail.PENDIENTE if con_email else EstadoEmail.OMITIDO,
    )
    if con_email:
        encolar(_tarea_email(), notificacion.pk)
    return notificacion


def notificar_bienvenida(*, usuario) -> Notificacion:
    """Welcome a new user."""
    return notificar(
        usuario_id=usuario.pk,
        tipo=Tipo.BIENVENIDA,
        titulo=f"¡Te damos la bienvenida a {settings.TIENDA_NOMBRE}!",
        mensaje=f"Hola, {usuario.username}: tu cuenta está lista. Ya puedes explorar el catálogo y hacer tus pedidos.",
        datos={"usuario": usuario.pk},
    )


def _datos_venta(venta) -> dict:
    lineas = [
        {
            "producto": d.producto_nombre,
            "producto_id": d.producto_id,
            "cantidad": d.cantidad,
            "precio_unitario": str(d.precio_unitario),
            "subtotal": str(d.precio_unitario * d.cantidad),
        }
        # sorted() rather than order_by(): a sale just written carries its lines already (checkout).
        for d in sorted(venta.detalles.all(), key=lambda d: d.pk)
    ]
    return {
        "venta": venta.pk,
        "estado": venta.estado,
        "subtotal": str(venta.subtotal),
        "descuento": str(venta.descuento),
        "impuesto": str(venta.impuesto),
        "envio": str(venta.envio),
        "total": str(venta.total),
        "lineas": lineas,
    }


def notificar_venta_confirmada(*, venta) -> Notificacion:
    """Tell the buyer the sale was placed, with its lines and amounts."""
    return notificar(
        usuario_id=venta.usuario_id,
        tipo=Tipo.VENTA_CONFIRMADA,
        titulo=f"Pedido #{venta.pk} confirmado",
        mensaje=f"Hemos recibido tu pedido #{venta.pk} por {correo.euros(venta.total)}. "
        "Te avisaremos cuando cambie su estado.",
        datos=_datos_venta(venta),
    )


def notificar_estado_venta(*, venta, desde: str | None, hasta: str) -> Notificacion:
    """Tell the buyer the sale moved to `hasta` (venta_cancelada when cancelled)."""
    if hasta == "CANCELADA":
        return notificar(
            usuario_id=venta.usuario_id,
            tipo=Tipo.VENTA_CANCELADA,
            titulo=f"Pedido #{venta.pk} cancelado",
            mensaje=f"Tu pedido #{venta.pk} se ha cancelado. Si ya lo habías pagado, te devolveremos el importe.",
            datos={"venta": venta.pk, "estado": hasta, "desde": desde, "total": str(venta.total)},
        )
    legible = ESTADOS_LEGIBLES.get(hasta, hasta.lower())
    return notificar(
        usuario_id=venta.usuario_id,
        tipo=Tipo.ESTADO_VENTA,
        titulo=f"Tu pedido #{venta.pk} está {legible}",
        mensaje=f"Tu pedido #{venta.pk} ha pasado a «{legible}».",
        datos={"venta": venta.pk, "estado": hasta, "desde": desde, "total": str(venta.total)},
    )


@transaction.atomic
def notificar_stock_bajo(*, producto_id: int, nombre: str, cantidad: int, stock_minimo: int) -> list[Notificacion]:
    """Alert every active ADMIN and EMPLOYEE that a product fell to or below its minimum.

    The caller (inventario) calls this once per crossing: when the stock moves from above the
    minimum to at or below it.
    """
    personal = get_user_model().objects.filter(rol__in=ROLES_PERSONAL, is_active=True).values_list("pk", flat=True)
    titulo = f"Stock bajo: {nombre}"[:200]
    mensaje = f"Quedan {cantidad} unidades de «{nombre}» (mínimo {stock_minimo})."
    datos = {"producto": producto_id, "nombre": nombre, "cantidad": cantidad, "stock_minimo": stock_minimo}
    return Notificacion.objects.bulk_create(
        [
            Notificacion(
                usuario_id=pk, tipo=Tipo.STOCK_BAJO, titulo=titulo, mensaje=mensaje, datos=datos, email_estado="omitido"
            )
            for pk in personal
        ]
    )


def marcar_leida(*, notificacion: Notificacion) -> Notificacion:
    """Mark one notification read (the caller already checked it is the user's own)."""
    if not notificacion.leida:
        Notificacion.objects.filter(pk=notificacion.pk).update(leida=True)
        notificacion.leida = True
    return notificacion


def marcar_todas_leidas(*, usuario) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    return Notificacion.objects.filter(usuario=usuario, leida=False).update(leida=True)


def fijar_preferencia_email(*, usuario, activo: bool) -> None:
    """Turn the user's notification emails on or off."""
    PreferenciasNotificacion.objects.update_or_create(usuario_id=usuario.pk, defaults={"email": activo})


# --- Delivery (run by the worker, or in-process after commit without a broker) -------------


def _plazo_reclamo() -> timedelta:
    """How long a claim holds. Never shorter than an SMTP conversation can last (EMAIL_TIMEOUT per
    socket operation, twice, plus a margin): a claim that expired while its sender was still talking
    to the server would let a second sender deliver the same email."""
    return timedelta(seconds=max(settings.NOTIFICACIONES_RECLAMO_SEGUNDOS, 2 * settings.EMAIL_TIMEOUT + 5))


def _contexto_email(n: Notificacion) -> dict:
    datos = n.datos or {}
    contexto = {"notificacion": n, "titulo": n.titulo, "mensaje": n.mensaje, "usuario": n.usuario}
    if "venta" in datos:
        contexto["enlace"] = correo.enlace(f"/pedidos?venta={int(datos['venta'])}")
        contexto["venta_id"] = datos["venta"]
        contexto["lineas"] = [
            {
                **linea,
                "precio_unitario": correo.euros(linea["precio_unitario"]),
                "subtotal": correo.euros(linea["subtotal"]),
            }
            for linea in datos.get("lineas", [])
        ]
        contexto["importes"] = [
            (etiqueta, correo.euros(datos[clave]))
            for clave, etiqueta in (
                ("subtotal", "Subtotal"),
                ("descuento", "Descuento"),
                ("impuesto", "Impuestos"),
                ("envio", "Envío"),
            )
            if clave in datos and datos[clave] not in ("0", "0.00")
        ]
        if "total" in datos:
            contexto["total"] = correo.euros(datos["total"])
    else:
        contexto["enlace"] = correo.enlace("/")
    return contexto


def entregar_email(*, notificacion_id: int) -> str:
    """Send one notification's email at most once; returns what happened.

    The row is claimed by a conditional UPDATE, so two deliveries of the same task (a
    redelivery after a crash, a periodic re-queue) never both send. A claim older than
    NOTIFICACIONES_RECLAMO_SEGUNDOS is from a dead sender and is taken over.

    Lanza: correo.EnvioFallido (transient: the task retries)
    """
    ahora = timezone.now()
    reclamada = (
        Notificacion.objects.filter(pk=notificacion_id, email_estado=EstadoEmail.PENDIENTE)
        .filter(Q(email_reclamado_en__isnull=True) | Q(email_reclamado_en__lt=ahora - _plazo_reclamo()))
        .update(email_reclamado_en=ahora, email_intentos=F("email_intentos") + 1)
    )
    if not reclamada:
        return "no_pendiente"
    n = Notificacion.objects.select_related("usuario").get(pk=notificacion_id)
    propia = Notificacion.objects.filter(pk=n.pk, email_reclamado_en=ahora)
    if not n.usuario.is_active or not recibe_emails(usuario_id=n.usuario_id):
        propia.update(email_estado=EstadoEmail.OMITIDO, email_reclamado_en=None)
        return EstadoEmail.OMITIDO
    try:
        correo.enviar(para=n.usuario.email, asunto=n.titulo, plantilla="notificacion", contexto=_contexto_email(n))
    except correo.DireccionNoValida as exc:
        propia.update(email_estado=EstadoEmail.FALLIDO, email_reclamado_en=None, email_error=str(exc)[:300])
        logger.warning("Notification %s not emailed: bad address", n.pk)
        return EstadoEmail.FALLIDO
    except correo.EnvioFallido as exc:
        estado = (
            EstadoEmail.FALLIDO if n.email_intentos >= settings.NOTIFICACIONES_MAX_INTENTOS else EstadoEmail.PENDIENTE
        )
        propia.update(email_estado=estado, email_reclamado_en=None, email_error=str(exc)[:300])
        raise
    propia.update(email_estado=EstadoEmail.ENVIADO, email_enviado_en=timezone.now(), email_error="")
    return EstadoEmail.ENVIADO


def reencolar_pendientes(*, limite: int = 500) -> int:
    """Queue again the emails never sent (broker down at commit, worker killed mid-send)."""
    ahora = timezone.now()
    ids = list(
        Notificacion.objects.filter(
            email_estado=EstadoEmail.PENDIENTE,
            fecha__lt=ahora - timedelta(seconds=settings.NOTIFICACIONES_REENCOLAR_ANTIGUEDAD),
            email_intentos__lt=settings.NOTIFICACIONES_MAX_INTENTOS,
        )
        .filter(Q(email_reclamado_en__isnull=True) | Q(email_reclamado_en__lt=ahora - _plazo_reclamo()))
        .order_by("fecha")
        .values_list("pk", flat=True)[:limite]
    )
    tarea = _tarea_email()
    for pk in ids:
        encolar(tarea, pk)
    return len(ids)


# --- Password reset -------------------------------------------------------------------------


def solicitar_reset_password(*, email: str) -> None:
    """Queue the reset email; the same work whether or not the address has an account."""
    from notificaciones.tasks import enviar_reset_password

    encolar(enviar_reset_password, email.strip()[:254])


def enviar_reset_password(*, email: str) -> int:
    """Email a one-time reset link to each active account with this address; returns how many."""
    enviados = 0
    usuarios = get_user_model().objects.filter(email__iexact=email, is_active=True).order_by("pk")
    for usuario in usuarios:
        if not usuario.has_usable_password():
            continue
        uid = urlsafe_base64_encode(force_bytes(usuario.pk))
        token = default_token_generator.make_token(usuario)
        contexto = {
            "usuario": usuario,
            "enlace": correo.enlace(f"/restablecer-contrasena?uid={uid}&token={token}"),
            "minutos": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        try:
            correo.enviar(
                para=usuario.email, asunto="Restablece tu contraseña", plantilla="password_reset", contexto=contexto
            )
        except correo.DireccionNoValida:
            logger.warning("Password reset for user %s not emailed: bad address", usuario.pk)
            continue
        enviados += 1
    return enviados
