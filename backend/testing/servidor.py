"""The one way to start the production server for tests, scripts, the benchmark and drills.

`Servidor` runs `gunicorn -c gunicorn.conf.py backend.wsgi` (DEBUG off) on a free port with a
given environment, waits until it answers its health check, and stops it by PID: SIGTERM to its
process group, then SIGKILL; `matar()` is the SIGKILL alone, for fault drills.

From pytest (mark the test `servidor_real`)::

    with Servidor(entorno={"DATABASE_URL": url}) as servidor:
        requests.get(f"{servidor.url}/api/health/")

From a shell script::

    python -m backend.testing.servidor ejecutar --env DATABASE_URL=... -- npm run e2e
        # starts the server, runs the command with SERVIDOR_URL/SERVIDOR_PUERTO set, stops the
        # server and exits with the command's status
    python -m backend.testing.servidor arrancar --env K=V ...   # prints "PUERTO PID", leaves it running
    python -m backend.testing.servidor parar PID                # SIGTERM, then SIGKILL after --espera s
    python -m backend.testing.servidor matar PID                # SIGKILL

The environment is built in one place (`entorno_servidor`): the caller's environment without the
app's own settings (unless `heredar=True`, which the command line uses: a script exports what it
means), then the production defaults below, then the caller's `entorno`. Ports come from
`puertos` or SERVIDOR_PUERTOS ("8730-8739"); without either, the system picks a free one.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _nombres_de_limites() -> list[str]:
    """Every THROTTLE_* variable: the known ones and any listed in .env.example (which lists all)."""
    alcances = ["ANON", "USER", "LOGIN", "LOGIN_USUARIO", "REGISTER", "CHECKOUT"]
    alcances += ["PASSWORD_RESET", "PASSWORD_RESET_EMAIL"]
    nombres = {f"THROTTLE_{alcance}" for alcance in alcances}
    with contextlib.suppress(OSError):
        for linea in (BASE_DIR / ".env.example").read_text().splitlines():
            nombre, _, valor = linea.lstrip("# ").partition("=")
            if nombre.startswith("THROTTLE_") and "/" in valor:  # a rate such as 10/min
                nombres.add(nombre.strip())
    return sorted(nombres)


# Limits high enough that no test or tool trips them by accident; a caller that tests a limit
# passes its own value (e.g. {"THROTTLE_LOGIN": "5/min"}).
LIMITES_ALTOS = dict.fromkeys(_nombres_de_limites(), "1000000/min")

# Production configuration on plain HTTP at 127.0.0.1 (a TLS proxy does the redirect in production).
PRODUCCION = {
    "DJANGO_SETTINGS_MODULE": "backend.settings",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    **LIMITES_ALTOS,
}

# Variables of the caller that configure the app; dropped unless heredar=True.
_PROPIAS = (
    "DJANGO_",
    "THROTTLE_",
    "GUNICORN_",
    "PYTEST_",
    "JWT_",
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "NUM_PROXIES",
    "DB_",
    "SERVIDOR_",
)

RUTAS_SALUD = ("/api/health/live/", "/api/health/")


def entorno_servidor(entorno: Mapping[str, str] | None = None, *, heredar: bool = False) -> dict[str, str]:
    """The environment of a production server: inherited, production defaults, the caller's values."""
    base = dict(os.environ) if heredar else {k: v for k, v in os.environ.items() if not k.startswith(_PROPIAS)}
    for clave, valor in PRODUCCION.items():
        base.setdefault(clave, valor)
    if not base.get("DJANGO_SECRET_KEY"):
        base["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    base["DJANGO_DEBUG"] = "0"
    base.update({k: str(v) for k, v in (entorno or {}).items()})
    return base


def rango_de_puertos(texto: str) -> range:
    """ "8730-8739" -> range(8730, 8740); "8730" -> range(8730, 8731)."""
    desde, _, hasta = texto.partition("-")
    return range(int(desde), int(hasta or desde) + 1)


def puerto_libre(puertos: Iterable[int] | None = None, *, excluir: Iterable[int] = ()) -> int:
    """A port nothing listens on: the first free one of `puertos`, or one the system picks."""
    if puertos is None and os.environ.get("SERVIDOR_PUERTOS"):
        puertos = rango_de_puertos(os.environ["SERVIDOR_PUERTOS"])
    if puertos is None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]
    excluir = set(excluir)
    for puerto in puertos:
        if puerto in excluir:
            continue
        with socket.socket() as s:
            # Like gunicorn itself: a port left in TIME_WAIT by a previous run is free.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", puerto))
            except OSError:
                continue
            return puerto
    raise RuntimeError(f"No free port in {puertos}.")


def estado_http(puerto: int, ruta: str, *, timeout: float = 5) -> int:
    """Status of GET http://127.0.0.1:puerto/ruta; OSError when nothing answers."""
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=timeout)
    try:
        conexion.request("GET", ruta, headers={"Accept": "application/json"})
        respuesta = conexion.getresponse()
        respuesta.read()
        return respuesta.status
    finally:
        conexion.close()


