"""The benchmarked requests, shared by the runner (wrk) and the probe (query counts)."""

from datetime import date, timedelta

from bench.seed import PASSWORD, Escala, ids_usuarios

REPORTES = {
    "reporte_ventas": "/api/ventas/reporte/ventas/",
    "reporte_usuarios": "/api/ventas/reporte/ventas-usuario/",
    "reporte_productos": "/api/ventas/reporte/productos-mas-vendidos/",
}


def rango_mes(meta: dict) -> tuple[str, str]:
    """The last 30 whole days of seeded history (before the seed date: bench checkouts never land in it)."""
    hasta = date.fromisoformat(meta["hasta"]) - timedelta(days=1)
    return (hasta - timedelta(days=29)).isoformat(), hasta.isoformat()


def endpoints(e: Escala, meta: dict) -> list[dict]:
    """Each endpoint: name, method, path, token (user key), body, and how wrk drives it.

    kind "static": one fixed request (-t 2 -c 16); kind "pool": one user per wrk thread (-t 16 -c 16).
    """
    ids = ids_usuarios(e)
    desde, hasta = rango_mes(meta)
    detalle = min(1234, e.productos)
    lista = [
        {
            "name": "ceiling_http",
            "label": "Ceiling: plain Django view, same middleware, pre-built JSON",
            "method": "GET",
            "path": "/api/bench/ceiling/",
            "token": None,
        },
        {
            "name": "productos_lista",
            "label": "Product list (page 1, 20 items, nested categoria)",
            "method": "GET",
            "path": "/api/productos/",
            "token": "cliente",
        },
        {
            "name": "productos_lista_p3",
            "label": "Product list (page 3, 20 items, nested categoria)",
            "method": "GET",
            "path": "/api/productos/?page=3",
            "token": "cliente",
        },
        {
            "name": "productos_busqueda",
            "label": "Product search (?search=queso)",
            "method": "GET",
            "path": "/api/productos/?search=queso",
            "token": "cliente",
        },
        {
            "name": "productos_filtro",
            "label": "Filtered list (categoria, price range, in stock, by -precio)",
            "method": "GET",
            "path": "/api/productos/?categoria=3&precio_min=50&precio_max=250&en_stock=true&ordering=-precio",
            "token": "cliente",
        },
        {
            "name": "producto_detalle",
            "label": "Product detail",
            "method": "GET",
            "path": f"/api/productos/{detalle}/",
            "token": "cliente",
        },
        {
            "name": "carrito_agregar",
            "label": "Add to cart (random product, 1 unit)",
            "method": "POST",
            "path": "/api/carrito-item/",
            "token": "carros",
            "kind": "pool",
            "mode": "add",
        },
        {
            "name": "carrito_ver",
            "label": "View cart (5 lines)",
            "method": "GET",
            "path": "/api/carrito/",
            "token": "visitante",
        },
        {
            "name": "checkout",
            "label": "Checkout, 3-line cart, 16 clients",
            "method": "POST",
            "path": "/api/venta/",
            "token": "compradores",
            "kind": "pool",
            "mode": "checkout",
        },
        {
            "name": "historial",
            "label": f"Purchase history page 1 (client with many sales, id {ids['cliente_historial']})",
            "method": "GET",
            "path": "/api/ventas/",
            "token": "historial",
        },
    ]
    for nombre, ruta in REPORTES.items():
        lista.append(
            {
                "name": f"{nombre}_todo",
                "label": f"{ruta} whole range",
                "method": "GET",
                "path": ruta,
                "token": "admin",
                "report": True,
            }
        )
        lista.append(
            {
                "name": f"{nombre}_mes",
                "label": f"{ruta} one month",
                "method": "GET",
                "path": f"{ruta}?desde={desde}&hasta={hasta}",
                "token": "admin",
                "report": True,
            }
        )
    lista.append(
        {
            "name": "login",
            "label": "Login (PBKDF2 password hashing, slow on purpose)",
            "method": "POST",
            "path": "/api/login/",
            "token": None,
            "body": {"username": ids["login"], "password": PASSWORD},
            # ~0.3-1 s of CPU each: 16 in flight would not finish within a short round.
            "connections": 4,
        }
    )
    for ep in lista:
        ep.setdefault("kind", "static")
        ep.setdefault("report", False)
    return lista
