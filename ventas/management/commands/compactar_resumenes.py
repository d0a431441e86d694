from django.core.management.base import BaseCommand

from ventas.services import compactar_resumenes


class Command(BaseCommand):
    help = (
        "Junta en una fila por día los fragmentos de los resúmenes diarios de ventas de antes de ayer "
        "(lo hace el worker cada hora; sin worker, desde cron)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{compactar_resumenes()} filas de fragmentos juntadas.")
