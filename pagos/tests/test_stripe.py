"""Stripe against its local stand-in: what is sent, signed webhooks, exactly-once events, refunds."""

import time

import pytest
from django.urls import reverse

from inventario.models import Inventario
from pagos import services
from pagos.models import CambioEstadoPago, EventoPago, Pago
from pagos.tests.conftest import SECRETO_WEBHOOK
from pagos.tests.standins import evento_stripe, firmar_stripe
from ventas.models import HistorialEstadoVenta, Venta

pytestmark = pytest.mark.django_db

URL_WEBHOOK = "/api/pagos/webhooks/stripe/"


def _pagar(api, venta, **extra):
    return api.post(reverse("pagos:venta-pagos", args=[venta.pk]), {"proveedor": "stripe"}, format="json", **extra)


def _centimos(pago):
    return int(pago.monto * 100)


def _intento(pago, **cambios):
    return {
        "id": pago.referencia,
        "object": "payment_intent",
        "amount": _centimos(pago),
        "amount_received": _centimos(pago),
        "currency": "eur",
        "status": "succeeded",
        **cambios,
    }


def _enviar(api_client, cuerpo, *, secreto=SECRETO_WEBHOOK, marca=None):
    firma = firmar_stripe(cuerpo, secreto, marca=marca)
    return api_client.post(URL_WEBHOOK, cuerpo, content_type="application/json", HTTP_STRIPE_SIGNATURE=firma)


@pytest.fixture
def pago(stripe_api, auth_client, cliente, venta):
    respuesta = _pagar(auth_client(cliente), venta)
    assert respuesta.status_code == 201, respuesta.json()
    return Pago.objects.get(pk=respuesta.json()["id"])


def test_crear_pago_envia_el_total_en_centimos_con_clave_de_idempotencia(stripe_api, auth_client, cliente, venta):
    respuesta = _pagar(auth_client(cliente), venta)

    assert respuesta.status_code == 201
    cuerpo = respuesta.json()
    assert cuerpo["estado"] == "PENDIENTE"
    assert cuerpo["proveedor"] == "stripe"
    assert cuerpo["monto"] == str(venta.total)
    assert cuerpo["moneda"] == "EUR"
    assert cuerpo["client_secret"].startswith(cuerpo["referencia"] + "_secret_")
    (llamada,) = stripe_api.llamadas("POST", "/v1/payment_intents")
    pago = Pago.objects.get(pk=cuerpo["id"])
    assert llamada.cuerpo["amount"] == str(int(venta.total * 100))
    assert llamada.cuerpo["currency"] == "eur"
    assert llamada.cuerpo["metadata"] == {"venta": str(venta.pk), "pago": str(pago.pk)}
    assert llamada.clave == f"pago-{pago.clave}"


def test_un_post_repetido_no_crea_un_segundo_intento(stripe_api, auth_client, cliente, venta):
    api = auth_client(cliente)
    primero = _pagar(api, venta)
    segundo = _pagar(api, venta)
    con_clave = [_pagar(api, venta, HTTP_IDEMPOTENCY_KEY="k-1") for _ in range(2)]

    assert primero.status_code == 201
    assert segundo.status_code == 200
    assert segundo.json()["id"] == primero.json()["id"]
    assert segundo.json()["client_secret"] == primero.json()["client_secret"]
    assert [r.json()["id"] for r in con_clave] == [primero.json()["id"]] * 2
    assert len(stripe_api.llamadas("POST", "/v1/payment_intents")) == 1
    assert Pago.objects.count() == 1


def test_el_importe_lo_calcula_el_servidor(stripe_api, auth_client, cliente, venta):
    respuesta = auth_client(cliente).post(
        reverse("pagos:venta-pagos", args=[venta.pk]), {"proveedor": "stripe", "monto": "0.01"}, format="json"
    )

    assert respuesta.json()["monto"] == str(venta.total)
    assert stripe_api.llamadas("POST", "/v1/payment_intents")[0].cuerpo["amount"] == str(int(venta.total * 100))


