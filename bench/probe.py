"""Runs inside Django against one benchmark database (a subprocess of bench.run).

  python -m bench.probe SCALE WORKDIR
writes WORKDIR/tokens.json, WORKDIR/compradores.txt, WORKDIR/carros.txt, WORKDIR/ceiling.json and
prints one JSON object: per endpoint the SQL queries of a warm request (Django test client +
CaptureQueriesContext, same settings as the server), its status and body size, the product list's
query count at page sizes 20 and 100, and each report's SQL (to be timed raw in PostgreSQL).
"""

import json
import sys
from pathlib import Path

import django


def main(nombre: str, workdir: str) -> None:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework_simplejwt.tokens import AccessToken

    from bench.endpoints import endpoints
    from bench.seed import ESCALAS, _marca, ids_usuarios
    from usuarios.models import Usuario

    e = ESCALAS[nombre]
    meta = _marca(e)
    ids = ids_usuarios(e)
    work = Path(workdir)

    def token(pk):
        return str(AccessToken.for_user(Usuario.objects.get(pk=pk)))

    a, b = ids["compradores"]
    compradores = [str(AccessToken.for_user(u)) for u in Usuario.objects.filter(pk__range=(a, b)).order_by("pk")]
    a, b = ids["carros"]
    carros = [str(AccessToken.for_user(u)) for u in Usuario.objects.filter(pk__range=(a, b)).order_by("pk")]
    tokens = {
        "admin": token(ids["admin"]),
        "cliente": token(ids["clientes"][0] + 5),
        "historial": token(ids["cliente_historial"]),
        "visitante": token(ids["visitante"]),
        "carros": carros[0],
        "compradores": compradores[0],
    }
    (work / "tokens.json").write_text(json.dumps(tokens))
    (work / "compradores.txt").write_text("\n".join(compradores) + "\n")
    (work / "carros.txt").write_text("\n".join(carros) + "\n")

    client = Client(HTTP_HOST="127.0.0.1")

    def pedir(ep, path=None):
        kw = {}
        if ep["token"]:
            kw["HTTP_AUTHORIZATION"] = f"Bearer {tokens[ep['token']]}"
        path = path or ep["path"]
        if ep["method"] == "POST":
            body = ep.get("body")
            if ep.get("mode") == "add":
                body = {"producto": 1, "cantidad": 1}
            if ep.get("mode") == "checkout":
                body = {}
            return client.post(path, data=json.dumps(body), content_type="application/json", **kw)
        return client.get(path, **kw)

    salida = {"endpoints": {}, "page_size": {}}
    eps = endpoints(e, meta)
    for ep in eps:
        if ep["name"] == "ceiling_http":
            continue
        if ep.get("mode") == "checkout":
            # Two different pool users (each has a full cart); count the second.
            pedir(ep)
            tokens["compradores"] = compradores[1]
        elif ep["name"] != "login":
            pedir(ep)  # warm: caches, first-time connection setup
        with CaptureQueriesContext(connection) as ctx:
            r = pedir(ep)
        sql = [q["sql"] for q in ctx.captured_queries]
        info = {"status": r.status_code, "bytes": len(r.content), "queries": len(sql)}
        if r.status_code >= 400:
            info["error"] = r.content[:300].decode(errors="replace")
        if ep["report"]:
            # The report's own statements (sales, lines or the daily summary tables), not the auth lookup.
            info["report_sql"] = [s for s in sql if '"ventas_' in s]
        salida["endpoints"][ep["name"]] = info
        if ep["name"] == "productos_lista":
            (work / "ceiling.json").write_bytes(r.content)
    lista = next(ep for ep in eps if ep["name"] == "productos_lista")
    for tam in (20, 100):
        with CaptureQueriesContext(connection) as ctx:
            r = pedir(lista, f"/api/productos/?page_size={tam}&page=2")
        salida["page_size"][str(tam)] = {"status": r.status_code, "queries": len(ctx.captured_queries)}
    print(json.dumps(salida))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
