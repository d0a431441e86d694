from decimal import Decimal

import pytest
from django.urls import reverse

from inventario.models import Inventario, MovimientoInventario
from productos.models import Categoria, Producto
from productos.tests.factories import CategoriaFactory, ProductoFactory
from ventas.tests.factories import crear_venta

pytestmark = pytest.mark.django_db

LISTA = reverse("productos:producto-list")


@pytest.fixture
def staff(auth_client, empleado):
    return auth_client(empleado)


def test_el_cuerpo_de_las_notas_crea_el_producto_con_su_inventario(staff, empleado):
    categoria = CategoriaFactory(nombre="Electrónica")
    cuerpo = {"nombre": "Laptop Gamer", "precio": 1200, "stock": 10, "categoria": categoria.pk, "descripcion": "..."}
    r = staff.post(LISTA, cuerpo)
    assert r.status_code == 201
    datos = r.json()
    assert datos["categoria"] == {"id": categoria.pk, "nombre": "Electrónica"}
    assert datos["precio"] == "1200.00"
    assert datos["stock"] == 10
    producto = Producto.objects.get(pk=datos["id"])
    assert producto.inventario.cantidad == 10
    movimiento = MovimientoInventario.objects.get(producto=producto)
    assert (movimiento.delta, movimiento.motivo, movimiento.usuario) == (10, "INICIAL", empleado)


@pytest.mark.parametrize(
    ("campo", "valor"),
    [("precio", 0), ("precio", -5), ("precio", "abc"), ("stock", -1), ("categoria", 999999), ("nombre", "")],
)
def test_datos_no_validos_dan_400_con_el_campo(staff, campo, valor):
    categoria = CategoriaFactory()
    cuerpo = {"nombre": "X", "precio": 10, "stock": 1, "categoria": categoria.pk, campo: valor}
    r = staff.post(LISTA, cuerpo)
    assert r.status_code == 400
    assert r.json()["codigo"] == "validacion"
    assert campo in r.json()["campos"]
    assert not Producto.objects.exists()


def test_cambiar_el_stock_del_producto_ajusta_el_inventario(staff):
    producto = ProductoFactory(stock=5)
    r = staff.patch(reverse("productos:producto-detail", args=[producto.pk]), {"stock": 8, "precio": "9.99"})
    assert r.status_code == 200
    assert r.json()["stock"] == 8
    producto.refresh_from_db()
    assert producto.stock == producto.inventario.cantidad == 8
    assert producto.precio == Decimal("9.99")
    assert producto.movimientos.filter(motivo="AJUSTE", delta=3).exists()


def test_borrar_un_producto_vendido_da_409_y_no_pierde_nada(staff):
    producto = ProductoFactory(stock=5)
    venta = crear_venta(lineas=[(producto, 1)])
    r = staff.delete(reverse("productos:producto-detail", args=[producto.pk]))
    assert r.status_code == 409
    assert r.json()["codigo"] == "registro_protegido"
    assert Producto.objects.filter(pk=producto.pk).exists()
    assert venta.detalles.count() == 1


def test_borrar_una_categoria_con_productos_da_409(staff):
    producto = ProductoFactory()
    r = staff.delete(reverse("productos:categoria-detail", args=[producto.categoria_id]))
    assert r.status_code == 409
    assert Categoria.objects.filter(pk=producto.categoria_id).exists()


def test_el_nombre_de_categoria_es_unico_sin_distinguir_mayusculas(staff):
    CategoriaFactory(nombre="Libros")
    r = staff.post(reverse("productos:categoria-list"), {"nombre": "LIBROS"})
    assert r.status_code == 400
    assert "nombre" in r.json()["campos"]


def test_filtros_busqueda_y_orden(auth_client, cliente):
    api = auth_client(cliente)
    hogar, libros = CategoriaFactory(nombre="Hogar"), CategoriaFactory(nombre="Libros")
    cafe = ProductoFactory(nombre="Café 1kg", precio=Decimal("18.75"), stock=5, categoria=hogar)
    lampara = ProductoFactory(
        nombre="Lámpara", descripcion="luz cálida para café", precio=Decimal("34.90"), stock=0, categoria=hogar
    )
    libro = ProductoFactory(nombre="Aprende Django", precio=Decimal("42.00"), stock=2, categoria=libros)

    def ids(**params):
        return [p["id"] for p in api.get(LISTA, params).json()["results"]]

    assert set(ids(search="café")) == {cafe.pk, lampara.pk}
    assert set(ids(categoria=hogar.pk)) == {cafe.pk, lampara.pk}
    assert ids(precio_min="20", precio_max="40") == [lampara.pk]
    assert set(ids(en_stock="true")) == {cafe.pk, libro.pk}
    assert ids(ordering="precio") == [cafe.pk, lampara.pk, libro.pk]
    assert ids(ordering="-precio") == [libro.pk, lampara.pk, cafe.pk]
    assert ids(ordering="nombre") == [libro.pk, cafe.pk, lampara.pk]
    assert ids(ordering="-stock") == [cafe.pk, libro.pk, lampara.pk]


def test_paginacion_por_defecto_20_y_tope_100(auth_client, cliente):
    categoria = CategoriaFactory()
    Producto.objects.bulk_create(
        [Producto(nombre=f"P{i}", precio=Decimal("1.00"), categoria=categoria) for i in range(105)]
    )
    api = auth_client(cliente)
    r = api.get(LISTA).json()
    assert r["count"] == 105 and len(r["results"]) == 20 and r["next"] and r["previous"] is None
    assert len(api.get(LISTA, {"page_size": 1000}).json()["results"]) == 100
    assert len(api.get(LISTA, {"page_size": 7, "page": 2}).json()["results"]) == 7
    assert api.get(LISTA, {"page_size": 0}).status_code == 400
    r = api.get(LISTA, {"page": 999})
    assert r.status_code == 404 and r.json()["codigo"] == "no_encontrado"


def test_filtro_con_valor_no_valido_da_400(auth_client, cliente):
    r = auth_client(cliente).get(LISTA, {"precio_min": "barato"})
    assert r.status_code == 400
    assert r.json()["codigo"] == "validacion"


def test_el_inventario_y_el_stock_nunca_discrepan_tras_la_api(staff):
    producto = ProductoFactory(stock=4)
    staff.put(reverse("inventario:inventario-detail", args=[producto.inventario.pk]), {"cantidad": 45})
    producto.refresh_from_db()
    assert producto.stock == Inventario.objects.get(producto=producto).cantidad == 45


def test_la_factoria_crea_el_producto_con_su_inventario_por_el_servicio():
    producto = ProductoFactory(stock=3)
    assert Inventario.objects.get(producto=producto).cantidad == producto.stock == 3
    assert producto.movimientos.get().motivo == "INICIAL"
