from decimal import Decimal

import factory

from productos.models import Categoria, Producto, Proveedor


class CategoriaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Categoria

    nombre = factory.Sequence(lambda n: f"Categoría {n}")


class ProveedorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proveedor

    nombre = factory.Sequence(lambda n: f"Proveedor {n}")


class ProductoFactory(factory.django.DjangoModelFactory):
    """A product with its inventory row, created through the inventory service."""

    class Meta:
        model = Producto

    nombre = factory.Sequence(lambda n: f"Producto {n}")
    precio = Decimal("10.00")
    stock = 10
    categoria = factory.SubFactory(CategoriaFactory)

    @classmethod
    def _create(cls, model_class, *args, stock=0, **kwargs):
        from inventario.services import crear_producto

        return crear_producto(datos=kwargs, stock=stock)
