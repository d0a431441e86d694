"""Seed a PostgreSQL database for the benchmark with COPY (psycopg2 copy_expert).

One database per scale (``ecommerce_bench_<name>``), kept between runs: a re-run only applies new
migrations. ``reseed=True`` drops and rebuilds it. The data is deterministic (fixed random seed).

Layout of the users (ids are fixed so the benchmark can address them):
  1                 benchadmin (ADMIN): reports
  2 .. 1+C          clienteNNNNN (CLIENT); cliente00001 (id 2) bought ~2% of all sales (history)
  next K            compradorNNNN: checkout pool, each with its own cart (refilled between rounds)
  next 16           carroNN: add-to-cart users
  next 1            visitante: a cart of 5 lines (view cart)
Every user has the same password (``PASSWORD``) through one precomputed hash.
"""

import io
import json
import os
import random
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "dbname=postgres user=postgres host=127.0.0.1 port=5432")
APP_USER = "ecommerce_user"
APP_PASSWORD = "ecommerce_pass"  # the development role of scripts/postgres_setup.sql
PASSWORD = "bench-pass-2026"
SEED_VERSION = 3  # bump when the generated data changes shape
# Sales per day of the default scale (100,000 sales over two years); bigger scales keep this rate
# and span more days, so one month holds the same amount of data at every scale.
VENTAS_POR_DIA = 100_000 / 730
PALABRAS = [
    "café",
    "té",
    "leche",
    "pan",
    "arroz",
    "aceite",
    "queso",
    "jamón",
    "vino",
    "cerveza",
    "agua",
    "zumo",
    "galletas",
    "chocolate",
    "miel",
    "harina",
    "azúcar",
    "sal",
    "pasta",
    "atún",
    "lámpara",
    "silla",
    "mesa",
    "cable",
    "teclado",
    "ratón",
    "monitor",
    "cuaderno",
    "bolígrafo",
    "mochila",
]
ESTADOS = ["ENTREGADA"] * 8 + ["ENVIADA"] * 4 + ["PAGADA"] * 5 + ["PENDIENTE"] * 2 + ["CANCELADA"]


@dataclass(frozen=True)
class Escala:
    nombre: str
    productos: int
    categorias: int
    clientes: int
    ventas: int
    compradores: int  # checkout pool size
    dias: int  # span of the sales, ending at seed time

    @property
    def db(self) -> str:
        return f"ecommerce_bench_{self.nombre}"

    @property
    def url(self) -> str:
        return f"postgres://{APP_USER}:{APP_PASSWORD}@127.0.0.1:5432/{self.db}"


def _dias(ventas: int) -> int:
    return max(30, round(ventas / VENTAS_POR_DIA))


ESCALAS = {
    # The default: 10k products, 20 categories, 1k clients, 100k sales / ~300k lines, two years.
    "default": Escala("default", 10_000, 20, 1_000, 100_000, 4_000, 730),
    # `--scale large`: 100k products, ~333k sales / ~1M lines (same sales per day, longer history).
    "large": Escala("large", 100_000, 20, 1_000, 333_333, 4_000, _dias(333_333)),
    # Growth pair, 10x apart: products 10k vs 100k, lines ~100k vs ~1M.
    "g10k": Escala("g10k", 10_000, 20, 1_000, 33_333, 400, _dias(33_333)),
    "g100k": Escala("g100k", 100_000, 20, 1_000, 333_333, 400, _dias(333_333)),
    # CI smoke: seconds.
    "smoke": Escala("smoke", 200, 5, 50, 500, 320, 60),
}
N_CARRO = 16


def ids_usuarios(e: Escala) -> dict:
    primero_comprador = 2 + e.clientes
    primero_carro = primero_comprador + e.compradores
    return {
        "admin": 1,
        "cliente_historial": 2,
        "clientes": (2, 1 + e.clientes),
        "compradores": (primero_comprador, primero_carro - 1),
        "carros": (primero_carro, primero_carro + N_CARRO - 1),
        "visitante": primero_carro + N_CARRO,
        "login": "cliente00002",
    }


def admin_conn():
    conn = psycopg2.connect(PG_ADMIN)
    conn.autocommit = True
    return conn


