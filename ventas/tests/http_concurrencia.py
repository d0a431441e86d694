"""Test helpers for real-process tests: the production server on the test database, a tiny HTTP
client, and a TCP forwarder that can be switched off to play "the database went away".

Used by ventas/tests/test_concurrencia.py and backend/tests/test_fallos.py (PostgreSQL only).
The server itself is started by backend.testing.servidor, the one harness for real servers.
"""

import contextlib
import http.client
import json
import select
import socket
import threading
import time
from urllib.parse import quote

from django.conf import settings
from django.db import connection, connections
from rest_framework_simplejwt.tokens import RefreshToken

from backend.testing.servidor import Servidor, puerto_libre

__all__ = ["ProxyTCP", "Respuesta", "en_paralelo", "peticion", "puerto_libre", "servidor_de_pruebas", "token_de"]


def url_bd_de_pruebas(host: str | None = None, puerto: int | None = None) -> str:
    """DATABASE_URL of the database this test process uses (the pytest-django test DB)."""
    d = connection.settings_dict
    usuario = quote(d["USER"] or "", safe="")
    clave = quote(d["PASSWORD"] or "", safe="")
    credenciales = f"{usuario}:{clave}@" if clave else (f"{usuario}@" if usuario else "")
    return f"postgres://{credenciales}{host or d['HOST'] or '127.0.0.1'}:{puerto or d['PORT'] or 5432}/{d['NAME']}"


def en_paralelo(funciones, *, espera=120) -> list[tuple[bool, object]]:
    """Run the callables in threads released together by a barrier.

    Returns, in order, (True, result) or (False, exception). Each thread closes its own
    database connections when it ends.
    """
    barrera = threading.Barrier(len(funciones))
    resultados: list = [None] * len(funciones)

    def correr(i, funcion):
        try:
            barrera.wait(timeout=30)
            resultados[i] = (True, funcion())
        except BaseException as exc:
            resultados[i] = (False, exc)
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=correr, args=(i, f), daemon=True) for i, f in enumerate(funciones)]
    for hilo in hilos:
        hilo.start()
    limite = time.monotonic() + espera
    for hilo in hilos:
        hilo.join(timeout=max(0.0, limite - time.monotonic()))
    colgados = sum(hilo.is_alive() for hilo in hilos)
    assert colgados == 0, f"{colgados} threads still running after {espera}s (a deadlock or a hang)"
    return resultados


def token_de(usuario) -> str:
    return str(RefreshToken.for_user(usuario).access_token)


class Respuesta:
    def __init__(self, status: int, cabeceras: dict, cuerpo: bytes):
        self.status = status
        self.cabeceras = cabeceras
        self.cuerpo = cuerpo

    @property
    def content_type(self) -> str:
        return self.cabeceras.get("content-type", "")

    def json(self):
        return json.loads(self.cuerpo)

    def __repr__(self):
        return f"<Respuesta {self.status} {self.cuerpo[:300]!r}>"


def peticion(puerto: int, metodo: str, ruta: str, *, token=None, cuerpo=None, cabeceras=None, timeout=15) -> Respuesta:
    """One HTTP request on a fresh connection; a server that hangs raises socket.timeout."""
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=timeout)
    todas = {"Accept": "application/json", **(cabeceras or {})}
    datos = None
    if cuerpo is not None:
        datos = json.dumps(cuerpo).encode()
        todas["Content-Type"] = "application/json"
    if token:
        todas["Authorization"] = f"Bearer {token}"
    try:
        conexion.request(metodo, ruta, body=datos, headers=todas)
        r = conexion.getresponse()
        return Respuesta(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conexion.close()


def servidor_de_pruebas(*, database_url: str, workers: int = 2, hilos: int | None = None, entorno=None) -> Servidor:
    """The production server (gunicorn.conf.py) on `database_url`, signing tokens with this process's keys,
    so tokens minted in the test (token_de) are valid there."""
    return Servidor(
        entorno={
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "JWT_SIGNING_KEY": settings.SIMPLE_JWT["SIGNING_KEY"],
            **(entorno or {}),
        },
        workers=workers,
        hilos=hilos,
    )


class ProxyTCP:
    """A TCP forwarder 127.0.0.1:puerto -> destino that the test can cut and restore.

    Modes: "abierto" forwards; "cerrado" stops listening and resets every open connection
    (the database host went down: connections are refused); "agujero" accepts connections and
    never answers (a network black hole: only the client's timeouts save it).
    """

    def __init__(self, *, puerto: int, destino: tuple[str, int]):
        self.puerto = puerto
        self.destino = destino
        self.modo = "cerrado"
        self._escucha = None
        self._hilo = None
        self._abiertos: set[socket.socket] = set()
        self._cerrojo = threading.Lock()
        self._parar = threading.Event()

    # --- control ---------------------------------------------------------------------------

    def abrir(self):
        self._cambiar("abierto")

    def cerrar(self):
        self._cambiar("cerrado")

    def agujero_negro(self):
        self._cambiar("agujero")

    def _cambiar(self, modo: str):
        self.modo = modo
        self._cortar_conexiones()
        if modo == "cerrado":
            self._dejar_de_escuchar()
        elif self._escucha is None:
            self._escuchar()

    def apagar(self):
        self._dejar_de_escuchar()
        self._cortar_conexiones()

    # --- internals -------------------------------------------------------------------------

    def _escuchar(self):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", self.puerto))
        s.listen(64)
        self._escucha = s
        self._parar = threading.Event()
        self._hilo = threading.Thread(target=self._aceptar, args=(s, self._parar), daemon=True)
        self._hilo.start()

    def _dejar_de_escuchar(self):
        if self._escucha is None:
            return
        self._parar.set()
        self._escucha.close()
        self._hilo.join(timeout=5)
        self._escucha = None

    def _cortar_conexiones(self):
        with self._cerrojo:
            abiertos, self._abiertos = self._abiertos, set()
        for s in abiertos:
            try:
                # SO_LINGER 0: close with RST, like a host that lost its connections.
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                s.close()
            except OSError:
                pass

    def _registrar(self, *socks):
        with self._cerrojo:
            self._abiertos.update(socks)

    def _aceptar(self, escucha: socket.socket, parar: threading.Event):
        while not parar.is_set():
            try:
                r, _, _ = select.select([escucha], [], [], 0.2)
                if not r:
                    continue
                cliente, _ = escucha.accept()
            except (OSError, ValueError):
                return
            if self.modo == "agujero":
                self._registrar(cliente)  # held open, never answered
                continue
            try:
                servidor = socket.create_connection(self.destino, timeout=5)
                servidor.settimeout(None)
            except OSError:
                cliente.close()
                continue
            self._registrar(cliente, servidor)
            threading.Thread(target=self._bombear, args=(cliente, servidor), daemon=True).start()

    def _bombear(self, a: socket.socket, b: socket.socket):
        pares = {a: b, b: a}
        try:
            while True:
                listos, _, _ = select.select([a, b], [], [], 1.0)
                for origen in listos:
                    datos = origen.recv(65536)
                    if not datos:
                        raise ConnectionError
                    pares[origen].sendall(datos)
        except (OSError, ValueError, ConnectionError):
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.close()
            with self._cerrojo:
                self._abiertos.difference_update((a, b))
