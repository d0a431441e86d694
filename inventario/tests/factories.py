import factory

from inventario.models import MovimientoInventario
from productos.tests.factories import ProductoFactory


class MovimientoInventarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MovimientoInventario

    producto = factory.SubFactory(ProductoFactory)
    delta = 1
    cantidad_resultante = 1
    motivo = MovimientoInventario.Motivo.AJUSTE
