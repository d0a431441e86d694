from django.core.management.base import BaseCommand

from backend.idempotencia import purgar_claves_caducadas


class Command(BaseCommand):
    help = "Borra las Idempotency-Key caducadas (más antiguas que IDEMPOTENCY_KEY_TTL_HOURS)."

    def handle(self, *args, **options):
        borradas = purgar_claves_caducadas()
        self.stdout.write(f"Claves de idempotencia borradas: {borradas}")
