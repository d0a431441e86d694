"""Errors of the sales domain (cart, checkout, order status, coupons, ratings): plain exceptions."""

from backend.errores import Conflicto, DomainError


class CarritoVacio(DomainError):
    """The cart has no lines to buy."""

    mensaje = "El carrito está vacío."
    codigo = "carrito_vacio"


class CuponNoValido(DomainError):
    """The coupon cannot be applied now by this user (the code says why)."""

    mensaje = "El cupón no es válido."
    codigo = "cupon_no_valido"


class TransicionNoPermitida(Conflicto):
    """The sale cannot move from its current state to the one asked for."""

    mensaje = "Ese cambio de estado no está permitido."
    codigo = "transicion_no_permitida"


class VentaYaCalificada(Conflicto):
    """The sale already has its one rating."""

    mensaje = "Esta venta ya fue calificada."
    codigo = "venta_ya_calificada"


class ImporteMaximoSuperado(Conflicto):
    """An amount of the cart or sale would not fit in a money column."""

    mensaje = "El importe supera el máximo que la tienda puede registrar en una compra."
    codigo = "importe_maximo_superado"


class PrecioCambiado(Conflicto):
    """The computed total differs from the one the buyer saw (`total_esperado`)."""

    mensaje = "Los precios han cambiado desde que viste el resumen: revisa el nuevo total."
    codigo = "precio_cambiado"
