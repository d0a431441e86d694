from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from productos.tests.factories import ProductoFactory
from usuarios.tests.factories import UsuarioFactory
from ventas.models import Carrito, CarritoItem, Cupon


class CarritoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carrito
        django_get_or_create = ["usuario"]

    usuario = factory.SubFactory(UsuarioFactory)


class CarritoItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarritoItem

    carrito = factory.SubFactory(CarritoFactory)
    producto = factory.SubFactory(ProductoFactory)
    cantidad = 1


class CuponFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cupon

    codigo = factory.Sequence(lambda n: f"CUPON{n}")
    tipo = Cupon.Tipo.PORCENTAJE
    valor = Decimal("10")
    valido_desde = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    valido_hasta = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


def crear_venta(*, usuario=None, lineas=None, cupon=None):
    """A real sale made through checkout: `lineas` is [(producto, cantidad)]."""
    from ventas.services import agregar_al_carrito, confirmar_compra

    usuario = usuario or UsuarioFactory()
    for producto, cantidad in lineas or [(ProductoFactory(stock=10), 1)]:
        agregar_al_carrito(usuario=usuario, producto=producto, cantidad=cantidad)
    return confirmar_compra(usuario=usuario, codigo_cupon=cupon.codigo if cupon else None)
