"""Daily summaries and all-time totals (issue 14.4): every checkout and cancellation keeps them in
step, in the same transaction; the management command rebuilds them from scratch to exactly the
same rows, also after concurrent checkouts, cancellations and a rebuild on PostgreSQL; the data
migrations fill them from the sales already there; a report over the whole history (read from the
totals) answers exactly what summing the days answers."""

import importlib
import io
import random
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from backend.dinero import SUMA
from inventario.services import StockInsuficiente
from productos.tests.factories import ProductoFactory
from usuarios.tests.factories import UsuarioFactory
from ventas.models import (
    FRAGMENTOS_DIA,
    DetalleVenta,
    ResumenDiario,
    ResumenDiarioProducto,
    ResumenDiarioUsuario,
    ResumenTotalProducto,
    ResumenTotalUsuario,
    Venta,
)
from ventas.services import (
    agregar_al_carrito,
    cambiar_estado_venta,
    compactar_resumenes,
    confirmar_compra,
    reconstruir_resumenes,
)
from ventas.tests.factories import crear_venta
from ventas.tests.http_concurrencia import en_paralelo

solo_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row locks and real concurrent transactions need PostgreSQL; SQLite serialises every writer.",
)


def _resumenes() -> dict:
    """The summary tables without their zero rows (a day, buyer or product whose sales were all cancelled)."""
    assert not ResumenDiario.objects.filter(numero_ventas=0).exclude(total=0).exists()
    assert not ResumenDiarioUsuario.objects.filter(numero_ventas=0).exclude(total=0).exists()
    assert not ResumenDiarioProducto.objects.filter(cantidad=0).exclude(ingresos=0).exists()
    assert not ResumenTotalUsuario.objects.filter(numero_ventas=0).exclude(total=0).exists()
    assert not ResumenTotalProducto.objects.filter(cantidad=0).exclude(ingresos=0).exists()
    return {
        # A day's sales are spread over its fragments: what counts is their sum per day.
        "dias": sorted(
            ResumenDiario.objects.values("dia")
            .annotate(n=Sum("numero_ventas"), t=Sum("total", output_field=SUMA))
            .exclude(n=0)
            .values_list("dia", "n", "t")
        ),
        "usuarios": sorted(
            ResumenDiarioUsuario.objects.exclude(numero_ventas=0).values_list(
                "dia", "usuario_id", "numero_ventas", "total"
            )
        ),
        "productos": sorted(
            ResumenDiarioProducto.objects.exclude(cantidad=0).values_list("dia", "producto_id", "cantidad", "ingresos")
        ),
        "total_usuarios": sorted(
            ResumenTotalUsuario.objects.exclude(numero_ventas=0).values_list("usuario_id", "numero_ventas", "total")
        ),
        "total_productos": sorted(
            ResumenTotalProducto.objects.exclude(cantidad=0).values_list("producto_id", "cantidad", "ingresos")
        ),
    }


def _calculados_de_las_ventas() -> dict:
    """The same sums computed here, in Python, from the sales and their lines."""
    dias, usuarios, productos = {}, {}, {}
    for venta in Venta.objects.exclude(estado=Venta.Estado.CANCELADA).prefetch_related("detalles"):
        dia = timezone.localdate(venta.fecha, timezone=timezone.get_default_timezone())
        n, t = dias.get(dia, (0, Decimal("0")))
        dias[dia] = (n + 1, t + venta.total)
        n, t = usuarios.get((dia, venta.usuario_id), (0, Decimal("0")))
        usuarios[(dia, venta.usuario_id)] = (n + 1, t + venta.total)
        for d in venta.detalles.all():
            c, i = productos.get((dia, d.producto_id), (0, Decimal("0")))
            productos[(dia, d.producto_id)] = (c + d.cantidad, i + d.cantidad * d.precio_unitario)
    total_usuarios, total_productos = {}, {}
    for (_, u), (n, t) in usuarios.items():
        n0, t0 = total_usuarios.get(u, (0, Decimal("0")))
        total_usuarios[u] = (n0 + n, t0 + t)
    for (_, p), (c, i) in productos.items():
        c0, i0 = total_productos.get(p, (0, Decimal("0")))
        total_productos[p] = (c0 + c, i0 + i)
    return {
        "dias": sorted((d, n, t) for d, (n, t) in dias.items()),
        "usuarios": sorted((d, u, n, t) for (d, u), (n, t) in usuarios.items()),
        "productos": sorted((d, p, c, i) for (d, p), (c, i) in productos.items()),
        "total_usuarios": sorted((u, n, t) for u, (n, t) in total_usuarios.items()),
        "total_productos": sorted((p, c, i) for p, (c, i) in total_productos.items()),
    }


