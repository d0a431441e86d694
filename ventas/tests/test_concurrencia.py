"""Checkout under real concurrency (issue 3 point 3): threads with their own database
connections, gunicorn over HTTP, carts that lock the same rows in opposite orders, and
duplicate Idempotency-Keys arriving together. PostgreSQL only, except the sequential
idempotency test, which runs on any database.
"""

import uuid
from collections import Counter
from functools import partial

import pytest
from django.db import connection
from django.db.models import Sum
from django.urls import reverse

from inventario.models import Inventario, MovimientoInventario
from inventario.services import StockInsuficiente, fijar_stock
from productos.models import Producto
from productos.tests.factories import ProductoFactory
from usuarios.tests.factories import UsuarioFactory
from ventas.models import Calificacion, CarritoItem, ClaveIdempotencia, DetalleVenta, Venta
from ventas.services import agregar_al_carrito, calificar_venta, cambiar_estado_venta, confirmar_compra
from ventas.tests.http_concurrencia import en_paralelo, peticion, servidor_de_pruebas, token_de, url_bd_de_pruebas

solo_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row locks and real concurrent transactions need PostgreSQL; SQLite serialises every writer.",
)


def lineas_del_carrito(usuario) -> list[tuple[int, int]]:
    return list(
        CarritoItem.objects.filter(carrito__usuario=usuario).order_by("id").values_list("producto_id", "cantidad")
    )


def comprobar_stock_coherente(producto: Producto, esperado: int) -> None:
    """Inventory row, product column and the movement ledger all say `esperado`."""
    assert Inventario.objects.get(producto=producto).cantidad == esperado
    assert Producto.objects.get(pk=producto.pk).stock == esperado
    suma = MovimientoInventario.objects.filter(producto=producto).aggregate(s=Sum("delta"))["s"]
    assert suma == esperado


@pytest.fixture(scope="module", params=[1, 4], ids=["sync", "gthread4"])
def servidor(request, django_db_setup, django_db_blocker):
    """gunicorn with 2 workers on the pytest-django test database: the production sync
    workers (2 requests at a time), then 4 threads per worker (8 at a time)."""
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn shares the test database only on PostgreSQL.")
    with django_db_blocker.unblock():
        url = url_bd_de_pruebas()
    with servidor_de_pruebas(database_url=url, workers=2, hilos=request.param) as gunicorn:
        yield gunicorn


# --- (a) threads, each with its own connection, call the checkout service ------------------


@solo_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("stock", "por_comprador"), [(7, 1), (8, 2), (7, 2)])
def test_veinticinco_compradores_a_la_vez_compran_exactamente_el_stock_que_queda(stock, por_comprador):
    producto = ProductoFactory(stock=stock)
    compradores = UsuarioFactory.create_batch(25)
    for comprador in compradores:
        agregar_al_carrito(usuario=comprador, producto=producto, cantidad=por_comprador)

    resultados = en_paralelo([partial(confirmar_compra, usuario=c) for c in compradores])

    inesperados = [r for ok, r in resultados if not ok and not isinstance(r, StockInsuficiente)]
    assert inesperados == []
    ganadores = [c for c, (ok, _) in zip(compradores, resultados, strict=True) if ok]
    perdedores = [c for c, (ok, _) in zip(compradores, resultados, strict=True) if not ok]
    assert len(ganadores) == stock // por_comprador
    assert all(r.codigo == "stock_insuficiente" for ok, r in resultados if not ok)

    vendidas = DetalleVenta.objects.filter(producto=producto).aggregate(s=Sum("cantidad"))["s"]
    assert vendidas == len(ganadores) * por_comprador
    assert set(Venta.objects.values_list("usuario_id", flat=True)) == {c.pk for c in ganadores}
    assert Venta.objects.count() == len(ganadores)
    movimientos_venta = MovimientoInventario.objects.filter(producto=producto, motivo="VENTA")
    assert sorted(movimientos_venta.values_list("venta__usuario_id", flat=True)) == sorted(c.pk for c in ganadores)
    assert set(movimientos_venta.values_list("delta", flat=True)) == {-por_comprador}
    comprobar_stock_coherente(producto, stock % por_comprador)
    for comprador in ganadores:
        assert lineas_del_carrito(comprador) == []
    for comprador in perdedores:
        assert lineas_del_carrito(comprador) == [(producto.pk, por_comprador)]


# --- (b) the same over HTTP against gunicorn -----------------------------------------------


