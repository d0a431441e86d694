"""Issue 13.8: staff upload product photos; Pillow checks them, strips EXIF and makes a thumbnail once."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from productos.models import ImagenProducto, Producto
from productos.services import MAX_IMAGENES_POR_PRODUCTO
from productos.tests.factories import ProductoFactory
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db


def _foto(formato="JPEG", tamano=(640, 480), exif=None, modo="RGB"):
    salida = io.BytesIO()
    opciones = {"exif": exif.tobytes()} if exif is not None else {}
    Image.new(modo, tamano, (10, 120, 200)).save(salida, formato, **opciones)
    return salida.getvalue()


def _subir(api, producto, contenido, nombre="foto.jpg", **extra):
    archivo = SimpleUploadedFile(nombre, contenido, content_type="application/octet-stream")
    return api.post(
        reverse("productos:producto-imagenes", args=[producto.pk]), {"imagen": archivo, **extra}, format="multipart"
    )


@pytest.fixture
def staff(auth_client, empleado):
    return auth_client(empleado)


def test_una_foto_jpeg_se_guarda_sin_exif_y_con_miniatura(staff):
    producto = ProductoFactory()
    exif = Image.Exif()
    exif[0x010F] = "CamaraDeAlguien"  # Make
    exif[0x0112] = 6  # Orientation: rotated 90 degrees
    r = _subir(staff, producto, _foto(exif=exif))
    assert r.status_code == 201, r.json()
    datos = r.json()
    # Turned upright from the EXIF orientation, then the EXIF dropped.
    assert (datos["ancho"], datos["alto"], datos["orden"]) == (480, 640, 0)
    assert datos["imagen"].startswith("http://testserver/media/productos/")
    assert datos["imagen"].endswith(".jpg") and datos["miniatura"].endswith("-min.webp")
    imagen = ImagenProducto.objects.get(pk=datos["id"])
    with default_storage.open(imagen.imagen.name) as f:
        guardada = f.read()
    assert b"CamaraDeAlguien" not in guardada and b"Exif" not in guardada
    assert not Image.open(io.BytesIO(guardada)).getexif()
    with default_storage.open(imagen.miniatura.name) as f:
        miniatura = Image.open(io.BytesIO(f.read()))
    assert miniatura.format == "WEBP" and max(miniatura.size) == 400

    ficha = staff.get(reverse("productos:producto-detail", args=[producto.pk])).json()
    assert (ficha["imagen"], ficha["miniatura"]) == (datos["imagen"], datos["miniatura"])


@pytest.mark.parametrize(("formato", "extension"), [("PNG", ".png"), ("WEBP", ".webp")])
def test_png_y_webp_se_admiten(staff, formato, extension):
    r = _subir(staff, ProductoFactory(), _foto(formato, modo="RGBA"), nombre="x")
    assert r.status_code == 201, r.json()
    assert r.json()["imagen"].endswith(extension)


@pytest.mark.parametrize(
    "contenido",
    [
        pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", id="svg"),
        pytest.param(b"<html><script>alert(1)</script></html>", id="html-con-nombre-jpg"),
        pytest.param(_foto("GIF", modo="P"), id="gif"),
        pytest.param(_foto("BMP"), id="bmp"),
        pytest.param(_foto()[:300], id="jpeg-truncado"),
    ],
)
def test_lo_que_no_es_una_foto_jpeg_png_o_webp_da_400_y_no_guarda_nada(staff, contenido):
    producto = ProductoFactory()
    r = _subir(staff, producto, contenido)
    assert r.status_code == 400
    assert r.json()["codigo"] == "validacion"
    assert r.json()["campos"]["imagen"] == ["El archivo no es una imagen JPEG, PNG o WebP válida."]
    assert not ImagenProducto.objects.exists()


def test_limites_de_tamano_y_de_pixeles(staff, settings):
    producto = ProductoFactory()
    settings.PRODUCTO_IMAGEN_MAX_PIXELES = 1000 * 1000
    r = _subir(staff, producto, _foto("PNG", tamano=(1001, 1000)))
    assert r.status_code == 400
    assert "píxeles" in r.json()["campos"]["imagen"][0]

    settings.PRODUCTO_IMAGEN_MAX_BYTES = 2000
    r = _subir(staff, producto, _foto("PNG", tamano=(300, 300)) + b"\0" * 3000)
    assert r.status_code == 400
    assert r.json()["campos"]["imagen"][0].startswith("La imagen ocupa más de")

    r = _subir(staff, producto, b"\0" * 200_000)  # far over: refused from Content-Length
    assert r.status_code == 413
    assert r.json()["codigo"] == "cuerpo_demasiado_grande"
    assert not ImagenProducto.objects.exists()


def _lista(api, producto):
    return [(i["id"], i["orden"]) for i in api.get(reverse("productos:producto-imagenes", args=[producto.pk])).json()]


def test_la_principal_es_la_de_menor_orden_y_borrarla_pasa_a_la_siguiente(staff, django_capture_on_commit_callbacks):
    producto = ProductoFactory()
    primera = _subir(staff, producto, _foto()).json()
    segunda = _subir(staff, producto, _foto()).json()
    assert (primera["orden"], segunda["orden"]) == (0, 1)

    url = reverse("productos:producto-imagen", args=[producto.pk, primera["id"]])
    nombre = ImagenProducto.objects.get(pk=primera["id"]).imagen.name
    with django_capture_on_commit_callbacks(execute=True):
        r = staff.delete(url)
    assert r.status_code == 204
    assert not default_storage.exists(nombre)
    assert staff.get(reverse("productos:producto-detail", args=[producto.pk])).json()["imagen"] == segunda["imagen"]
    assert staff.delete(url).status_code == 404


def test_subir_con_orden_0_la_hace_principal_y_corre_las_demas(staff):
    producto = ProductoFactory()
    detalle = reverse("productos:producto-detail", args=[producto.pk])
    antigua = _subir(staff, producto, _foto()).json()
    antes = staff.get(detalle)
    assert antes.json()["imagen"] == antigua["imagen"]

    nueva = _subir(staff, producto, _foto("PNG"), nombre="x.png", orden=0)

    assert nueva.status_code == 201, nueva.json()
    nueva = nueva.json()
    assert nueva["orden"] == 0
    ficha = staff.get(detalle)
    assert (ficha.json()["imagen"], ficha.json()["miniatura"]) == (nueva["imagen"], nueva["miniatura"])
    assert ficha["ETag"] != antes["ETag"]
    assert _lista(staff, producto) == [(nueva["id"], 0), (antigua["id"], 1)]
    # Without `orden` a photo still goes last.
    ultima = _subir(staff, producto, _foto()).json()
    assert _lista(staff, producto) == [(nueva["id"], 0), (antigua["id"], 1), (ultima["id"], 2)]


def test_subir_en_un_orden_ocupado_solo_corre_las_que_estorban(staff):
    producto = ProductoFactory()
    a = _subir(staff, producto, _foto(), orden=0).json()["id"]
    b = _subir(staff, producto, _foto(), orden=1).json()["id"]
    c = _subir(staff, producto, _foto(), orden=3).json()["id"]

    nueva = _subir(staff, producto, _foto(), orden=1).json()["id"]

    # b moves into the free place 2; c, past the gap, keeps its place.
    assert _lista(staff, producto) == [(a, 0), (nueva, 1), (b, 2), (c, 3)]
    assert (
        staff.get(reverse("productos:producto-detail", args=[producto.pk]))
        .json()["imagen"]
        .endswith(ImagenProducto.objects.get(pk=a).imagen.name)
    )


def test_una_imagen_de_otro_producto_es_404(staff):
    uno, otro = ProductoFactory(), ProductoFactory()
    imagen = _subir(staff, uno, _foto()).json()
    r = staff.delete(reverse("productos:producto-imagen", args=[otro.pk, imagen["id"]]))
    assert r.status_code == 404
    assert ImagenProducto.objects.filter(pk=imagen["id"]).exists()


def test_un_producto_tiene_como_mucho_diez_fotos(staff):
    producto = ProductoFactory()
    for _ in range(MAX_IMAGENES_POR_PRODUCTO):
        assert _subir(staff, producto, _foto(tamano=(20, 20))).status_code == 201
    r = _subir(staff, producto, _foto(tamano=(20, 20)))
    assert r.status_code == 409
    assert r.json()["codigo"] == "demasiadas_imagenes"
    assert producto.imagenes.count() == MAX_IMAGENES_POR_PRODUCTO


def test_sin_fotos_imagen_y_miniatura_son_null(auth_client, cliente):
    producto = ProductoFactory()
    datos = auth_client(cliente).get(reverse("productos:producto-detail", args=[producto.pk])).json()
    assert datos["imagen"] is None and datos["miniatura"] is None


def test_un_cliente_no_sube_ni_borra_fotos_pero_las_ve(auth_client, cliente, staff):
    producto = ProductoFactory()
    imagen = _subir(staff, producto, _foto()).json()
    api = auth_client(cliente)
    assert _subir(api, producto, _foto()).status_code == 403
    assert api.delete(reverse("productos:producto-imagen", args=[producto.pk, imagen["id"]])).status_code == 403
    assert [i["id"] for i in api.get(reverse("productos:producto-imagenes", args=[producto.pk])).json()] == [
        imagen["id"]
    ]


def test_borrar_un_producto_sin_ventas_borra_sus_archivos(staff, django_capture_on_commit_callbacks):
    producto = ProductoFactory()
    imagen = ImagenProducto.objects.get(pk=_subir(staff, producto, _foto()).json()["id"])
    nombres = [imagen.imagen.name, imagen.miniatura.name]
    with django_capture_on_commit_callbacks(execute=True):
        r = staff.delete(reverse("productos:producto-detail", args=[producto.pk]))
    assert r.status_code == 204
    assert not Producto.objects.filter(pk=producto.pk).exists()
    assert not any(default_storage.exists(n) for n in nombres)


def test_un_producto_vendido_no_se_borra_ni_pierde_sus_fotos(staff):
    producto = ProductoFactory(stock=3)
    crear_venta(lineas=[(producto, 1)])
    imagen = ImagenProducto.objects.get(pk=_subir(staff, producto, _foto()).json()["id"])
    r = staff.delete(reverse("productos:producto-detail", args=[producto.pk]))
    assert r.status_code == 409
    assert default_storage.exists(imagen.imagen.name)


def test_el_admin_muestra_las_fotos_del_producto_sin_dejar_subirlas(client, staff, empleado):
    producto = ProductoFactory()
    subida = _subir(staff, producto, _foto()).json()
    client.force_login(empleado)
    r = client.get(reverse("admin:productos_producto_change", args=[producto.pk]))
    assert r.status_code == 200
    pagina = r.content.decode()
    assert subida["miniatura"].replace("http://testserver", "") in pagina
    assert "imagenes-0-orden" in pagina and "imagenes-__prefix__" not in pagina  # no "add another" row


def test_una_foto_de_mas_de_un_mega_se_admite_aunque_el_json_tenga_tope_de_uno(staff, settings):
    import os

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 1024 * 1024
    salida = io.BytesIO()
    Image.frombytes("RGB", (800, 700), os.urandom(800 * 700 * 3)).save(salida, "PNG")
    assert len(salida.getvalue()) > 1024 * 1024
    r = _subir(staff, ProductoFactory(), salida.getvalue(), nombre="ruido.png")
    assert r.status_code == 201, r.json()
