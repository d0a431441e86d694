from django.core.management.base import BaseCommand

from inventario.services import asegurar_inventario
from productos.models import Producto


class Command(BaseCommand):
    help = "Create the missing Inventario rows of existing products, from their current stock."

    def handle(self, *args, **options):
        faltan = Producto.objects.filter(inventario__isnull=True)
        total = 0
        for producto in faltan.iterator():
            asegurar_inventario(producto=producto)
            total += 1
        self.stdout.write(self.style.SUCCESS(f"Inventarios creados: {total}"))
