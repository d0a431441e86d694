"""Signed provider notifications whose body is malformed: 400 or ignored (200), never a 500.

A correctly signed body can still be odd (a provider's bug, a replayed test event, a field that
changed type): the event is refused when it is not a JSON object, and a field of the wrong type
counts as missing. NUL characters (refused by PostgreSQL) never reach a query.
"""

import json

import pytest
from django.urls import reverse

from pagos.models import EventoPago, Pago
from pagos.tests.conftest import SECRETO_WEBHOOK
from pagos.tests.standins import evento_paypal, firmar_stripe
from ventas.models import Venta

pytestmark = pytest.mark.django_db

URL_STRIPE = "/api/pagos/webhooks/stripe/"
URL_PAYPAL = "/api/pagos/webhooks/paypal/"


def _stripe(api_client, cuerpo: bytes):
    firma = firmar_stripe(cuerpo, SECRETO_WEBHOOK)
    return api_client.post(URL_STRIPE, cuerpo, content_type="application/json", HTTP_STRIPE_SIGNATURE=firma)


def _paypal(api_client, paypal_api, evento):
    return api_client.post(URL_PAYPAL, json.dumps(evento), content_type="application/json", **paypal_api.firmar(evento))


@pytest.fixture
def pago_stripe(stripe_api, auth_client, cliente, venta):
    respuesta = auth_client(cliente).post(reverse("pagos:venta-pagos", args=[venta.pk]), {"proveedor": "stripe"})
    assert respuesta.status_code == 201, respuesta.json()
    return Pago.objects.get(pk=respuesta.json()["id"])


@pytest.fixture
def pago_paypal(paypal_api, auth_client, cliente, venta):
    respuesta = auth_client(cliente).post(reverse("pagos:venta-pagos", args=[venta.pk]), {"proveedor": "paypal"})
    assert respuesta.status_code == 201, respuesta.json()
    return Pago.objects.get(pk=respuesta.json()["id"])


@pytest.mark.parametrize("cuerpo", [b"[]", b'"texto"', b"null", b"123"])
def test_stripe_un_cuerpo_firmado_que_no_es_un_objeto_da_400(api_client, pago_stripe, cuerpo):
    respuesta = _stripe(api_client, cuerpo)

    assert respuesta.status_code == 400
    assert respuesta.json()["codigo"] == "firma_invalida"
    assert not EventoPago.objects.exists()


@pytest.mark.parametrize(
    "evento",
    [
        {"id": "evt_1", "type": "payment_intent.succeeded", "data": "x"},
        {"id": "evt_2", "type": "payment_intent.succeeded", "data": {"object": "x"}},
        {"id": "evt_3", "type": "payment_intent.succeeded", "data": None},
        {"id": {"a": 1}, "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_x"}}},
        {"id": "evt_4", "type": ["x"], "data": {"object": {}}},
        {"id": "evt\u00005", "type": "charge.refunded", "data": {"object": {"payment_intent": "pi_\u0000"}}},
    ],
)
def test_stripe_campos_de_otro_tipo_se_ignoran_con_200(api_client, pago_stripe, evento):
    respuesta = _stripe(api_client, json.dumps(evento).encode())

    assert respuesta.status_code == 200, respuesta.content
    pago_stripe.refresh_from_db()
    assert pago_stripe.estado == Pago.Estado.PENDIENTE
    assert all("\x00" not in e for e in EventoPago.objects.values_list("evento_id", flat=True))


def test_stripe_exito_con_nul_en_el_id_se_aplica_una_vez(api_client, pago_stripe):
    objeto = {"id": pago_stripe.referencia, "amount_received": 2468, "currency": "eur"}
    cuerpo = json.dumps({"id": "evt_\u0000nul", "type": "payment_intent.succeeded", "data": {"object": objeto}})

    assert _stripe(api_client, cuerpo.encode()).status_code == 200
    assert _stripe(api_client, cuerpo.encode()).status_code == 200

    pago_stripe.refresh_from_db()
    assert pago_stripe.estado == Pago.Estado.EXITOSO
    assert list(EventoPago.objects.values_list("evento_id", flat=True)) == ["evt_nul"]


@pytest.mark.parametrize(
    "recurso",
    [
        "x",
        None,
        {"amount": "x"},
        {"supplementary_data": "x"},
        {"supplementary_data": {"related_ids": ["x"]}},
        {"amount": {"value": [1], "currency_code": ["EUR"]}},
    ],
)
def test_paypal_un_recurso_malformado_se_ignora_con_200(api_client, paypal_api, pago_paypal, recurso):
    respuesta = _paypal(api_client, paypal_api, evento_paypal("PAYMENT.CAPTURE.COMPLETED", recurso))

    assert respuesta.status_code == 200, respuesta.content
    pago_paypal.refresh_from_db()
    assert pago_paypal.estado == Pago.Estado.PENDIENTE


@pytest.mark.parametrize("enlaces", ["x", ["x", None], [{"rel": "up", "href": ["x"]}]])
def test_paypal_un_reembolso_con_enlaces_malformados_se_ignora(api_client, paypal_api, pago_paypal, enlaces):
    recurso = {"id": "RE1", "amount": {"value": "24.68", "currency_code": "EUR"}, "links": enlaces}

    respuesta = _paypal(api_client, paypal_api, evento_paypal("PAYMENT.CAPTURE.REFUNDED", recurso))

    assert respuesta.status_code == 200, respuesta.content
    pago_paypal.refresh_from_db()
    assert pago_paypal.estado == Pago.Estado.PENDIENTE


@pytest.mark.parametrize("valor", ["sNaN", "NaN", "Infinity", "-Infinity"])
def test_paypal_un_importe_que_no_es_un_numero_deja_el_pago_en_revision(api_client, paypal_api, pago_paypal, valor):
    recurso = {
        "id": "CAPTURA1",
        "status": "COMPLETED",
        "amount": {"currency_code": "EUR", "value": valor},
        "supplementary_data": {"related_ids": {"order_id": pago_paypal.referencia}},
    }

    respuesta = _paypal(api_client, paypal_api, evento_paypal("PAYMENT.CAPTURE.COMPLETED", recurso))

    assert respuesta.status_code == 200, respuesta.content
    pago_paypal.refresh_from_db()
    assert pago_paypal.estado == Pago.Estado.REVISION
    assert pago_paypal.venta.estado == Venta.Estado.PENDIENTE


def test_paypal_un_evento_sin_id_no_se_registra_como_id_none(api_client, paypal_api, pago_paypal):
    evento = {"id": None, "event_type": "PAYMENT.CAPTURE.COMPLETED", "resource": {}}

    assert _paypal(api_client, paypal_api, evento).status_code == 200
    assert not EventoPago.objects.exists()
