from django.core.management.base import BaseCommand

from notificaciones.services import reencolar_pendientes


class Command(BaseCommand):
    help = "Queue (or, without a broker, send now) every notification email not sent yet."

    def handle(self, *args, **options):
        n = reencolar_pendientes()
        self.stdout.write(f"{n} emails pendientes reencolados.")
