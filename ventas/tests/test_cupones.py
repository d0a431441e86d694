from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ventas.models import Cupon
from ventas.tests.factories import CuponFactory

pytestmark = pytest.mark.django_db

LISTA = reverse("ventas:cupon-list")


def _cuerpo(**cambios):
    ahora = timezone.now()
    return {
        "codigo": "OTONO",
        "tipo": "PORCENTAJE",
        "valor": "15.00",
        "valido_desde": ahora.isoformat(),
        "valido_hasta": (ahora + timedelta(days=30)).isoformat(),
        "activo": True,
        "usos_maximos": 100,
        **cambios,
    }


def test_el_personal_crea_cupones_y_usos_no_se_puede_fijar(auth_client, empleado):
    r = auth_client(empleado).post(LISTA, _cuerpo(usos=50), format="json")
    assert r.status_code == 201
    assert r.json()["usos"] == 0
    assert Cupon.objects.get().usos == 0


@pytest.mark.parametrize(
    ("cambios", "campo"),
    [
        ({"valor": "150"}, "valor"),
        ({"valor": "0"}, "valor"),
        ({"tipo": "REGALO"}, "tipo"),
        ({"valido_hasta": (timezone.now() - timedelta(days=1)).isoformat()}, "valido_hasta"),
        ({"codigo": "verano"}, "codigo"),
    ],
)
def test_cupon_no_valido_da_400(auth_client, empleado, cambios, campo):
    CuponFactory(codigo="VERANO")
    r = auth_client(empleado).post(LISTA, _cuerpo(**cambios), format="json")
    assert r.status_code == 400
    assert campo in r.json()["campos"]
    assert Cupon.objects.count() == 1


def test_el_cliente_no_ve_cupones(auth_client, cliente):
    CuponFactory()
    assert auth_client(cliente).get(LISTA).status_code == 403
