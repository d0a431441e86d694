"""The benchmark: seed, serve with gunicorn (production settings), load with wrk, compare to ceilings.

    python -m bench.run                 # `make bench`: default scale + growth pair, writes bench/results/
    python -m bench.run --smoke         # `make bench-smoke`: tiny scale, one short round, fails on any error
    python -m bench.run --scale large   # main table at 100k products / ~1M lines
    python -m bench.run --reseed        # rebuild the seeded databases

See bench/README.md for how to read the results.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psycopg2
import psycopg2.errors

from backend.testing import servidor
from bench import fondo, seed
from bench.endpoints import endpoints
from bench.objetivos import FALTA, marca, objetivos, pct
from notificaciones.tests.smtp import ServidorSMTP

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "lua"
RESULTS = ROOT / "bench" / "results"
PORT = int(os.environ.get("BENCH_PORT", "8801"))
SECRET = "bench-only-secret-key-0123456789-not-for-production-abcdefghijklmnop"
CONEXIONES = 16
# The worker class and threads are gunicorn.conf.py's defaults (the production configuration).
HILOS = "gunicorn.conf.py's worker class and threads"
# Where the Celery worker sends email: the bench's SMTP sink, which main() starts.
SMTP: ServidorSMTP | None = None


def log(*a):
    print(*a, flush=True)


# --- environment ----------------------------------------------------------------------------


def asegurar_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    log("[bench] wrk not found: installing it with apt-get (Debian package 'wrk') ...")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    try:
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
        subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        sys.exit(f"[bench] ERROR: could not install wrk ({exc}). Install it: sudo apt-get install -y wrk")
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("[bench] ERROR: wrk is still missing after apt-get install.")
    return wrk


def entorno_bench(e: seed.Escala, workdir: Path) -> dict:
    """What the benchmark server adds to the production environment of backend/testing/servidor.py
    (which also raises every throttle out of the way; the counters still run, in Redis)."""
    return {
        "DATABASE_URL": e.url,
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "REDIS_URL": fondo.REDIS_APP_URL,
        "CACHE_KEY_PREFIX": f"bench-{e.nombre}",
        # As in production: tasks (the checkout's email) go to a broker and a Celery worker runs them.
        "CELERY_BROKER_URL": fondo.BROKER_URL,
        "CELERY_TASK_DEFAULT_QUEUE": fondo.cola(e.nombre),
        "EMAIL_URL": email_url(),
        "JWT_ACCESS_MINUTES": "600",
        "GUNICORN_LOGLEVEL": "warning",
        # The production settings with the ceiling view's URL module (bench/settings.py).
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_CEILING_BODY": str(workdir / "ceiling.json"),
        "PYTHONPATH": str(ROOT),
    }


def email_url() -> str:
    return f"smtp://127.0.0.1:{SMTP.puerto}" if SMTP else "dummymail://"


def recibidos() -> int | None:
    """Messages the SMTP sink has received so far."""
    return len(SMTP.buzon.mensajes) if SMTP else None


def limpiar_cache(e: seed.Escala) -> None:
    import redis

    r = redis.Redis.from_url(fondo.REDIS_APP_URL)
    claves = list(r.scan_iter(f"bench-{e.nombre}:*", count=1000))
    for i in range(0, len(claves), 500):
        r.delete(*claves[i : i + 500])


class Servidor(servidor.Servidor):
    """The production server on PORT (wrk's target), with a clean cache and all workers booted."""

    def __init__(self, e: seed.Escala, workdir: Path, workers: int):
        super().__init__(
            entorno=entorno_bench(e, workdir),
            puerto=PORT,
            workers=workers,
            registro=workdir / f"gunicorn-{e.nombre}-{workers}.log",
        )
        limpiar_cache(e)
        try:
            self.arrancar()
        except RuntimeError as error:
            sys.exit(f"[bench] ERROR: {error}")

    def rss_mb(self) -> list[float]:
        return sorted(r for r in (fondo.rss_mb(pid) for pid in self.pids_workers()) if r is not None)


# --- load -----------------------------------------------------------------------------------


def wrk_una(wrk: str, ep: dict, workdir: Path, tokens: dict, e: seed.Escala, segundos: float, conexiones: int):
    env = dict(os.environ)
    if ep["kind"] == "pool":
        hilos = conexiones
        script = (LUA / "pool.lua").read_text()
        env.update(
            {
                "BENCH_TOKENS_FILE": str(workdir / ("compradores.txt" if ep["mode"] == "checkout" else "carros.txt")),
                "BENCH_THREADS": str(hilos),
                "BENCH_MODE": ep["mode"],
                "BENCH_PRODUCTS": str(e.productos),
            }
        )
    else:
        hilos = min(2, conexiones)
        script = (LUA / "static.lua").read_text()
        env["BENCH_TOKEN"] = tokens[ep["token"]] if ep["token"] else ""
        env["BENCH_BODY"] = json.dumps(ep["body"]) if ep.get("body") else ""
    ruta = workdir / f"wrk-{ep['name']}.lua"
    ruta.write_text(script + "\n" + (LUA / "report.lua").read_text())
    cmd = [
        wrk,
        "-t",
        str(hilos),
        "-c",
        str(conexiones),
        "-d",
        f"{max(1, round(segundos))}s",
        "--timeout",
        "30s",
        "-s",
        str(ruta),
        f"http://127.0.0.1:{PORT}{ep['path'] if ep['kind'] == 'static' else '/'}",
    ]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    m = re.search(r"BENCHJSON (\{.*\})", r.stdout)
    if r.returncode != 0 or not m:
        sys.exit(f"[bench] ERROR: wrk failed for {ep['name']}: {r.stdout}\n{r.stderr}")
    esperar_servidor()
    d = json.loads(m.group(1))
    d["rps"] = d["requests"] / (d["duration_us"] / 1e6)
    d["errors"] = d["status_errors"] + d["connect"] + d["read"] + d["write"] + d["timeout"]
    return d


def esperar_quietud(e: seed.Escala, limite: float = 15) -> None:
    """Wait until the server has finished the requests wrk left in flight (no busy backend in the DB)."""
    conn = seed.conectar(e, superuser=True)
    conn.autocommit = True
    cur = conn.cursor()
    fin = time.monotonic() + limite
    quietas = 0
    while time.monotonic() < fin and quietas < 3:
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
            "AND state NOT IN ('idle')",
            [e.db],
        )
        quietas = quietas + 1 if cur.fetchone()[0] == 0 else 0
        time.sleep(0.2)
    conn.close()