def _reportes(api) -> list:
    return [
        api.get(reverse(nombre), {"limite": 100}).json()
        for nombre in (
            "ventas:reporte-ventas",
            "ventas:reporte-ventas-usuario",
            "ventas:reporte-productos-mas-vendidos",
        )
    ]


def _en_hora_local(venta, dia, hora: time) -> None:
    """Move a sale to a local day and hour (a raw UPDATE: the summaries are rebuilt after it)."""
    fecha = datetime.combine(dia, hora, tzinfo=timezone.get_default_timezone())
    Venta.objects.filter(pk=venta.pk).update(fecha=fecha)


def test_una_compra_suma_su_dia_comprador_y_productos_y_cancelarla_lo_resta(cliente):
    a = ProductoFactory(precio=Decimal("10.05"), stock=10)
    b = ProductoFactory(precio=Decimal("3.35"), stock=10)
    venta = crear_venta(usuario=cliente, lineas=[(a, 2), (b, 3)])
    hoy = timezone.localdate(venta.fecha, timezone=timezone.get_default_timezone())
    assert _resumenes() == {
        "dias": [(hoy, 1, venta.total)],
        "usuarios": [(hoy, cliente.pk, 1, venta.total)],
        "productos": sorted([(hoy, a.pk, 2, Decimal("20.10")), (hoy, b.pk, 3, Decimal("10.05"))]),
        "total_usuarios": [(cliente.pk, 1, venta.total)],
        "total_productos": sorted([(a.pk, 2, Decimal("20.10")), (b.pk, 3, Decimal("10.05"))]),
    }
    cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.PAGADA, usuario=None)
    assert _resumenes()["dias"] == [(hoy, 1, venta.total)]
    cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.CANCELADA, usuario=None)
    vacio = {"dias": [], "usuarios": [], "productos": [], "total_usuarios": [], "total_productos": []}
    assert _resumenes() == vacio


def test_el_dia_de_una_venta_es_su_fecha_local_no_la_de_utc(auth_client, empleado, cliente):
    # 00:30 in Madrid is still the day before in UTC: the summary and the report use the local day.
    venta = crear_venta(usuario=cliente)
    dia = timezone.localdate() - timedelta(days=5)
    _en_hora_local(venta, dia, time(0, 30))
    assert Venta.objects.get(pk=venta.pk).fecha.astimezone(UTC).date() == dia - timedelta(days=1)
    reconstruir_resumenes()
    assert _resumenes()["dias"] == [(dia, 1, venta.total)]
    r = auth_client(empleado).get(reverse("ventas:reporte-ventas"), {"desde": dia, "hasta": dia}).json()
    assert r["numero_ventas"] == 1
    # Cancelling it takes it away from that same local day (not from the UTC one).
    cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.CANCELADA, usuario=None)
    assert _resumenes()["dias"] == []
    assert not ResumenDiario.objects.filter(dia=dia - timedelta(days=1)).exists()


