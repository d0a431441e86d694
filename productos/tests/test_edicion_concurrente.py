"""Issue 10.4: editing a product never undoes the sales made while the form was open."""

from decimal import Decimal

import pytest
from django.urls import reverse

from inventario.models import MovimientoInventario
from productos.tests.factories import CategoriaFactory, ProductoFactory
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db


def _url(producto):
    return reverse("productos:producto-detail", args=[producto.pk])


def _cuerpo_del_formulario(datos):
    """The body the SPA's product form sends: every field it showed, `stock` included."""
    return {
        "nombre": datos["nombre"],
        "descripcion": datos["descripcion"],
        "precio": datos["precio"],
        "stock": datos["stock"],
        "categoria": datos["categoria"]["id"],
    }


def test_guardar_con_el_cuerpo_viejo_tras_una_venta_da_412_y_no_deshace_la_venta(auth_client, empleado, cliente):
    producto = ProductoFactory(stock=49, precio=Decimal("20.00"))
    staff = auth_client(empleado)
    abierto = staff.get(_url(producto))
    assert abierto.status_code == 200
    etag = abierto["ETag"]
    assert etag == f'"{abierto.json()["version"]}"'
    cuerpo = _cuerpo_del_formulario(abierto.json())
    assert cuerpo["stock"] == 49

    crear_venta(usuario=cliente, lineas=[(producto, 3)])  # the client buys 3 while the form is open

    cuerpo["precio"] = "18.50"
    r = staff.put(_url(producto), cuerpo, HTTP_IF_MATCH=etag)
    assert r.status_code == 412
    assert r.json()["codigo"] == "producto_modificado"
    assert set(r.json()) >= {"error", "codigo", "campos"}
    producto.refresh_from_db()
    assert (producto.stock, producto.inventario.cantidad, producto.precio) == (46, 46, Decimal("20.00"))
    assert not producto.movimientos.filter(motivo=MovimientoInventario.Motivo.AJUSTE).exists()

    # Reloaded, the same change goes through; a PUT without `stock` keeps the 46.
    actual = staff.get(_url(producto))
    assert actual.json()["stock"] == 46
    del cuerpo["stock"]
    r = staff.put(_url(producto), cuerpo, HTTP_IF_MATCH=actual["ETag"])
    assert r.status_code == 200, r.json()
    assert r.json()["stock"] == 46 and r.json()["precio"] == "18.50"
    assert r["ETag"] == f'"{r.json()["version"]}"' != actual["ETag"]
    producto.refresh_from_db()
    assert (producto.stock, producto.inventario.cantidad, producto.precio) == (46, 46, Decimal("18.50"))
    assert not producto.movimientos.filter(motivo=MovimientoInventario.Motivo.AJUSTE).exists()


def test_un_put_sin_stock_ni_if_match_deja_el_stock_como_esta(auth_client, empleado):
    producto = ProductoFactory(stock=46)
    cuerpo = {"nombre": "Nuevo nombre", "precio": "12.00", "categoria": producto.categoria_id, "descripcion": ""}
    r = auth_client(empleado).put(_url(producto), cuerpo)
    assert r.status_code == 200, r.json()
    assert r.json()["stock"] == 46
    producto.refresh_from_db()
    assert producto.stock == producto.inventario.cantidad == 46
    assert producto.nombre == "Nuevo nombre"
    assert producto.movimientos.count() == 1  # only the initial stock


def test_con_el_if_match_actual_el_stock_se_ajusta_con_su_movimiento(auth_client, empleado):
    producto = ProductoFactory(stock=46)
    staff = auth_client(empleado)
    etag = staff.get(_url(producto))["ETag"]
    r = staff.patch(_url(producto), {"stock": 50}, HTTP_IF_MATCH=etag)
    assert r.status_code == 200
    producto.refresh_from_db()
    assert producto.stock == producto.inventario.cantidad == 50
    movimiento = producto.movimientos.get(motivo=MovimientoInventario.Motivo.AJUSTE)
    assert (movimiento.delta, movimiento.cantidad_resultante, movimiento.usuario) == (4, 50, empleado)


def test_un_script_sin_if_match_sigue_pudiendo_fijar_el_stock(auth_client, empleado):
    """Scripts and Postman (no If-Match): the notes' body still sets the stock, as before."""
    producto = ProductoFactory(stock=5)
    cuerpo = {"nombre": "Laptop Gamer", "precio": 1200, "stock": 10, "categoria": producto.categoria_id}
    r = auth_client(empleado).put(_url(producto), cuerpo)
    assert r.status_code == 200
    producto.refresh_from_db()
    assert producto.stock == producto.inventario.cantidad == 10


@pytest.mark.parametrize("cabecera", ['W/"{v}"', "{v}", "", '"otra"'])
def test_un_if_match_debil_mal_formado_o_ajeno_no_cambia_nada(auth_client, empleado, cabecera):
    producto = ProductoFactory(stock=7, precio=Decimal("3.00"))
    staff = auth_client(empleado)
    version = staff.get(_url(producto)).json()["version"]
    r = staff.patch(_url(producto), {"precio": "4.00"}, HTTP_IF_MATCH=cabecera.format(v=version))
    assert r.status_code == 412
    assert r.json()["codigo"] == "producto_modificado"
    producto.refresh_from_db()
    assert producto.precio == Decimal("3.00")