def conectar(e: Escala, superuser: bool = False):
    if superuser:
        dsn = PG_ADMIN.replace("dbname=postgres", f"dbname={e.db}")
    else:
        dsn = f"dbname={e.db} user={APP_USER} password={APP_PASSWORD} host=127.0.0.1 port=5432"
    return psycopg2.connect(dsn)


def _existe_db(nombre: str) -> bool:
    c = admin_conn()
    try:
        cur = c.cursor()
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nombre])
        return cur.fetchone() is not None
    finally:
        c.close()


def _marca(e: Escala) -> dict | None:
    try:
        conn = conectar(e, superuser=True)
    except psycopg2.Error:
        return None
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass('bench_seed_meta')")
            if cur.fetchone()[0] is None:
                return None
            cur.execute("SELECT valor FROM bench_seed_meta WHERE clave = 'seed'")
            fila = cur.fetchone()
            return json.loads(fila[0]) if fila else None
    finally:
        conn.close()


def migrar(e: Escala) -> None:
    env = {**os.environ, "DATABASE_URL": e.url, "DJANGO_DEBUG": "1", "DJANGO_SECRET_KEY": "bench-migrate"}
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)


def reconstruir_resumenes(e: Escala) -> None:
    """The sales were COPYed past the services: rebuild the daily summaries the reports read (issue 14.4)."""
    env = {**os.environ, "DATABASE_URL": e.url, "DJANGO_DEBUG": "1", "DJANGO_SECRET_KEY": "bench-migrate"}
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "reconstruir_resumenes"], cwd=ROOT, env=env, check=True)


# Takes the benchmark's own sales out of the daily summaries before they are deleted (the services
# added them): per local day as the app counts it (settings.TIME_ZONE), cancelled sales excluded.
# A sale sits in its day's fragment id % FRAGMENTOS_DIA (the same as ventas.models', checked by a test).
# As the app's cancellation does, the day's fragment row is upserted: once compactar_resumenes has
# folded a past day into fragment 0, the sale's own fragment row is gone and is created negative
# (the day's sum, which reports read, is still right). The other tables have one row per key.
FRAGMENTOS_DIA = 16
_RESTAR_RESUMENES = [
    "INSERT INTO ventas_resumendiario AS r (dia, fragmento, numero_ventas, total) "
    f"SELECT timezone(%(zona)s, fecha)::date, id %% {FRAGMENTOS_DIA}, -count(*), -sum(total) "
    "FROM ventas_venta WHERE id = ANY(%(ventas)s) AND estado <> 'CANCELADA' GROUP BY 1, 2 "
    "ON CONFLICT (dia, fragmento) DO UPDATE "
    "SET numero_ventas = r.numero_ventas + excluded.numero_ventas, total = r.total + excluded.total",
    "WITH s AS (SELECT timezone(%(zona)s, fecha)::date AS dia, usuario_id, count(*) AS n, sum(total) AS t "
    "FROM ventas_venta WHERE id = ANY(%(ventas)s) AND estado <> 'CANCELADA' GROUP BY 1, 2) "
    "UPDATE ventas_resumendiariousuario r SET numero_ventas = r.numero_ventas - s.n, total = r.total - s.t "
    "FROM s WHERE r.dia = s.dia AND r.usuario_id = s.usuario_id",
    "WITH s AS (SELECT timezone(%(zona)s, v.fecha)::date AS dia, d.producto_id, sum(d.cantidad) AS c, "
    "sum(d.cantidad * d.precio_unitario) AS i FROM ventas_venta v JOIN ventas_detalleventa d ON d.venta_id = v.id "
    "WHERE v.id = ANY(%(ventas)s) AND v.estado <> 'CANCELADA' GROUP BY 1, 2) "
    "UPDATE ventas_resumendiarioproducto r SET cantidad = r.cantidad - s.c, ingresos = r.ingresos - s.i "
    "FROM s WHERE r.dia = s.dia AND r.producto_id = s.producto_id",
    "WITH s AS (SELECT usuario_id, count(*) AS n, sum(total) AS t FROM ventas_venta "
    "WHERE id = ANY(%(ventas)s) AND estado <> 'CANCELADA' GROUP BY 1) "
    "UPDATE ventas_resumentotalusuario r SET numero_ventas = r.numero_ventas - s.n, total = r.total - s.t "
    "FROM s WHERE r.usuario_id = s.usuario_id",
    "WITH s AS (SELECT d.producto_id, sum(d.cantidad) AS c, sum(d.cantidad * d.precio_unitario) AS i "
    "FROM ventas_venta v JOIN ventas_detalleventa d ON d.venta_id = v.id "
    "WHERE v.id = ANY(%(ventas)s) AND v.estado <> 'CANCELADA' GROUP BY 1) "
    "UPDATE ventas_resumentotalproducto r SET cantidad = r.cantidad - s.c, ingresos = r.ingresos - s.i "
    "FROM s WHERE r.producto_id = s.producto_id",
]