@pytest.mark.servidor_real
@solo_postgres
@pytest.mark.django_db(transaction=True)
def test_treinta_clientes_http_a_la_vez_compran_las_ultimas_diez_unidades(servidor):
    producto = ProductoFactory(stock=10)
    compradores = UsuarioFactory.create_batch(30)
    for comprador in compradores:
        agregar_al_carrito(usuario=comprador, producto=producto, cantidad=1)
    ruta = reverse("ventas:checkout")
    # The timeout only turns a hung server into a failure; 30 requests queue on 2 workers.
    peticiones = [
        partial(peticion, servidor.puerto, "POST", ruta, token=token_de(c), cuerpo={}, timeout=60) for c in compradores
    ]

    resultados = en_paralelo(peticiones)

    fallidas = [r for ok, r in resultados if not ok]
    assert fallidas == [], servidor.salida()
    respuestas = [r for _, r in resultados]
    assert Counter(r.status for r in respuestas) == {201: 10, 409: 20}, (respuestas, servidor.salida())
    for r in respuestas:
        assert r.content_type.startswith("application/json")
        if r.status == 409:
            cuerpo = r.json()
            assert cuerpo["codigo"] == "stock_insuficiente"
            assert producto.nombre in cuerpo["error"]
            assert cuerpo["campos"] == {}
    creadas = [r.json() for r in respuestas if r.status == 201]
    assert sorted(v["id"] for v in creadas) == sorted(Venta.objects.values_list("id", flat=True))
    assert all([(d["producto"], d["cantidad"]) for d in v["detalles"]] == [(producto.pk, 1)] for v in creadas)
    assert DetalleVenta.objects.filter(producto=producto).aggregate(s=Sum("cantidad"))["s"] == 10
    comprobar_stock_coherente(producto, 0)
    for comprador, r in zip(compradores, respuestas, strict=True):
        assert lineas_del_carrito(comprador) == ([] if r.status == 201 else [(producto.pk, 1)])


# --- (c) carts holding the same two products in opposite orders ----------------------------


@solo_postgres
@pytest.mark.django_db(transaction=True)
def test_carritos_con_dos_productos_en_orden_opuesto_nunca_se_bloquean_mutuamente():
    a = ProductoFactory(stock=0)
    b = ProductoFactory(stock=0)
    compradores = UsuarioFactory.create_batch(4)
    # Even buyers filled their cart B then A, odd ones A then B: their lines (ordered by id)
    # name the two products in opposite orders.
    orden_de_llenado = {c.pk: ((b, a) if i % 2 == 0 else (a, b)) for i, c in enumerate(compradores)}
    vendidas = {a.pk: 0, b.pk: 0}

    for ronda in range(30):
        stock_a, stock_b = ronda % 4 + 1, (ronda + 2) % 4 + 1
        fijar_stock(producto_id=a.pk, cantidad=stock_a)
        fijar_stock(producto_id=b.pk, cantidad=stock_b)
        a.refresh_from_db()
        b.refresh_from_db()
        for comprador in compradores:
            primero, segundo = orden_de_llenado[comprador.pk]
            if not lineas_del_carrito(comprador):
                agregar_al_carrito(usuario=comprador, producto=primero, cantidad=1)
                agregar_al_carrito(usuario=comprador, producto=segundo, cantidad=1)
            assert lineas_del_carrito(comprador) == [(primero.pk, 1), (segundo.pk, 1)]
        ventas_antes = Venta.objects.count()

        resultados = en_paralelo([partial(confirmar_compra, usuario=c) for c in compradores])

        inesperados = [r for ok, r in resultados if not ok and not isinstance(r, StockInsuficiente)]
        assert inesperados == [], f"round {ronda}: {inesperados!r}"
        ganadas = [r for ok, r in resultados if ok]
        assert len(ganadas) == min(stock_a, stock_b, len(compradores)), f"round {ronda}"
        assert Venta.objects.count() == ventas_antes + len(ganadas)
        for venta in ganadas:
            lineas = sorted(DetalleVenta.objects.filter(venta=venta).values_list("producto_id", "cantidad"))
            assert lineas == [(a.pk, 1), (b.pk, 1)]
            assert MovimientoInventario.objects.filter(venta=venta).count() == 2
        vendidas[a.pk] += len(ganadas)
        vendidas[b.pk] += len(ganadas)
        comprobar_stock_coherente(a, stock_a - len(ganadas))
        comprobar_stock_coherente(b, stock_b - len(ganadas))
        for comprador, (ok, _) in zip(compradores, resultados, strict=True):
            primero, segundo = orden_de_llenado[comprador.pk]
            assert lineas_del_carrito(comprador) == ([] if ok else [(primero.pk, 1), (segundo.pk, 1)])

    for producto in (a, b):
        assert DetalleVenta.objects.filter(producto=producto).aggregate(s=Sum("cantidad"))["s"] == vendidas[producto.pk]
    assert vendidas[a.pk] > 0


