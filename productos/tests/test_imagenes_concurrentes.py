"""A product deleted while one of its photos is being uploaded (PostgreSQL row locks): the delete
takes the photo with it, or the upload finds no product; never a bare 409 or files left behind."""

import io
import os
import threading

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from PIL import Image

from backend.errores import NoEncontrado
from productos import services
from productos.imagenes import procesar_imagen
from productos.models import ImagenProducto, Producto
from productos.tests.factories import ProductoFactory
from ventas.tests.http_concurrencia import en_paralelo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _medios_propios(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # this test's files only (product ids repeat between tests)


def _procesada():
    salida = io.BytesIO()
    Image.new("RGB", (40, 40), "blue").save(salida, "PNG")
    archivo = io.BytesIO(salida.getvalue())
    archivo.size = len(salida.getvalue())
    return procesar_imagen(archivo, max_bytes=2**20, max_pixeles=10**6)


def _archivos(producto_id):
    carpeta = os.path.join(settings.MEDIA_ROOT, "productos", str(producto_id))
    return sorted(os.listdir(carpeta)) if os.path.isdir(carpeta) else []


def test_una_foto_de_un_producto_ya_borrado_da_404_y_no_deja_archivos(auth_client, empleado):
    producto = ProductoFactory()
    procesada = _procesada()
    respuesta = auth_client(empleado).delete(reverse("productos:producto-detail", args=[producto.pk]))
    assert respuesta.status_code == 204

    # The upload had read the product before the delete and checked its photo meanwhile.
    with pytest.raises(NoEncontrado):
        services.agregar_imagen(producto=producto, procesada=procesada)

    assert _archivos(producto.pk) == []
    assert not ImagenProducto.objects.exists()


def test_borrar_un_producto_mientras_se_sube_una_foto_se_la_lleva_consigo(auth_client, empleado):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and concurrent transactions need PostgreSQL.")
    producto = ProductoFactory()
    procesada = _procesada()
    guardada, seguir = threading.Event(), threading.Event()
    api = auth_client(empleado)

    def subir():
        with transaction.atomic():
            services.agregar_imagen(producto=producto, procesada=procesada)
            guardada.set()
            seguir.wait(timeout=30)  # the photo row is written, not yet committed

    def borrar():
        assert guardada.wait(timeout=30)
        threading.Timer(1.0, seguir.set).start()  # the delete is waiting on the product by then
        return api.delete(reverse("productos:producto-detail", args=[producto.pk]))

    resultados = en_paralelo([subir, borrar])

    assert all(ok for ok, _ in resultados), resultados
    respuesta = resultados[1][1]
    assert respuesta.status_code == 204, respuesta.json()
    assert not Producto.objects.filter(pk=producto.pk).exists()
    assert not ImagenProducto.objects.exists()
    assert _archivos(producto.pk) == []