def hash_password() -> str:
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure()
        django.setup()
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


def _copy(cur, tabla: str, columnas: list[str], filas) -> int:
    """COPY rows (tuples; None is NULL) into `tabla` in chunks; returns the row count."""
    n = 0
    buf = io.StringIO()
    sql = f"COPY {tabla} ({', '.join(columnas)}) FROM STDIN WITH (FORMAT text)"

    def vaciar():
        buf.seek(0)
        cur.copy_expert(sql, buf)
        buf.seek(0)
        buf.truncate()

    for fila in filas:
        buf.write("\t".join(r"\N" if v is None else str(v) for v in fila))
        buf.write("\n")
        n += 1
        if n % 200_000 == 0:
            vaciar()
    vaciar()
    return n


def sembrar(e: Escala, *, reseed: bool = False, log=print) -> dict:
    """Make sure the database of scale `e` exists, is migrated and holds the seeded data."""
    marca = None if reseed else _marca(e)
    if marca and marca.get("version") == SEED_VERSION and marca.get("escala") == asdict(e):
        migrar(e)  # new index migrations apply to the kept data
        log(f"[seed] {e.db}: kept (seeded {marca['fecha']}); --reseed to rebuild")
        return marca
    t0 = time.monotonic()
    log(f"[seed] {e.db}: building {e.productos:,} products, {e.ventas:,} sales over {e.dias} days ...")
    c = admin_conn()
    cur = c.cursor()
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_USER])
    if cur.fetchone() is None:  # a fresh machine: the development role of scripts/postgres_setup.sql
        cur.execute(f"CREATE ROLE {APP_USER} LOGIN PASSWORD '{APP_PASSWORD}' CREATEDB")
    if _existe_db(e.db):
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [e.db],
        )
        cur.execute(f'DROP DATABASE "{e.db}"')
    cur.execute(f"CREATE DATABASE \"{e.db}\" OWNER {APP_USER} ENCODING 'UTF8'")
    c.close()
    c = conectar(e, superuser=True)
    c.autocommit = True
    c.cursor().execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    c.close()
    migrar(e)
    resumen = _cargar(e)
    reconstruir_resumenes(e)
    resumen["segundos"] = round(time.monotonic() - t0, 1)
    log(f"[seed] {e.db}: {resumen} ")
    return resumen


