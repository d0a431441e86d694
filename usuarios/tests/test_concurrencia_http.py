"""The account races over HTTP against the production server (gunicorn, 2 workers x 4 threads) on
PostgreSQL: one refresh token gives one new pair, case-variant sign-ups create one user."""

import pytest
from django.db import connection
from rest_framework_simplejwt.tokens import RefreshToken

from usuarios.models import Usuario
from usuarios.tests.factories import UsuarioFactory
from ventas.tests.http_concurrencia import en_paralelo, peticion, servidor_de_pruebas, url_bd_de_pruebas

pytestmark = [pytest.mark.servidor_real, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def servidor(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn shares the test database only on PostgreSQL.")
    with django_db_blocker.unblock():
        url = url_bd_de_pruebas()
    gunicorn = servidor_de_pruebas(database_url=url, workers=2, hilos=4)
    gunicorn.puertos = list(range(8720, 8730))
    with gunicorn:
        yield gunicorn


def test_ten_parallel_http_refreshes_with_one_token_give_one_success(servidor):
    usuario = UsuarioFactory()
    for _ in range(5):
        # Minted here (the server checks passwords with its own hasher, not the tests' fast one).
        refresco = str(RefreshToken.for_user(usuario))
        resultados = en_paralelo(
            [lambda r=refresco: peticion(servidor.puerto, "POST", "/api/token/refresh/", cuerpo={"refresh": r})] * 10
        )
        assert all(ok for ok, _ in resultados), resultados
        estados = sorted(r.status for _, r in resultados)
        assert estados == [200] + [401] * 9, estados


def test_parallel_http_sign_ups_of_case_variants_create_one_user(servidor):
    nombres = ["httpracer", "HTTPRACER", "HttpRacer", "hTTPracer"]
    resultados = en_paralelo(
        [
            lambda n=n, i=i: peticion(
                servidor.puerto,
                "POST",
                "/api/register/",
                cuerpo={"username": n, "password": "Una-clave-larga-1", "email": f"h{i}@example.com"},
            )
            for i, n in enumerate(nombres)
        ]
    )
    estados = sorted(r.status for _, r in resultados)
    assert estados == [201, 400, 400, 400], [r for _, r in resultados]
    assert Usuario.objects.filter(username__iexact="httpracer").count() == 1
