from django.core.management.base import BaseCommand

from ventas.services import reconstruir_resumenes


class Command(BaseCommand):
    help = "Reconstruye desde cero los resúmenes diarios de ventas que leen los reportes."

    def handle(self, *args, **options):
        escritas = reconstruir_resumenes()
        self.stdout.write(", ".join(f"{tabla}: {filas} filas" for tabla, filas in escritas.items()))
