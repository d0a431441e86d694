"""Payments under real concurrency (PostgreSQL only): duplicate deliveries and a webhook racing a cancellation."""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum
from django.test import Client
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from inventario.models import Inventario, MovimientoInventario
from pagos import services
from pagos.models import CambioEstadoPago, EventoPago, Pago
from pagos.tests.conftest import SECRETO_WEBHOOK
from pagos.tests.standins import evento_stripe, firmar_stripe
from productos.tests.factories import ProductoFactory
from usuarios.tests.factories import UsuarioFactory
from ventas.models import HistorialEstadoVenta, Venta
from ventas.tests.factories import crear_venta

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="Row locks and concurrent transactions need PostgreSQL."
    ),
]


def en_paralelo(funciones):
    """Run the callables in threads released together; (True, result) or (False, exception) each."""
    barrera = threading.Barrier(len(funciones))
    resultados: list = [None] * len(funciones)

    def correr(i, funcion):
        try:
            barrera.wait(timeout=30)
            resultados[i] = (True, funcion())
        except BaseException as exc:
            resultados[i] = (False, exc)
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=correr, args=(i, f), daemon=True) for i, f in enumerate(funciones)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=120)
    assert not any(h.is_alive() for h in hilos), "a thread hung (deadlock?)"
    return resultados


def _exito(pago) -> bytes:
    centimos = int(pago.monto * 100)
    objeto = {"id": pago.referencia, "object": "payment_intent", "amount": centimos}
    objeto |= {"amount_received": centimos, "currency": "eur", "status": "succeeded"}
    return evento_stripe("payment_intent.succeeded", objeto)


def _entregar(cuerpo: bytes):
    def enviar():
        return (
            Client()
            .post(
                "/api/pagos/webhooks/stripe/",
                cuerpo,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=firmar_stripe(cuerpo, SECRETO_WEBHOOK),
            )
            .status_code
        )

    return enviar


def _pago_stripe(usuario, producto, cantidad=2):
    venta = crear_venta(usuario=usuario, lineas=[(producto, cantidad)])
    pago, _ = services.iniciar_pago(usuario=usuario, venta_id=venta.pk, proveedor="stripe")
    return venta, pago


def test_20_entregas_simultaneas_del_mismo_exito_cambian_el_estado_una_vez(stripe_api):
    cliente = UsuarioFactory()
    _, pago = _pago_stripe(cliente, ProductoFactory(stock=10))
    cuerpo = _exito(pago)

    resultados = en_paralelo([_entregar(cuerpo)] * 20)

    assert resultados == [(True, 200)] * 20
    assert EventoPago.objects.count() == 1
    assert CambioEstadoPago.objects.filter(pago=pago).count() == 1
    assert HistorialEstadoVenta.objects.filter(venta=pago.venta_id, hasta=Venta.Estado.PAGADA).count() == 1
    assert Pago.objects.get(pk=pago.pk).estado == Pago.Estado.EXITOSO


def test_exito_contra_cancelacion_del_comprador_acaba_pagada_o_cancelada_y_reembolsada(stripe_api):
    cliente = UsuarioFactory()
    token = RefreshToken.for_user(cliente).access_token
    producto = ProductoFactory(stock=100)
    desenlaces = set()

    for _ in range(12):
        venta, pago = _pago_stripe(cliente, producto)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

        def cancelar(venta_id=venta.pk, api=api):
            return api.post(f"/api/ventas/{venta_id}/estado/", {"estado": "CANCELADA"}, format="json").status_code

        (ok_webhook, webhook), (ok_cancelar, cancelado) = en_paralelo([_entregar(_exito(pago)), cancelar])

        assert ok_webhook and webhook == 200
        assert ok_cancelar and cancelado in (200, 409)
        venta.refresh_from_db()
        pago.refresh_from_db()
        devuelto = MovimientoInventario.objects.filter(venta=venta, motivo="CANCELACION").aggregate(s=Sum("delta"))
        reembolsos = [
            p for p in stripe_api.llamadas("POST", "/v1/refunds") if p.cuerpo["payment_intent"] == pago.referencia
        ]
        if venta.estado == Venta.Estado.PAGADA:
            assert cancelado == 409
            assert pago.estado == Pago.Estado.EXITOSO
            assert devuelto["s"] is None
            assert reembolsos == []
        else:
            assert venta.estado == Venta.Estado.CANCELADA
            assert cancelado == 200
            assert pago.estado == Pago.Estado.REEMBOLSADO
            assert devuelto["s"] == 2
            assert len(reembolsos) == 1
        desenlaces.add(venta.estado)

    vendidas = Venta.objects.filter(estado=Venta.Estado.PAGADA).count()
    assert Inventario.objects.get(producto=producto).cantidad == 100 - 2 * vendidas
    print("desenlaces:", desenlaces)
