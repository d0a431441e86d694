"""The targets a run is judged by: issue 14's table, then the growth checks, computed from latest.json.

Used by bench.run (latest.md's "Targets") and bench.tabla (README's table), so both always say the
same. A figure the run did not measure (an older latest.json, `--only`, `--smoke`) gives
`met: None` and the value "—".
"""

FALTA = "—"

# Issue 14, "Targets (same machine, same run, 2 sync workers, 16 connections)".
ISSUE = 14
REPORTES = ("reporte_ventas", "reporte_usuarios", "reporte_productos")


def pct(r) -> str:
    return FALTA if r is None else f"{r:.0%}"


def _ratio(ep: dict, nombre: str):
    return (ep.get(nombre) or {}).get("ratio_ceiling")


def _techo(ep: dict, nombres: list[str], minimo: float) -> tuple[bool | None, str]:
    """Every named endpoint at `minimo` of the ceiling or more."""
    ratios = [_ratio(ep, n) for n in nombres]
    valor = " / ".join(pct(r) for r in ratios)
    if any(r is None for r in ratios):
        return None, valor
    return all(r >= minimo for r in ratios), valor


def _crecimiento(u: float | None, v: float | None) -> str:
    return FALTA if not u or v is None else f"{u} -> {v} MB ({(v - u) / u:+.0%})"


def objetivos(datos: dict) -> list[dict]:
    """[{group, target, goal, value, met}]: met is True, False or None (not measured in this run)."""
    main = datos.get("main") or {}
    ep = main.get("endpoints") or {}
    t = []

    def add(grupo, objetivo, meta, met, valor):
        t.append({"group": grupo, "target": objetivo, "goal": meta, "value": valor, "met": met})

    issue = f"issue {ISSUE}"
    met, valor = _techo(ep, ["productos_lista", "productos_lista_p3"], 0.5)
    add(issue, "Product list, page 1 / page 3, 20 items (of ceiling req/s)", ">= 50%", met, valor)
    met, valor = _techo(ep, ["producto_detalle"], 0.6)
    add(issue, "Product detail (of ceiling req/s)", ">= 60%", met, valor)
    met, valor = _techo(ep, ["productos_busqueda"], 0.25)
    add(issue, "Product search, one word (of ceiling req/s)", ">= 25%", met, valor)
    met, valor = _techo(ep, ["productos_filtro"], 0.4)
    add(issue, "Filtered list, category + price range (of ceiling req/s)", ">= 40%", met, valor)

    c = ep.get("checkout")
    if c and c.get("oversold") is not None:
        met = c["rps"] >= 100 and c["errors"] == 0 and c["oversold"] == 0
        valor = f"{c['rps']:.0f}/s, {c['errors']} errors, {c['oversold']} oversold"
    else:
        met, valor = None, FALTA
    add(issue, "Checkout, 3 lines, 16 clients", ">= 100/s, 0 errors, 0 oversold", met, valor)

    # Whole history at ~1M sale lines: the growth step's big data set (g100k), one client.
    g = datos.get("growth") or {}
    grande = (g.get("g100k") or {}).get("endpoints") or {}
    todo = [grande.get(f"{r}_todo", {}).get("p50_ms") for r in REPORTES]
    if all(v is not None for v in todo):
        lineas = g["g100k"]["seed"]["lineas"]
        met, valor = max(todo) <= 50, " / ".join(f"{v:.1f}" for v in todo) + f" ms ({lineas:,} lines)"
    else:
        met, valor = None, FALTA
    add(
        issue,
        "Every report, whole history, 1M sale lines, 1-client p50 (sales / per user / best-sellers)",
        "<= 50 ms",
        met,
        valor,
    )

    # One month, main data set: the 1-client p50 over the same SQL run directly in PostgreSQL.
    mes = [ep.get(f"{r}_mes", {}).get("ratio_p50_raw") for r in REPORTES]
    if all(v is not None for v in mes):
        met, valor = max(mes) <= 2, " / ".join(f"{v:.2f}x" for v in mes)
    else:
        met, valor = None, " / ".join(FALTA if v is None else f"{v:.2f}x" for v in mes)
    add(
        issue,
        "Every report, one month, 1-client p50 vs its raw SQL (sales / per user / best-sellers)",
        "<= 2x",
        met,
        valor,
    )

    # Worker RSS: the gunicorn workers (largest one) and the Celery worker (all its processes).
    rss = main.get("rss_mb") or {}
    gu = (max(rss["start"]) if rss.get("start") else None, max(rss["end"]) if rss.get("end") else None)
    cel = ((main.get("background") or {}).get("celery_rss_mb")) or {}
    ce = tuple(round(sum(cel[k]), 1) if cel.get(k) else None for k in ("start", "end"))
    partes = [f"gunicorn {_crecimiento(*gu)}", f"celery {_crecimiento(*ce)}"]
    medidos = [p for p in (gu, ce) if p[0] and p[1] is not None]
    met = None if len(medidos) < 2 else all(b <= a * 1.10 for a, b in medidos)
    add(
        issue,
        "Worker RSS growth over the run (largest gunicorn worker; Celery worker, all processes)",
        "<= 10%",
        met,
        "; ".join(partes),
    )

    # Growth checks kept from the first performance issue (10x data).
    if len(g) >= 2:
        chico, grande = (g[k]["endpoints"] for k in list(g)[:2])
        veces = {k: grande[k]["p50_ms"] / chico[k]["p50_ms"] for k in chico if k.endswith("_mes")}
        lentos = [f"{k} {r:.2f}x" for k, r in veces.items()]
        peor = max(veces.values())
        # "No slower": within 10% measurement noise.
        add("growth", "One-month reports at 10x lines (p50 big / small)", "<= 1.10x", peor <= 1.10, ", ".join(lentos))
        r = grande["productos_lista"]["rps"] / chico["productos_lista"]["rps"]
        add("growth", "Product list at 100k products (req/s vs 10k)", ">= 80%", r >= 0.8, f"{r:.0%}")
        constantes = (
            all(chico[k]["queries"] == grande[k]["queries"] for k in chico if k != "ceiling_http")
            and len({v["queries"] for gg in g.values() for v in gg["page_size_queries"].values()}) == 1
        )
        add("growth", "Query count constant in data size and page size", "constant", constantes, "see queries columns")
    return t


def marca(met: bool | None) -> str:
    return FALTA if met is None else ("yes" if met else "NO")