@pytest.mark.parametrize("semilla", range(3))
def test_reconstruir_da_lo_mismo_que_lo_incremental_tras_ventas_y_cancelaciones_al_azar(semilla, auth_client, empleado):
    rnd = random.Random(semilla)
    productos = [ProductoFactory(precio=Decimal(rnd.randint(1, 5000)) / 100, stock=1000) for _ in range(5)]
    compradores = UsuarioFactory.create_batch(4)

    def vender():
        lineas = [(p, rnd.randint(1, 4)) for p in rnd.sample(productos, rnd.randint(1, 3))]
        return crear_venta(usuario=rnd.choice(compradores), lineas=lineas)

    # History on several days, around local midnight too, then summaries rebuilt for it.
    hoy = timezone.localdate()
    antiguas = [vender() for _ in range(12)]
    for venta in antiguas:
        hora = rnd.choice([time(0, 5), time(12, 0), time(23, 55)])
        _en_hora_local(venta, hoy - timedelta(days=rnd.randint(1, 4)), hora)
    reconstruir_resumenes()
    # Then, incrementally: new sales, payments, and cancellations of old and new sales.
    ventas = [*antiguas, *(vender() for _ in range(10))]
    for venta in rnd.sample(ventas, 8):
        if rnd.random() < 0.3:
            cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.PAGADA, usuario=None)
        cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.CANCELADA, usuario=None)

    incremental, reportes = _resumenes(), _reportes(auth_client(empleado))
    assert incremental == _calculados_de_las_ventas()
    call_command("reconstruir_resumenes", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _resumenes() == incremental
    assert _reportes(auth_client(empleado)) == reportes
    assert reportes[0]["numero_ventas"] == len(ventas) - 8


def _tablas_leidas(api, nombre: str, params: dict) -> set[str]:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as capturadas:
        assert api.get(reverse(nombre), params).status_code == 200
    sql = " ".join(q["sql"] for q in capturadas.captured_queries)
    modelos = (ResumenDiarioUsuario, ResumenDiarioProducto, ResumenTotalUsuario, ResumenTotalProducto)
    return {m.__name__ for m in modelos if f'"{m._meta.db_table}"' in sql}


@pytest.mark.parametrize("semilla", range(3))
def test_toda_la_historia_se_lee_de_los_totales_y_responde_lo_mismo_que_sumar_los_dias(semilla, auth_client, empleado):
    rnd = random.Random(semilla)
    productos = [ProductoFactory(precio=Decimal(rnd.randint(1, 5000)) / 100, stock=1000) for _ in range(6)]
    compradores = UsuarioFactory.create_batch(5)
    hoy = timezone.localdate()
    # The oldest day holds one sale, later cancelled: a day row with zeros and no sales, and a
    # buyer and a product whose every sale was cancelled (no report may list them).
    anulado, producto_anulado = UsuarioFactory(), ProductoFactory(precio=Decimal("9.99"), stock=5)
    primera = crear_venta(usuario=anulado, lineas=[(producto_anulado, 2)])
    _en_hora_local(primera, hoy - timedelta(days=6), time(12, 0))
    # Ties, ordered by id in every answer: two buyers with the same total, two products with the same units.
    empate = ProductoFactory(precio=Decimal("4.00"), stock=100)
    empatados = [ProductoFactory(precio=Decimal("1.00"), stock=100) for _ in range(2)]
    for comprador in UsuarioFactory.create_batch(2):
        crear_venta(usuario=comprador, lineas=[(empate, 1)])
    crear_venta(usuario=compradores[0], lineas=[(p, 7) for p in empatados])

    def vender():
        lineas = [(p, rnd.randint(1, 4)) for p in rnd.sample(productos, rnd.randint(1, 3))]
        return crear_venta(usuario=rnd.choice(compradores), lineas=lineas)

    antiguas = [vender() for _ in range(15)]
    for venta in antiguas:
        _en_hora_local(venta, hoy - timedelta(days=rnd.randint(1, 5)), time(rnd.randint(0, 23), 15))
    reconstruir_resumenes()
    ventas = [*antiguas, *(vender() for _ in range(8))]
    for venta in [primera, *rnd.sample(ventas, 7)]:
        cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.CANCELADA, usuario=None)

    api = auth_client(empleado)
    nombres = ("ventas:reporte-ventas-usuario", "ventas:reporte-productos-mas-vendidos")

    def reportes(params):
        return [api.get(reverse(nombre), {**params, "limite": 100}).json() for nombre in nombres]

    abierto = reportes({})
    # Every day with summaries: the totals too; every day with sales but not the zero day: the days.
    cubre_todo = {"desde": hoy - timedelta(days=6), "hasta": hoy}
    solo_con_ventas = {"desde": hoy - timedelta(days=5), "hasta": hoy}
    assert reportes(cubre_todo) == abierto
    assert reportes(solo_con_ventas) == abierto
    for params in ({}, cubre_todo):
        assert _tablas_leidas(api, nombres[0], params) == {"ResumenTotalUsuario"}
        assert _tablas_leidas(api, nombres[1], params) == {"ResumenTotalProducto"}
    assert _tablas_leidas(api, nombres[0], solo_con_ventas) >= {"ResumenDiarioUsuario"}
    assert _tablas_leidas(api, nombres[1], solo_con_ventas) >= {"ResumenDiarioProducto"}

    # And both are what the sales themselves say, ties by id, the cancelled-only rows left out.
    calculado = _calculados_de_las_ventas()
    por_usuario = sorted(calculado["total_usuarios"], key=lambda f: (-f[2], f[0]))
    assert [(f["usuario"], f["numero_ventas"], f["total"]) for f in abierto[0]] == [
        (u, n, f"{t:.2f}") for u, n, t in por_usuario
    ]
    por_producto = sorted(calculado["total_productos"], key=lambda f: (-f[1], f[0]))
    assert [(f["producto"], f["cantidad_vendida"], f["ingresos"]) for f in abierto[1]] == [
        (p, c, f"{i:.2f}") for p, c, i in por_producto
    ]
    assert anulado.pk not in {f["usuario"] for f in abierto[0]}
    assert producto_anulado.pk not in {f["producto"] for f in abierto[1]}
    assert ResumenTotalUsuario.objects.get(usuario=anulado).numero_ventas == 0
    assert [f["username"] for f in abierto[0]] == [
        UsuarioFactory._meta.model.objects.get(pk=f["usuario"]).username for f in abierto[0]
    ]


