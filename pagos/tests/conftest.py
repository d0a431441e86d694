"""Payment fixtures: the provider stand-ins on free ports and the settings pointing at them."""

from decimal import Decimal

import pytest

from pagos.tests.standins import PaypalStandIn, StripeStandIn
from productos.tests.factories import ProductoFactory
from ventas.tests.factories import crear_venta

SECRETO_WEBHOOK = "whsec_test_standin_0123456789"


@pytest.fixture(autouse=True)
def _pagos(settings):
    settings.CELERY_BROKER_URL = ""  # tasks run in-process right after commit
    settings.PAGOS_SIMULADO = True
    settings.TIENDA_MONEDA = "EUR"
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYPAL_CLIENT_ID = ""
    settings.PAYPAL_CLIENT_SECRET = ""


@pytest.fixture
def stripe_api(settings):
    with StripeStandIn() as servidor:
        settings.STRIPE_SECRET_KEY = "sk_test_standin"
        settings.STRIPE_PUBLISHABLE_KEY = "pk_test_standin"
        settings.STRIPE_WEBHOOK_SECRET = SECRETO_WEBHOOK
        settings.STRIPE_API_BASE = servidor.url
        yield servidor


@pytest.fixture
def paypal_api(settings):
    with PaypalStandIn(
        client_id="cliente-paypal", client_secret="secreto-paypal", webhook_id="WH-ID-1", secreto_firma="firma-paypal"
    ) as servidor:
        settings.PAYPAL_CLIENT_ID = "cliente-paypal"
        settings.PAYPAL_CLIENT_SECRET = "secreto-paypal"
        settings.PAYPAL_WEBHOOK_ID = "WH-ID-1"
        settings.PAYPAL_API_BASE = servidor.url
        yield servidor


@pytest.fixture
def producto(db):
    return ProductoFactory(precio=Decimal("12.34"), stock=10)


@pytest.fixture
def venta(cliente, producto):
    """A pending sale of 2 x 12.34 = 24.68 (no tax or shipping by default)."""
    return crear_venta(usuario=cliente, lineas=[(producto, 2)])
