"""In-app notifications over HTTP and emails through a real SMTP server (aiosmtpd)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from notificaciones.models import Notificacion
from notificaciones.services import entregar_email, reencolar_pendientes
from notificaciones.tests.factories import NotificacionFactory
from notificaciones.tests.smtp import html, texto
from productos.tests.factories import ProductoFactory
from usuarios.models import Usuario
from usuarios.tests.factories import UsuarioFactory
from ventas.services import agregar_al_carrito

pytestmark = pytest.mark.django_db

LISTA = reverse("notificaciones:notificacion-list")
RESUMEN = reverse("notificaciones:notificacion-resumen")
LEER_TODAS = reverse("notificaciones:notificacion-leer-todas")


def leida_url(pk):
    return reverse("notificaciones:notificacion-leida", args=[pk])


def _comprar(auth_client, usuario, lineas, capturar):
    for producto, cantidad in lineas:
        agregar_al_carrito(usuario=usuario, producto=producto, cantidad=cantidad)
    with capturar(execute=True):
        return auth_client(usuario).post(reverse("ventas:checkout"), {}, format="json")


# --- In-app API -----------------------------------------------------------------------------


def test_list_shows_only_own_notifications_newest_first(cliente, otro_cliente, auth_client):
    primera = NotificacionFactory(usuario=cliente)
    segunda = NotificacionFactory(usuario=cliente)
    NotificacionFactory(usuario=otro_cliente)
    r = auth_client(cliente).get(LISTA)
    assert r.status_code == 200
    assert [n["id"] for n in r.json()["results"]] == [segunda.pk, primera.pk]
    assert set(r.json()["results"][0]) == {"id", "tipo", "titulo", "mensaje", "datos", "leida", "fecha"}


def test_list_filters_unread_and_summary_counts_them(cliente, auth_client):
    NotificacionFactory(usuario=cliente, leida=True)
    no_leida = NotificacionFactory(usuario=cliente)
    api = auth_client(cliente)
    assert [n["id"] for n in api.get(LISTA, {"no_leidas": "true"}).json()["results"]] == [no_leida.pk]
    assert api.get(RESUMEN).json() == {"no_leidas": 1}


def test_bad_unread_filter_is_a_400_in_the_error_format(cliente, auth_client):
    r = auth_client(cliente).get(LISTA, {"no_leidas": "quizas"})
    assert r.status_code == 400
    assert r.json()["codigo"] == "validacion" and "no_leidas" in r.json()["campos"]


def test_mark_one_read_and_someone_elses_is_404(cliente, otro_cliente, auth_client):
    mia = NotificacionFactory(usuario=cliente)
    ajena = NotificacionFactory(usuario=otro_cliente)
    api = auth_client(cliente)
    r = api.post(leida_url(mia.pk), {}, format="json")
    assert r.status_code == 200 and r.json()["leida"] is True and r.json()["id"] == mia.pk
    r = api.post(leida_url(ajena.pk), {}, format="json")
    assert r.status_code == 404 and r.json()["codigo"]
    ajena.refresh_from_db()
    assert ajena.leida is False


def test_mark_all_read_counts_only_own_unread(cliente, otro_cliente, auth_client):
    NotificacionFactory.create_batch(3, usuario=cliente)
    NotificacionFactory(usuario=cliente, leida=True)
    NotificacionFactory(usuario=otro_cliente)
    api = auth_client(cliente)
    assert api.post(LEER_TODAS, {}, format="json").json() == {"marcadas": 3}
    assert api.get(RESUMEN).json() == {"no_leidas": 0}
    assert Notificacion.objects.filter(usuario=otro_cliente, leida=False).count() == 1


def test_anonymous_gets_401(api_client):
    assert api_client.get(LISTA).status_code == 401
    assert api_client.get(RESUMEN).status_code == 401


def test_list_query_count_does_not_grow_with_rows(cliente, auth_client, django_assert_max_num_queries):
    NotificacionFactory.create_batch(15, usuario=cliente)
    api = auth_client(cliente)
    with django_assert_max_num_queries(4):
        assert len(api.get(LISTA).json()["results"]) == 15


# --- Events that notify ---------------------------------------------------------------------


def test_register_creates_a_welcome_and_emails_it(api_client, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = api_client.post(
            reverse("usuarios:register"),
            {"username": "lucia", "password": "Clave-segura-123", "email": "lucia@example.com"},
            format="json",
        )
    assert r.status_code == 201
    usuario = Usuario.objects.get(username="lucia")
    n = Notificacion.objects.get(usuario=usuario)
    assert n.tipo == "bienvenida" and n.email_estado == "enviado"
    (recibido,) = smtp.esperar(1)
    assert recibido["para"] == ["lucia@example.com"]
    assert "bienvenida" in recibido["mensaje"]["Subject"]
    assert "tu cuenta está lista" in texto(recibido["mensaje"])


def test_checkout_notifies_the_buyer_and_emails_lines_and_amounts(
    cliente, auth_client, smtp, django_capture_on_commit_callbacks, settings
):
    settings.TIENDA_URL_PUBLICA = "https://tienda.example"
    cafe = ProductoFactory(nombre="Café 1kg", precio=Decimal("12.50"), stock=20)
    te = ProductoFactory(nombre="Té verde", precio=Decimal("3.25"), stock=20)
    r = _comprar(auth_client, cliente, [(cafe, 2), (te, 1)], django_capture_on_commit_callbacks)
    assert r.status_code == 201
    venta_id = r.json()["id"]

    n = Notificacion.objects.get(usuario=cliente, tipo="venta_confirmada")
    assert n.datos["venta"] == venta_id and n.datos["total"] == "28.25"
    (recibido,) = smtp.esperar(1)
    mensaje = recibido["mensaje"]
    assert recibido["para"] == [cliente.email]
    assert mensaje["Subject"] == f"Tienda: Pedido #{venta_id} confirmado"
    cuerpo = texto(mensaje)
    assert "Hemos recibido tu pedido" in cuerpo
    assert "Café 1kg × 2 a 12,50 €: 25,00 €" in cuerpo
    assert "Té verde × 1 a 3,25 €: 3,25 €" in cuerpo
    assert "Total: 28,25 €" in cuerpo
    assert f"https://tienda.example/pedidos?venta={venta_id}" in cuerpo
    assert "<td>Café 1kg</td>" in html(mensaje) and "28,25 €" in html(mensaje)
    n.refresh_from_db()
    assert n.email_estado == "enviado" and n.email_enviado_en is not None


def test_failed_checkout_records_and_sends_nothing(cliente, auth_client, smtp, django_capture_on_commit_callbacks):
    producto = ProductoFactory(stock=1)
    agregar_al_carrito(usuario=cliente, producto=producto, cantidad=1)
    producto_inv = producto.inventario
    producto_inv.cantidad = 0
    producto_inv.save()
    with django_capture_on_commit_callbacks(execute=True):
        r = auth_client(cliente).post(reverse("ventas:checkout"), {}, format="json")
    assert r.status_code == 409
    assert not Notificacion.objects.filter(tipo="venta_confirmada").exists()
    assert smtp.mensajes == []


def test_status_changes_notify_the_buyer(cliente, administrador, auth_client, django_capture_on_commit_callbacks, smtp):
    producto = ProductoFactory(stock=10)
    venta_id = _comprar(auth_client, cliente, [(producto, 1)], django_capture_on_commit_callbacks).json()["id"]
    staff = auth_client(administrador)
    url = f"/api/ventas/{venta_id}/estado/"
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(url, {"estado": "PAGADA"}, format="json").status_code == 200
        assert staff.post(url, {"estado": "CANCELADA"}, format="json").status_code == 200
    tipos = list(Notificacion.objects.filter(usuario=cliente).order_by("id").values_list("tipo", "datos__estado"))
    assert tipos == [("venta_confirmada", "PENDIENTE"), ("estado_venta", "PAGADA"), ("venta_cancelada", "CANCELADA")]
    asuntos = [m["mensaje"]["Subject"] for m in smtp.esperar(3)]
    assert asuntos[1] == f"Tienda: Tu pedido #{venta_id} está pagado"
    assert asuntos[2] == f"Tienda: Pedido #{venta_id} cancelado"


def test_low_stock_alerts_staff_once_per_crossing(cliente, auth_client, django_capture_on_commit_callbacks):
    admin = UsuarioFactory(rol=Usuario.Rol.ADMIN)
    empleado = UsuarioFactory(rol=Usuario.Rol.EMPLOYEE)
    UsuarioFactory(rol=Usuario.Rol.EMPLOYEE, is_active=False)
    producto = ProductoFactory(nombre="Café 1kg", stock=6)  # stock_minimo 5 by default

    def alertas():
        return Notificacion.objects.filter(tipo="stock_bajo").count()

    _comprar(auth_client, cliente, [(producto, 1)], django_capture_on_commit_callbacks)  # 6 → 5: crosses
    assert alertas() == 2
    n = Notificacion.objects.get(tipo="stock_bajo", usuario=empleado)
    assert n.datos == {"producto": producto.pk, "nombre": "Café 1kg", "cantidad": 5, "stock_minimo": 5}
    assert n.email_estado == "omitido"
    _comprar(auth_client, cliente, [(producto, 2)], django_capture_on_commit_callbacks)  # 5 → 3: still low
    assert alertas() == 2
    r = auth_client(admin).patch(
        reverse("inventario:inventario-detail", args=[producto.inventario.pk]), {"cantidad": 9}, format="json"
    )
    assert r.status_code == 200  # back above the minimum
    _comprar(auth_client, cliente, [(producto, 4)], django_capture_on_commit_callbacks)  # 9 → 5: crosses again
    assert alertas() == 4
    assert not Notificacion.objects.filter(tipo="stock_bajo", usuario=cliente).exists()
    assert auth_client(admin).get(RESUMEN).json() == {"no_leidas": 2}


# --- Email preference and delivery rules ----------------------------------------------------


def test_me_shows_and_turns_off_emails(cliente, auth_client, smtp, django_capture_on_commit_callbacks):
    api = auth_client(cliente)
    assert api.get(reverse("usuarios:me")).json()["notificaciones_email"] is True
    r = api.patch(reverse("usuarios:me"), {"notificaciones_email": False}, format="json")
    assert r.status_code == 200 and r.json()["notificaciones_email"] is False
    assert api.get(reverse("usuarios:me")).json()["notificaciones_email"] is False

    r = _comprar(auth_client, cliente, [(ProductoFactory(stock=5), 1)], django_capture_on_commit_callbacks)
    assert r.status_code == 201
    n = Notificacion.objects.get(usuario=cliente, tipo="venta_confirmada")
    assert n.email_estado == "omitido"
    assert smtp.mensajes == []


def test_address_with_header_injection_never_reaches_smtp(smtp):
    usuario = UsuarioFactory()
    Usuario.objects.filter(pk=usuario.pk).update(email="victima@example.com\nBcc: todos@example.com")
    n = NotificacionFactory(usuario=usuario, email_estado="pendiente")
    assert entregar_email(notificacion_id=n.pk) == "fallido"
    n.refresh_from_db()
    assert n.email_estado == "fallido" and n.email_error
    assert smtp.mensajes == []


def test_delivering_twice_sends_once(cliente, smtp):
    n = NotificacionFactory(usuario=cliente, email_estado="pendiente")
    assert entregar_email(notificacion_id=n.pk) == "enviado"
    assert entregar_email(notificacion_id=n.pk) == "no_pendiente"
    assert len(smtp.esperar(1)) == 1


def test_smtp_down_keeps_the_email_pending_and_requeue_sends_it_once(
    cliente, auth_client, settings, smtp, django_capture_on_commit_callbacks
):
    puerto_bueno = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    r = _comprar(auth_client, cliente, [(ProductoFactory(stock=5), 1)], django_capture_on_commit_callbacks)
    assert r.status_code == 201  # the request never fails because of mail
    n = Notificacion.objects.get(usuario=cliente, tipo="venta_confirmada")
    assert n.email_estado == "pendiente" and n.email_intentos == 1 and n.email_error
    assert n.email_reclamado_en is None

    settings.EMAIL_PORT = puerto_bueno
    settings.NOTIFICACIONES_REENCOLAR_ANTIGUEDAD = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert reencolar_pendientes() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reencolar_pendientes() == 0
    assert len(smtp.esperar(1)) == 1
    n.refresh_from_db()
    assert n.email_estado == "enviado" and n.email_intentos == 2
