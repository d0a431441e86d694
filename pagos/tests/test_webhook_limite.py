"""The PayPal webhook is limited per address (each call costs two calls to PayPal); Stripe's is not."""

import json

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from pagos.models import EventoPago
from pagos.tests.conftest import SECRETO_WEBHOOK
from pagos.tests.standins import evento_paypal, firmar_stripe

pytestmark = pytest.mark.django_db

URL_PAYPAL = "/api/pagos/webhooks/paypal/"
URL_STRIPE = "/api/pagos/webhooks/stripe/"


@pytest.fixture
def limite_webhook(monkeypatch):
    # DRF copies DEFAULT_THROTTLE_RATES into the class at import: the class attribute is what counts.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"webhook": "3/min"})


def _paypal(api, paypal_api, evento, *, firmar=False):
    """A delivery signed for `evento`, or (by default) one whose signature headers are forged."""
    cabeceras = paypal_api.firmar(evento)
    if not firmar:
        cabeceras["HTTP_PAYPAL_TRANSMISSION_SIG"] = "0" * 64
    return api.post(URL_PAYPAL, json.dumps(evento), content_type="application/json", **cabeceras)


def test_paypal_webhook_without_signature_headers_never_calls_paypal(paypal_api):
    evento = evento_paypal("PAYMENT.CAPTURE.COMPLETED", {"id": "CAPTURA1"})
    cabeceras = paypal_api.firmar(evento)
    del cabeceras["HTTP_PAYPAL_TRANSMISSION_SIG"]
    api = APIClient(REMOTE_ADDR="203.0.113.21")

    sin_nada = api.post(URL_PAYPAL, json.dumps(evento), content_type="application/json")
    sin_firma = api.post(URL_PAYPAL, json.dumps(evento), content_type="application/json", **cabeceras)

    assert (sin_nada.status_code, sin_firma.status_code) == (400, 400)
    assert sin_firma.json()["codigo"] == "firma_invalida"
    assert paypal_api.peticiones == []
    assert not EventoPago.objects.exists()


def test_paypal_webhook_answers_429_after_its_rate_without_calling_paypal(paypal_api, limite_webhook):
    atacante = APIClient(REMOTE_ADDR="203.0.113.20")
    evento = evento_paypal("PAYMENT.CAPTURE.COMPLETED", {"id": "CAPTURA1"})

    for _ in range(3):
        assert _paypal(atacante, paypal_api, evento).status_code == 400
    llamadas = len(paypal_api.peticiones)
    assert llamadas == 6  # token + verify-webhook-signature per forged notification

    respuesta = _paypal(atacante, paypal_api, evento)

    assert respuesta.status_code == 429
    assert int(respuesta["Retry-After"]) > 0
    cuerpo = respuesta.json()
    assert cuerpo["codigo"] == "demasiadas_peticiones"
    assert cuerpo["error"]
    assert cuerpo["campos"] == {}
    assert len(paypal_api.peticiones) == llamadas
    assert not EventoPago.objects.exists()


def test_paypal_webhook_limit_is_per_address(paypal_api, limite_webhook):
    evento = evento_paypal("PAYMENT.CAPTURE.COMPLETED", {"id": "CAPTURA1"})
    atacante = APIClient(REMOTE_ADDR="203.0.113.20")
    for _ in range(4):
        _paypal(atacante, paypal_api, evento)
    assert _paypal(atacante, paypal_api, evento).status_code == 429

    # PayPal's own delivery, from another address, is still verified and recorded.
    respuesta = _paypal(APIClient(REMOTE_ADDR="198.51.100.7"), paypal_api, evento, firmar=True)

    assert respuesta.status_code == 200, respuesta.json()
    assert EventoPago.objects.filter(evento_id=evento["id"]).exists()


def test_stripe_webhook_is_not_limited(stripe_api, limite_webhook):
    # Its signature is checked locally (no outside call): a flood gets 400s, never a 429.
    api = APIClient(REMOTE_ADDR="203.0.113.20")
    cuerpo = b'{"id": "evt_1", "type": "payment_intent.succeeded"}'
    firma = firmar_stripe(cuerpo, SECRETO_WEBHOOK + "-falso")

    estados = {
        api.post(URL_STRIPE, cuerpo, content_type="application/json", HTTP_STRIPE_SIGNATURE=firma).status_code
        for _ in range(5)
    }

    assert estados == {400}