def test_las_ventas_de_un_dia_se_reparten_en_fragmentos_y_compactar_los_junta_sin_cambiar_nada(auth_client, empleado):
    # Consecutive sales land on different rows of the day (their id modulo FRAGMENTOS_DIA), so
    # concurrent checkouts don't queue on one row lock; reports sum them.
    compradores = UsuarioFactory.create_batch(3)
    ventas = [crear_venta(usuario=compradores[n % 3]) for n in range(FRAGMENTOS_DIA + 3)]
    cambiar_estado_venta(venta_id=ventas[4].pk, estado=Venta.Estado.CANCELADA, usuario=None)
    hoy = timezone.localdate()
    assert ResumenDiario.objects.filter(dia=hoy).count() == FRAGMENTOS_DIA
    api = auth_client(empleado)
    antes, resumenes = _reportes(api), _resumenes()
    assert antes[0]["numero_ventas"] == FRAGMENTOS_DIA + 2

    # By default only days before yesterday's are folded: today's rows are left to the checkouts.
    salida = io.StringIO()
    call_command("compactar_resumenes", stdout=salida)
    assert salida.getvalue() == "0 filas de fragmentos juntadas.\n"
    assert ResumenDiario.objects.filter(dia=hoy).count() == FRAGMENTOS_DIA
    assert compactar_resumenes(antes_de=hoy + timedelta(days=1)) == FRAGMENTOS_DIA - 1

    assert list(ResumenDiario.objects.values_list("dia", "fragmento")) == [(hoy, 0)]
    assert (_reportes(api), _resumenes()) == (antes, resumenes)
    # A later cancellation of a folded day takes the sale from its own fragment again: still exact.
    cambiar_estado_venta(venta_id=ventas[7].pk, estado=Venta.Estado.CANCELADA, usuario=None)
    assert _reportes(api)[0]["numero_ventas"] == FRAGMENTOS_DIA + 1
    reconstruida = _reportes(api)
    reconstruir_resumenes()
    assert _reportes(api) == reconstruida


