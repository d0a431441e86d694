"""Load a small demo shop into an empty database: catalogue with stock, a coupon, one user per role."""

import io
import os
import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from inventario.services import crear_producto
from productos.imagenes import procesar_imagen
from productos.models import Categoria, Producto, Proveedor
from productos.services import agregar_imagen
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

# Photos are drawn here with Pillow (no download): a gradient in the category's colour and the initials.
COLORES = {"Electrónica": (38, 84, 160), "Hogar": (176, 96, 40), "Libros": (64, 128, 72), "Deportes": (150, 40, 70)}


def foto_de_demostracion(nombre: str, color: tuple[int, int, int]) -> ContentFile:
    ancho, alto = 800, 600
    foto = Image.new("RGB", (ancho, alto))
    dibujo = ImageDraw.Draw(foto)
    for y in range(alto):
        claro = y / alto
        dibujo.line([(0, y), (ancho, y)], fill=tuple(int(c + (255 - c) * claro * 0.6) for c in color))
    iniciales = "".join(palabra[0] for palabra in nombre.split()[:2]).upper()
    dibujo.text((ancho / 2, alto / 2), iniciales, fill="white", anchor="mm", font=ImageFont.load_default(size=220))
    salida = io.BytesIO()
    foto.save(salida, "JPEG", quality=85)
    return ContentFile(salida.getvalue(), name=f"{iniciales}.jpg")


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
                producto = crear_producto(
                    datos={
                        "nombre": nombre,
                        "descripcion": descripcion,
                        "precio": Decimal(precio),
                        "categoria": categoria,
                        "proveedor": proveedor,
                    },
                    stock=stock,
                )
                foto = foto_de_demostracion(nombre, COLORES.get(nombre_categoria, (90, 90, 90)))
                procesada = procesar_imagen(foto, max_bytes=settings.PRODUCTO_IMAGEN_MAX_BYTES, max_pixeles=10**8)
                agregar_imagen(producto=producto, procesada=procesada)
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
