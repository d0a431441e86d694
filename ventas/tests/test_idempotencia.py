"""Idempotency-Key (backend/idempotencia.py) through checkout: leases of dead workers and the purge."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from backend.idempotencia import ejecutar_una_vez, huella
from productos.models import Categoria
from productos.tests.factories import ProductoFactory
from ventas.models import ClaveIdempotencia, Venta
from ventas.services import agregar_al_carrito

pytestmark = pytest.mark.django_db

CHECKOUT = reverse("ventas:checkout")


def _clave_en_curso(usuario, *, hace: timedelta, clave="intento-1"):
    registro = ClaveIdempotencia.objects.create(
        usuario=usuario, clave=clave, huella=huella(metodo="POST", ruta=CHECKOUT, datos={})
    )
    ClaveIdempotencia.objects.filter(pk=registro.pk).update(fecha=timezone.now() - hace)
    return registro


def test_una_clave_en_curso_cuyo_proceso_murio_se_retoma_tras_el_plazo(auth_client, cliente, settings):
    settings.IDEMPOTENCIA_LEASE_SEGUNDOS = 60
    agregar_al_carrito(usuario=cliente, producto=ProductoFactory(stock=5), cantidad=1)
    _clave_en_curso(cliente, hace=timedelta(seconds=61))
    api = auth_client(cliente)

    r = api.post(CHECKOUT, {}, format="json", HTTP_IDEMPOTENCY_KEY="intento-1")

    assert r.status_code == 201, r.content
    registro = ClaveIdempotencia.objects.get(usuario=cliente, clave="intento-1")
    assert (registro.estado, registro.codigo_http, registro.respuesta["id"]) == ("COMPLETADA", 201, r.json()["id"])
    repetida = api.post(CHECKOUT, {}, format="json", HTTP_IDEMPOTENCY_KEY="intento-1")
    assert (repetida.status_code, repetida.json()["id"], repetida["Idempotent-Replayed"]) == (
        201,
        r.json()["id"],
        "true",
    )
    assert Venta.objects.filter(usuario=cliente).count() == 1


def test_una_clave_en_curso_dentro_del_plazo_da_409_y_no_compra(auth_client, cliente, settings):
    settings.IDEMPOTENCIA_LEASE_SEGUNDOS = 60
    agregar_al_carrito(usuario=cliente, producto=ProductoFactory(stock=5), cantidad=1)
    _clave_en_curso(cliente, hace=timedelta(seconds=30))

    r = auth_client(cliente).post(CHECKOUT, {}, format="json", HTTP_IDEMPOTENCY_KEY="intento-1")

    assert (r.status_code, r.json()["codigo"]) == (409, "idempotencia_en_curso")
    assert Venta.objects.count() == 0


def test_la_misma_clave_en_otra_ruta_es_otro_cuerpo(auth_client, cliente):
    producto = ProductoFactory(stock=5)
    agregar_al_carrito(usuario=cliente, producto=producto, cantidad=1)
    ClaveIdempotencia.objects.create(
        usuario=cliente,
        clave="intento-1",
        huella=huella(metodo="POST", ruta="/api/otra-cosa/", datos={}),
        estado=ClaveIdempotencia.Estado.COMPLETADA,
        codigo_http=201,
        respuesta={},
    )
    r = auth_client(cliente).post(CHECKOUT, {}, format="json", HTTP_IDEMPOTENCY_KEY="intento-1")
    assert (r.status_code, r.json()["codigo"]) == (422, "idempotencia_cuerpo_distinto")
    assert Venta.objects.count() == 0


def test_purgar_idempotencia_borra_solo_las_claves_caducadas(cliente, otro_cliente, settings):
    settings.IDEMPOTENCY_KEY_TTL_HOURS = 24
    _clave_en_curso(cliente, hace=timedelta(hours=25), clave="vieja")
    _clave_en_curso(otro_cliente, hace=timedelta(hours=30), clave="vieja")
    _clave_en_curso(cliente, hace=timedelta(hours=23), clave="reciente")

    salida = io.StringIO()
    call_command("purgar_idempotencia", stdout=salida)

    assert salida.getvalue().strip() == "Claves de idempotencia borradas: 2"
    assert list(ClaveIdempotencia.objects.values_list("clave", flat=True)) == ["reciente"]


def test_una_operacion_que_falla_no_deja_ni_sus_escrituras_ni_la_clave(cliente):
    def operacion():
        Categoria.objects.create(nombre="Escrita antes del fallo")
        raise RuntimeError("el proceso falla antes de responder")

    with pytest.raises(RuntimeError):
        ejecutar_una_vez(usuario=cliente, clave="k", huella="h", operacion=operacion)

    assert not Categoria.objects.filter(nombre="Escrita antes del fallo").exists()
    assert not ClaveIdempotencia.objects.filter(usuario=cliente).exists()
    codigo, cuerpo, repetida = ejecutar_una_vez(
        usuario=cliente, clave="k", huella="h", operacion=lambda: (201, {"a": 1})
    )
    assert (codigo, cuerpo, repetida) == (201, {"a": 1}, False)
    assert ejecutar_una_vez(usuario=cliente, clave="k", huella="h", operacion=lambda: (500, {})) == (
        201,
        {"a": 1},
        True,
    )
