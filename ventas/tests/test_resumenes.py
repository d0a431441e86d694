"""Daily summaries (issue 14.4): every checkout and cancellation keeps them in step, in the same
transaction; the management command rebuilds them from scratch to exactly the same rows, also
after concurrent checkouts, cancellations and a rebuild on PostgreSQL; the data migration fills
them from the sales already there."""

import importlib
import random
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from inventario.services import StockInsuficiente
from productos.tests.factories import ProductoFactory
from usuarios.tests.factories import UsuarioFactory
from ventas.models import DetalleVenta, ResumenDiario, ResumenDiarioProducto, ResumenDiarioUsuario, Venta
from ventas.services import (
    agregar_al_carrito,
    cambiar_estado_venta,
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
    """The three summary tables without their zero rows (a day whose sales were all cancelled)."""
    assert not ResumenDiario.objects.filter(numero_ventas=0).exclude(total=0).exists()
    assert not ResumenDiarioUsuario.objects.filter(numero_ventas=0).exclude(total=0).exists()
    assert not ResumenDiarioProducto.objects.filter(cantidad=0).exclude(ingresos=0).exists()
    return {
        "dias": sorted(ResumenDiario.objects.exclude(numero_ventas=0).values_list("dia", "numero_ventas", "total")),
        "usuarios": sorted(
            ResumenDiarioUsuario.objects.exclude(numero_ventas=0).values_list(
                "dia", "usuario_id", "numero_ventas", "total"
            )
        ),
        "productos": sorted(
            ResumenDiarioProducto.objects.exclude(cantidad=0).values_list("dia", "producto_id", "cantidad", "ingresos")
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
    return {
        "dias": sorted((d, n, t) for d, (n, t) in dias.items()),
        "usuarios": sorted((d, u, n, t) for (d, u), (n, t) in usuarios.items()),
        "productos": sorted((d, p, c, i) for (d, p), (c, i) in productos.items()),
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
    }
    cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.PAGADA, usuario=None)
    assert _resumenes()["dias"] == [(hoy, 1, venta.total)]
    cambiar_estado_venta(venta_id=venta.pk, estado=Venta.Estado.CANCELADA, usuario=None)
    assert _resumenes() == {"dias": [], "usuarios": [], "productos": []}


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


def test_la_migracion_de_datos_llena_los_resumenes_de_las_ventas_que_ya_habia(cliente):
    crear_venta(usuario=cliente, lineas=[(ProductoFactory(precio=Decimal("2.50"), stock=5), 2)])
    cancelada = crear_venta(usuario=cliente)
    cambiar_estado_venta(venta_id=cancelada.pk, estado=Venta.Estado.CANCELADA, usuario=None)
    esperado = _resumenes()
    for modelo in (ResumenDiario, ResumenDiarioUsuario, ResumenDiarioProducto):
        modelo.objects.all().delete()
    migracion = importlib.import_module("ventas.migrations.0003_resumenes_diarios")
    # The migration only needs the schema editor's connection and execute().
    editor = SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql))
    migracion.llenar_resumenes(apps, editor)
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
