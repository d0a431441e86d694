"""Money's one home: the column, rounding half-up to cents, zero, the bounds and the two-decimal text.

Every amount is a `Decimal` with two places. Columns hold 12 digits (up to 9,999,999,999.99);
sums in reports may be larger, so their expressions use `SUMA` and are rounded with `redondear`.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from rest_framework import serializers

DIGITOS = 12
DECIMALES = 2
CENTIMO = Decimal("0.01")
CERO = Decimal("0.00")
# The column's options, for `models.DecimalField("...", **DINERO)` where `campo_dinero` does not fit.
DINERO = {"max_digits": DIGITOS, "decimal_places": DECIMALES}
# The largest amount a money column can hold.
MAXIMO = Decimal(10**DIGITOS - 1) * CENTIMO

# Output field of aggregates over money (sums of many sales): wider than a column.
SUMA = models.DecimalField(max_digits=30, decimal_places=DECIMALES)


def campo_dinero(verbose_name: str, **opciones) -> models.DecimalField:
    """A money model field: DecimalField(max_digits=12, decimal_places=2)."""
    return models.DecimalField(verbose_name, **DINERO, **opciones)


def redondear(valor) -> Decimal:
    """Round half-up to cents (2.345 -> 2.35); always two decimal places."""
    return Decimal(valor).quantize(CENTIMO, rounding=ROUND_HALF_UP)


def cabe_en_columna(valor: Decimal) -> bool:
    """True when the amount fits a money column (|valor| <= 9,999,999,999.99)."""
    return abs(valor) <= MAXIMO


def a_texto(valor) -> str:
    """The API's form of an amount: a string with exactly two decimals ("1200.00")."""
    return f"{redondear(valor):f}"


def campo_serializer(**opciones) -> serializers.DecimalField:
    """A money serializer field: two decimals in and out; `max_digits=None` for unbounded sums."""
    opciones.setdefault("max_digits", DIGITOS)
    return serializers.DecimalField(decimal_places=DECIMALES, **opciones)