def _cargar(e: Escala) -> dict:
    rnd = random.Random(20260101)
    ahora = datetime.now(UTC).replace(microsecond=0)
    inicio = ahora - timedelta(days=e.dias)
    ids = ids_usuarios(e)
    pw = hash_password()
    # As the superuser with FK triggers off for the load (Django's deferred FK checks would run row by
    # row at COMMIT); the generator only writes ids that exist.
    conn = conectar(e, superuser=True)
    cur = conn.cursor()
    cur.execute("SET session_replication_role = replica")
    # Tables created by migrations may hold rows from post_migrate (groups, permissions): keep those.
    # --- users
    usuarios = [(1, "benchadmin", "ADMIN", True, True)]
    usuarios += [
        (i, f"cliente{i - 1:05d}", "CLIENT", False, False) for i in range(ids["clientes"][0], ids["clientes"][1] + 1)
    ]
    a, b = ids["compradores"]
    usuarios += [(i, f"comprador{i - a + 1:05d}", "CLIENT", False, False) for i in range(a, b + 1)]
    a, b = ids["carros"]
    usuarios += [(i, f"carro{i - a + 1:02d}", "CLIENT", False, False) for i in range(a, b + 1)]
    usuarios.append((ids["visitante"], "visitante", "CLIENT", False, False))
    alta = (inicio - timedelta(days=1)).isoformat()
    _copy(
        cur,
        "usuarios_usuario",
        [
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "rol",
        ],
        ((i, pw, su, u, "", "", f"{u}@bench.local", st, True, alta, r) for i, u, r, su, st in usuarios),
    )
    cur.execute(
        "INSERT INTO usuarios_usuario_groups (usuario_id, group_id) "
        "SELECT u.id, g.id FROM usuarios_usuario u JOIN auth_group g ON g.name = "
        "CASE u.rol WHEN 'ADMIN' THEN 'Administrador' WHEN 'EMPLOYEE' THEN 'Empleado' ELSE 'Cliente' END"
    )
    # --- catalogue
    _copy(
        cur,
        "productos_categoria",
        ["id", "nombre", "descripcion"],
        ((i, f"Categoría {i:02d}", f"Descripción de la categoría {i}") for i in range(1, e.categorias + 1)),
    )
    precios = {}
    stocks = {}
    nombres = {}

    def productos():
        for i in range(1, e.productos + 1):
            precio = Decimal(rnd.randint(100, 50_000)) / 100
            stock = rnd.randint(300, 1000)
            w1, w2 = rnd.choice(PALABRAS), rnd.choice(PALABRAS)
            nombre = f"{w1.capitalize()} {w2} {i:06d}"
            precios[i], stocks[i], nombres[i] = precio, stock, nombre
            creado = (inicio + timedelta(seconds=rnd.randint(0, 86_400))).isoformat()
            desc = f"Un {w1} de calidad con {w2}, referencia {i}."
            yield (i, nombre, desc, precio, stock, rnd.randint(1, e.categorias), None, creado, creado)

    _copy(
        cur,
        "productos_producto",
        [
            "id",
            "nombre",
            "descripcion",
            "precio",
            "stock",
            "categoria_id",
            "proveedor_id",
            "fecha_creacion",
            "fecha_actualizacion",
        ],
        productos(),
    )
    ts = inicio.isoformat()
    _copy(
        cur,
        "inventario_inventario",
        ["producto_id", "cantidad", "stock_minimo", "ultima_actualizacion"],
        ((i, stocks[i], 5, ts) for i in range(1, e.productos + 1)),
    )
    _copy(
        cur,
        "inventario_movimientoinventario",
        ["producto_id", "delta", "cantidad_resultante", "motivo", "nota", "usuario_id", "venta_id", "fecha"],
        ((i, stocks[i], stocks[i], "INICIAL", "seed", None, None, ts) for i in range(1, e.productos + 1)),
    )
    # --- sales (historic: their stock is already reflected in the initial stock above)
    clientes = ids["clientes"]
    fechas = sorted(rnd.uniform(0, e.dias * 86_400) for _ in range(e.ventas))
    ventas, detalles, historial = [], [], []
    id_det = 0
    for v, seg in enumerate(fechas, start=1):
        usuario = ids["cliente_historial"] if rnd.random() < 0.02 else rnd.randint(*clientes)
        fecha = (inicio + timedelta(seconds=seg)).isoformat()
        subtotal = Decimal("0")
        usados = set()
        for _ in range(rnd.randint(1, 5)):
            p = int(e.productos * rnd.random() ** 2) + 1  # skewed: some products sell much more
            if p in usados:
                continue
            usados.add(p)
            cant = rnd.randint(1, 3)
            id_det += 1
            detalles.append((id_det, v, p, nombres[p], cant, precios[p]))
            subtotal += cant * precios[p]
        estado = rnd.choice(ESTADOS)
        ventas.append((v, usuario, fecha, estado, None, subtotal, "0.00", "0.00", "0.00", subtotal))
        historial.append((v, None, estado, usuario, fecha))
    _copy(
        cur,
        "ventas_venta",
        ["id", "usuario_id", "fecha", "estado", "cupon_id", "subtotal", "descuento", "impuesto", "envio", "total"],
        ventas,
    )
    _copy(
        cur,
        "ventas_detalleventa",
        ["id", "venta_id", "producto_id", "producto_nombre", "cantidad", "precio_unitario"],
        detalles,
    )
    _copy(cur, "ventas_historialestadoventa", ["venta_id", "desde", "hasta", "usuario_id", "fecha"], historial)
    # --- carts: one per pool user; the visitor's holds 5 lines
    carritos = list(range(ids["compradores"][0], ids["visitante"] + 1))
    _copy(cur, "ventas_carrito", ["usuario_id", "fecha_creacion"], ((u, ts) for u in carritos))
    cur.execute(
        "INSERT INTO ventas_carritoitem (carrito_id, producto_id, cantidad) "
        "SELECT c.id, p, 1 FROM ventas_carrito c, generate_series(1, 5) p WHERE c.usuario_id = %s",
        [ids["visitante"]],
    )
    for tabla in [
        "usuarios_usuario",
        "productos_categoria",
        "productos_producto",
        "inventario_inventario",
        "inventario_movimientoinventario",
        "ventas_venta",
        "ventas_detalleventa",
        "ventas_historialestadoventa",
        "ventas_carrito",
        "ventas_carritoitem",
    ]:
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{tabla}', 'id'), (SELECT max(id) FROM {tabla}))")
    resumen = {
        "version": SEED_VERSION,
        "escala": asdict(e),
        "fecha": ahora.isoformat(),
        "desde": inicio.date().isoformat(),
        "hasta": ahora.date().isoformat(),
        "productos": e.productos,
        "ventas": len(ventas),
        "lineas": len(detalles),
        "usuarios": len(usuarios),
    }
    cur.execute("CREATE TABLE bench_seed_meta (clave text PRIMARY KEY, valor text)")
    cur.execute("INSERT INTO bench_seed_meta VALUES ('seed', %s)", [json.dumps(resumen)])
    cur.execute(f"ALTER TABLE bench_seed_meta OWNER TO {APP_USER}")
    conn.commit()
    conn.autocommit = True
    cur.execute("VACUUM ANALYZE")
    conn.close()
    return resumen


