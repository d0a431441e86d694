"""The payments API with the simulated provider: providers, start, simulate, retry, visibility, expiry."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inventario.models import Inventario
from notificaciones.models import Notificacion
from pagos import services
from pagos.models import Pago
from ventas.models import Cupon, Venta
from ventas.tests.factories import CuponFactory, crear_venta

pytestmark = pytest.mark.django_db


def _pagar(api, venta, proveedor="simulado"):
    return api.post(reverse("pagos:venta-pagos", args=[venta.pk]), {"proveedor": proveedor}, format="json")


def _simular(api, pago_id, resultado):
    return api.post(reverse("pagos:simular", args=[pago_id]), {"resultado": resultado}, format="json")


def test_proveedores_habilitados(auth_client, cliente, stripe_api, settings):
    api = auth_client(cliente)
    assert api.get(reverse("pagos:proveedores")).json() == [
        {"codigo": "stripe", "nombre": "Tarjeta (Stripe)", "clave_publica": "pk_test_standin"},
        {"codigo": "simulado", "nombre": "Pago simulado"},
    ]
    settings.PAGOS_SIMULADO = False
    settings.STRIPE_SECRET_KEY = ""
    assert api.get(reverse("pagos:proveedores")).json() == []


def test_pagar_con_simulado_deja_la_venta_pagada(auth_client, cliente, venta):
    api = auth_client(cliente)
    creado = _pagar(api, venta)
    assert creado.status_code == 201
    assert creado.json()["estado"] == "PENDIENTE"

    respuesta = _simular(api, creado.json()["id"], "exito")

    assert respuesta.status_code == 200
    assert respuesta.json()["estado"] == "EXITOSO"
    detalle = api.get(reverse("ventas:venta-detail", args=[venta.pk])).json()
    assert detalle["estado"] == "PAGADA"
    assert detalle["historial"][-1]["usuario"] is None
    assert Notificacion.objects.filter(usuario=cliente, tipo="pago_recibido", datos__venta=venta.pk).exists()


def test_un_pago_rechazado_se_puede_reintentar(auth_client, cliente, venta):
    api = auth_client(cliente)
    primero = _pagar(api, venta).json()

    assert _simular(api, primero["id"], "fallo").json()["estado"] == "FALLIDO"
    assert Venta.objects.get(pk=venta.pk).estado == Venta.Estado.PENDIENTE
    assert Notificacion.objects.filter(usuario=cliente, tipo="pago_fallido").exists()
    segundo = _pagar(api, venta)
    assert segundo.status_code == 201
    assert _simular(api, segundo.json()["id"], "exito").json()["estado"] == "EXITOSO"
    assert list(Pago.objects.filter(venta=venta).values_list("estado", flat=True)) == ["EXITOSO", "FALLIDO"]
    # A paid sale takes no new payment, and a settled payment is not simulated again.
    repetido = _pagar(api, venta)
    assert repetido.status_code == 409
    assert repetido.json() == {"error": repetido.json()["error"], "codigo": "venta_no_pendiente", "campos": {}}
    assert _simular(api, primero["id"], "exito").json()["codigo"] == "pago_no_pendiente"
    assert Pago.objects.get(pk=primero["id"]).estado == Pago.Estado.FALLIDO


@pytest.mark.parametrize("cuerpo", [{}, {"proveedor": "bitcoin"}, {"proveedor": "paypal"}])
def test_proveedor_desconocido_o_deshabilitado_da_400(auth_client, cliente, venta, cuerpo):
    respuesta = auth_client(cliente).post(reverse("pagos:venta-pagos", args=[venta.pk]), cuerpo, format="json")

    assert respuesta.status_code == 400
    assert respuesta.json()["codigo"] in {"validacion", "proveedor_no_disponible"}
    assert not Pago.objects.exists()


def test_simulado_rechazado_en_produccion_sin_pagos_simulado(auth_client, cliente, venta, settings):
    settings.PAGOS_SIMULADO = False

    respuesta = _pagar(auth_client(cliente), venta)

    assert respuesta.status_code == 400
    assert respuesta.json()["codigo"] == "proveedor_no_disponible"


def test_resultado_de_simulacion_invalido_da_400(auth_client, cliente, venta):
    api = auth_client(cliente)
    pago = _pagar(api, venta).json()

    respuesta = _simular(api, pago["id"], "quizas")

    assert respuesta.status_code == 400
    assert respuesta.json()["campos"].keys() == {"resultado"}


def test_venta_ajena_da_404_y_el_personal_ve_los_pagos(auth_client, cliente, otro_cliente, empleado, venta):
    _simular(auth_client(cliente), _pagar(auth_client(cliente), venta).json()["id"], "fallo")
    url = reverse("pagos:venta-pagos", args=[venta.pk])

    assert auth_client(otro_cliente).get(url).status_code == 404
    assert _pagar(auth_client(otro_cliente), venta).status_code == 404
    assert _pagar(auth_client(empleado), venta).status_code == 404
    lista = auth_client(empleado).get(url).json()
    assert lista["count"] == 1
    assert lista["results"][0]["estado"] == "FALLIDO"
    assert auth_client(cliente).get(reverse("pagos:venta-pagos", args=[999999])).status_code == 404


def test_lista_de_pagos_sin_consultas_n_mas_1(auth_client, cliente, venta, django_assert_max_num_queries):
    api = auth_client(cliente)
    for _ in range(3):
        _simular(api, _pagar(api, venta).json()["id"], "fallo")

    with django_assert_max_num_queries(6):
        respuesta = api.get(reverse("pagos:venta-pagos", args=[venta.pk]))
    assert respuesta.json()["count"] == 3


def test_ventas_sin_pagar_caducan_y_devuelven_stock_y_cupon(cliente, producto, settings):
    settings.PAGO_PLAZO_MINUTOS = 60
    cupon = CuponFactory()
    vieja = crear_venta(usuario=cliente, lineas=[(producto, 3)], cupon=cupon)
    reciente = crear_venta(usuario=cliente, lineas=[(producto, 1)])
    Venta.objects.filter(pk=vieja.pk).update(fecha=timezone.now() - timedelta(minutes=61))
    assert Inventario.objects.get(producto=producto).cantidad == 6

    assert services.expirar_ventas_impagadas() == [vieja.pk]
    assert services.expirar_ventas_impagadas() == []

    assert Venta.objects.get(pk=vieja.pk).estado == Venta.Estado.CANCELADA
    assert Venta.objects.get(pk=reciente.pk).estado == Venta.Estado.PENDIENTE
    assert Inventario.objects.get(producto=producto).cantidad == 9
    assert Cupon.objects.get(pk=cupon.pk).usos == 0
    assert Notificacion.objects.filter(usuario=cliente, tipo="venta_cancelada", datos__venta=vieja.pk).exists()


def test_plazo_cero_no_caduca_nada_y_una_venta_en_revision_tampoco(cliente, producto, settings):
    vieja = crear_venta(usuario=cliente, lineas=[(producto, 1)])
    Venta.objects.filter(pk=vieja.pk).update(fecha=timezone.now() - timedelta(days=3))
    settings.PAGO_PLAZO_MINUTOS = 0
    assert services.expirar_ventas_impagadas() == []

    settings.PAGO_PLAZO_MINUTOS = 60
    Pago.objects.create(venta=vieja, proveedor="simulado", monto=vieja.total, moneda="EUR", estado="REVISION")
    assert services.expirar_ventas_impagadas() == []
    assert Venta.objects.get(pk=vieja.pk).estado == Venta.Estado.PENDIENTE


def test_un_exito_tardio_de_una_venta_caducada_se_reembolsa(
    auth_client, cliente, venta, settings, django_capture_on_commit_callbacks
):
    api = auth_client(cliente)
    pago = _pagar(api, venta).json()
    Venta.objects.filter(pk=venta.pk).update(fecha=timezone.now() - timedelta(hours=2))
    assert services.expirar_ventas_impagadas() == [venta.pk]

    with django_capture_on_commit_callbacks(execute=True):
        _simular(api, pago["id"], "exito")

    assert Pago.objects.get(pk=pago["id"]).estado == Pago.Estado.REEMBOLSADO
    assert Venta.objects.get(pk=venta.pk).estado == Venta.Estado.CANCELADA
    assert Notificacion.objects.filter(usuario=cliente, tipo="pago_reembolsado").exists()


def test_el_comando_periodico_caduca_y_reembolsa_sin_trabajador(
    auth_client, cliente, empleado, venta, producto, settings, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    api = auth_client(cliente)
    pago = _pagar(api, venta).json()
    _simular(api, pago["id"], "exito")
    auth_client(empleado).post(reverse("ventas:venta-estado", args=[venta.pk]), {"estado": "CANCELADA"}, format="json")
    vieja = crear_venta(usuario=cliente, lineas=[(producto, 1)])
    Venta.objects.filter(pk=vieja.pk).update(fecha=timezone.now() - timedelta(hours=2))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("pagos_periodicos")

    assert Pago.objects.get(pk=pago["id"]).estado == Pago.Estado.REEMBOLSADO
    assert Venta.objects.get(pk=vieja.pk).estado == Venta.Estado.CANCELADA