@pytest.mark.parametrize("caso", ["firma_erronea", "otro_secreto", "caducada", "sin_cabecera", "cuerpo_alterado"])
def test_webhook_no_verificado_da_400_y_no_cambia_nada(api_client, pago, caso):
    cuerpo = evento_stripe("payment_intent.succeeded", _intento(pago))
    if caso == "firma_erronea":
        firma = firmar_stripe(cuerpo, SECRETO_WEBHOOK).split(",v1=")[0] + ",v1=" + "0" * 64
    elif caso == "otro_secreto":
        firma = firmar_stripe(cuerpo, "whsec_de_otro")
    elif caso == "caducada":
        firma = firmar_stripe(cuerpo, SECRETO_WEBHOOK, marca=int(time.time()) - 301)
    elif caso == "cuerpo_alterado":
        firma = firmar_stripe(cuerpo, SECRETO_WEBHOOK)
        cuerpo = cuerpo.replace(b'"amount_received": ', b'"amount_received": 1')
    else:
        firma = None
    extra = {"HTTP_STRIPE_SIGNATURE": firma} if firma else {}

    respuesta = api_client.post(URL_WEBHOOK, cuerpo, content_type="application/json", **extra)

    assert respuesta.status_code == 400
    assert respuesta.json() == {"error": respuesta.json()["error"], "codigo": "firma_invalida", "campos": {}}
    pago.refresh_from_db()
    assert pago.estado == Pago.Estado.PENDIENTE
    assert not EventoPago.objects.exists()
    assert Venta.objects.get(pk=pago.venta_id).estado == Venta.Estado.PENDIENTE


def test_exito_marca_pago_exitoso_y_venta_pagada_con_historial_sin_usuario(api_client, pago):
    respuesta = _enviar(api_client, evento_stripe("payment_intent.succeeded", _intento(pago)))

    assert respuesta.status_code == 200
    pago.refresh_from_db()
    assert pago.estado == Pago.Estado.EXITOSO
    venta = Venta.objects.get(pk=pago.venta_id)
    assert venta.estado == Venta.Estado.PAGADA
    historial = HistorialEstadoVenta.objects.get(venta=venta, hasta=Venta.Estado.PAGADA)
    assert historial.usuario_id is None
    cambio = CambioEstadoPago.objects.get(pago=pago, hasta=Pago.Estado.EXITOSO)
    assert cambio.historial_venta == historial
    assert cambio.evento.resultado == EventoPago.Resultado.APLICADO


def test_evento_firmado_hace_4_minutos_se_acepta(api_client, pago):
    cuerpo = evento_stripe("payment_intent.succeeded", _intento(pago))
    respuesta = _enviar(api_client, cuerpo, marca=int(time.time()) - 240)

    assert respuesta.status_code == 200
    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.EXITOSO


def test_fallo_deja_la_venta_pendiente_y_el_comprador_puede_reintentar(
    stripe_api, api_client, auth_client, cliente, pago
):
    respuesta = _enviar(api_client, evento_stripe("payment_intent.payment_failed", _intento(pago, status="failed")))

    assert respuesta.status_code == 200
    pago.refresh_from_db()
    assert pago.estado == Pago.Estado.FALLIDO
    assert Venta.objects.get(pk=pago.venta_id).estado == Venta.Estado.PENDIENTE
    reintento = _pagar(auth_client(cliente), pago.venta)
    assert reintento.status_code == 201
    assert reintento.json()["id"] != pago.pk
    assert len(stripe_api.llamadas("POST", "/v1/payment_intents")) == 2


def test_el_mismo_evento_dos_veces_se_aplica_una(api_client, pago):
    cuerpo = evento_stripe("payment_intent.succeeded", _intento(pago))

    respuestas = [_enviar(api_client, cuerpo) for _ in range(3)]

    assert [r.status_code for r in respuestas] == [200, 200, 200]
    assert EventoPago.objects.count() == 1
    assert CambioEstadoPago.objects.filter(pago=pago).count() == 1
    assert HistorialEstadoVenta.objects.filter(venta=pago.venta, hasta=Venta.Estado.PAGADA).count() == 1


def test_fallo_que_llega_despues_del_exito_no_deshace_el_pago(api_client, pago):
    _enviar(api_client, evento_stripe("payment_intent.succeeded", _intento(pago)))
    _enviar(api_client, evento_stripe("payment_intent.payment_failed", _intento(pago, status="failed")))

    pago.refresh_from_db()
    assert pago.estado == Pago.Estado.EXITOSO
    assert Venta.objects.get(pk=pago.venta_id).estado == Venta.Estado.PAGADA
    assert list(EventoPago.objects.order_by("id").values_list("resultado", flat=True)) == ["APLICADO", "IGNORADO"]


def test_reembolso_antes_que_el_exito_deja_el_pago_reembolsado_y_la_venta_sin_pagar(api_client, pago):
    reembolso = {"id": "ch_1", "object": "charge", "payment_intent": pago.referencia}
    reembolso |= {"amount_refunded": _centimos(pago), "currency": "eur"}
    _enviar(api_client, evento_stripe("charge.refunded", reembolso))
    _enviar(api_client, evento_stripe("payment_intent.succeeded", _intento(pago)))

    pago.refresh_from_db()
    assert pago.estado == Pago.Estado.REEMBOLSADO
    assert Venta.objects.get(pk=pago.venta_id).estado == Venta.Estado.PENDIENTE