# --- Idempotency-Key ---------------------------------------------------------------------------


@pytest.mark.servidor_real
@solo_postgres
@pytest.mark.django_db(transaction=True)
def test_la_misma_idempotency_key_enviada_dos_veces_a_la_vez_compra_una_sola_vez(servidor):
    producto = ProductoFactory(stock=20)
    comprador = UsuarioFactory()
    token = token_de(comprador)
    ruta = reverse("ventas:checkout")
    vistas = Counter()

    for ronda in range(6):
        agregar_al_carrito(usuario=comprador, producto=producto, cantidad=1)
        clave = f"compra-{ronda}-{uuid.uuid4()}"
        envio = partial(
            peticion,
            servidor.puerto,
            "POST",
            ruta,
            token=token,
            cuerpo={},
            cabeceras={"Idempotency-Key": clave},
            timeout=60,
        )

        resultados = en_paralelo([envio, envio])

        assert [ok for ok, _ in resultados] == [True, True], resultados
        respuestas = [r for _, r in resultados]
        creadas = [r for r in respuestas if r.status == 201]
        assert creadas, respuestas
        assert len({r.json()["id"] for r in creadas}) == 1
        for r in respuestas:
            if r.status == 409:
                assert r.json()["codigo"] == "idempotencia_en_curso"
                vistas["en_curso"] += 1
            else:
                assert r.status == 201, r
                vistas["repetida" if r.cabeceras.get("idempotent-replayed") == "true" else "original"] += 1
        assert Venta.objects.filter(usuario=comprador).count() == ronda + 1
        assert ClaveIdempotencia.objects.get(usuario=comprador, clave=clave).estado == "COMPLETADA"

    assert vistas["original"] == 6
    comprobar_stock_coherente(producto, 14)


@pytest.mark.django_db
def test_reintentar_con_la_misma_idempotency_key_devuelve_la_misma_venta_y_no_compra_mas(cliente, auth_client):
    producto = ProductoFactory(stock=10)
    api = auth_client(cliente)
    ruta = reverse("ventas:checkout")
    agregar_al_carrito(usuario=cliente, producto=producto, cantidad=2)

    primera = api.post(ruta, {}, format="json", HTTP_IDEMPOTENCY_KEY="reintento-1")
    assert primera.status_code == 201, primera.json()
    # The cart is full again: a retry that bought would succeed, so only the key stops it.
    agregar_al_carrito(usuario=cliente, producto=producto, cantidad=3)
    repetida = api.post(ruta, {}, format="json", HTTP_IDEMPOTENCY_KEY="reintento-1")

    assert repetida.status_code == 201
    assert repetida.json() == primera.json()
    assert repetida["Idempotent-Replayed"] == "true"
    assert Venta.objects.filter(usuario=cliente).count() == 1
    assert lineas_del_carrito(cliente) == [(producto.pk, 3)]
    comprobar_stock_coherente(producto, 8)

    otro_cuerpo = api.post(ruta, {"cupon": "OTRO"}, format="json", HTTP_IDEMPOTENCY_KEY="reintento-1")
    assert otro_cuerpo.status_code == 422
    assert otro_cuerpo.json() == {
        "error": "Esta Idempotency-Key ya se usó con otro cuerpo de petición.",
        "codigo": "idempotencia_cuerpo_distinto",
        "campos": {},
    }
    assert Venta.objects.filter(usuario=cliente).count() == 1
    comprobar_stock_coherente(producto, 8)


# --- A rating and a cancellation of the same sale at once ----------------------------------------


@solo_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("ronda", range(5))
def test_calificar_y_cancelar_a_la_vez_nunca_deja_una_calificacion_en_una_venta_cancelada(ronda):
    comprador = UsuarioFactory()
    agregar_al_carrito(usuario=comprador, producto=ProductoFactory(stock=5), cantidad=1)
    venta = confirmar_compra(usuario=comprador)

    resultados = en_paralelo(
        [
            partial(calificar_venta, usuario=comprador, venta_id=venta.pk, calificacion=4),
            partial(
                cambiar_estado_venta,
                venta_id=venta.pk,
                estado=Venta.Estado.CANCELADA,
                usuario=comprador,
                como_comprador=True,
            ),
        ]
    )

    calificada, cancelada = resultados
    assert cancelada[0], cancelada
    assert Venta.objects.get(pk=venta.pk).estado == Venta.Estado.CANCELADA
    assert not Calificacion.objects.filter(venta=venta).exists()
    # The rating either came first (and was dropped by the cancellation) or found the sale cancelled.
    assert calificada[0] or calificada[1].codigo == "venta_cancelada", calificada
