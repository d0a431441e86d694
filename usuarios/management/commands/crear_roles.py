from django.core.management.base import BaseCommand

from usuarios.services import crear_roles


class Command(BaseCommand):
    help = "Create the role Groups (Administrador, Empleado, Cliente) and re-sync every user's Group."

    def handle(self, *args, **options):
        crear_roles()
        self.stdout.write(self.style.SUCCESS("Roles y pertenencias sincronizados."))
