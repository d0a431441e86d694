"""`make run`'s demo data comes with photos drawn locally (issue 13.8), no download."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from productos.models import ImagenProducto, Producto

pytestmark = pytest.mark.django_db


def test_la_demo_trae_una_foto_por_producto():
    call_command("seed_demo", stdout=io.StringIO())
    productos = Producto.objects.count()
    assert productos > 0
    assert ImagenProducto.objects.count() == productos
    imagen = ImagenProducto.objects.first()
    with default_storage.open(imagen.imagen.name) as f:
        assert Image.open(io.BytesIO(f.read())).format == "JPEG"
    assert default_storage.exists(imagen.miniatura.name)
