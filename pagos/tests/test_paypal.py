"""PayPal Orders v2 against its local stand-in: create, approve, capture, verified webhooks, refunds."""

import json

import pytest
from django.urls import reverse

from pagos import services
from pagos.models import CambioEstadoPago, EventoPago, Pago
from pagos.tests.standins import evento_paypal
from ventas.models import HistorialEstadoVenta, Venta

pytestmark = pytest.mark.django_db

URL_WEBHOOK = "/api/pagos/webhooks/paypal/"


@pytest.fixture
def pago(paypal_api, auth_client, cliente, venta):
    respuesta = auth_client(cliente).post(
        reverse("pagos:venta-pagos", args=[venta.pk]), {"proveedor": "paypal"}, format="json"
    )
    assert respuesta.status_code == 201, respuesta.json()
    return Pago.objects.get(pk=respuesta.json()["id"])


def _capturar(api, pago):
    return api.post(reverse("pagos:capturar", args=[pago.pk]), {}, format="json")


def _enviar(api_client, paypal_api, evento, *, firmar=True):
    cabeceras = paypal_api.firmar(evento) if firmar else {}
    return api_client.post(URL_WEBHOOK, json.dumps(evento), content_type="application/json", **cabeceras)


def _captura(pago, *, valor=None, moneda="EUR"):
    return {
        "id": pago.referencia_captura or "CAPTURA1",
        "status": "COMPLETED",
        "amount": {"currency_code": moneda, "value": valor or f"{pago.monto:.2f}"},
        "custom_id": str(pago.pk),
        "supplementary_data": {"related_ids": {"order_id": pago.referencia}},
    }


def test_crear_pago_manda_la_orden_con_el_total_y_da_la_url_de_aprobacion(paypal_api, pago):
    (orden,) = paypal_api.llamadas("POST", "/v2/checkout/orders")
    unidad = orden.cuerpo["purchase_units"][0]
    assert unidad["amount"] == {"currency_code": "EUR", "value": f"{pago.venta.total:.2f}"}
    assert orden.cuerpo["intent"] == "CAPTURE"
    assert orden.clave == f"pago-{pago.clave}"
    assert pago.url_aprobacion == f"{paypal_api.url}/checkoutnow?token={pago.referencia}"


def test_capturar_una_orden_aprobada_paga_la_venta(paypal_api, auth_client, cliente, pago):
    api = auth_client(cliente)
    sin_aprobar = _capturar(api, pago)
    assert sin_aprobar.status_code == 409
    assert sin_aprobar.json()["codigo"] == "pago_rechazado"
    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.PENDIENTE

    paypal_api.aprobar(pago.referencia)
    respuesta = _capturar(api, pago)
    repetida = _capturar(api, pago)

    assert respuesta.status_code == 200
    assert respuesta.json()["estado"] == "EXITOSO"
    assert repetida.status_code == 200
    assert Venta.objects.get(pk=pago.venta_id).estado == Venta.Estado.PAGADA
    assert HistorialEstadoVenta.objects.get(venta=pago.venta_id, hasta="PAGADA").usuario_id is None
    assert len(paypal_api.llamadas("POST", f"/v2/checkout/orders/{pago.referencia}/capture")) == 2
    assert CambioEstadoPago.objects.filter(pago=pago).count() == 1


def test_captura_denegada_deja_la_venta_pendiente(paypal_api, auth_client, cliente, pago):
    paypal_api.aprobar(pago.referencia)
    paypal_api.resultado_captura = "DECLINED"

    respuesta = _capturar(auth_client(cliente), pago)

    assert respuesta.json()["estado"] == "FALLIDO"
    assert Venta.objects.get(pk=pago.venta_id).estado == Venta.Estado.PENDIENTE


def test_otro_cliente_no_captura_ni_simula_pagos_ajenos(paypal_api, auth_client, otro_cliente, pago):
    api = auth_client(otro_cliente)
    assert _capturar(api, pago).status_code == 404
    assert api.post(reverse("pagos:simular", args=[pago.pk]), {"resultado": "exito"}, format="json").status_code == 404


@pytest.mark.parametrize("caso", ["sin_firma", "firma_de_otro_evento", "otro_webhook"])
def test_webhook_no_verificado_da_400(paypal_api, api_client, pago, caso, settings):
    evento = evento_paypal("PAYMENT.CAPTURE.COMPLETED", _captura(pago))
    if caso == "sin_firma":
        respuesta = _enviar(api_client, paypal_api, evento, firmar=False)
    elif caso == "firma_de_otro_evento":
        cabeceras = paypal_api.firmar(evento_paypal("PAYMENT.CAPTURE.COMPLETED", _captura(pago)))
        respuesta = api_client.post(URL_WEBHOOK, json.dumps(evento), content_type="application/json", **cabeceras)
    else:
        settings.PAYPAL_WEBHOOK_ID = "WH-DE-OTRA-TIENDA"
        respuesta = _enviar(api_client, paypal_api, evento)

    assert respuesta.status_code == 400
    assert respuesta.json()["codigo"] == "firma_invalida"
    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.PENDIENTE
    assert not EventoPago.objects.exists()


def test_webhook_completed_paga_una_vez_aunque_llegue_repetido(paypal_api, api_client, pago):
    evento = evento_paypal("PAYMENT.CAPTURE.COMPLETED", _captura(pago))

    respuestas = [_enviar(api_client, paypal_api, evento) for _ in range(3)]

    assert {r.status_code for r in respuestas} == {200}
    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.EXITOSO
    assert Venta.objects.get(pk=pago.venta_id).estado == Venta.Estado.PAGADA
    assert EventoPago.objects.count() == 1


def test_webhook_denied_marca_fallido_y_completed_con_otro_importe_revision(paypal_api, api_client, pago):
    _enviar(api_client, paypal_api, evento_paypal("PAYMENT.CAPTURE.DENIED", _captura(pago)))
    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.FALLIDO

    _enviar(api_client, paypal_api, evento_paypal("PAYMENT.CAPTURE.COMPLETED", _captura(pago, valor="0.01")))

    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.REVISION
    assert Venta.objects.get(pk=pago.venta_id).estado == Venta.Estado.PENDIENTE


def test_cancelar_una_venta_pagada_reembolsa_la_captura(
    paypal_api, api_client, auth_client, cliente, empleado, pago, django_capture_on_commit_callbacks
):
    paypal_api.aprobar(pago.referencia)
    _capturar(auth_client(cliente), pago)
    pago.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancelar_venta(venta_id=pago.venta_id, usuario=empleado)

    (reembolso,) = paypal_api.llamadas("POST", "/v2/payments/captures/")
    assert reembolso.ruta == f"/v2/payments/captures/{pago.referencia_captura}/refund"
    assert reembolso.clave == f"reembolso-{pago.clave}"
    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.REEMBOLSADO
    # PayPal's notification of that refund is recorded and changes nothing more.
    recurso = {
        "id": "REEMBOLSO1",
        "status": "COMPLETED",
        "amount": {"currency_code": "EUR", "value": f"{pago.monto:.2f}"},
        "links": [{"rel": "up", "href": f"{paypal_api.url}/v2/payments/captures/{pago.referencia_captura}"}],
    }
    assert _enviar(api_client, paypal_api, evento_paypal("PAYMENT.CAPTURE.REFUNDED", recurso)).status_code == 200
    assert EventoPago.objects.get(tipo="PAYMENT.CAPTURE.REFUNDED").resultado == EventoPago.Resultado.IGNORADO