def preparar_ronda(e: seed.Escala, antes) -> None:
    esperar_quietud(e)
    for intento in range(5):
        try:
            antes()
            return
        except psycopg2.errors.DeadlockDetected:
            if intento == 4:
                raise
            time.sleep(0.5)
            esperar_quietud(e)


def esperar_servidor(limite: float = 60) -> None:
    """Wait until the requests wrk left queued are served (health answers fast twice in a row)."""
    fin = time.monotonic() + limite
    rapidas = 0
    while time.monotonic() < fin and rapidas < 2:
        t0 = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/health/", timeout=limite) as r:
                r.read()
        except OSError:
            pass
        rapidas = rapidas + 1 if time.monotonic() - t0 < 0.2 else 0


def medir(wrk, ep, workdir, tokens, e, cfg, conexiones=None, antes=None) -> dict:
    """Warm-up, then `rounds` rounds; medians of req/s and latencies, all errors summed."""
    conexiones = conexiones or ep.get("connections", CONEXIONES)
    if antes:
        preparar_ronda(e, antes)
    if cfg["warmup"]:
        calentamiento = wrk_una(wrk, ep, workdir, tokens, e, cfg["warmup"], conexiones)
    else:
        calentamiento = {"errors": 0, "requests": 0}
    rondas = []
    for _ in range(cfg["rounds"]):
        if antes:
            preparar_ronda(e, antes)
        rondas.append(wrk_una(wrk, ep, workdir, tokens, e, cfg["duration"], conexiones))
    res = resumir(rondas)
    res["errors"] += calentamiento["errors"]
    res["connections"] = conexiones
    return res


