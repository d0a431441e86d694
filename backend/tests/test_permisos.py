"""Access-control table: every endpoint x method x {anonymous, CLIENT, EMPLOYEE, ADMIN}.

Each row states the status API.md implies for each caller. A row is checked against freshly
created data, so write operations really succeed (2xx) or are really refused (401/403/405).
"""

from dataclasses import dataclass, field
from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from productos.tests.factories import CategoriaFactory, ProductoFactory, ProveedorFactory
from usuarios.models import Usuario
from usuarios.tests.factories import UsuarioFactory
from ventas.services import agregar_al_carrito
from ventas.tests.factories import CuponFactory, crear_venta

pytestmark = pytest.mark.django_db

ROLES = ["anonimo", "CLIENT", "EMPLOYEE", "ADMIN"]
_n = count()


def _unico(prefijo):
    return f"{prefijo}{next(_n)}"


@dataclass
class Ctx:
    """Data each row can use; `yo` is the caller (None when anonymous)."""

    yo: Usuario | None
    comprador: Usuario
    categoria: object
    producto: object
    proveedor: object
    cupon: object
    extra: dict = field(default_factory=dict)


def _venta_propia(c):
    return crear_venta(usuario=c.yo or c.comprador, lineas=[(c.producto, 1)])


def _calificacion(venta):
    """A rating of `venta` by its buyer, stored directly (the rating rules are not this table's subject)."""
    from ventas.models import Calificacion

    return Calificacion.objects.create(venta=venta, usuario=venta.usuario, calificacion=4)


def _item_propio(c):
    item, _ = agregar_al_carrito(usuario=c.yo or c.comprador, producto=c.producto, cantidad=1)
    return item


def _llenar_carrito(c):
    if c.yo:
        agregar_al_carrito(usuario=c.yo, producto=c.producto, cantidad=1)


def _refresh_propio(c):
    return str(RefreshToken.for_user(c.yo or c.comprador))


def _cupon_body():
    ahora = timezone.now()
    return {
        "codigo": _unico("NUEVO"),
        "tipo": "MONTO",
        "valor": "5.00",
        "valido_desde": ahora.isoformat(),
        "valido_hasta": (ahora + timedelta(days=3)).isoformat(),
        "activo": True,
        "usos_maximos": 10,
    }


