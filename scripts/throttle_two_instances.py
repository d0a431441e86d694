#!/usr/bin/env python
"""Prove the login limits hold across app instances that share Redis.

Starts two production servers (backend/testing/servidor.py, two workers each) on two ports with
the same REDIS_URL and a SQLite database migrated in a temporary directory, then:

  A. per address: failed logins with a new username each time, alternating between the
     instances and with a forged X-Forwarded-For prefix: attempts 1-5 get 401, 6+ get 429;
  B. per username: failed logins for one username, each from another client address:
     attempts 1-N get 401, N+1 gets 429 (N = THROTTLE_LOGIN_USUARIO);
  C. (informative) the same as A with the per-process LocMem cache: the limit does not hold.

Only keys under its own CACHE_KEY_PREFIX are touched and deleted. Exits 1 on any failure.

    python scripts/throttle_two_instances.py [--redis-url URL] [--ports 8651-8660] [--skip-locmem]
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
from backend.testing.servidor import Servidor, entorno_servidor, rango_de_puertos  # noqa: E402

PYTHON = Path(sys.executable)
LIMITE_DIRECCION = 5
# Per username a small number too: each failed login costs a full password hash (PBKDF2), so
# a hundred attempts outlast the one-minute window under load and the oldest ones slide out.
LIMITE_USUARIO = 7


def peticion(metodo, url, cuerpo=None, cabeceras=None, timeout=10):
    """Return (status, headers, json body) without raising on 4xx/5xx."""
    datos = json.dumps(cuerpo).encode() if cuerpo is not None else None
    req = urllib.request.Request(url, data=datos, method=metodo)  # noqa: S310 - our own http://127.0.0.1
    req.add_header("Content-Type", "application/json")
    for clave, valor in (cabeceras or {}).items():
        req.add_header(clave, valor)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as respuesta:  # noqa: S310
            return respuesta.status, respuesta.headers, json.loads(respuesta.read() or b"null")
    except urllib.error.HTTPError as error:
        cuerpo = error.read()
        try:
            cuerpo = json.loads(cuerpo)
        except ValueError:
            cuerpo = cuerpo.decode(errors="replace")
        return error.code, error.headers, cuerpo


class Instancias:
    """Two production servers (backend/testing/servidor.py) with one environment, stopped on exit."""

    def __init__(self, nombre, puertos, entorno, temporal):
        self.servidores = [
            Servidor(entorno=entorno, puertos=puertos, workers=2, registro=temporal / f"{nombre}-{i}.log")
            for i in range(2)
        ]

    def __enter__(self):
        try:
            for servidor in self.servidores:
                servidor.arrancar()
        except RuntimeError as error:
            self.__exit__()
            raise SystemExit(str(error)) from error
        return [servidor.url for servidor in self.servidores]

    def __exit__(self, *exc):
        for servidor in self.servidores:
            servidor.parar()

    def eventos(self, evento):
        """How many audit lines of `evento` each instance wrote to its stdout."""
        cuentas = []
        for servidor in self.servidores:
            lineas = servidor.registro.read_text().splitlines()
            cuentas.append(sum(1 for x in lineas if x.startswith("{") and json.loads(x).get("event") == evento))
        return cuentas


def intentos(bases, n, cuerpo_de, cabeceras_de):
    """Send n failed logins alternating between instances; return (status, headers, body) each."""
    resultados = []
    for i in range(n):
        base = bases[i % len(bases)]
        resultados.append(peticion("POST", f"{base}/api/login/", cuerpo_de(i), cabeceras_de(i)))
    return resultados


def primer_429(resultados):
    return next((i + 1 for i, (estado, _, _) in enumerate(resultados) if estado == 429), None)


def comprobar_limite(nombre, resultados, limite, fallos):
    estados = [estado for estado, _, _ in resultados]
    esperado = [401] * limite + [429] * (len(resultados) - limite)
    bien = estados == esperado
    print(f"  {nombre}: statuses {compactar(estados)} -> first 429 at attempt {primer_429(resultados)}", end="")
    print(f" (expected {limite + 1}) {'OK' if bien else 'FAIL'}")
    if not bien:
        fallos.append(f"{nombre}: expected {esperado}, got {estados}")
        return
    for _, cabeceras, cuerpo in resultados[limite:]:
        if not (cabeceras.get("Retry-After") or "").isdigit() or cuerpo.get("codigo") != "demasiadas_peticiones":
            fallos.append(f"{nombre}: 429 without Retry-After or codigo: {dict(cabeceras)} {cuerpo}")
            return


def compactar(estados):
    grupos = []
    for estado in estados:
        if grupos and grupos[-1][0] == estado:
            grupos[-1][1] += 1
        else:
            grupos.append([estado, 1])
    return " ".join(f"{estado}x{veces}" for estado, veces in grupos)


def fase_direccion(bases):
    # The client forges the left part of X-Forwarded-For; the trusted proxy's hop stays the same.
    return intentos(
        bases,
        LIMITE_DIRECCION + 3,
        cuerpo_de=lambda i: {"username": f"nadie-{i}-{secrets.token_hex(3)}", "password": "incorrecta-123"},
        cabeceras_de=lambda i: {"X-Forwarded-For": f"10.66.{i}.{i}, 203.0.113.5"},
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("THROTTLE_CHECK_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/2",
    )
    parser.add_argument(
        "--ports", default=os.environ.get("THROTTLE_CHECK_PORTS", "8651-8660"), help="range of ports to pick two from"
    )
    parser.add_argument("--skip-locmem", action="store_true", help="skip the informative run without Redis")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, database)")
    args = parser.parse_args()
    puertos = rango_de_puertos(args.ports)

    import redis

    conexion = redis.Redis.from_url(args.redis_url)
    conexion.ping()
    prefijo = f"throttle-check-{os.getpid()}-{secrets.token_hex(4)}"
    temporal = Path(tempfile.mkdtemp(prefix="throttle-check-"))
    entorno = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(temporal / "static"),
        "DATABASE_URL": f"sqlite:///{temporal / 'db.sqlite3'}",
        "THROTTLE_LOGIN": f"{LIMITE_DIRECCION}/min",
        "THROTTLE_LOGIN_USUARIO": f"{LIMITE_USUARIO}/min",
        # The script plays the one trusted reverse proxy: the last X-Forwarded-For hop is the client.
        "NUM_PROXIES": "1",
    }
    fallos = []
    try:
        print(f"temporary directory: {temporal}")
        migracion = subprocess.run(  # noqa: S603 - fixed argv, no shell
            [str(PYTHON), "manage.py", "migrate", "--noinput"],
            cwd=BASE_DIR,
            env=entorno_servidor(entorno),
            capture_output=True,
            text=True,
        )
        if migracion.returncode:
            raise SystemExit(f"migrate failed:\n{migracion.stderr}")

        con_redis = {**entorno, "REDIS_URL": args.redis_url, "CACHE_KEY_PREFIX": prefijo}
        print(f"two instances x 2 workers on ports {args.ports}, cache {args.redis_url} prefix {prefijo}")
        instancias = Instancias("redis", puertos, con_redis, temporal)
        with instancias as bases:
            comprobar_limite("A per address, shared Redis", fase_direccion(bases), LIMITE_DIRECCION, fallos)

            usuario = f"victima-{secrets.token_hex(3)}"
            resultados = intentos(
                bases,
                LIMITE_USUARIO + 2,
                cuerpo_de=lambda i: {"username": usuario, "password": f"intento-{i}"},
                cabeceras_de=lambda i: {"X-Forwarded-For": f"198.51.{i // 250}.{i % 250 + 1}"},
            )
            comprobar_limite("B per username, shared Redis", resultados, LIMITE_USUARIO, fallos)

            claves = list(conexion.scan_iter(match=f"{prefijo}:*"))
            print(f"  counters in Redis under the prefix: {len(claves)}")
            if not claves:
                fallos.append("no throttle counters found in Redis: the instances did not use the shared cache")
            # Attempts 6-8 of A and 101-102 of B: five refusals, written by both instances.
            limitadas = instancias.eventos("peticion_limitada")
            print(f"  audit lines 'peticion_limitada' per instance: {limitadas}")
            if sum(limitadas) != 5 or not all(limitadas):
                fallos.append(f"expected 5 'peticion_limitada' audit lines from both instances, got {limitadas}")

        if not args.skip_locmem:
            sin_redis = {**entorno}
            with Instancias("locmem", puertos, sin_redis, temporal) as bases:
                resultados = fase_direccion(bases)
                estados = [estado for estado, _, _ in resultados]
                print(
                    f"  C per address, LocMem (informative): statuses {compactar(estados)} -> first 429 at "
                    f"attempt {primer_429(resultados)}; the per-process counters do not add up across instances"
                )
    finally:
        borradas = 0
        for clave in conexion.scan_iter(match=f"{prefijo}:*"):
            borradas += conexion.delete(clave)
        print(f"cleanup: servers stopped, {borradas} Redis keys under {prefijo} deleted")
        if args.keep:
            print(f"kept {temporal}")
        else:
            shutil.rmtree(temporal, ignore_errors=True)

    if fallos:
        print("\nthrottle-check FAILED:")
        for fallo in fallos:
            print(f"  - {fallo}")
        return 1
    print("\nthrottle-check passed: the login limits hold across both instances through Redis.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