def borrar_ventas(cur, ventas: list[int], zona: str) -> None:
    """Take the sales out of the summaries (their local day in `zona`, the app's TIME_ZONE), then
    delete them with their lines, status history and stock movements (the stock is recomputed after)."""
    if not ventas:
        return
    for sql in _RESTAR_RESUMENES:
        cur.execute(sql, {"ventas": ventas, "zona": zona})
    cur.execute("DELETE FROM inventario_movimientoinventario WHERE venta_id = ANY(%s)", [ventas])
    cur.execute("DELETE FROM ventas_historialestadoventa WHERE venta_id = ANY(%s)", [ventas])
    cur.execute("DELETE FROM ventas_detalleventa WHERE venta_id = ANY(%s)", [ventas])
    cur.execute("DELETE FROM ventas_venta WHERE id = ANY(%s)", [ventas])


def limpiar_y_reponer(e: Escala, *, minimo: int = 100, reponer_a: int = 1000) -> dict:
    """Delete the sales made by previous benchmark checkouts, refill carts, restock; return checks.

    Stock is recomputed from the movement ledger, so Inventario, Producto.stock and the
    movements agree before every round.
    """
    ids = ids_usuarios(e)
    a, b = ids["compradores"]
    conn = conectar(e)
    cur = conn.cursor()
    cur.execute("SELECT id FROM ventas_venta WHERE usuario_id BETWEEN %s AND %s", [a, b])
    ventas = [r[0] for r in cur.fetchall()]
    borrar_ventas(cur, ventas, os.environ.get("DJANGO_TIME_ZONE", "Europe/Madrid"))
    cur.execute("DELETE FROM ventas_claveidempotencia")
    # Restock: any product under `minimo` gets an adjustment movement back to `reponer_a`.
    cur.execute(
        "INSERT INTO inventario_movimientoinventario "
        "(producto_id, delta, cantidad_resultante, motivo, nota, usuario_id, venta_id, fecha) "
        "SELECT producto_id, %s - cantidad, %s, 'AJUSTE', 'bench restock', NULL, NULL, now() "
        "FROM inventario_inventario WHERE cantidad < %s",
        [reponer_a, reponer_a, minimo],
    )
    repuestos = cur.rowcount
    cur.execute(
        "WITH s AS (SELECT producto_id, sum(delta) AS c FROM inventario_movimientoinventario GROUP BY producto_id) "
        "UPDATE inventario_inventario i SET cantidad = s.c FROM s WHERE s.producto_id = i.producto_id "
        "AND i.cantidad <> s.c"
    )
    cur.execute(
        "UPDATE productos_producto p SET stock = i.cantidad FROM inventario_inventario i "
        "WHERE i.producto_id = p.id AND p.stock <> i.cantidad"
    )
    conn.commit()
    conn.close()
    rellenar_carritos(e)
    return {"ventas_borradas": len(ventas), "productos_repuestos": repuestos}