def test_la_migracion_de_datos_llena_los_resumenes_de_las_ventas_que_ya_habia(cliente):
    crear_venta(usuario=cliente, lineas=[(ProductoFactory(precio=Decimal("2.50"), stock=5), 2)])
    cancelada = crear_venta(usuario=cliente)
    cambiar_estado_venta(venta_id=cancelada.pk, estado=Venta.Estado.CANCELADA, usuario=None)
    esperado = _resumenes()
    assert esperado["total_usuarios"] and esperado["total_productos"]
    tablas = (ResumenDiario, ResumenDiarioUsuario, ResumenDiarioProducto, ResumenTotalUsuario, ResumenTotalProducto)
    for modelo in tablas:
        modelo.objects.all().delete()
    # The migrations only need the schema editor's connection and execute(): 0003 fills the days
    # from the sales, 0004 the all-time totals from the days.
    editor = SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql))
    importlib.import_module("ventas.migrations.0003_resumenes_diarios").llenar_resumenes(apps, editor)
    importlib.import_module("ventas.migrations.0004_resumenes_totales").llenar_totales(apps, editor)
    assert _resumenes() == esperado


def test_un_reporte_lee_dias_no_lineas(auth_client, empleado, cliente, django_assert_max_num_queries):
    # The sale lines are not read at all: the reports' SQL names only the summary tables.
    crear_venta(usuario=cliente, lineas=[(ProductoFactory(stock=5), 1)])
    from django.test.utils import CaptureQueriesContext

    api = auth_client(empleado)
    for nombre in ("ventas:reporte-ventas", "ventas:reporte-ventas-usuario", "ventas:reporte-productos-mas-vendidos"):
        with CaptureQueriesContext(connection) as capturadas:
            assert api.get(reverse(nombre)).status_code == 200
        sql = " ".join(q["sql"] for q in capturadas.captured_queries)
        assert DetalleVenta._meta.db_table not in sql
        assert f'"{Venta._meta.db_table}"' not in sql


@solo_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("ronda", range(3))
def test_bajo_concurrencia_lo_incremental_es_igual_a_lo_reconstruido(ronda):
    rnd = random.Random(ronda)
    productos = [ProductoFactory(precio=Decimal(rnd.randint(1, 5000)) / 100, stock=40) for _ in range(4)]
    # Sales of earlier days (some to be cancelled now), rebuilt into the summaries.
    previas = []
    for _ in range(10):
        venta = crear_venta(usuario=UsuarioFactory(), lineas=[(rnd.choice(productos), rnd.randint(1, 3))])
        _en_hora_local(venta, timezone.localdate() - timedelta(days=rnd.randint(0, 2)), time(rnd.randint(0, 23), 30))
        previas.append(venta)
    reconstruir_resumenes()
    # Sixteen buyers with carts sharing products (some will run out of stock), cancellations of
    # earlier sales, and a rebuild, all released together.
    compradores = UsuarioFactory.create_batch(16)
    for comprador in compradores:
        for producto in rnd.sample(productos, rnd.randint(1, 3)):
            agregar_al_carrito(usuario=comprador, producto=producto, cantidad=rnd.randint(1, 3))
    tareas = [partial(confirmar_compra, usuario=c) for c in compradores]
    tareas += [
        partial(cambiar_estado_venta, venta_id=v.pk, estado=Venta.Estado.CANCELADA, usuario=None)
        for v in rnd.sample(previas, 6)
    ]
    tareas.insert(rnd.randrange(len(tareas)), reconstruir_resumenes)
    rnd.shuffle(tareas)
    resultados = en_paralelo(tareas)

    assert [r for ok, r in resultados if not ok and not isinstance(r, StockInsuficiente)] == []
    assert sum(ok for ok, _ in resultados) >= 6 + 1
    incremental = _resumenes()
    assert incremental == _calculados_de_las_ventas()
    reconstruir_resumenes()
    assert _resumenes() == incremental
