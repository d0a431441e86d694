"""A sale whose total is 0 (a 100% coupon): no payment can be started, and it is not 'unpaid'."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from pagos import services
from pagos.models import Pago
from ventas.models import Venta
from ventas.tests.factories import CuponFactory, crear_venta

pytestmark = pytest.mark.django_db


@pytest.fixture
def venta_gratis(cliente, producto):
    venta = crear_venta(usuario=cliente, lineas=[(producto, 1)], cupon=CuponFactory(valor=Decimal("100")))
    assert venta.total == 0
    return venta


@pytest.mark.parametrize("proveedor", ["simulado", "stripe", "paypal"])
def test_pagar_una_venta_de_importe_cero_da_409_claro(
    auth_client, cliente, venta_gratis, proveedor, stripe_api, paypal_api
):
    respuesta = auth_client(cliente).post(
        reverse("pagos:venta-pagos", args=[venta_gratis.pk]), {"proveedor": proveedor}, format="json"
    )

    assert respuesta.status_code == 409, respuesta.json()
    assert respuesta.json()["codigo"] == "venta_sin_importe"
    assert not Pago.objects.exists()
    assert not stripe_api.llamadas("POST", "/v1/payment_intents")
    assert not paypal_api.llamadas("POST", "/v2/checkout/orders")


def test_una_venta_de_importe_cero_no_caduca_por_impago(venta_gratis, settings):
    settings.PAGO_PLAZO_MINUTOS = 60
    Venta.objects.filter(pk=venta_gratis.pk).update(fecha=timezone.now() - timedelta(days=1))

    assert services.expirar_ventas_impagadas() == []
    assert Venta.objects.get(pk=venta_gratis.pk).estado == Venta.Estado.PENDIENTE
