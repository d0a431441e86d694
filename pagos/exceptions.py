"""Payment errors: plain Python exceptions, mapped to HTTP statuses in backend/exceptions.py."""

from backend.errores import Conflicto, DomainError, NoEncontrado


class VentaNoPendiente(Conflicto):
    mensaje = "La venta no está pendiente de pago."
    codigo = "venta_no_pendiente"


class VentaSinImporte(Conflicto):
    """A sale whose total is 0 (e.g. a 100% coupon): there is nothing to charge (answered 409)."""

    mensaje = "Este pedido no tiene importe que pagar: la tienda lo confirmará sin pago."
    codigo = "venta_sin_importe"


class PagoNoEncontrado(NoEncontrado):
    mensaje = "El pago no existe."
    codigo = "no_encontrado"


class ProveedorNoDisponible(DomainError):
    """Unknown or disabled provider (answered 400)."""

    mensaje = "Ese medio de pago no está disponible."
    codigo = "proveedor_no_disponible"


class OperacionNoSoportada(Conflicto):
    mensaje = "Este pago no admite esa operación."
    codigo = "operacion_no_soportada"


class PagoNoPendiente(Conflicto):
    mensaje = "El pago ya no está pendiente."
    codigo = "pago_no_pendiente"


class FirmaInvalida(DomainError):
    """A webhook whose signature, secret or timestamp does not verify (answered 400)."""

    mensaje = "La firma de la notificación no es válida."
    codigo = "firma_invalida"


class ErrorProveedor(DomainError):
    """The provider could not be reached or refused the call (answered 502)."""

    mensaje = "El proveedor de pagos no respondió; inténtalo de nuevo."
    codigo = "proveedor_error"

    def __init__(self, mensaje=None, codigo=None, *, transitorio: bool = True, **datos):
        super().__init__(mensaje, codigo, **datos)
        self.transitorio = transitorio


class PagoRechazado(Conflicto):
    """The provider refused the operation in the payment's current state (answered 409)."""

    mensaje = "El proveedor rechazó la operación: revisa el pago e inténtalo de nuevo."
    codigo = "pago_rechazado"
