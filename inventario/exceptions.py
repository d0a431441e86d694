"""Errors of the stock domain: plain exceptions."""

from backend.errores import Conflicto


class StockInsuficiente(Conflicto):
    """Not enough units of a product for the movement asked for."""

    mensaje = "No hay stock suficiente."
    codigo = "stock_insuficiente"

    def __init__(self, producto_nombre: str):
        super().__init__(f"No hay stock suficiente de «{producto_nombre}».")