def vivo(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        # A zombie is not alive (its parent has not reaped it yet).
        if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def parar_pid(pid: int, *, espera: float = 20) -> None:
    """SIGTERM to the process group of `pid` (gunicorn's arbiter and workers), SIGKILL after `espera` s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    limite = time.monotonic() + espera
    while time.monotonic() < limite and vivo(pid):
        time.sleep(0.1)
    matar_pid(pid)


def matar_pid(pid: int) -> None:
    """SIGKILL to the whole process group: the server dies as in a crash, with no clean-up."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _esperar_fin(pids: Iterable[int], espera: float = 5) -> None:
    """Wait until the processes are gone (a killed worker is reaped by init, not by us)."""
    limite = time.monotonic() + espera
    while time.monotonic() < limite and any(vivo(pid) for pid in pids):
        time.sleep(0.05)


def pids_hijos(pid: int) -> set[int]:
    """Child process ids of `pid` (Linux /proc): gunicorn's workers."""
    ruta = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return {int(p) for p in ruta.read_text().split()}
    except OSError:
        return set()


class Servidor:
    """A gunicorn process with the production configuration, stopped when the `with` block ends."""

    def __init__(
        self,
        *,
        entorno: Mapping[str, str] | None = None,
        puerto: int | None = None,
        puertos: Iterable[int] | None = None,
        workers: int = 2,
        hilos: int | None = None,  # threads per worker; 1 = sync workers; None = gunicorn.conf.py's
        heredar: bool = False,
        registro: str | os.PathLike | None = None,
        espera: float = 60,
        argumentos: Iterable[str] = (),
    ):
        self.entorno_pedido = dict(entorno or {})
        self.puerto_pedido = puerto
        self.puertos = list(puertos) if puertos is not None else None
        self.workers = workers
        self.hilos = hilos
        self.heredar = heredar
        self.espera = espera
        self.argumentos = list(argumentos)
        self._registro_temporal = registro is None
        if registro is None:
            fd, registro = tempfile.mkstemp(prefix="gunicorn-", suffix=".log")
            os.close(fd)
        self.registro = Path(registro)
        self.proceso: subprocess.Popen | None = None
        self.puerto: int | None = None
        self.entorno: dict[str, str] = {}

    # --- lifecycle -----------------------------------------------------------------------------

    def arrancar(self) -> Servidor:
        """Start gunicorn and wait until its health check answers 200; raise RuntimeError otherwise."""
        intentos = 1 if self.puerto_pedido else 3
        usados: list[int] = []
        for _ in range(intentos):
            self.puerto = self.puerto_pedido or puerto_libre(self.puertos, excluir=usados)
            usados.append(self.puerto)
            self._lanzar()
            try:
                self._esperar_salud()
                return self
            except _PuertoOcupado:
                self.parar()
        raise RuntimeError(f"gunicorn could not bind any of the ports {usados}:\n{self.salida()}")

    def _lanzar(self) -> None:
        self.entorno = entorno_servidor(
            {
                "GUNICORN_BIND": f"127.0.0.1:{self.puerto}",
                "GUNICORN_WORKERS": str(self.workers),
                **({"GUNICORN_THREADS": str(self.hilos)} if self.hilos else {}),
                **({"GUNICORN_WORKER_CLASS": "sync"} if self.hilos == 1 else {}),
                **self.entorno_pedido,
            },
            heredar=self.heredar,
        )
        with open(self.registro, "ab") as registro:
            self.proceso = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                [str(GUNICORN), "-c", "gunicorn.conf.py", *self.argumentos, "backend.wsgi"],
                cwd=BASE_DIR,
                env=self.entorno,
                stdout=registro,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped and killed as one
            )

    def _esperar_salud(self) -> None:
        limite = time.monotonic() + self.espera
        rutas = list(RUTAS_SALUD)
        while time.monotonic() < limite:
            if self.proceso.poll() is not None:
                if "Connection in use" in self.salida():  # gunicorn gave up binding the port
                    raise _PuertoOcupado
                raise RuntimeError(f"gunicorn exited with {self.proceso.returncode}:\n{self.salida()}")
            try:
                estado = estado_http(self.puerto, rutas[0])
            except OSError:
                estado = None
            if estado == 404 and len(rutas) > 1:
                rutas.pop(0)  # no liveness route in this version: the full health check
                continue
            if estado == 200 and len(pids_hijos(self.pid)) >= self.workers:
                return
            time.sleep(0.2)
        self.parar()
        raise RuntimeError(f"gunicorn did not answer {rutas[0]} within {self.espera}s:\n{self.salida()}")

    def parar(self, *, espera: float = 20) -> None:
        """SIGTERM (graceful: workers finish their requests), SIGKILL after `espera` seconds."""
        if self.proceso is None:
            return
        workers = pids_hijos(self.proceso.pid)
        if self.proceso.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proceso.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proceso.wait(timeout=espera)
        matar_pid(self.proceso.pid)  # also any worker left behind by the arbiter
        self.proceso.wait(timeout=10)
        _esperar_fin(workers)

    def matar(self) -> None:
        """SIGKILL to the arbiter and its workers at once: a crash, for fault drills."""
        if self.proceso is not None:
            workers = pids_hijos(self.proceso.pid)
            matar_pid(self.proceso.pid)
            self.proceso.wait(timeout=10)
            _esperar_fin(workers)

    def __enter__(self) -> Servidor:
        return self.arrancar()

    def __exit__(self, *exc) -> None:
        self.parar()
        if self._registro_temporal:
            self.registro.unlink(missing_ok=True)

    # --- inspection ----------------------------------------------------------------------------

    @property
    def pid(self) -> int:
        return self.proceso.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.puerto}"

    def vivo(self) -> bool:
        return self.proceso is not None and self.proceso.poll() is None

    def pids_workers(self) -> set[int]:
        return pids_hijos(self.pid) if self.vivo() else set()

    def salida(self, caracteres: int = 5000) -> str:
        """The last characters gunicorn wrote (its log and the app's stdout)."""
        try:
            return self.registro.read_text(errors="replace")[-caracteres:]
        except OSError:
            return ""


