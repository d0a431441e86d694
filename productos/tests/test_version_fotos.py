"""What the docs say about photos and a product's version/ETag: the main photo is part of it, the others are not."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from productos.tests.factories import ProductoFactory

pytestmark = pytest.mark.django_db


def _subir(api, producto, **extra):
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, "PNG")
    r = api.post(
        reverse("productos:producto-imagenes", args=[producto.pk]),
        {"imagen": SimpleUploadedFile("a.png", png.getvalue()), **extra},
        format="multipart",
    )
    assert r.status_code == 201, r.json()
    return r.json()["id"]


def test_solo_cambiar_la_foto_principal_cambia_la_version(auth_client, empleado):
    producto = ProductoFactory(stock=3)
    staff = auth_client(empleado)
    detalle = reverse("productos:producto-detail", args=[producto.pk])

    def etag():
        return staff.get(detalle)["ETag"]

    inicial = etag()
    principal = _subir(staff, producto)  # the first photo becomes the main one
    con_foto = etag()
    assert con_foto != inicial
    otra = _subir(staff, producto)  # goes last: the main photo is the same
    assert etag() == con_foto
    assert staff.delete(reverse("productos:producto-imagen", args=[producto.pk, otra])).status_code == 204
    assert etag() == con_foto
    _subir(staff, producto)
    assert etag() == con_foto
    assert staff.delete(reverse("productos:producto-imagen", args=[producto.pk, principal])).status_code == 204
    assert etag() not in (con_foto, inicial)  # the next photo is the main one now