@pytest.mark.parametrize("cambio", [{"amount_received": 1}, {"currency": "usd"}])
def test_importe_o_moneda_distintos_dejan_el_pago_en_revision(api_client, pago, cambio):
    respuesta = _enviar(api_client, evento_stripe("payment_intent.succeeded", _intento(pago, **cambio)))

    assert respuesta.status_code == 200
    pago.refresh_from_db()
    assert pago.estado == Pago.Estado.REVISION
    assert Venta.objects.get(pk=pago.venta_id).estado == Venta.Estado.PENDIENTE


def test_eventos_desconocidos_o_de_pagos_ajenos_dan_200_sin_cambios(api_client, pago):
    otro = _enviar(api_client, evento_stripe("customer.created", {"id": "cus_1", "object": "customer"}))
    ajeno = _enviar(api_client, evento_stripe("payment_intent.succeeded", _intento(pago, id="pi_de_otra_tienda")))

    assert (otro.status_code, ajeno.status_code) == (200, 200)
    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.PENDIENTE


def test_exito_tardio_de_una_venta_cancelada_se_reembolsa(
    stripe_api, api_client, auth_client, cliente, producto, pago, django_capture_on_commit_callbacks
):
    cancelar = auth_client(cliente).post(
        reverse("ventas:venta-estado", args=[pago.venta_id]), {"estado": "CANCELADA"}, format="json"
    )
    assert cancelar.status_code == 200
    assert Inventario.objects.get(producto=producto).cantidad == 10

    with django_capture_on_commit_callbacks(execute=True):
        respuesta = _enviar(api_client, evento_stripe("payment_intent.succeeded", _intento(pago)))

    assert respuesta.status_code == 200
    (reembolso,) = stripe_api.llamadas("POST", "/v1/refunds")
    assert reembolso.cuerpo == {"payment_intent": pago.referencia}
    assert reembolso.clave == f"reembolso-{pago.clave}"
    pago.refresh_from_db()
    assert pago.estado == Pago.Estado.REEMBOLSADO
    assert Venta.objects.get(pk=pago.venta_id).estado == Venta.Estado.CANCELADA
    assert Inventario.objects.get(producto=producto).cantidad == 10


def test_cancelar_una_venta_pagada_la_reembolsa_una_sola_vez(
    stripe_api, api_client, auth_client, empleado, producto, pago, django_capture_on_commit_callbacks
):
    _enviar(api_client, evento_stripe("payment_intent.succeeded", _intento(pago)))
    assert Inventario.objects.get(producto=producto).cantidad == 8

    cancelar = auth_client(empleado).post(
        reverse("ventas:venta-estado", args=[pago.venta_id]), {"estado": "CANCELADA"}, format="json"
    )
    assert cancelar.status_code == 200
    # The worker's periodic job finds the cancelled paid sale; running it again does nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reembolsar_ventas_canceladas() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reembolsar_ventas_canceladas() == 0
        services.reembolsar_pago(pago_id=pago.pk)

    assert len(stripe_api.llamadas("POST", "/v1/refunds")) == 1
    pago.refresh_from_db()
    assert pago.estado == Pago.Estado.REEMBOLSADO
    assert Inventario.objects.get(producto=producto).cantidad == 10
    # Stripe's own notification of the refund changes nothing more.
    reembolso = {"id": "ch_1", "object": "charge", "payment_intent": pago.referencia}
    reembolso |= {"amount_refunded": _centimos(pago), "currency": "eur"}
    assert _enviar(api_client, evento_stripe("charge.refunded", reembolso)).status_code == 200
    assert CambioEstadoPago.objects.filter(pago=pago, hasta=Pago.Estado.REEMBOLSADO).count() == 1