def test_if_match_asterisco_o_con_varias_etiquetas_acepta_la_actual(auth_client, empleado):
    producto = ProductoFactory(stock=7, precio=Decimal("3.00"))
    staff = auth_client(empleado)
    assert staff.patch(_url(producto), {"precio": "4.00"}, HTTP_IF_MATCH="*").status_code == 200
    etag = staff.get(_url(producto))["ETag"]
    r = staff.patch(_url(producto), {"precio": "5.00"}, HTTP_IF_MATCH=f'"vieja", {etag}')
    assert r.status_code == 200
    producto.refresh_from_db()
    assert producto.precio == Decimal("5.00")


def test_otra_edicion_tambien_cambia_la_version(auth_client, empleado, administrador):
    producto = ProductoFactory(stock=7)
    uno, otro = auth_client(empleado), auth_client(administrador)
    etag = uno.get(_url(producto))["ETag"]
    assert otro.patch(_url(producto), {"descripcion": "cambiada"}).status_code == 200
    r = uno.patch(_url(producto), {"nombre": "Pisando"}, HTTP_IF_MATCH=etag)
    assert r.status_code == 412
    producto.refresh_from_db()
    assert producto.nombre != "Pisando" and producto.descripcion == "cambiada"


def test_la_version_de_la_lista_es_la_del_detalle_y_el_alta_trae_etag(auth_client, empleado):
    staff = auth_client(empleado)
    categoria = CategoriaFactory()
    r = staff.post(reverse("productos:producto-list"), {"nombre": "X", "precio": "2.00", "categoria": categoria.pk})
    assert r.status_code == 201
    assert r.json()["stock"] == 0
    assert r["ETag"] == f'"{r.json()["version"]}"'
    fila = staff.get(reverse("productos:producto-list")).json()["results"][0]
    assert f'"{fila["version"]}"' == staff.get(reverse("productos:producto-detail", args=[fila["id"]]))["ETag"]


def test_if_none_match_con_la_version_actual_da_304_y_tras_un_cambio_200(auth_client, cliente, empleado):
    producto = ProductoFactory(stock=7)
    api = auth_client(cliente)
    primera = api.get(_url(producto))
    etag = primera["ETag"]
    r = api.get(_url(producto), HTTP_IF_NONE_MATCH=etag)
    assert r.status_code == 304 and r["ETag"] == etag and r.content == b""
    assert api.get(_url(producto), HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert api.get(_url(producto), HTTP_IF_NONE_MATCH='"otra"').status_code == 200

    crear_venta(lineas=[(producto, 1)])  # the stock changes: the cached copy is stale
    r = api.get(_url(producto), HTTP_IF_NONE_MATCH=etag)
    assert r.status_code == 200 and r.json()["stock"] == 6 and r["ETag"] != etag


def test_una_foto_nueva_tambien_cambia_la_version(auth_client, empleado):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    producto = ProductoFactory(stock=7)
    staff = auth_client(empleado)
    etag = staff.get(_url(producto))["ETag"]
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, "PNG")
    subida = staff.post(
        reverse("productos:producto-imagenes", args=[producto.pk]),
        {"imagen": SimpleUploadedFile("a.png", png.getvalue())},
        format="multipart",
    )
    assert subida.status_code == 201
    assert staff.get(_url(producto))["ETag"] != etag
    assert staff.get(_url(producto), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_un_precio_absurdo_es_un_400(auth_client, empleado):
    producto = ProductoFactory(precio=Decimal("3.00"))
    r = auth_client(empleado).patch(_url(producto), {"precio": "9999999999.99"})
    assert r.status_code == 400
    assert "precio" in r.json()["campos"]


@pytest.mark.django_db(transaction=True)
def test_en_postgresql_ediciones_y_ventas_a_la_vez_nunca_deshacen_una_venta():
    """Threads with their own connections: 8 buyers and 4 editors who save the stock they saw.

    Every edit is checked and written under the inventory row's lock, so an editor whose read is
    older than a sale gets ProductoModificado; none can put back units a sale took.
    """
    from django.db import connection
    from django.db.models import Sum

    from productos.exceptions import ProductoModificado
    from productos.selectors import productos_del_catalogo
    from productos.services import editar_producto
    from usuarios.tests.factories import UsuarioFactory
    from ventas.services import agregar_al_carrito, confirmar_compra
    from ventas.tests.http_concurrencia import en_paralelo

    if connection.vendor != "postgresql":
        pytest.skip("Row locks and real concurrent transactions need PostgreSQL.")
    producto = ProductoFactory(stock=100, precio=Decimal("5.00"))
    compradores = [UsuarioFactory() for _ in range(8)]
    for comprador in compradores:
        agregar_al_carrito(usuario=comprador, producto=producto, cantidad=2)

    def comprar(comprador):
        return lambda: confirmar_compra(usuario=comprador)

    def editar(n):
        def correr():
            rechazos = 0
            for vuelta in range(5):
                visto = productos_del_catalogo().get(pk=producto.pk)
                try:
                    editar_producto(
                        producto_id=producto.pk,
                        datos={"precio": Decimal(f"5.{n}{vuelta}")},
                        stock=visto.stock,
                        versiones={visto.version},
                    )
                except ProductoModificado:
                    rechazos += 1
            return rechazos

        return correr

    resultados = en_paralelo([comprar(c) for c in compradores] + [editar(n) for n in range(4)])
    assert all(ok for ok, _ in resultados), [r for ok, r in resultados if not ok]
    producto.refresh_from_db()
    assert producto.stock == producto.inventario.cantidad == 100 - 8 * 2
    ajustes = producto.movimientos.filter(motivo=MovimientoInventario.Motivo.AJUSTE)
    assert ajustes.exclude(delta=0).count() == 0
    assert producto.movimientos.aggregate(s=Sum("delta"))["s"] == 84
