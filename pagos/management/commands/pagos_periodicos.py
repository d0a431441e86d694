"""Run the payment jobs the worker's beat runs (for a shop without a worker, e.g. from cron)."""

from django.core.management.base import BaseCommand

from pagos import services


class Command(BaseCommand):
    help = "Cancela las ventas sin pagar fuera de plazo y reembolsa los pagos de ventas canceladas."

    def handle(self, *args, **options):
        canceladas = services.expirar_ventas_impagadas()
        reembolsos = services.reembolsar_ventas_canceladas() + services.reintentar_reembolsos()
        self.stdout.write(f"Ventas caducadas: {len(canceladas)}; reembolsos encolados: {reembolsos}")