def test_cancelar_una_venta_pagada_por_http_pide_el_reembolso_en_el_momento_una_vez(
    stripe_api, api_client, auth_client, empleado, producto, pago, django_capture_on_commit_callbacks
):
    _enviar(api_client, evento_stripe("payment_intent.succeeded", _intento(pago)))
    url = reverse("ventas:venta-estado", args=[pago.venta_id])

    # No broker: the refund runs in-process right after the request's commit, no periodic job needed.
    with django_capture_on_commit_callbacks(execute=True):
        cancelar = auth_client(empleado).post(url, {"estado": "CANCELADA"}, format="json")
    assert cancelar.status_code == 200
    (reembolso,) = stripe_api.llamadas("POST", "/v1/refunds")
    assert reembolso.clave == f"reembolso-{pago.clave}"
    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.REEMBOLSADO
    assert Inventario.objects.get(producto=producto).cantidad == 10

    with django_capture_on_commit_callbacks(execute=True):
        otra = auth_client(empleado).post(url, {"estado": "CANCELADA"}, format="json")
        assert services.reembolsar_ventas_canceladas() == 0
    assert otra.status_code == 409
    assert len(stripe_api.llamadas("POST", "/v1/refunds")) == 1


def test_cancelar_desde_pagos_reembolsa_en_el_momento(
    stripe_api, api_client, empleado, pago, django_capture_on_commit_callbacks
):
    _enviar(api_client, evento_stripe("payment_intent.succeeded", _intento(pago)))

    with django_capture_on_commit_callbacks(execute=True):
        services.cancelar_venta(venta_id=pago.venta_id, usuario=empleado)

    assert len(stripe_api.llamadas("POST", "/v1/refunds")) == 1
    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.REEMBOLSADO


def test_un_reembolso_reintentado_tras_un_error_usa_la_misma_clave(stripe_api, api_client, empleado, pago):
    from pagos.exceptions import ErrorProveedor

    _enviar(api_client, evento_stripe("payment_intent.succeeded", _intento(pago)))
    stripe_api.fallos_pendientes = [500] * 3  # the library's own retries (2) plus the first try

    with pytest.raises(ErrorProveedor) as error:
        services.reembolsar_pago(pago_id=pago.pk)
    assert error.value.transitorio
    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.EXITOSO

    services.reembolsar_pago(pago_id=pago.pk)
    services.reembolsar_pago(pago_id=pago.pk)

    llamadas = stripe_api.llamadas("POST", "/v1/refunds")
    assert len(llamadas) == 4
    assert {p.clave for p in llamadas} == {f"reembolso-{pago.clave}"}
    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.REEMBOLSADO


def test_stripe_caido_al_crear_da_502_y_no_deja_pago(stripe_api, auth_client, cliente, venta):
    stripe_api.fallos_pendientes = [500] * 3

    respuesta = _pagar(auth_client(cliente), venta)

    assert respuesta.status_code == 502
    assert respuesta.json()["codigo"] == "proveedor_error"
    assert not Pago.objects.exists()
    assert _pagar(auth_client(cliente), venta).status_code == 201


def test_el_trabajador_reintenta_el_reembolso_sin_reembolsar_dos_veces(stripe_api, api_client, pago):
    from pagos import tasks

    _enviar(api_client, evento_stripe("payment_intent.succeeded", _intento(pago)))
    stripe_api.fallos_pendientes = [500] * 3  # the first attempt fails after the library's own retries

    tasks.reembolsar_pago.apply(args=[pago.pk])
    tasks.reembolsar_pago.apply(args=[pago.pk])  # a redelivered task does nothing

    llamadas = stripe_api.llamadas("POST", "/v1/refunds")
    assert len(llamadas) == 4
    assert {p.clave for p in llamadas} == {f"reembolso-{pago.clave}"}
    assert len(stripe_api.respuestas_idempotentes) == 2  # one PaymentIntent, one refund
    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.REEMBOLSADO


def test_las_lineas_de_auditoria_no_llevan_secretos(stripe_api, api_client, pago, caplog, settings):
    caplog.set_level("INFO", logger="audit")
    cuerpo = evento_stripe("payment_intent.succeeded", _intento(pago))
    _enviar(api_client, cuerpo)

    lineas = [r for r in caplog.records if r.name == "audit"]
    assert any(r.getMessage() == "cambio_estado_pago" for r in lineas)
    secretos = [pago.client_secret, settings.STRIPE_SECRET_KEY, SECRETO_WEBHOOK]
    for registro in lineas:
        texto = repr(registro.__dict__)
        assert not any(s and s in texto for s in secretos), texto


def test_un_reembolso_parcial_deja_el_pago_en_revision(api_client, pago):
    _enviar(api_client, evento_stripe("payment_intent.succeeded", _intento(pago)))
    reembolso = {"id": "ch_1", "object": "charge", "payment_intent": pago.referencia}
    reembolso |= {"amount_refunded": 100, "currency": "eur"}

    _enviar(api_client, evento_stripe("charge.refunded", reembolso))

    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.REVISION
    assert Venta.objects.get(pk=pago.venta_id).estado == Venta.Estado.PAGADA
