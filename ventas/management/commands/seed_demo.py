"""Load a small demo shop into an empty database: catalogue with stock, a coupon, one user per role."""

import os
import secrets
from datetime import timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from inventario.services import crear_producto
from productos.models import Categoria, Producto, Proveedor
from usuarios.models import Usuario
from usuarios.services import crear_usuario
from ventas.models import Cupon

CATALOGO = {
    "Electrónica": [
        ("Laptop Gamer", "Portátil con gráfica dedicada y 16 GB de RAM", "1200.00", 10),
        ("Monitor 27 pulgadas", "Panel IPS 1440p a 144 Hz", "289.90", 15),
        ("Teclado mecánico", "Interruptores táctiles, distribución española", "79.50", 30),
        ("Ratón inalámbrico", "Sensor óptico de 16000 DPI", "39.99", 40),
        ("Auriculares Bluetooth", "Cancelación activa de ruido", "149.00", 3),
    ],
    "Hogar": [
        ("Cafetera espresso", "15 bares, vaporizador de leche", "129.00", 12),
        ("Café 1kg", "Grano tostado natural de Colombia", "18.75", 50),
        ("Lámpara de escritorio", "LED regulable con puerto USB", "34.90", 20),
    ],
    "Libros": [
        ("Aprende Django", "Guía práctica de Django y Django REST Framework", "42.00", 25),
        ("Patrones de diseño", "Elementos de software orientado a objetos reutilizable", "55.00", 8),
    ],
    "Deportes": [
        ("Balón de fútbol", "Talla 5, cosido a máquina", "24.99", 35),
        ("Esterilla de yoga", "Antideslizante, 6 mm", "19.90", 0),
    ],
}

USUARIOS = [
    ("admin", Usuario.Rol.ADMIN, "DEMO_ADMIN_PASSWORD"),
    ("empleado", Usuario.Rol.EMPLOYEE, "DEMO_EMPLOYEE_PASSWORD"),
    ("cliente", Usuario.Rol.CLIENT, "DEMO_CLIENT_PASSWORD"),
]


class Command(BaseCommand):
    help = "Load demo data when the database has no products and no users; prints generated passwords once."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if the database is not empty.")

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not force and (Producto.objects.exists() or Usuario.objects.exists()):
            self.stdout.write("La base de datos ya tiene datos: no se cargan los de demostración.")
            return
        proveedor, _ = Proveedor.objects.get_or_create(
            nombre="Distribuciones Ejemplo S.L.",
            defaults={"contacto": "Departamento comercial", "telefono": "+34 900 000 000"},
        )
        for nombre_categoria, productos in CATALOGO.items():
            categoria, _ = Categoria.objects.get_or_create(nombre=nombre_categoria)
            for nombre, descripcion, precio, stock in productos:
                crear_producto(
                    datos={
                        "nombre": nombre,
                        "descripcion": descripcion,
                        "precio": Decimal(precio),
                        "categoria": categoria,
                        "proveedor": proveedor,
                    },
                    stock=stock,
                )
        ahora = timezone.now()
        Cupon.objects.get_or_create(
            codigo="BIENVENIDA10",
            defaults={
                "tipo": Cupon.Tipo.PORCENTAJE,
                "valor": Decimal("10"),
                "valido_desde": ahora - timedelta(days=1),
                "valido_hasta": ahora + timedelta(days=365),
                "usos_maximos": 1000,
            },
        )
        self.stdout.write(self.style.SUCCESS("Datos de demostración cargados. Usuarios:"))
        for username, rol, variable in USUARIOS:
            password = os.environ.get(variable) or secrets.token_urlsafe(12)
            crear_usuario(username=username, password=password, email=f"{username}@example.com", rol=rol)
            origen = f"de {variable}" if os.environ.get(variable) else password
            self.stdout.write(f"  {username:<10} rol {rol:<9} contraseña: {origen}")
        self.stdout.write("Las contraseñas generadas no se vuelven a mostrar.")
