"""Integrity violations are a 409 JSON answer, never a 500 (issue 10.10).

The validators of category names and coupon codes check case-insensitive uniqueness before the
insert; two creations at once both pass that check and one insert hits the lower-case unique
index. On PostgreSQL, threads with their own connections race for real.
"""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from backend.exceptions import exception_handler
from productos.models import Categoria
from usuarios.models import Usuario
from usuarios.tests.factories import UsuarioFactory
from ventas.models import Cupon

solo_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Real concurrent inserts need PostgreSQL; SQLite serialises writers."
)

HILOS = 12


@pytest.mark.django_db
def test_una_violacion_de_unicidad_se_responde_409_registro_duplicado():
    Categoria.objects.create(nombre="Bebidas")
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Categoria.objects.create(nombre="BEBIDAS")

    respuesta = exception_handler(error.value, {})

    assert (respuesta.status_code, respuesta.data) == (
        409,
        {"error": "Ya existe un registro con esos datos.", "codigo": "registro_duplicado", "campos": {}},
    )


@pytest.mark.django_db
def test_otra_violacion_de_integridad_se_responde_409_conflicto():
    ahora = timezone.now()
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Cupon.objects.create(codigo="X", tipo="MONTO", valor=1, valido_desde=ahora, valido_hasta=ahora)

    respuesta = exception_handler(error.value, {})

    assert (respuesta.status_code, respuesta.data["codigo"]) == (409, "conflicto")


def _a_la_vez(url, cuerpos, usuario):
    """POST every body at once from its own thread (and connection); the answers' (status, codigo)."""
    barrera = threading.Barrier(len(cuerpos))
    resultados = [None] * len(cuerpos)

    def enviar(i, cuerpo):
        api = APIClient()
        api.force_authenticate(usuario)
        try:
            barrera.wait()
            r = api.post(url, cuerpo, format="json")
            resultados[i] = (r.status_code, r.json().get("codigo"))
        except Exception as error:
            resultados[i] = (500, type(error).__name__)
        finally:
            connection.close()

    hilos = [threading.Thread(target=enviar, args=(i, c)) for i, c in enumerate(cuerpos)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    return resultados


def _variantes(texto):
    return [texto.lower(), texto.upper(), texto.title(), f" {texto} "] * (HILOS // 4)


def _comprobar(resultados):
    creadas = [r for r in resultados if r[0] == 201]
    rechazadas = [r for r in resultados if r[0] != 201]
    assert len(creadas) == 1, resultados
    # The loser sees the validator's 400 (the winner had committed) or the index's 409: never a 500.
    assert set(rechazadas) <= {(400, "validacion"), (409, "registro_duplicado")}, resultados


@solo_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("ronda", range(3))
def test_categorias_iguales_creadas_a_la_vez_dan_una_201_y_ningun_500(ronda):
    admin = UsuarioFactory(rol=Usuario.Rol.ADMIN)
    nombre = f"carrera{ronda}"
    cuerpos = [{"nombre": n} for n in _variantes(nombre)]

    _comprobar(_a_la_vez(reverse("productos:categoria-list"), cuerpos, admin))
    assert Categoria.objects.annotate(n=Lower("nombre")).filter(n=nombre).count() == 1


@solo_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("ronda", range(3))
def test_cupones_iguales_creados_a_la_vez_dan_uno_201_y_ningun_500(ronda):
    admin = UsuarioFactory(rol=Usuario.Rol.ADMIN)
    codigo = f"carrera{ronda}"
    desde = timezone.now()
    cuerpos = [
        {
            "codigo": c,
            "tipo": "MONTO",
            "valor": "5.00",
            "valido_desde": desde.isoformat(),
            "valido_hasta": (desde + timedelta(days=1)).isoformat(),
        }
        for c in _variantes(codigo)
    ]

    _comprobar(_a_la_vez(reverse("ventas:cupon-list"), cuerpos, admin))
    assert Cupon.objects.filter(codigo__iexact=codigo).count() == 1