def rellenar_carritos(e: Escala) -> None:
    """Give every checkout-pool user a cart of 3 distinct products (1 unit each); empty add-to-cart carts."""
    ids = ids_usuarios(e)
    a, b = ids["compradores"]
    conn = conectar(e)
    cur = conn.cursor()
    cur.execute(
        "DELETE FROM ventas_carritoitem WHERE carrito_id IN "
        "(SELECT id FROM ventas_carrito WHERE usuario_id BETWEEN %s AND %s)",
        [a, ids["carros"][1]],
    )
    cur.execute("SELECT id FROM ventas_carrito WHERE usuario_id BETWEEN %s AND %s ORDER BY usuario_id", [a, b])
    rnd = random.Random()
    filas = []
    for (carrito,) in cur.fetchall():
        for p in rnd.sample(range(1, e.productos + 1), 3):
            filas.append((carrito, p, 1))
    _copy(cur, "ventas_carritoitem", ["carrito_id", "producto_id", "cantidad"], filas)
    conn.commit()
    # Thousands of lines deleted and copied in one go, then read at once: without fresh statistics
    # the planner reads a cart's lines with a parallel sequential scan (14.7 ms instead of 0.1 ms per
    # checkout measured). A shop's carts change a few lines at a time and autovacuum keeps up.
    cur.execute("ANALYZE ventas_carritoitem")
    conn.commit()
    conn.close()


def comprobar_stock(e: Escala) -> dict:
    """Oversold checks after the checkout rounds (all must be zero)."""
    ids = ids_usuarios(e)
    a, b = ids["compradores"]
    conn = conectar(e)
    conn.set_session(isolation_level="REPEATABLE READ", readonly=True)  # one snapshot for every check
    cur = conn.cursor()
    r = {}
    cur.execute("SELECT count(*) FROM inventario_inventario WHERE cantidad < 0")
    r["stock_negativo"] = cur.fetchone()[0]
    cur.execute(
        "SELECT count(*) FROM inventario_inventario i JOIN productos_producto p ON p.id = i.producto_id "
        "WHERE p.stock <> i.cantidad"
    )
    r["producto_inventario_distintos"] = cur.fetchone()[0]
    cur.execute(
        "SELECT count(*) FROM inventario_inventario i LEFT JOIN (SELECT producto_id, sum(delta) s "
        "FROM inventario_movimientoinventario GROUP BY producto_id) m ON m.producto_id = i.producto_id "
        "WHERE coalesce(m.s, 0) <> i.cantidad"
    )
    r["inventario_distinto_de_movimientos"] = cur.fetchone()[0]
    cur.execute(
        "SELECT count(*), coalesce(sum(d.cantidad), 0) FROM ventas_detalleventa d JOIN ventas_venta v "
        "ON v.id = d.venta_id WHERE v.usuario_id BETWEEN %s AND %s",
        [a, b],
    )
    r["lineas_vendidas"], unidades = cur.fetchone()
    cur.execute(
        "SELECT coalesce(-sum(m.delta), 0) FROM inventario_movimientoinventario m JOIN ventas_venta v "
        "ON v.id = m.venta_id WHERE m.motivo = 'VENTA' AND v.usuario_id BETWEEN %s AND %s",
        [a, b],
    )
    movidas = cur.fetchone()[0]
    r["unidades_vendidas"] = int(unidades)
    r["unidades_en_movimientos"] = int(movidas)
    cur.execute("SELECT count(*) FROM ventas_venta WHERE usuario_id BETWEEN %s AND %s", [a, b])
    r["ventas"] = cur.fetchone()[0]
    r["sobreventa"] = r["stock_negativo"] + abs(int(unidades) - int(movidas)) + r["producto_inventario_distintos"]
    r["sobreventa"] += r["inventario_distinto_de_movimientos"]
    conn.close()
    return r


if __name__ == "__main__":
    import argparse

    p = argparse.ArgumentParser(description="Seed a benchmark database.")
    p.add_argument("--scale", default="default", choices=sorted(ESCALAS))
    p.add_argument("--reseed", action="store_true")
    args = p.parse_args()
    print(json.dumps(sembrar(ESCALAS[args.scale], reseed=args.reseed), indent=2))