class _PuertoOcupado(Exception):
    """Another process took the port between our check and gunicorn's bind."""


# --- command line ------------------------------------------------------------------------------


def _pares(valores: list[str]) -> dict[str, str]:
    entorno = {}
    for valor in valores:
        clave, igual, resto = valor.partition("=")
        if not igual:
            raise SystemExit(f"--env takes KEY=VALUE, not {valor!r}")
        entorno[clave] = resto
    return entorno


def _servidor_de(args) -> Servidor:
    return Servidor(
        entorno=_pares(args.env),
        puerto=args.puerto,
        puertos=rango_de_puertos(args.puertos) if args.puertos else None,
        workers=args.workers,
        hilos=args.hilos,
        heredar=not args.limpio,
        registro=args.log,
        espera=args.espera,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend.testing.servidor", description=__doc__.split("\n\n")[0])
    ordenes = parser.add_subparsers(dest="orden", required=True)
    for nombre, ayuda in (
        ("arrancar", 'start the server, print "PUERTO PID" when it is healthy, leave it running'),
        ("ejecutar", "start the server, run the command after --, stop the server, exit with its status"),
    ):
        orden = ordenes.add_parser(nombre, help=ayuda)
        orden.add_argument("--env", action="append", default=[], metavar="K=V", help="one variable (repeatable)")
        orden.add_argument("--puerto", type=int, help="this port exactly")
        orden.add_argument("--puertos", help="a free port of this range, e.g. 8730-8739")
        orden.add_argument("--workers", type=int, default=2)
        orden.add_argument("--hilos", type=int, help="threads per worker (GUNICORN_THREADS)")
        orden.add_argument("--log", help="gunicorn's output goes here (default: a temporary file)")
        orden.add_argument("--espera", type=float, default=60, help="seconds to become healthy")
        orden.add_argument("--limpio", action="store_true", help="drop the caller's app settings (DJANGO_*, ...)")
        if nombre == "ejecutar":
            orden.add_argument("comando", nargs=argparse.REMAINDER, help="-- command and its arguments")
    for nombre, ayuda in (("parar", "SIGTERM, then SIGKILL"), ("matar", "SIGKILL now")):
        orden = ordenes.add_parser(nombre, help=ayuda)
        orden.add_argument("pid", type=int)
        orden.add_argument("--espera", type=float, default=20)
    args = parser.parse_args(argv)

    if args.orden == "parar":
        parar_pid(args.pid, espera=args.espera)
        return 0
    if args.orden == "matar":
        matar_pid(args.pid)
        return 0
    servidor = _servidor_de(args)
    try:
        servidor.arrancar()
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    if args.orden == "arrancar":
        print(servidor.puerto, servidor.pid, flush=True)
        return 0
    comando = args.comando[1:] if args.comando[:1] == ["--"] else args.comando
    if not comando:
        servidor.parar()
        raise SystemExit("ejecutar needs a command after --")
    codigo = 130
    try:
        entorno = {**os.environ, "SERVIDOR_URL": servidor.url, "SERVIDOR_PUERTO": str(servidor.puerto)}
        with contextlib.suppress(KeyboardInterrupt):
            codigo = subprocess.run(comando, env=entorno, check=False).returncode  # noqa: S603
    finally:
        servidor.parar()
        if codigo != 0:
            print(f"---- last lines of the server's output ({servidor.registro}) ----", file=sys.stderr)
            print("\n".join(servidor.salida().splitlines()[-60:]), file=sys.stderr)
        if servidor._registro_temporal:
            servidor.registro.unlink(missing_ok=True)
    return codigo


if __name__ == "__main__":
    sys.exit(main())