def resumir(rondas: list[dict]) -> dict:
    """Medians of req/s, p50 and p99 over the rounds; errors and requests summed."""
    return {
        "rps": round(statistics.median(r["rps"] for r in rondas), 1),
        "p50_ms": round(statistics.median(r["p50_us"] for r in rondas) / 1000, 2),
        "p99_ms": round(statistics.median(r["p99_us"] for r in rondas) / 1000, 2),
        "errors": sum(r["errors"] for r in rondas),
        "requests": sum(r["requests"] for r in rondas),
        "rounds_rps": [round(r["rps"], 1) for r in rondas],
    }


def sondear(e: seed.Escala, workdir: Path) -> dict:
    env = servidor.entorno_servidor(entorno_bench(e, workdir))
    r = subprocess.run(
        [sys.executable, "-m", "bench.probe", e.nombre, str(workdir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if r.returncode != 0:
        sys.exit(f"[bench] ERROR: probe failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def sql_crudo(e: seed.Escala, consultas: list[str], repeticiones: int) -> float:
    """Median wall time (ms) of running the report's own SQL directly in PostgreSQL with psycopg2."""
    conn = seed.conectar(e)
    conn.autocommit = True
    cur = conn.cursor()
    tiempos = []
    for _ in range(repeticiones + 1):
        t0 = time.perf_counter()
        for q in consultas:
            cur.execute(q)
            cur.fetchall()
        tiempos.append((time.perf_counter() - t0) * 1000)
    conn.close()
    return round(statistics.median(tiempos[1:]), 2)


# --- one scale ------------------------------------------------------------------------------


def preparar(e: seed.Escala, reseed: bool, workdir: Path) -> tuple[dict, dict, dict]:
    meta = seed.sembrar(e, reseed=reseed, log=log)
    seed.limpiar_y_reponer(e)
    limpiar_cache(e)
    sonda = sondear(e, workdir)
    seed.limpiar_y_reponer(e)
    tokens = json.loads((workdir / "tokens.json").read_text())
    return meta, sonda, tokens


def elegir_workers(wrk, e, workdir, tokens, eps, cfg) -> tuple[int, dict]:
    """Brief run of the product list and the checkout at 2/3/4/5 workers; best geometric mean."""
    lista = next(ep for ep in eps if ep["name"] == "productos_lista")
    checkout = next(ep for ep in eps if ep["name"] == "checkout")
    breve = {"warmup": 1, "rounds": 1, "duration": cfg["sweep"]}
    res = {}
    for w in (2, 3, 4, 5):
        srv = Servidor(e, workdir, w)
        try:
            a = medir(wrk, lista, workdir, tokens, e, breve)
            b = medir(wrk, checkout, workdir, tokens, e, breve, antes=lambda: seed.rellenar_carritos(e))
        finally:
            srv.parar()
        res[w] = {
            "productos_lista_rps": a["rps"],
            "checkout_rps": b["rps"],
            "score": round((a["rps"] * b["rps"]) ** 0.5, 1),
        }
        log(f"[bench] workers={w}: list {a['rps']:.0f}/s, checkout {b['rps']:.0f}/s")
    seed.limpiar_y_reponer(e)
    mejor = max(res, key=lambda w: res[w]["score"])
    # Prefer fewer workers (less memory) when within 3% of the best.
    for w in sorted(res):
        if res[w]["score"] >= 0.97 * res[mejor]["score"]:
            return w, res
    return mejor, res


def borrar_notificaciones(e: seed.Escala) -> None:
    """Forget the checkout pool's notifications of earlier runs (they only grow the table)."""
    a, b = seed.ids_usuarios(e)["compradores"]
    conn = seed.conectar(e)
    with conn, conn.cursor() as cur:
        cur.execute("DELETE FROM notificaciones_notificacion WHERE usuario_id BETWEEN %s AND %s", [a, b])
    conn.close()


def _consulta(e: seed.Escala, sql: str, params=()) -> list[tuple]:
    conn = seed.conectar(e)
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    finally:
        conn.close()


def ultima_notificacion(e: seed.Escala) -> int:
    return _consulta(e, "SELECT coalesce(max(id), 0) FROM notificaciones_notificacion")[0][0]


def notificaciones(e: seed.Escala, desde_id: int) -> dict:
    """Notifications created after `desde_id`, counted by email state."""
    sql = "SELECT email_estado, count(*) FROM notificaciones_notificacion WHERE id > %s GROUP BY 1"
    return dict(_consulta(e, sql, [desde_id]))


def vaciar_fondo(e: seed.Escala, cola: str, desde_id: int, smtp_antes: int | None, limite: float = 180) -> dict:
    """Wait until the broker queue is empty and no email of this run is pending; what the worker did."""
    t0 = time.monotonic()
    while True:
        quedan = fondo.largo_cola(cola)
        estados = notificaciones(e, desde_id)
        if (quedan == 0 and not estados.get("pendiente")) or time.monotonic() - t0 > limite:
            break
        time.sleep(0.5)
    return {
        "drain_seconds": round(time.monotonic() - t0, 1),
        "queue_left": quedan,
        "notifications": sum(estados.values()),
        "emails_sent": estados.get("enviado", 0),
        "emails_pending": estados.get("pendiente", 0),
        "emails_failed": estados.get("fallido", 0),
        "emails_skipped": estados.get("omitido", 0),
        "tasks_done": sum(v for k, v in estados.items() if k != "pendiente"),
        "smtp_received": None if smtp_antes is None else recibidos() - smtp_antes,
    }


def correr_principal(wrk, e, args, cfg, workdir) -> dict:
    meta, sonda, tokens = preparar(e, args.reseed, workdir)
    eps = endpoints(e, meta)
    if args.only:
        eps = [ep for ep in eps if ep["name"] in {"ceiling_http", *args.only.split(",")}]
    for nombre, info in sonda["endpoints"].items():
        if info["status"] >= 400:
            log(f"[bench] probe: {nombre} answered {info['status']}: {info.get('error')}")
    # The Celery worker runs through the sweep and the main run, as beside a production server.
    cola = fondo.cola(e.nombre)
    fondo.vaciar_cola(cola)  # the probe's checkouts queued their emails with no worker running
    borrar_notificaciones(e)
    trabajador = fondo.Trabajador(
        servidor.entorno_servidor(entorno_bench(e, workdir)), workdir / f"celery-{e.nombre}.log", cola
    )
    try:
        trabajador.arrancar()
    except RuntimeError as error:
        sys.exit(f"[bench] ERROR: {error}")
    desde_id = ultima_notificacion(e)
    smtp_antes = recibidos()
    try:
        salida = _correr_principal(wrk, e, args, cfg, workdir, meta, sonda, tokens, eps, trabajador)
        fondo_final = vaciar_fondo(e, cola, desde_id, smtp_antes)
        salida["background"].update(fondo_final)
        salida["background"]["celery_rss_mb"]["after_drain"] = trabajador.rss_mb()
    finally:
        trabajador.parar()
    f = salida["background"]
    log(
        f"[bench] worker: {f['tasks_done']} email tasks done, {f['emails_sent']} sent, {f['smtp_received']} received "
        f"by the SMTP sink, {f['emails_pending']} pending, queue {f['queue_left']} (drained in {f['drain_seconds']} s)"
    )
    if f["queue_left"] or f["emails_pending"]:
        log("[bench] WARNING: the worker did not drain the queue")
    return salida


def _correr_principal(wrk, e, args, cfg, workdir, meta, sonda, tokens, eps, trabajador) -> dict:
    barrido = {}
    workers = args.workers
    if not workers:
        workers, barrido = elegir_workers(wrk, e, workdir, tokens, eps, cfg)
    log(f"[bench] serving with {workers} workers ({HILOS})")
    crudo = {}
    for ep in eps:
        if ep["report"]:
            crudo[ep["name"]] = sql_crudo(e, sonda["endpoints"][ep["name"]]["report_sql"], cfg["raw_reps"])
    srv = Servidor(e, workdir, workers)
    resultados = {}

    def preparacion(ep):
        if ep.get("mode") == "checkout":
            return lambda: seed.limpiar_y_reponer(e)  # restock + refill carts before every round
        if ep.get("mode") == "add":
            return lambda: seed.rellenar_carritos(e)  # empty the add-to-cart carts
        return None

    try:
        # One short pass over every endpoint so each worker has loaded its code paths: the RSS
        # taken after it is the "start" of the long run, compared with the RSS at the end.
        for ep in eps:
            medir(wrk, ep, workdir, tokens, e, {"warmup": 0, "rounds": 1, "duration": 1}, antes=preparacion(ep))
        rss_inicio = srv.rss_mb()
        celery_inicio = trabajador.rss_mb()
        # Rounds are interleaved (round 1 of every endpoint, then round 2 ...), so a burst of load
        # from elsewhere on the machine spreads over all endpoints, the ceiling included.
        rondas = {ep["name"]: [] for ep in eps}
        rondas_c1 = {ep["name"]: [] for ep in eps if ep["report"]}
        errores = dict.fromkeys(rondas, 0)
        redis_ep = {nombre: {"hits": 0, "misses": 0, "comandos": 0, "requests": 0} for nombre in rondas}
        stock = []
        rss_rondas = []
        celery_rondas = []
        for ronda in range(cfg["rounds"]):
            log(f"[bench] round {ronda + 1}/{cfg['rounds']}")
            for ep in eps:
                antes = preparacion(ep)
                if ronda == 0 and cfg["warmup"]:
                    if antes:
                        preparar_ronda(e, antes)
                    w = wrk_una(wrk, ep, workdir, tokens, e, cfg["warmup"], ep.get("connections", CONEXIONES))
                    errores[ep["name"]] += w["errors"]
                if antes:
                    preparar_ronda(e, antes)
                # Redis counters around the measured round only (not the warm-up, not the 1-client round).
                c0 = fondo.contadores_redis()
                r = wrk_una(wrk, ep, workdir, tokens, e, cfg["duration"], ep.get("connections", CONEXIONES))
                for k, v in fondo.delta(c0, fondo.contadores_redis()).items():
                    redis_ep[ep["name"]][k] += v
                redis_ep[ep["name"]]["requests"] += r["requests"]
                rondas[ep["name"]].append(r)
                if ep.get("mode") == "checkout":
                    esperar_quietud(e)
                    stock.append(seed.comprobar_stock(e))  # before the next round clears these sales
                if ep["report"]:
                    # Latency against the raw SQL: one client, so the p50 is not queueing.
                    rondas_c1[ep["name"]].append(wrk_una(wrk, ep, workdir, tokens, e, cfg["duration"], 1))
            rss_rondas.append(srv.rss_mb())
            celery_rondas.append(trabajador.rss_mb())
        for ep in eps:
            nombre = ep["name"]
            res = resumir(rondas[nombre])
            res["connections"] = ep.get("connections", CONEXIONES)
            res["errors"] += errores[nombre]
            if nombre in rondas_c1:
                uno = resumir(rondas_c1[nombre])
                res["c1_p50_ms"] = uno["p50_ms"]
                res["c1_rps"] = uno["rps"]
                res["errors"] += uno["errors"]
                res["raw_sql_ms"] = crudo[nombre]
                res["ratio_p50_raw"] = round(uno["p50_ms"] / crudo[nombre], 2) if crudo[nombre] else None
            if ep.get("mode") == "checkout":
                res["stock_checks"] = stock
                res["oversold"] = sum(c["sobreventa"] for c in stock)
            sq = sonda["endpoints"].get(nombre, {})
            res["queries"] = sq.get("queries")
            res["bytes"] = sq.get("bytes")
            res["label"] = ep["label"]
            rd = redis_ep[nombre]
            res["redis"] = rd
            lecturas = rd["hits"] + rd["misses"]
            res["cache_hit_ratio"] = round(rd["hits"] / lecturas, 3) if lecturas else None
            n = rd["requests"] or 1
            res["redis_hits_per_req"] = round(rd["hits"] / n, 2)
            res["redis_misses_per_req"] = round(rd["misses"] / n, 2)
            res["redis_cmds_per_req"] = round(rd["comandos"] / n, 2)
            resultados[nombre] = res
            log(
                f"[bench] {nombre:<26} {res['rps']:>8.1f}/s  p50 {res['p50_ms']:>7.2f} ms  "
                f"p99 {res['p99_ms']:>7.2f} ms  errors {res['errors']}  queries {res['queries']}  "
                f"cache hits {pct(res['cache_hit_ratio'])}"
            )
        rss_fin = srv.rss_mb()
        celery_fin = trabajador.rss_mb()
    finally:
        srv.parar()
    techo = resultados["ceiling_http"]["rps"]
    for res in resultados.values():
        res["ratio_ceiling"] = round(res["rps"] / techo, 3) if techo else None
    return {
        "scale": e.nombre,
        "seed": meta,
        "workers": workers,
        "worker_sweep": barrido,
        "endpoints": resultados,
        "page_size_queries": sonda["page_size"],
        "rss_mb": {"start": rss_inicio, "after_each_round": rss_rondas, "end": rss_fin},
        "background": {
            "broker": fondo.BROKER_URL,
            "queue": fondo.cola(e.nombre),
            "email_url": email_url(),
            "celery_rss_mb": {"start": celery_inicio, "after_each_round": celery_rondas, "end": celery_fin},
        },
    }


def correr_crecimiento(wrk, escalas, args, cfg, workers, workdir) -> dict:
    """Product list and each report (one client, p50) at two scales 10x apart; raw SQL alongside."""
    salida = {}
    for e in escalas:
        meta, sonda, tokens = preparar(e, args.reseed, workdir)
        fondo.vaciar_cola(fondo.cola(e.nombre))  # the probe's checkout email: no worker in this step
        eps = [ep for ep in endpoints(e, meta) if ep["report"] or ep["name"] in ("productos_lista", "ceiling_http")]
        srv = Servidor(e, workdir, workers)
        fila = {"seed": {k: meta[k] for k in ("productos", "ventas", "lineas", "desde", "hasta")}, "endpoints": {}}
        try:
            for ep in eps:
                conexiones = 1 if ep["report"] else CONEXIONES
                res = medir(wrk, ep, workdir, tokens, e, cfg, conexiones=conexiones)
                res["queries"] = sonda["endpoints"].get(ep["name"], {}).get("queries")
                if ep["report"]:
                    res["raw_sql_ms"] = sql_crudo(e, sonda["endpoints"][ep["name"]]["report_sql"], cfg["raw_reps"])
                    # A summary-table report can run in under the timer's resolution: no ratio then.
                    res["ratio_p50_raw"] = round(res["p50_ms"] / res["raw_sql_ms"], 2) if res["raw_sql_ms"] else None
                fila["endpoints"][ep["name"]] = res
                log(
                    f"[bench] growth {e.nombre} {ep['name']:<24} {res['rps']:>8.1f}/s p50 {res['p50_ms']:.2f} ms "
                    f"raw {res.get('raw_sql_ms', '-')} ms errors {res['errors']}"
                )
        finally:
            srv.parar()
        fila["page_size_queries"] = sonda["page_size"]
        salida[e.nombre] = fila
    return salida


# --- report ---------------------------------------------------------------------------------


def maquina() -> dict:
    def sh(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False, shell=True).stdout.strip()
        except OSError:
            return ""

    cpu = sh("lscpu | grep -E '^(Model name|CPU\\(s\\)|Thread|Core|Socket|CPU max MHz)' | sed 's/  */ /g'")
    return {
        "nproc": sh("nproc"),
        "memory": sh("free -h | awk '/^Mem:/ {print $2}'"),
        "cpu": cpu.splitlines(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": sh("psql -h 127.0.0.1 -U postgres -tAc 'select version()'"),
        "wrk": sh("wrk --version 2>&1 | head -1"),
        "commit": sh(f"git -C {ROOT} rev-parse --short HEAD")
        + (" (+ uncommitted changes)" if sh(f"git -C {ROOT} status --porcelain") else ""),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def escribir(datos: dict) -> str:
    m = datos["machine"]
    main = datos["main"]
    lineas = [
        "# Benchmark results",
        "",
        f"- Date: {m['date']}; commit {m['commit']}",
        f"- Machine: {m['nproc']} CPUs, {m['memory']} RAM; {'; '.join(m['cpu'])}",
        f"- Kernel {m['kernel']}, Python {m['python']}, {m['wrk']}",
        f"- {m['postgresql']}",
        f"- Scale `{main['scale']}`: {main['seed']['productos']:,} products, {main['seed']['ventas']:,} sales, "
        f"{main['seed']['lineas']:,} lines ({main['seed']['desde']} .. {main['seed']['hasta']})",
        f"- gunicorn, {main['workers']} workers ({HILOS}), DEBUG off, Redis cache; wrk, {CONEXIONES} connections, "
        f"warm-up {datos['config']['warmup']} s, {datos['config']['rounds']} rounds x {datos['config']['duration']} s, "
        "medians",
        "",
        "## Endpoints",
        "",
        "| endpoint | conns | req/s | p50 ms | p99 ms | errors | SQL/req | cache hits | Redis hits/misses/cmds "
        "per req | vs ceiling req/s | 1-client p50 ms | raw SQL ms | p50/raw |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for nombre, r in main["endpoints"].items():
        redis_req = (
            f"{r['redis_hits_per_req']} / {r['redis_misses_per_req']} / {r['redis_cmds_per_req']}"
            if "redis_cmds_per_req" in r
            else FALTA
        )
        lineas.append(
            f"| {nombre} | {r['connections']} | {r['rps']:.1f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
            f"{r['errors']} | "
            f"{'' if r['queries'] is None else r['queries']} | {pct(r.get('cache_hit_ratio'))} | {redis_req} | "
            f"{r['ratio_ceiling']:.0%} | "
            f"{r.get('c1_p50_ms', '')} | {r.get('raw_sql_ms', '')} | {r.get('ratio_p50_raw', '')} |"
        )
    lineas += [
        "",
        "*cache hits*: Redis `keyspace_hits / (keyspace_hits + keyspace_misses)` over the endpoint's measured "
        "rounds (16 connections; not the warm-up nor the 1-client rounds). The counters are the Redis server's, "
        "across all its databases: every read lookup of the app (response cache, catalogue version, user cache, "
        "throttle counters) plus the broker's and the Celery worker's, and anything else using that Redis at the "
        "time. *Redis ... per req*: the same hits and misses, and every Redis command (INFO excluded), divided by "
        "the requests wrk completed.",
    ]
    if "checkout" in main["endpoints"]:
        c = main["endpoints"]["checkout"]
        lineas += ["", f"Checkout stock checks after each round: {json.dumps(c['stock_checks'])}"]
    lineas += [
        "",
        f"gunicorn worker RSS (MB) after a 1-second warm-up pass over every endpoint: {main['rss_mb']['start']}; "
        f"after each round: {main['rss_mb']['after_each_round']}; at the end of the run: {main['rss_mb']['end']}",
        "",
        f"Product list SQL queries by page size (page 2): {json.dumps(main['page_size_queries'])}",
    ]
    f = main.get("background")
    if f:
        cr = f["celery_rss_mb"]
        lineas += [
            "",
            "## Background worker",
            "",
            f"- Celery worker (`celery -A backend worker`, prefork, default concurrency, no beat) on broker "
            f"`{f['broker']}`, queue `{f['queue']}`; email through `{f['email_url']}` (the bench's SMTP sink).",
            f"- Email tasks done: {f['tasks_done']} of {f['notifications']} notifications ({f['emails_sent']} sent, "
            f"{f['emails_skipped']} skipped, {f['emails_failed']} failed, {f['emails_pending']} still pending); "
            f"messages received by the SMTP sink: {f['smtp_received']}; queue left: {f['queue_left']} "
            f"(drained {f['drain_seconds']} s after the last round).",
            f"- RSS (MB; main process, then each pool process) after the warm-up pass: {cr['start']}; after each "
            f"round: {cr['after_each_round']}; at the end: {cr['end']}; after the drain: {cr.get('after_drain')}",
        ]
    if main["worker_sweep"]:
        lineas += [
            "",
            f"## Worker sweep ({HILOS}, short runs)",
            "",
            "| workers | list req/s | checkout req/s | score |",
            "|---:|---:|---:|---:|",
        ]
        for w, r in main["worker_sweep"].items():
            lineas.append(f"| {w} | {r['productos_lista_rps']} | {r['checkout_rps']} | {r['score']} |")
    g = datos.get("growth")
    if g:
        a, b = list(g)
        lineas += [
            "",
            "## Growth (10x data)",
            "",
            f"- `{a}`: {g[a]['seed']['productos']:,} products, {g[a]['seed']['lineas']:,} lines; "
            f"`{b}`: {g[b]['seed']['productos']:,} products, {g[b]['seed']['lineas']:,} lines "
            "(same sales per day, so one month holds the same data at both scales).",
            "- Product list at 16 connections (req/s); reports with one client (p50).",
            "",
            f"| endpoint | {a} req/s | {b} req/s | {a} p50 ms | {b} p50 ms | {a} raw ms | {b} raw ms | "
            f"{b}/{a} p50 | SQL/req {a}/{b} |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for k, ra in g[a]["endpoints"].items():
            rb = g[b]["endpoints"][k]
            lineas.append(
                f"| {k} | {ra['rps']:.1f} | {rb['rps']:.1f} | {ra['p50_ms']:.2f} | {rb['p50_ms']:.2f} | "
                f"{ra.get('raw_sql_ms', '')} | {rb.get('raw_sql_ms', '')} | {rb['p50_ms'] / ra['p50_ms']:.2f} | "
                f"{ra['queries']}/{rb['queries']} |"
            )
        lineas.append(
            f"\nProduct list SQL queries by page size: {a} {json.dumps(g[a]['page_size_queries'])}, "
            f"{b} {json.dumps(g[b]['page_size_queries'])}"
        )
    lineas += ["", "## Targets", "", "| | target | goal | measured | met |", "|---|---|---|---|---|"]
    for t in datos["targets"]:
        lineas.append(f"| {t['group']} | {t['target']} | {t['goal']} | {t['value']} | {marca(t['met'])} |")
    return "\n".join(lineas) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", default="default", choices=["default", "large"], help="data set of the main table")
    p.add_argument("--smoke", action="store_true", help="tiny scale, one short round, exit 1 on any error")
    p.add_argument("--reseed", action="store_true", help="drop and rebuild the seeded databases")
    p.add_argument("--workers", type=int, default=0, help="skip the worker sweep and use this many")
    p.add_argument("--no-growth", action="store_true", help="skip the two-scale growth measurement")
    p.add_argument("--duration", type=float, default=5, help="seconds per round")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--warmup", type=float, default=2)
    p.add_argument("--out", default=str(RESULTS), help="where latest.md/latest.json go")
    p.add_argument("--only", default="", help="comma-separated endpoint names (development; implies --no-growth)")
    args = p.parse_args()
    wrk = asegurar_wrk()
    cfg = {"duration": args.duration, "rounds": args.rounds, "warmup": args.warmup, "sweep": 4, "raw_reps": 15}
    if args.smoke:
        cfg = {"duration": 2, "rounds": 1, "warmup": 1, "sweep": 1, "raw_reps": 3}
        args.workers = args.workers or 2
    principal = seed.ESCALAS["smoke" if args.smoke else args.scale]
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    global SMTP
    with ServidorSMTP() as SMTP:
        try:
            return _main(args, wrk, cfg, principal, workdir)
        finally:
            SMTP = None


def _main(args, wrk, cfg, principal, workdir) -> int:
    t0 = time.monotonic()
    datos = {"config": cfg, "machine": maquina()}
    datos["main"] = correr_principal(wrk, principal, args, cfg, workdir)
    if not args.smoke and not args.no_growth and not args.only:
        escalas = [seed.ESCALAS["g10k"], seed.ESCALAS["g100k"]]
        datos["growth"] = correr_crecimiento(wrk, escalas, args, cfg, datos["main"]["workers"], workdir)
    datos["targets"] = objetivos(datos)
    datos["seconds"] = round(time.monotonic() - t0)
    md = escribir(datos)
    print(md)
    errores = sum(r["errors"] for r in datos["main"]["endpoints"].values())
    if args.smoke:
        oversold = datos["main"]["endpoints"]["checkout"]["oversold"]
        f = datos["main"]["background"]
        sin_enviar = f["queue_left"] + f["emails_pending"] + f["emails_failed"]
        if errores or oversold or sin_enviar or f["smtp_received"] != f["emails_sent"]:
            log(
                f"[bench] SMOKE FAILED: {errores} error responses, {oversold} oversold, {sin_enviar} emails not "
                f"sent, {f['emails_sent']} sent vs {f['smtp_received']} received"
            )
            return 1
        log(f"[bench] smoke OK in {datos['seconds']} s (results not written)")
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.md").write_text(md)
    (out / "latest.json").write_text(json.dumps(datos, indent=2, default=str))
    shutil.rmtree(workdir, ignore_errors=True)
    log(f"[bench] wrote {out / 'latest.md'} and latest.json in {datos['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