def _imagen_de_producto(c):
    """One photo of the context's product, stored through the service (a 1x1 PNG)."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from productos.imagenes import procesar_imagen
    from productos.services import agregar_imagen

    png = io.BytesIO()
    Image.new("RGB", (1, 1)).save(png, "PNG")
    procesada = procesar_imagen(ContentFile(png.getvalue()), max_bytes=10_000, max_pixeles=1)
    return agregar_imagen(producto=c.producto, procesada=procesada)


def _pago_simulado(c, usuario):
    from pagos.services import iniciar_pago

    venta = crear_venta(usuario=usuario, lineas=[(c.producto, 1)])
    return iniciar_pago(usuario=usuario, venta_id=venta.pk, proveedor="simulado")[0]


def _notificacion(usuario):
    from notificaciones.models import Notificacion

    return Notificacion.objects.create(usuario=usuario, tipo="estado_venta", titulo="t", mensaje="m")


def _reset_token(usuario):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.http import urlsafe_base64_encode

    return {
        "uid": urlsafe_base64_encode(str(usuario.pk).encode()),
        "token": default_token_generator.make_token(usuario),
    }


def _producto_body(c):
    return {"nombre": _unico("Prod"), "precio": 10, "stock": 3, "categoria": c.categoria.pk, "descripcion": "x"}


def _usuario_body():
    return {"username": _unico("nuevo"), "email": "n@example.com", "rol": "CLIENT", "password": "Clave-larga-123"}


L, C, E, A = "anonimo", "CLIENT", "EMPLOYEE", "ADMIN"


def st(anon, client, employee, admin):
    return {L: anon, C: client, E: employee, A: admin}


# (name, method, path(ctx), body(ctx) or None, expected statuses)
TABLA = [
    ("health", "get", lambda c: "/api/health/", None, st(200, 200, 200, 200)),
    ("liveness", "get", lambda c: "/api/health/live/", None, st(200, 200, 200, 200)),
    ("schema", "get", lambda c: "/api/schema/", None, st(200, 200, 200, 200)),
    ("docs", "get", lambda c: "/api/docs/", None, st(200, 200, 200, 200)),
    ("ruta desconocida", "get", lambda c: "/api/no-existe/", None, st(404, 404, 404, 404)),
    (
        "register cliente",
        "post",
        lambda c: "/api/register/",
        lambda c: {"username": (u := _unico("reg")), "password": "Clave-larga-123", "email": f"{u}@example.com"},
        st(201, 201, 201, 201),
    ),
    (
        "register con rol",
        "post",
        lambda c: "/api/register/",
        lambda c: {
            "username": (u := _unico("reg")),
            "password": "Clave-larga-123",
            "email": f"{u}@example.com",
            "rol": "EMPLOYEE",
        },
        st(403, 403, 403, 201),
    ),
    (
        "login",
        "post",
        lambda c: "/api/login/",
        lambda c: {"username": c.comprador.username, "password": "clave-de-prueba-123"},
        st(200, 200, 200, 200),
    ),
    (
        "refresh",
        "post",
        lambda c: "/api/token/refresh/",
        lambda c: {"refresh": _refresh_propio(c)},
        st(200, 200, 200, 200),
    ),
    ("logout", "post", lambda c: "/api/logout/", lambda c: {"refresh": _refresh_propio(c)}, st(401, 200, 200, 200)),
    ("me leer", "get", lambda c: "/api/me/", None, st(401, 200, 200, 200)),
    ("me editar", "patch", lambda c: "/api/me/", lambda c: {"email": "otro@example.com"}, st(401, 200, 200, 200)),
    (
        "me reemplazar",
        "put",
        lambda c: "/api/me/",
        lambda c: {"email": f"{_unico('me')}@example.com", "first_name": "Ana", "last_name": "Gil"},
        st(401, 200, 200, 200),
    ),
    (
        "me cambiar contraseña",
        "post",
        lambda c: "/api/me/password/",
        lambda c: {"password_actual": "clave-de-prueba-123", "password_nuevo": "Otra-clave-larga-456"},
        st(401, 200, 200, 200),
    ),
    ("usuarios listar", "get", lambda c: "/api/usuarios/", None, st(401, 403, 200, 200)),
    ("usuarios crear", "post", lambda c: "/api/usuarios/", lambda c: _usuario_body(), st(401, 403, 403, 201)),
    ("usuarios ver", "get", lambda c: f"/api/usuarios/{c.comprador.pk}/", None, st(401, 403, 200, 200)),
    (
        "usuarios editar",
        "patch",
        lambda c: f"/api/usuarios/{c.comprador.pk}/",
        lambda c: {"email": "x@example.com"},
        st(401, 403, 403, 200),
    ),
    (
        "usuarios reemplazar",
        "put",
        lambda c: f"/api/usuarios/{c.comprador.pk}/",
        lambda c: {"username": c.comprador.username, "email": "y@example.com", "rol": "CLIENT"},
        st(401, 403, 403, 200),
    ),
    ("usuarios borrar", "delete", lambda c: f"/api/usuarios/{c.comprador.pk}/", None, st(401, 403, 403, 204)),
    ("categorias listar", "get", lambda c: "/api/categorias/", None, st(401, 200, 200, 200)),
    ("categorias ver", "get", lambda c: f"/api/categorias/{c.categoria.pk}/", None, st(401, 200, 200, 200)),
    (
        "categorias crear",
        "post",
        lambda c: "/api/categorias/",
        lambda c: {"nombre": _unico("Cat")},
        st(401, 403, 201, 201),
    ),
    (
        "categorias editar",
        "patch",
        lambda c: f"/api/categorias/{c.categoria.pk}/",
        lambda c: {"nombre": _unico("Cat")},
        st(401, 403, 200, 200),
    ),
    (
        "categorias reemplazar",
        "put",
        lambda c: f"/api/categorias/{c.categoria.pk}/",
        lambda c: {"nombre": _unico("Cat")},
        st(401, 403, 200, 200),
    ),
    (
        "categorias borrar",
        "delete",
        lambda c: f"/api/categorias/{CategoriaFactory().pk}/",
        None,
        st(401, 403, 204, 204),
    ),
    ("productos listar", "get", lambda c: "/api/productos/", None, st(401, 200, 200, 200)),
    ("productos ver", "get", lambda c: f"/api/productos/{c.producto.pk}/", None, st(401, 200, 200, 200)),
    ("productos crear", "post", lambda c: "/api/productos/", _producto_body, st(401, 403, 201, 201)),
    (
        "productos editar",
        "patch",
        lambda c: f"/api/productos/{c.producto.pk}/",
        lambda c: {"precio": "12.50"},
        st(401, 403, 200, 200),
    ),
    (
        "productos reemplazar",
        "put",
        lambda c: f"/api/productos/{c.producto.pk}/",
        _producto_body,
        st(401, 403, 200, 200),
    ),
    (
        "productos borrar",
        "delete",
        lambda c: f"/api/productos/{ProductoFactory().pk}/",
        None,
        st(401, 403, 204, 204),
    ),
    ("productos imagenes", "get", lambda c: f"/api/productos/{c.producto.pk}/imagenes/", None, st(401, 200, 200, 200)),
    # The table sends JSON: the role check answers first, then staff get 415 (uploads are multipart;
    # productos/tests/test_imagenes.py proves the 201).
    (
        "productos imagenes subir",
        "post",
        lambda c: f"/api/productos/{c.producto.pk}/imagenes/",
        lambda c: {"imagen": "no-es-un-archivo"},
        st(401, 403, 415, 415),
    ),
    (
        "productos imagen borrar",
        "delete",
        lambda c: f"/api/productos/{c.producto.pk}/imagenes/{_imagen_de_producto(c).pk}/",
        None,
        st(401, 403, 204, 204),
    ),
    ("proveedores listar", "get", lambda c: "/api/proveedores/", None, st(401, 403, 200, 200)),
    ("proveedores ver", "get", lambda c: f"/api/proveedores/{c.proveedor.pk}/", None, st(401, 403, 200, 200)),
    (
        "proveedores crear",
        "post",
        lambda c: "/api/proveedores/",
        lambda c: {"nombre": "P", "contacto": "Ana", "telefono": "600000000"},
        st(401, 403, 201, 201),
    ),
    (
        "proveedores editar",
        "patch",
        lambda c: f"/api/proveedores/{c.proveedor.pk}/",
        lambda c: {"telefono": "611111111"},
        st(401, 403, 200, 200),
    ),
    (
        "proveedores reemplazar",
        "put",
        lambda c: f"/api/proveedores/{c.proveedor.pk}/",
        lambda c: {"nombre": "Q", "contacto": "Luis", "telefono": "622222222"},
        st(401, 403, 200, 200),
    ),
    (
        "proveedores borrar",
        "delete",
        lambda c: f"/api/proveedores/{ProveedorFactory().pk}/",
        None,
        st(401, 403, 204, 204),
    ),
    ("inventario listar", "get", lambda c: "/api/inventario/", None, st(401, 403, 200, 200)),
    (
        "inventario ver",
        "get",
        lambda c: f"/api/inventario/{c.producto.inventario.pk}/",
        None,
        st(401, 403, 200, 200),
    ),
    (
        "inventario reemplazar",
        "put",
        lambda c: f"/api/inventario/{c.producto.inventario.pk}/",
        lambda c: {"cantidad": 45},
        st(401, 403, 200, 200),
    ),
    (
        "inventario editar",
        "patch",
        lambda c: f"/api/inventario/{c.producto.inventario.pk}/",
        lambda c: {"cantidad": 44},
        st(401, 403, 200, 200),
    ),
    (
        "inventario crear",
        "post",
        lambda c: "/api/inventario/",
        lambda c: {"cantidad": 1},
        st(401, 403, 405, 405),
    ),
    (
        "inventario borrar",
        "delete",
        lambda c: f"/api/inventario/{c.producto.inventario.pk}/",
        None,
        st(401, 403, 405, 405),
    ),
    ("movimientos listar", "get", lambda c: "/api/inventario/movimientos/", None, st(401, 403, 200, 200)),
    (
        "movimientos ver",
        "get",
        lambda c: f"/api/inventario/movimientos/{c.producto.movimientos.first().pk}/",
        None,
        st(401, 403, 200, 200),
    ),
    ("carrito ver", "get", lambda c: "/api/carrito/", None, st(401, 200, 200, 200)),
    ("carrito crear", "post", lambda c: "/api/carrito/", lambda c: {}, st(401, 201, 201, 201)),
    ("carrito vaciar", "delete", lambda c: "/api/carrito/", None, st(401, 200, 200, 200)),
    ("lineas listar", "get", lambda c: "/api/carrito-item/", None, st(401, 200, 200, 200)),
    (
        "linea agregar",
        "post",
        lambda c: "/api/carrito-item/",
        lambda c: {"producto": c.producto.pk, "cantidad": 1},
        st(401, 201, 201, 201),
    ),
    ("linea ver", "get", lambda c: f"/api/carrito-item/{_item_propio(c).pk}/", None, st(401, 200, 200, 200)),
    (
        "linea cambiar",
        "patch",
        lambda c: f"/api/carrito-item/{_item_propio(c).pk}/",
        lambda c: {"cantidad": 2},
        st(401, 200, 200, 200),
    ),
    (
        "linea reemplazar",
        "put",
        lambda c: f"/api/carrito-item/{_item_propio(c).pk}/",
        lambda c: {"producto": c.producto.pk, "cantidad": 2},
        st(401, 200, 200, 200),
    ),
    (
        "linea borrar",
        "delete",
        lambda c: f"/api/carrito-item/{_item_propio(c).pk}/",
        None,
        st(401, 204, 204, 204),
    ),
    (
        "checkout",
        "post",
        lambda c: (_llenar_carrito(c), "/api/venta/")[1],
        lambda c: {},
        st(401, 201, 201, 201),
    ),
    ("checkout resumen", "get", lambda c: "/api/venta/resumen/", None, st(401, 200, 200, 200)),
    ("ventas listar", "get", lambda c: "/api/ventas/", None, st(401, 200, 200, 200)),
    ("ventas ver propia", "get", lambda c: f"/api/ventas/{_venta_propia(c).pk}/", None, st(401, 200, 200, 200)),
    (
        "ventas ver ajena",
        "get",
        lambda c: f"/api/ventas/{crear_venta(lineas=[(c.producto, 1)]).pk}/",
        None,
        st(401, 404, 200, 200),
    ),
    (
        "ventas pagar",
        "post",
        lambda c: f"/api/ventas/{_venta_propia(c).pk}/estado/",
        lambda c: {"estado": "PAGADA"},
        st(401, 403, 200, 200),
    ),
    (
        "ventas cancelar propia",
        "post",
        lambda c: f"/api/ventas/{_venta_propia(c).pk}/estado/",
        lambda c: {"estado": "CANCELADA"},
        st(401, 200, 200, 200),
    ),
    (
        "ventas cancelar ajena",
        "post",
        lambda c: f"/api/ventas/{crear_venta(lineas=[(c.producto, 1)]).pk}/estado/",
        lambda c: {"estado": "CANCELADA"},
        st(401, 404, 200, 200),
    ),
    ("ventas borrar", "delete", lambda c: f"/api/ventas/{_venta_propia(c).pk}/", None, st(401, 405, 405, 405)),
    ("calificaciones listar", "get", lambda c: "/api/ventas/calificaciones/", None, st(401, 200, 200, 200)),
    (
        "calificacion ver propia",
        "get",
        lambda c: f"/api/ventas/calificaciones/{_calificacion(_venta_propia(c)).pk}/",
        None,
        st(401, 200, 200, 200),
    ),
    (
        "calificacion ver ajena",
        "get",
        lambda c: f"/api/ventas/calificaciones/{_calificacion(crear_venta(lineas=[(c.producto, 1)])).pk}/",
        None,
        st(401, 404, 200, 200),
    ),
    (
        "calificar propia",
        "post",
        lambda c: "/api/ventas/calificaciones/",
        lambda c: {"venta": _venta_propia(c).pk, "calificacion": 4, "comentario": "ok"},
        st(401, 201, 201, 201),
    ),
    (
        "calificar ajena",
        "post",
        lambda c: "/api/ventas/calificaciones/",
        lambda c: {"venta": crear_venta(lineas=[(c.producto, 1)]).pk, "calificacion": 4},
        st(401, 404, 404, 404),
    ),
    ("cupones listar", "get", lambda c: "/api/cupones/", None, st(401, 403, 200, 200)),
    ("cupones ver", "get", lambda c: f"/api/cupones/{c.cupon.pk}/", None, st(401, 403, 200, 200)),
    ("cupones crear", "post", lambda c: "/api/cupones/", lambda c: _cupon_body(), st(401, 403, 201, 201)),
    (
        "cupones editar",
        "patch",
        lambda c: f"/api/cupones/{c.cupon.pk}/",
        lambda c: {"activo": False},
        st(401, 403, 200, 200),
    ),
    (
        "cupones reemplazar",
        "put",
        lambda c: f"/api/cupones/{c.cupon.pk}/",
        lambda c: _cupon_body(),
        st(401, 403, 200, 200),
    ),
    ("cupones borrar", "delete", lambda c: f"/api/cupones/{c.cupon.pk}/", None, st(401, 403, 204, 204)),
    ("reporte ventas", "get", lambda c: "/api/ventas/reporte/ventas/", None, st(401, 403, 200, 200)),
    (
        "reporte ventas-usuario",
        "get",
        lambda c: "/api/ventas/reporte/ventas-usuario/",
        None,
        st(401, 403, 200, 200),
    ),
    (
        "reporte productos",
        "get",
        lambda c: "/api/ventas/reporte/productos-mas-vendidos/",
        None,
        st(401, 403, 200, 200),
    ),
    # Payments (API.md "Payments"): the buyer pays its own sale; staff see its payments.
    ("pagos proveedores", "get", lambda c: "/api/pagos/proveedores/", None, st(401, 200, 200, 200)),
    (
        "pagos de venta propia",
        "get",
        lambda c: f"/api/ventas/{_venta_propia(c).pk}/pagos/",
        None,
        st(401, 200, 200, 200),
    ),
    (
        "pagos de venta ajena",
        "get",
        lambda c: f"/api/ventas/{crear_venta(lineas=[(c.producto, 1)]).pk}/pagos/",
        None,
        st(401, 404, 200, 200),
    ),
    (
        "pagar venta propia",
        "post",
        lambda c: f"/api/ventas/{_venta_propia(c).pk}/pagos/",
        lambda c: {"proveedor": "simulado"},
        st(401, 201, 201, 201),
    ),
    (
        "pagar venta ajena",
        "post",
        lambda c: f"/api/ventas/{crear_venta(lineas=[(c.producto, 1)]).pk}/pagos/",
        lambda c: {"proveedor": "simulado"},
        st(401, 404, 404, 404),
    ),
    (
        "simular pago propio",
        "post",
        lambda c: f"/api/pagos/{_pago_simulado(c, c.yo or c.comprador).pk}/simular/",
        lambda c: {"resultado": "exito"},
        st(401, 200, 200, 200),
    ),
    (
        "simular pago ajeno",
        "post",
        lambda c: f"/api/pagos/{_pago_simulado(c, c.comprador).pk}/simular/",
        lambda c: {"resultado": "exito"},
        st(401, 404, 404, 404),
    ),
    (
        "capturar pago propio no paypal",
        "post",
        lambda c: f"/api/pagos/{_pago_simulado(c, c.yo or c.comprador).pk}/capturar/",
        lambda c: {},
        st(401, 409, 409, 409),
    ),
    ("webhook stripe sin firma", "post", lambda c: "/api/pagos/webhooks/stripe/", lambda c: {}, st(400, 400, 400, 400)),
    ("webhook paypal sin firma", "post", lambda c: "/api/pagos/webhooks/paypal/", lambda c: {}, st(400, 400, 400, 400)),
    # Notifications (API.md "Notifications"): each user sees and marks only their own.
    ("notificaciones listar", "get", lambda c: "/api/notificaciones/", None, st(401, 200, 200, 200)),
    ("notificaciones resumen", "get", lambda c: "/api/notificaciones/resumen/", None, st(401, 200, 200, 200)),
    (
        "notificacion propia leida",
        "post",
        lambda c: f"/api/notificaciones/{_notificacion(c.yo or c.comprador).pk}/leida/",
        lambda c: {},
        st(401, 200, 200, 200),
    ),
    (
        "notificacion ajena leida",
        "post",
        lambda c: f"/api/notificaciones/{_notificacion(c.comprador).pk}/leida/",
        lambda c: {},
        st(401, 404, 404, 404),
    ),
    (
        "notificaciones leer todas",
        "post",
        lambda c: "/api/notificaciones/leer-todas/",
        lambda c: {},
        st(401, 200, 200, 200),
    ),
    (
        "password reset",
        "post",
        lambda c: "/api/password-reset/",
        lambda c: {"email": c.comprador.email},
        st(202, 202, 202, 202),
    ),
    (
        "password reset confirmar",
        "post",
        lambda c: "/api/password-reset/confirm/",
        lambda c: {**_reset_token(c.comprador), "password": "Otra-clave-larga-987"},
        st(200, 200, 200, 200),
    ),
    (
        "password reset token malo",
        "post",
        lambda c: "/api/password-reset/confirm/",
        lambda c: {"uid": "MQ", "token": "no-vale", "password": "Otra-clave-larga-987"},
        st(400, 400, 400, 400),
    ),
]


def _casos():
    for nombre, metodo, ruta, cuerpo, esperado in TABLA:
        for rol in ROLES:
            yield pytest.param(metodo, ruta, cuerpo, rol, esperado[rol], id=f"{nombre}-{metodo}-{rol}")


@pytest.mark.parametrize(("metodo", "ruta", "cuerpo", "rol", "esperado"), list(_casos()))
def test_tabla_de_acceso(metodo, ruta, cuerpo, rol, esperado):
    yo = None if rol == "anonimo" else UsuarioFactory(rol=rol)
    producto = ProductoFactory(stock=100)
    ctx = Ctx(
        yo=yo,
        comprador=UsuarioFactory(),
        categoria=producto.categoria,
        producto=producto,
        proveedor=ProveedorFactory(),
        cupon=CuponFactory(),
    )
    cliente_api = APIClient()
    if yo is not None:
        cliente_api.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(yo).access_token}")
    url = ruta(ctx)
    datos = cuerpo(ctx) if cuerpo else None
    respuesta = getattr(cliente_api, metodo)(url, datos, format="json")
    assert respuesta.status_code == esperado, (url, respuesta.content[:300])
    if respuesta.status_code >= 400:
        cuerpo_json = respuesta.json()
        assert set(cuerpo_json) >= {"error", "codigo"}, cuerpo_json


def _rutas_de_la_api():
    """{route: (view, methods)} of every /api/ URL pattern, routes written as ResolverMatch.route."""
    import re

    from django.urls import URLPattern, URLResolver

    from backend.urls import urlpatterns

    def unir(ruta1, ruta2):  # Django's URLResolver._join_route
        return ruta2 if not ruta1 else ruta1 + ruta2.removeprefix("^")

    rutas = {}

    def recorrer(patrones, prefijo):
        for patron in patrones:
            if isinstance(patron, URLResolver):
                recorrer(patron.url_patterns, unir(prefijo, str(patron.pattern)))
            elif isinstance(patron, URLPattern):
                ruta = unir(prefijo, str(patron.pattern))
                if not ruta.startswith("api/") or "(?P<format>" in ruta or ruta.endswith("^.*$"):
                    continue
                vista = patron.callback
                acciones = getattr(vista, "actions", None)
                if acciones:  # DRF adds "head" to this dict once the route has served a GET
                    metodos = sorted(m for m in acciones if m not in ("head", "options"))
                else:
                    clase = getattr(vista, "cls", None) or getattr(vista, "view_class", None)
                    permitidos = clase().allowed_methods if clase else ["GET"]
                    metodos = sorted(m.lower() for m in permitidos if m not in ("OPTIONS", "HEAD"))
                legible = "/" + re.sub(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>", r"{\1\2}", ruta)
                rutas[ruta] = (legible.replace("^", "").replace("$", ""), metodos)

    recorrer(urlpatterns, "")
    return rutas


def test_la_tabla_cubre_cada_ruta_y_metodo_de_la_api():
    """Every method of every /api/ route (exactly: the route the row's URL resolves to, not a shared
    prefix) has a row in TABLA, so a new endpoint or verb without a row makes this test fail."""
    from urllib.parse import urlsplit

    from django.urls import resolve

    admin = UsuarioFactory(rol=A)
    producto = ProductoFactory(stock=100)
    ctx = Ctx(
        yo=admin,
        comprador=UsuarioFactory(),
        categoria=producto.categoria,
        producto=producto,
        proveedor=ProveedorFactory(),
        cupon=CuponFactory(),
    )
    cubiertas = {(resolve(urlsplit(ruta(ctx)).path).route, metodo) for _, metodo, ruta, _, _ in TABLA}

    faltan = [
        f'  ("<name>", "{metodo}", lambda c: "{legible}", <body or None>, '
        "st(<anonymous>, <CLIENT>, <EMPLOYEE>, <ADMIN>)),"
        for ruta, (legible, metodos) in sorted(_rutas_de_la_api().items())
        for metodo in metodos
        if (ruta, metodo) not in cubiertas
    ]
    assert not faltan, (
        "Add these rows to TABLA in backend/tests/test_permisos.py (fill in the ids in the path, the body "
        "and the status each caller gets):\n" + "\n".join(faltan)
    )
