"""The account races over HTTP against the production server (gunicorn, 2 workers x 4 threads) on
PostgreSQL: one refresh token gives one new pair, case-variant sign-ups create one user, one emailed
reset token changes the password once."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.utils.http import urlsafe_base64_encode
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


def test_parallel_confirmations_with_one_reset_token_change_the_password_once(servidor):
    usuario = UsuarioFactory(email="reset@example.com")
    antiguo = RefreshToken.for_user(usuario)
    for ronda in range(3):
        usuario = Usuario.objects.get(pk=usuario.pk)
        uid, token = urlsafe_base64_encode(str(usuario.pk).encode()), default_token_generator.make_token(usuario)
        claves = [f"Nueva-clave-{ronda}-{i}-larga" for i in range(10)]
        resultados = en_paralelo(
            [
                lambda c=c, uid=uid, token=token: peticion(
                    servidor.puerto,
                    "POST",
                    "/api/password-reset/confirm/",
                    cuerpo={"uid": uid, "token": token, "password": c},
                )
                for c in claves
            ]
        )
        assert all(ok for ok, _ in resultados), resultados
        estados = [r.status for _, r in resultados]
        assert sorted(estados) == [200] + [400] * 9, estados
        ganadora = claves[estados.index(200)]
        # The server hashes with its own hasher: the new password is checked by logging in.
        for clave in claves:
            entrada = peticion(
                servidor.puerto, "POST", "/api/login/", cuerpo={"username": usuario.username, "password": clave}
            )
            assert entrada.status == (200 if clave == ganadora else 401), clave
    entrada = peticion(servidor.puerto, "POST", "/api/token/refresh/", cuerpo={"refresh": str(antiguo)})
    assert entrada.status == 401
