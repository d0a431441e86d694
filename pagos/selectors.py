from django.conf import settings
from django.db.models import QuerySet

from pagos import proveedores
from pagos.exceptions import PagoNoEncontrado
from pagos.models import Pago
from ventas.models import Venta


def pagos_de_venta(*, venta_id: int, usuario, es_personal: bool) -> QuerySet[Pago]:
    """A sale's payments, newest first, for its buyer or staff.

    Lanza: PagoNoEncontrado (someone else's sale, or none)
    """
    ventas = Venta.objects.all() if es_personal else Venta.objects.filter(usuario=usuario)
    if not ventas.filter(pk=venta_id).exists():
        raise PagoNoEncontrado("La venta no existe.")
    return Pago.objects.filter(venta_id=venta_id).select_related("venta").order_by("-creado", "-id")


def proveedores_habilitados() -> list[dict]:
    """The enabled payment providers as rows (code, name, and Stripe's publishable key)."""
    filas = []
    for p in proveedores.habilitados():
        fila = {"codigo": p.codigo, "nombre": p.nombre}
        if p.codigo == Pago.Proveedor.STRIPE:
            fila["clave_publica"] = settings.STRIPE_PUBLISHABLE_KEY
        filas.append(fila)
    return filas
