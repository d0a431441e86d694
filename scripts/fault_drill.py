"""Fault drill (issue 15): the production configuration under steady load while its dependencies fail.

It starts everything it breaks, on free ports, so it disturbs nothing else on the machine:
a private PostgreSQL cluster (initdb in a temporary directory), a private redis-server (cache and
Celery broker), two gunicorn instances (backend.testing.servidor) and, when the project has a Celery
app, a worker with beat. Several clients then read the catalogue, change their carts and check out
with an Idempotency-Key across both instances, while the drill

  1. stops Redis for 20 s and starts it again;
  2. kills one app instance with SIGKILL in the middle of checkouts and starts it again;
  3. restarts PostgreSQL;
  4. (with the worker) kills the worker with SIGKILL while notifications are pending, then restarts it.

Afterwards it checks the invariants over the whole database and the client log, and prints a table:
faults, requests, answers by class, invariant checks and the time to recover after each fault.
Exit status 0 when every check passed.

    python scripts/fault_drill.py [--clientes 6] [--puertos 8780-8799] [--sin-worker] [--redis-segundos 20]
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import requests

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from backend.testing.servidor import (  # noqa: E402
    Servidor,
    entorno_servidor,
    matar_pid,
    parar_pid,
    puerto_libre,
    rango_de_puertos,
)

PYTHON = Path(sys.executable)
CELERY = PYTHON.with_name("celery")
ADMIN = ("drill-admin", "Drill-admin-clave-1")
CLAVE_CLIENTES = "Xq7-simulacro-Rv-2026"
STOCK_INICIAL = 400
N_PRODUCTOS = 8


def _bin_postgres() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    versiones = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not versiones:
        raise SystemExit("PostgreSQL server binaries not found (set PG_BIN to the directory of initdb and pg_ctl).")
    return versiones[-1].parent


def _como_postgres(argv: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


# --- private services ------------------------------------------------------------------------


class PostgresPrivado:
    """A throwaway cluster in `directorio`, listening on 127.0.0.1:puerto, trusting local users."""

    def __init__(self, directorio: Path, puerto: int):
        self.bin = _bin_postgres()
        self.directorio = directorio
        self.datos = directorio / "datos"
        self.registro = directorio / "postgres.log"
        self.puerto = puerto

    def crear(self) -> None:
        self.directorio.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directorio, "postgres", "postgres")
        subprocess.run(  # noqa: S603 - fixed argv, no shell
            _como_postgres(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.datos),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.arrancar()
        conexion = self.conectar("postgres")
        try:
            conexion.autocommit = True
            conexion.cursor().execute("CREATE DATABASE tienda")
        finally:
            conexion.close()

    def arrancar(self) -> None:
        opciones = (
            f"-p {self.puerto} -k {self.directorio} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        subprocess.run(  # noqa: S603 - fixed argv, no shell
            _como_postgres(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.datos),
                    "-l",
                    str(self.registro),
                    "-w",
                    "-t",
                    "30",
                    "-o",
                    opciones,
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def parar(self, modo: str = "fast") -> None:
        subprocess.run(  # noqa: S603 - fixed argv, no shell
            _como_postgres([str(self.bin / "pg_ctl"), "-D", str(self.datos), "-m", modo, "-w", "-t", "30", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.puerto}/tienda"

    def conectar(self, base: str = "tienda"):
        return psycopg2.connect(host="127.0.0.1", port=self.puerto, user="postgres", dbname=base, connect_timeout=3)


class RedisPrivado:
    def __init__(self, directorio: Path, puerto: int):
        self.directorio = directorio
        self.puerto = puerto
        self.proceso: subprocess.Popen | None = None

    def arrancar(self) -> None:
        self.directorio.mkdir(parents=True, exist_ok=True)
        argv = ["redis-server", "--port", str(self.puerto), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        argv += ["--dir", str(self.directorio), "--logfile", str(self.directorio / "redis.log")]
        self.proceso = subprocess.Popen(argv, stdout=subprocess.DEVNULL, start_new_session=True)  # noqa: S603
        import redis

        limite = time.monotonic() + 15
        while time.monotonic() < limite:
            with contextlib.suppress(redis.exceptions.ConnectionError):
                if redis.Redis(port=self.puerto, socket_timeout=0.5).ping():
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def parar(self) -> None:
        if self.proceso and self.proceso.poll() is None:
            self.proceso.terminate()
            try:
                self.proceso.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proceso.kill()
                self.proceso.wait(timeout=5)


class Worker:
    """The Celery worker with beat (`make worker`) in its own process group."""

    def __init__(self, entorno: dict, directorio: Path):
        self.entorno = entorno
        self.directorio = directorio
        self.proceso: subprocess.Popen | None = None
        self.arranques = 0

    def arrancar(self) -> None:
        """`make worker`, exactly as an operator starts it, with a private beat schedule file."""
        self.arranques += 1
        extra = f"--concurrency=2 --hostname=drill{self.arranques}@%h {os.environ.get('FAULT_DRILL_WORKER_ARGS', '')}"
        argv = ["make", "--no-print-directory", "worker", f"BEAT_SCHEDULE={self.directorio / 'beat-schedule'}"]
        argv += ["WORKER_LOGLEVEL=WARNING", f"WORKER_ARGS={extra.strip()}"]
        with open(self.directorio / "worker.log", "ab") as registro:
            self.proceso = subprocess.Popen(  # noqa: S603
                argv, cwd=BASE_DIR, env=self.entorno, stdout=registro, stderr=subprocess.STDOUT, start_new_session=True
            )

    def matar(self) -> None:
        if self.proceso is not None:
            matar_pid(self.proceso.pid)
            self.proceso.wait(timeout=10)

    def parar(self) -> None:
        if self.proceso is not None:
            parar_pid(self.proceso.pid, espera=15)
            self.proceso.wait(timeout=10)


# --- the client log --------------------------------------------------------------------------


@dataclass
class Respuesta:
    inicio: float
    fin: float
    instancia: int
    metodo: str
    ruta: str
    estado: int | None  # None: no HTTP answer (connection refused or reset, timeout)
    codigo: str = ""
    json_valido: bool = True
    error: str = ""
    datos: object = None


@dataclass
class Registro:
    respuestas: list[Respuesta] = field(default_factory=list)
    ventas_por_clave: dict[str, set] = field(default_factory=lambda: collections.defaultdict(set))
    compras_en_curso: list[int] = field(default_factory=lambda: [0, 0])
    cerrojo: threading.Lock = field(default_factory=threading.Lock)

    def anotar(self, respuesta: Respuesta) -> None:
        with self.cerrojo:
            self.respuestas.append(respuesta)


class Cliente(threading.Thread):
    """One shopper: catalogue reads, cart changes and checkouts, alternating between the instances."""

    def __init__(self, n, token, productos, instancias, registro, parar, semilla):
        super().__init__(daemon=True, name=f"cliente-{n}")
        self.n = n
        self.token = token
        self.productos = productos
        self.instancias = instancias
        self.registro = registro
        self.parar = parar
        self.azar = random.Random(semilla)  # noqa: S311 - a load pattern, not a secret
        self.turno = n
        self.sesiones = [requests.Session() for _ in instancias]

    def pedir(self, metodo, ruta, *, cuerpo=None, cabeceras=None, instancia=None) -> Respuesta:
        if instancia is None:
            self.turno += 1
            instancia = self.turno % len(self.instancias)
        url = self.instancias[instancia].url + ruta
        todas = {"Authorization": f"Bearer {self.token}", "Accept": "application/json", **(cabeceras or {})}
        inicio = time.monotonic()
        try:
            r = self.sesiones[instancia].request(metodo, url, json=cuerpo, headers=todas, timeout=15)
        except requests.RequestException as error:
            self.sesiones[instancia] = requests.Session()  # drop the dead keep-alive connection
            resp = Respuesta(inicio, time.monotonic(), instancia, metodo, ruta, None, error=type(error).__name__)
            self.registro.anotar(resp)
            return resp
        resp = Respuesta(inicio, time.monotonic(), instancia, metodo, ruta, r.status_code)
        try:
            resp.datos = r.json() if r.content else None
        except ValueError:
            resp.datos, resp.json_valido = None, False
        if r.status_code >= 400:
            datos = resp.datos if isinstance(resp.datos, dict) else {}
            resp.codigo = str(datos.get("codigo", ""))
            resp.json_valido = resp.json_valido and bool(datos.get("error")) and bool(resp.codigo)
        self.registro.anotar(resp)
        return resp

    def comprar(self) -> None:
        clave = str(uuid.uuid4())
        instancia = self.turno % len(self.instancias)
        for intento in range(30):
            self.registro.compras_en_curso[instancia] += 1
            try:
                r = self.pedir(
                    "POST", "/api/venta/", cuerpo={}, cabeceras={"Idempotency-Key": clave}, instancia=instancia
                )
            finally:
                self.registro.compras_en_curso[instancia] -= 1
            if r.estado == 201:
                with self.registro.cerrojo:
                    self.registro.ventas_por_clave[clave].add(r.datos["id"])
                return
            if r.estado == 409 and r.codigo == "stock_insuficiente":
                self.vaciar_carrito()
                return
            if r.estado is not None and r.estado < 500 and r.codigo != "idempotencia_en_curso":
                return  # a clear 4xx (e.g. carrito_vacio): nothing to retry
            # No answer, a 503 or a key still in progress: the same key again, on the other instance.
            instancia = (instancia + 1) % len(self.instancias)
            time.sleep(0.5 if intento < 10 else 1)
            if self.parar.is_set() and intento > 20:
                return

    def vaciar_carrito(self) -> None:
        r = self.pedir("GET", "/api/carrito/")
        for item in (r.datos or {}).get("items", []) if r.estado == 200 else []:
            self.pedir("DELETE", f"/api/carrito-item/{item['id']}/")

    def run(self) -> None:
        while not self.parar.is_set():
            self.pedir("GET", f"/api/productos/?page={self.azar.randint(1, 2)}&page_size=5")
            producto = self.azar.choice(self.productos)
            r = self.pedir(
                "POST", "/api/carrito-item/", cuerpo={"producto": producto, "cantidad": self.azar.randint(1, 2)}
            )
            if r.estado == 409:
                self.vaciar_carrito()
            elif r.estado in (200, 201) and self.azar.random() < 0.3:
                self.pedir("PATCH", f"/api/carrito-item/{r.datos['id']}/", cuerpo={"cantidad": 1})
            self.comprar()
            time.sleep(self.azar.uniform(0.05, 0.2))


# --- the drill -------------------------------------------------------------------------------


@dataclass
class Falla:
    nombre: str
    inicio: float = 0.0
    fin: float = 0.0  # recovered (+ a second of grace for answers in flight)
    recuperacion: float | None = None
    instancia: int | None = None
    nota: str = ""


def salud(servidor: Servidor) -> tuple[int | None, dict]:
    try:
        r = requests.get(servidor.url + "/api/health/", timeout=3)
        return r.status_code, r.json()
    except (requests.RequestException, ValueError):
        return None, {}


def esperar(condicion, segundos: float, paso: float = 0.2) -> float | None:
    """Seconds until `condicion()` holds, or None after `segundos`."""
    inicio = time.monotonic()
    while time.monotonic() - inicio < segundos:
        if condicion():
            return time.monotonic() - inicio
        time.sleep(paso)
    return None


def esperar_vaciado(postgres: PostgresPrivado, sin_progreso: float = 30, maximo: float = 240) -> None:
    """Wait for the outbox to drain: as long as the worker keeps sending (a loaded CI machine is slow),
    up to `maximo` seconds; give up once `sin_progreso` seconds pass without one more email out."""
    inicio = ultimo_avance = time.monotonic()
    menor = contar_pendientes(postgres)
    while menor != 0 and time.monotonic() - inicio < maximo and time.monotonic() - ultimo_avance < sin_progreso:
        time.sleep(0.5)
        ahora = contar_pendientes(postgres)
        if 0 <= ahora < menor or menor < 0:
            menor, ultimo_avance = ahora, time.monotonic()


def preparar_datos(servidor: Servidor, entorno: dict, clientes: int) -> tuple[list[int], list[str]]:
    """An admin (createsuperuser), products through the API, and one signed-in client per thread."""
    subprocess.run(  # noqa: S603 - fixed argv, no shell
        [
            str(PYTHON),
            "manage.py",
            "createsuperuser",
            "--noinput",
            "--username",
            ADMIN[0],
            "--email",
            "admin@drill.test",
        ],
        cwd=BASE_DIR,
        env={**entorno, "DJANGO_SUPERUSER_PASSWORD": ADMIN[1]},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    api = servidor.url + "/api"
    token = requests.post(f"{api}/login/", json={"username": ADMIN[0], "password": ADMIN[1]}, timeout=10).json()[
        "access"
    ]
    admin = {"Authorization": f"Bearer {token}"}
    categoria = requests.post(f"{api}/categorias/", json={"nombre": "Simulacro"}, headers=admin, timeout=10)
    categoria.raise_for_status()
    productos = []
    for i in range(N_PRODUCTOS):
        # Two products are scarce, so checkouts also race for the last units.
        stock = 6 if i < 2 else STOCK_INICIAL
        r = requests.post(
            f"{api}/productos/",
            json={
                "nombre": f"Producto {i}",
                "descripcion": "Simulacro de fallos",
                "precio": f"{10 + i}.50",
                "stock": stock,
                "categoria": categoria.json()["id"],
            },
            headers=admin,
            timeout=10,
        )
        r.raise_for_status()
        productos.append(r.json()["id"])
    tokens = []
    for i in range(clientes):
        nombre = f"cliente{i}"
        r = requests.post(
            f"{api}/register/",
            json={"username": nombre, "password": CLAVE_CLIENTES, "email": f"{nombre}@drill.test"},
            timeout=10,
        )
        if r.status_code != 201:
            raise RuntimeError(f"register {nombre}: {r.status_code} {r.text[:300]}")
        r = requests.post(f"{api}/login/", json={"username": nombre, "password": CLAVE_CLIENTES}, timeout=10)
        tokens.append(r.json()["access"])
    return productos, tokens


def inyectar_fallas(args, instancias, redis_srv, postgres, worker, registro) -> tuple[list[Falla], list[str]]:
    fallas, observaciones = [], []
    time.sleep(args.calentamiento)

    # 1. Redis down for N seconds.
    f = Falla(f"Redis parado {args.redis_segundos:g} s")
    f.inicio = time.monotonic()
    redis_srv.parar()
    time.sleep(3)
    estados = [salud(s) for s in instancias]
    if all(c == 200 and d.get("status") == "degraded" and d.get("cache") == "down" for c, d in estados):
        observaciones.append("ok: con Redis parado /api/health/ responde 200 degraded, cache down")
    else:
        observaciones.append(f"FALLO: con Redis parado /api/health/ respondió {estados}")
    time.sleep(max(0, args.redis_segundos - 3))
    redis_srv.arrancar()
    arranque = time.monotonic()

    def redis_ok():
        return all(c == 200 and d.get("cache") == "ok" for c, d in (salud(s) for s in instancias))

    espera = esperar(redis_ok, 30)
    f.recuperacion = espera if espera is None else time.monotonic() - arranque
    f.fin = time.monotonic() + 1
    fallas.append(f)
    if worker is not None:
        time.sleep(2)
        if worker.proceso.poll() is None:
            observaciones.append("ok: el worker sigue vivo tras la caída de Redis (su broker)")
        else:
            # kombu's Redis transport can end the worker when the broker vanishes ("'NoneType' object has
            # no attribute 'hostname'" while restoring unacked messages). Production runs the worker under
            # a supervisor that restarts it (README "Operations"); the drill plays that supervisor, and the
            # outbox invariant below proves nothing was lost or sent twice meanwhile.
            worker.arrancar()
            observaciones.append(
                "ok: el worker salió al caer Redis (su broker) y, relanzado como lo haría su supervisor, "
                "siguió entregando (ver worker.log)"
            )
    time.sleep(args.respiro)

    # 2. SIGKILL of one app instance in the middle of checkouts, then a restart.
    f = Falla("SIGKILL de la instancia 1 y arranque", instancia=0)
    esperar(lambda: registro.compras_en_curso[0] > 0, 10, paso=0.005)
    f.nota = f"{registro.compras_en_curso[0]} compras en curso al matar"
    f.inicio = time.monotonic()
    instancias[0].matar()
    instancias[0].arrancar()
    f.recuperacion = time.monotonic() - f.inicio
    f.fin = time.monotonic() + 1
    fallas.append(f)
    time.sleep(args.respiro)

    # 3. PostgreSQL restarted (fast shutdown: open connections are cut).
    f = Falla("Reinicio de PostgreSQL")
    f.inicio = time.monotonic()
    postgres.parar("fast")
    time.sleep(1)
    estados = [salud(s) for s in instancias]
    if all(c == 503 and d.get("database") == "down" for c, d in estados):
        observaciones.append("ok: con PostgreSQL parado /api/health/ responde 503, database down")
    else:
        observaciones.append(f"FALLO: con PostgreSQL parado /api/health/ respondió {estados}")
    vivos = [requests.get(s.url + "/api/health/live/", timeout=3).status_code for s in instancias]
    observaciones.append(
        ("ok" if vivos == [200] * len(instancias) else "FALLO")
        + f": con PostgreSQL parado /api/health/live/ responde {vivos}"
    )
    time.sleep(max(0, args.pg_segundos - 1))
    postgres.arrancar()
    arranque = time.monotonic()

    def bd_ok():
        return all(c == 200 and d.get("database") == "ok" for c, d in (salud(s) for s in instancias))

    espera = esperar(bd_ok, 30)
    f.recuperacion = espera if espera is None else time.monotonic() - arranque
    f.fin = time.monotonic() + 1
    fallas.append(f)
    time.sleep(args.respiro)

    # 4. The worker killed with notifications pending.
    if worker is not None:
        f = Falla("SIGKILL del worker con notificaciones pendientes")
        f.inicio = time.monotonic()
        worker.matar()
        time.sleep(args.worker_segundos)
        pendientes = contar_pendientes(postgres)
        f.nota = f"{pendientes} emails pendientes al rearrancar"
        worker.arrancar()
        arranque = time.monotonic()
        # Recovered when every notification created before the restart is delivered.
        espera = esperar(lambda: contar_pendientes(postgres, antes_de=arranque) == 0, 60, paso=0.5)
        f.recuperacion = espera if espera is None else time.monotonic() - arranque
        f.fin = time.monotonic()
        fallas.append(f)
        time.sleep(args.respiro)
    return fallas, observaciones


def contar_pendientes(postgres: PostgresPrivado, antes_de: float | None = None) -> int:
    segundos = 0 if antes_de is None else time.monotonic() - antes_de
    with contextlib.suppress(psycopg2.Error), postgres.conectar() as conexion, conexion.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM notificaciones_notificacion WHERE email_estado = 'pendiente' "
            "AND fecha < now() - make_interval(secs => %s)",
            [segundos],
        )
        return cursor.fetchone()[0]
    return -1


# --- invariants ------------------------------------------------------------------------------


def _consulta(cursor, sql, params=()):
    cursor.execute(sql, params)
    return cursor.fetchall()


def comprobar_invariantes(
    postgres, registro: Registro, fallas: list[Falla], con_worker: bool
) -> list[tuple[str, bool, str]]:
    checks = []
    ventas_vistas = {v for ids in registro.ventas_por_clave.values() for v in ids}
    with postgres.conectar() as conexion, conexion.cursor() as c:
        tablas = {t for (t,) in _consulta(c, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}

        incompletas = []
        for (venta,) in [(v,) for v in sorted(ventas_vistas)]:
            lineas = _consulta(c, "SELECT count(*) FROM ventas_detalleventa WHERE venta_id = %s", [venta])[0][0]
            movimientos = _consulta(
                c, "SELECT count(*) FROM inventario_movimientoinventario WHERE venta_id = %s", [venta]
            )[0][0]
            avisos = 1
            if "notificaciones_notificacion" in tablas:
                avisos = _consulta(
                    c,
                    "SELECT count(*) FROM notificaciones_notificacion WHERE tipo = 'venta_confirmada' "
                    "AND (datos->>'venta')::int = %s",
                    [venta],
                )[0][0]
            if not (lineas and movimientos and avisos == 1):
                incompletas.append((venta, lineas, movimientos, avisos))
        checks.append(
            (
                "cada 201 es una venta con líneas, movimientos y una notificación",
                not incompletas and bool(ventas_vistas),
                f"{len(ventas_vistas)} ventas vistas" + (f"; incompletas {incompletas[:5]}" if incompletas else ""),
            )
        )

        # Per (sale, product): the units sold equal minus the stock moved, in both directions.
        descuadres = _consulta(
            c,
            """
            WITH d AS (SELECT venta_id, producto_id, sum(cantidad) AS n FROM ventas_detalleventa GROUP BY 1, 2),
                 m AS (SELECT venta_id, producto_id, -sum(delta) AS n FROM inventario_movimientoinventario
                       WHERE venta_id IS NOT NULL GROUP BY 1, 2)
            SELECT coalesce(d.venta_id, m.venta_id), coalesce(d.producto_id, m.producto_id), d.n, m.n
            FROM d FULL OUTER JOIN m ON d.venta_id = m.venta_id AND d.producto_id = m.producto_id
            WHERE d.n IS DISTINCT FROM m.n
            """,
        )
        huerfanos = _consulta(
            c, "SELECT count(*) FROM inventario_movimientoinventario WHERE motivo = 'VENTA' AND venta_id IS NULL"
        )[0][0]
        checks.append(
            (
                "ninguna venta sin su movimiento de stock ni al revés",
                not descuadres and not huerfanos,
                f"{len(descuadres)} descuadres, {huerfanos} movimientos de venta sin venta",
            )
        )

        stock = _consulta(
            c,
            """
            SELECT p.id, p.stock, i.cantidad, coalesce((SELECT sum(delta) FROM inventario_movimientoinventario m
                                                        WHERE m.producto_id = p.id), 0)
            FROM productos_producto p LEFT JOIN inventario_inventario i ON i.producto_id = p.id
            """,
        )
        malos = [fila for fila in stock if not (fila[1] == fila[3] and fila[2] in (None, fila[1]))]
        checks.append(
            (
                "stock = suma de movimientos en cada producto",
                not malos,
                f"{len(stock)} productos" + (f"; distintos {malos[:5]}" if malos else ""),
            )
        )

        vendidos = _consulta(
            c,
            """
            SELECT p.id, p.stock, coalesce(sum(d.cantidad), 0),
                   (SELECT coalesce(sum(delta), 0) FROM inventario_movimientoinventario m
                    WHERE m.producto_id = p.id AND m.venta_id IS NULL)
            FROM productos_producto p LEFT JOIN ventas_detalleventa d ON d.producto_id = p.id GROUP BY p.id
            """,
        )
        sobreventa = [fila for fila in vendidos if fila[1] < 0 or fila[2] > fila[3]]
        agotados = sum(1 for fila in vendidos if fila[1] == 0)
        checks.append(
            (
                "ninguna unidad vendida de más",
                not sobreventa,
                f"{agotados} productos agotados" + (f"; sobreventa {sobreventa}" if sobreventa else ""),
            )
        )

        # The client log: every key answered 201 with one sale id at most, whatever the retries.
        dobles = {clave: ids for clave, ids in registro.ventas_por_clave.items() if len(ids) > 1}
        ventas_bd = _consulta(c, "SELECT count(*) FROM ventas_venta")[0][0]
        detalle = f"{len(registro.ventas_por_clave)} claves con 201 en el cliente, {ventas_bd} ventas en la base"
        if "ventas_claveidempotencia" in tablas:
            repetidas = _consulta(
                c,
                "SELECT respuesta->>'id' FROM ventas_claveidempotencia WHERE codigo_http = 201 "
                "GROUP BY 1 HAVING count(*) > 1",
            )
            dobles.update({f"venta {v}": "en varias claves" for (v,) in repetidas})
            # Every sale is stored under its key, so a retry of that key replays the 201.
            sin_clave = _consulta(
                c,
                "SELECT id FROM ventas_venta WHERE id::text NOT IN "
                "(SELECT respuesta->>'id' FROM ventas_claveidempotencia WHERE codigo_http = 201) ORDER BY id",
            )
            checks.append(
                (
                    "cada venta queda guardada bajo su Idempotency-Key (un reintento repite el 201)",
                    not sin_clave,
                    f"{len(sin_clave)} ventas sin su clave"
                    + (f": {[v for (v,) in sin_clave[:10]]}" if sin_clave else ""),
                )
            )
        checks.append(
            (
                "ninguna venta creada dos veces por una Idempotency-Key",
                not dobles,
                detalle + (f"; {dobles}" if dobles else ""),
            )
        )

        if con_worker and "notificaciones_notificacion" in tablas:
            pendientes = _consulta(
                c,
                "SELECT email_estado, count(*) FROM notificaciones_notificacion GROUP BY 1 ORDER BY 1",
            )
            por_estado = dict(pendientes)
            checks.append(
                (
                    "cada notificación con email entregada tras los fallos",
                    por_estado.get("pendiente", 0) == 0 and por_estado.get("fallido", 0) == 0,
                    ", ".join(f"{k} {v}" for k, v in pendientes),
                )
            )

    fuera = [r for r in registro.respuestas if clase_de(r, fallas) not in CLASES_PERMITIDAS]
    ejemplos = [(r.metodo, r.ruta, r.estado, r.codigo or r.error) for r in fuera[:5]]
    checks.append(
        (
            "cada respuesta: éxito, 4xx clara, o 503/sin conexión solo durante su falla",
            not fuera,
            f"{len(fuera)} fuera de lo permitido" + (f": {ejemplos}" if ejemplos else ""),
        )
    )
    return checks


CLASES_PERMITIDAS = {"2xx", "4xx clara", "503 con PostgreSQL caído", "sin conexión a la instancia matada"}


def clase_de(r: Respuesta, fallas: list[Falla]) -> str:
    def durante(nombre_empieza, instancia=None):
        return any(
            f.nombre.startswith(nombre_empieza)
            and r.inicio <= f.fin
            and r.fin >= f.inicio
            and (instancia is None or f.instancia == instancia)
            for f in fallas
        )

    if r.estado is None:
        return (
            "sin conexión a la instancia matada" if durante("SIGKILL de la instancia", r.instancia) else "sin conexión"
        )
    if r.estado < 400:
        return "2xx"
    if r.estado < 500:
        return "4xx clara" if r.json_valido else "4xx sin formato"
    if r.estado == 503 and r.json_valido and durante("Reinicio de PostgreSQL"):
        return "503 con PostgreSQL caído"
    return f"{r.estado}"


# --- output ----------------------------------------------------------------------------------


def imprimir_tabla(fallas, registro, checks, duracion) -> None:
    clases = collections.Counter(clase_de(r, fallas) for r in registro.respuestas)
    por_ruta = collections.Counter(
        "compra" if r.ruta.startswith("/api/venta/") else "carrito" if "carrito" in r.ruta else "catálogo"
        for r in registro.respuestas
    )
    lineas = ["", "| Falla inyectada | Recuperación | Respuestas durante la falla | Nota |", "|---|---|---|---|"]
    for f in fallas:
        recuperacion = "NO se recuperó" if f.recuperacion is None else f"{f.recuperacion:.1f} s"
        durante = collections.Counter(
            clase_de(r, fallas) for r in registro.respuestas if r.inicio <= f.fin and r.fin >= f.inicio
        )
        resumen = ", ".join(f"{k} {v}" for k, v in sorted(durante.items()))
        lineas.append(f"| {f.nombre} | {recuperacion} | {resumen} | {f.nota} |")
    lineas += ["", "| Peticiones | Número |", "|---|---|", f"| total | {len(registro.respuestas)} |"]
    lineas += [f"| {k} | {v} |" for k, v in sorted(por_ruta.items())]
    lineas += ["", "| Respuestas por clase | Número |", "|---|---|"]
    lineas += [f"| {k} | {v} |" for k, v in sorted(clases.items())]
    codigos = collections.Counter(f"{r.estado} {r.codigo}" for r in registro.respuestas if r.estado and r.estado >= 400)
    lineas += [f"| · {k} | {v} |" for k, v in sorted(codigos.items())]
    aprobados = sum(1 for _, ok, _ in checks if ok)
    lineas += ["", f"| Invariante ({aprobados}/{len(checks)} cumplidos) | Resultado | Detalle |", "|---|---|---|"]
    lineas += [f"| {nombre} | {'ok' if ok else 'FALLO'} | {detalle} |" for nombre, ok, detalle in checks]
    lineas.append(f"\nDuración del simulacro: {duracion:.0f} s")
    print("\n".join(lineas), flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clientes", type=int, default=6)
    parser.add_argument("--puertos", default=os.environ.get("FAULT_DRILL_PUERTOS", "8780-8799"))
    parser.add_argument("--sin-worker", action="store_true", help="no Celery worker even if the project has one")
    parser.add_argument("--redis-segundos", type=float, default=20)
    parser.add_argument("--pg-segundos", type=float, default=3)
    parser.add_argument("--worker-segundos", type=float, default=6)
    parser.add_argument("--calentamiento", type=float, default=4)
    parser.add_argument("--respiro", type=float, default=4)
    parser.add_argument("--conservar", action="store_true", help="keep the temporary directory (logs) afterwards")
    args = parser.parse_args(argv)

    comienzo = time.monotonic()
    puertos = list(rango_de_puertos(args.puertos))
    usados: list[int] = []

    def otro_puerto():
        usados.append(puerto_libre(puertos, excluir=usados))
        return usados[-1]

    directorio = Path(tempfile.mkdtemp(prefix="fault-drill-"))
    directorio.chmod(0o755)
    postgres = PostgresPrivado(directorio / "pg", otro_puerto())
    redis_srv = RedisPrivado(directorio / "redis", otro_puerto())
    con_worker = not args.sin_worker and (BASE_DIR / "backend" / "celery.py").exists() and CELERY.exists()
    con_worker = con_worker and "\nworker:" in (BASE_DIR / "Makefile").read_text()
    entorno = {
        "DATABASE_URL": postgres.url(),
        "REDIS_URL": f"redis://127.0.0.1:{redis_srv.puerto}/0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DB_CONNECT_TIMEOUT": "2",
        # Delivered through Django's mail API without printing every message: the console backend's
        # output made the worker the drill's bottleneck on a loaded machine (SMTP is proven in the tests).
        "EMAIL_URL": "dummymail://",
        # 4 gunicorn workers share the login budget while Redis is down.
        "THROTTLE_RESERVA_PROCESOS": "4",
        # Short clocks so a dead worker's claims and deliveries are taken over within the drill.
        "IDEMPOTENCIA_LEASE_SEGUNDOS": "12",
        "GUNICORN_TIMEOUT": "10",
        "NOTIFICACIONES_REENCOLAR_SEGUNDOS": "2",
        "NOTIFICACIONES_REENCOLAR_ANTIGUEDAD": "2",
        "NOTIFICACIONES_RECLAMO_SEGUNDOS": "8",
        "EMAIL_TIMEOUT": "1",  # claims last at least 2 * EMAIL_TIMEOUT + 5 s
        "CELERY_VISIBILITY_TIMEOUT": "10",
    }
    if con_worker:
        entorno["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{redis_srv.puerto}/1"
    instancias: list[Servidor] = []
    worker = None
    parar = threading.Event()
    clientes: list[Cliente] = []
    try:
        print(
            f"fault drill: PostgreSQL :{postgres.puerto}, Redis :{redis_srv.puerto}, files in {directorio}", flush=True
        )
        postgres.crear()
        redis_srv.arrancar()
        entorno_completo = entorno_servidor(entorno)
        subprocess.run(  # noqa: S603 - fixed argv, no shell
            [str(PYTHON), "manage.py", "migrate", "--noinput"],
            cwd=BASE_DIR,
            env=entorno_completo,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        for n in range(2):
            servidor = Servidor(
                entorno=entorno, puerto=otro_puerto(), workers=2, registro=directorio / f"gunicorn{n + 1}.log"
            )
            instancias.append(servidor.arrancar())
        if con_worker:
            worker = Worker(entorno_completo, directorio)
            worker.arrancar()
        productos, tokens = preparar_datos(instancias[1], entorno_completo, args.clientes)
        print(
            f"fault drill: 2 instances (:{instancias[0].puerto}, :{instancias[1].puerto}), "
            f"{'a worker, ' if con_worker else 'no worker, '}{args.clientes} clients; injecting faults",
            flush=True,
        )

        registro = Registro()
        clientes = [
            Cliente(n, tokens[n], productos, instancias, registro, parar, semilla=n) for n in range(args.clientes)
        ]
        for cliente in clientes:
            cliente.start()
        fallas, observaciones = inyectar_fallas(args, instancias, redis_srv, postgres, worker, registro)
        parar.set()
        for cliente in clientes:
            cliente.join(timeout=60)
        if con_worker:
            # Let the last notifications out before counting.
            esperar_vaciado(postgres)
        checks = comprobar_invariantes(postgres, registro, fallas, con_worker)
        checks.append(
            (
                "el sistema se recuperó de cada falla",
                all(f.recuperacion is not None for f in fallas),
                ", ".join(f"{f.nombre}: {'sí' if f.recuperacion is not None else 'no'}" for f in fallas),
            )
        )
        checks += [(o.split(": ", 1)[1], o.startswith("ok"), "") for o in observaciones]
        imprimir_tabla(fallas, registro, checks, time.monotonic() - comienzo)
        fallidos = [nombre for nombre, ok, _ in checks if not ok]
        if fallidos:
            print(f"\nfault drill FAILED: {fallidos}\n(logs in {directorio})", flush=True)
            args.conservar = True
            return 1
        print("\nfault drill passed.", flush=True)
        return 0
    finally:
        parar.set()
        if worker is not None:
            worker.parar()
        for servidor in instancias:
            servidor.parar(espera=5)
        redis_srv.parar()
        postgres.parar("immediate")
        if not args.conservar:
            shutil.rmtree(directorio, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
