"""Accounts under attack (issues 10 and 13): normalised usernames, database-enforced uniqueness,
single-use refresh tokens, revocation on deactivation, the SPA's refresh cookie, the admin login's
limits and the last administrator."""

import threading
import time

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from usuarios.models import Usuario
from usuarios.tests.factories import UsuarioFactory

PASSWORD = "clave-de-prueba-123"
CLAVE = "Una-clave-larga-1"
ALTAS = "100000/min"

solo_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Real concurrent transactions need PostgreSQL."
)


@pytest.fixture
def tasas(monkeypatch):
    def _fijar(**por_escala):
        escalas = ("anon", "user", "login", "login_usuario", "register", "checkout")
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {e: por_escala.get(e, ALTAS) for e in escalas})

    return _fijar


def _login(username, password=PASSWORD, ip="198.51.100.1", api=None):
    api = api or APIClient(REMOTE_ADDR=ip)
    return api.post(reverse("usuarios:login"), {"username": username, "password": password}, format="json")


def _registrar(username, email, api=None):
    api = api or APIClient()
    return api.post(reverse("usuarios:register"), {"username": username, "password": CLAVE, "email": email})


def _refresh(refresh):
    return APIClient().post(reverse("usuarios:token-refresh"), {"refresh": refresh})


def _me(access):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return api.get(reverse("usuarios:me"))


def en_paralelo(funcion, veces):
    """Run `funcion(i)` in `veces` threads released together; each thread closes its connection."""
    barrera = threading.Barrier(veces)
    resultados = [None] * veces

    def _hilo(i):
        try:
            barrera.wait()
            resultados[i] = funcion(i)
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=_hilo, args=(i,)) for i in range(veces)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    return resultados


# --- 10.7 / 10.14: one form of a username ----------------------------------------------------


@pytest.mark.django_db
def test_a_numeric_username_is_counted_against_the_same_budget_as_its_text(tasas):
    tasas(login_usuario="3/min")
    UsuarioFactory(username="12345")

    for n in range(3):
        assert _login(12345, "mala-clave", ip=f"203.0.113.{n + 1}").status_code == 401
    # The right password, as text, from a fresh address: the account's budget is spent.
    assert _login("12345", ip="203.0.113.99").status_code == 429


@pytest.mark.django_db
def test_case_spaces_and_full_width_forms_share_one_login_budget(tasas):
    tasas(login_usuario="3/min")
    UsuarioFactory(username="admin")

    for n, forma in enumerate(["ADMIN", " admin ", "ａｄｍｉｎ"]):
        assert _login(forma, "mala-clave", ip=f"203.0.113.{n + 1}").status_code == 401
    assert _login("Admin", ip="203.0.113.99").status_code == 429


@pytest.mark.django_db
def test_login_accepts_the_username_in_any_case_or_unicode_form():
    UsuarioFactory(username="ana")
    for forma in ["ana", "ANA", "  Ana", "ａｎａ"]:
        respuesta = _login(forma)
        assert respuesta.status_code == 200, (forma, respuesta.content)
        assert respuesta.json()["usuario"]["username"] == "ana"


@pytest.mark.django_db
def test_full_width_admin_cannot_register_beside_admin():
    UsuarioFactory(username="admin")
    respuesta = _registrar("ａｄｍｉｎ", "otro@example.com")
    assert respuesta.status_code == 400
    assert respuesta.json()["error"] == "El usuario ya existe"
    assert Usuario.objects.count() == 1


@pytest.mark.django_db
def test_registration_stores_the_nfkc_form():
    assert _registrar("ｍａｒｉａ", "maria@example.com").status_code == 201
    assert Usuario.objects.filter(username="maria").exists()


# --- 10.9 / 13.6: uniqueness decided by the database --------------------------------------------


@pytest.mark.django_db
def test_the_database_refuses_a_username_differing_only_in_case():
    UsuarioFactory(username="racer0")
    with pytest.raises(IntegrityError), transaction.atomic():
        Usuario.objects.create(username="RACER0", email="r@example.com")


@pytest.mark.django_db
def test_the_database_refuses_an_email_differing_only_in_case_but_allows_many_blank():
    UsuarioFactory(username="uno", email="Ana@Example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        Usuario.objects.create(username="dos", email="ana@example.com")
    Usuario.objects.create(username="tres", email="")
    Usuario.objects.create(username="cuatro", email="")


@pytest.mark.django_db
def test_registration_requires_an_email():
    for cuerpo in ({}, {"email": ""}):
        respuesta = APIClient().post(reverse("usuarios:register"), {"username": "ana", "password": CLAVE, **cuerpo})
        assert respuesta.status_code == 400
        assert respuesta.json()["campos"]["email"] == [
            "El email es obligatorio: lo necesitas para recuperar tu contraseña."
        ]
    assert not Usuario.objects.exists()


@pytest.mark.django_db
def test_registration_refuses_an_email_taken_in_another_case():
    UsuarioFactory(username="uno", email="ana@example.com")
    respuesta = _registrar("dos", "ANA@EXAMPLE.COM")
    assert respuesta.status_code == 400
    assert respuesta.json()["campos"] == {"email": ["Ya existe una cuenta con ese email."]}


@pytest.mark.django_db
def test_an_admin_cannot_give_a_user_an_email_taken_in_another_case(administrador, auth_client):
    UsuarioFactory(username="uno", email="ana@example.com")
    otro = UsuarioFactory(username="dos")
    respuesta = auth_client(administrador).patch(
        reverse("usuarios:usuario-detail", args=[otro.pk]), {"email": "Ana@example.com"}
    )
    assert respuesta.status_code == 400
    assert respuesta.json()["campos"] == {"email": ["Ya existe una cuenta con ese email."]}


@solo_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_of_case_variants_create_one_user():
    for intento in range(3):
        nombres = [f"racer{intento}", f"RACER{intento}", f"Racer{intento}", f"rAcer{intento}"]
        respuestas = en_paralelo(
            lambda i, n=nombres, k=intento: _registrar(n[i], f"r{k}-{i}@example.com"), len(nombres)
        )

        codigos = sorted(r.status_code for r in respuestas)
        assert codigos == [201, 400, 400, 400], [r.content for r in respuestas]
        for r in respuestas:
            if r.status_code == 400:
                assert r.json()["error"] == "El usuario ya existe"
        assert Usuario.objects.filter(username__iexact=f"racer{intento}").count() == 1


@solo_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_with_one_email_in_two_cases_create_one_user():
    emails = ["mismo@example.com", "MISMO@example.com", "Mismo@Example.com"]
    respuestas = en_paralelo(lambda i: _registrar(f"persona{i}", emails[i]), len(emails))
    assert sorted(r.status_code for r in respuestas) == [201, 400, 400]
    assert Usuario.objects.filter(email__iexact="mismo@example.com").count() == 1


# --- 10.5: a refresh token is spent once --------------------------------------------------------


@pytest.mark.django_db
def test_a_spent_refresh_token_is_refused_and_the_blacklist_has_its_one_row(cliente):
    par = _login(cliente.username).json()
    assert _refresh(par["refresh"]).status_code == 200
    assert _refresh(par["refresh"]).status_code == 401
    assert BlacklistedToken.objects.filter(token__user=cliente).count() == 1


@solo_postgres
@pytest.mark.django_db(transaction=True)
def test_ten_parallel_refreshes_with_one_token_give_one_success(cliente):
    for _ in range(5):
        par = _login(cliente.username).json()
        respuestas = en_paralelo(lambda _i, r=par["refresh"]: _refresh(r), 10)

        exitos = [r for r in respuestas if r.status_code == 200]
        assert len(exitos) == 1, [r.status_code for r in respuestas]
        assert all(r.status_code == 401 for r in respuestas if r.status_code != 200)
        # The winner's new refresh token works, once.
        assert _refresh(exitos[0].json()["refresh"]).status_code == 200


# --- 10.6: deactivation revokes every token issued before it ------------------------------------


@pytest.mark.django_db
def test_tokens_issued_before_a_deactivation_stay_dead_after_reactivation(cliente, administrador, auth_client):
    viejo = _login(cliente.username).json()
    url = reverse("usuarios:usuario-detail", args=[cliente.pk])
    admin_api = auth_client(administrador)

    assert admin_api.patch(url, {"is_active": False}).status_code == 200
    assert admin_api.patch(url, {"is_active": True}).status_code == 200

    assert _me(viejo["access"]).status_code == 401
    assert _refresh(viejo["refresh"]).status_code == 401
    # A login after the reactivation works (tokens carry whole seconds: wait for the next one).
    time.sleep(1.05 - time.time() % 1)
    nuevo = _login(cliente.username).json()
    assert _me(nuevo["access"]).status_code == 200


@pytest.mark.django_db
def test_deactivating_a_user_with_sales_through_delete_also_revokes(cliente, administrador, auth_client):
    from ventas.tests.factories import crear_venta

    crear_venta(usuario=cliente)
    viejo = _login(cliente.username).json()
    admin_api = auth_client(administrador)
    url = reverse("usuarios:usuario-detail", args=[cliente.pk])

    assert admin_api.delete(url).status_code == 200
    assert admin_api.patch(url, {"is_active": True}).status_code == 200

    assert _me(viejo["access"]).status_code == 401
    assert _refresh(viejo["refresh"]).status_code == 401


# --- 10.16: the SPA's refresh token in an HttpOnly cookie -----------------------------------------


def _cookies(respuesta):
    return [m for m in respuesta.cookies.values() if m.key.startswith("tienda_refresh")]


@pytest.mark.django_db
def test_login_sets_the_refresh_cookie_httponly_secure_strict_on_the_two_paths(cliente):
    respuesta = _login(cliente.username)
    assert respuesta.status_code == 200
    # Scripts and Postman still get both tokens in the body.
    assert {"access", "refresh"} <= set(respuesta.json())

    morsels = {m["path"]: m for m in _cookies(respuesta)}
    assert set(morsels) == {"/api/token/refresh/", "/api/logout/"}
    for morsel in morsels.values():
        assert morsel.value == respuesta.json()["refresh"]
        assert morsel["httponly"] is True
        assert morsel["secure"] is True
        assert morsel["samesite"] == "Strict"


@pytest.mark.django_db
def test_the_spa_login_can_keep_the_refresh_token_out_of_the_body(cliente):
    respuesta = APIClient().post(
        reverse("usuarios:login"), {"username": cliente.username, "password": PASSWORD, "cookie": True}, format="json"
    )
    assert respuesta.status_code == 200
    assert "refresh" not in respuesta.json()
    assert respuesta.json()["access"]
    assert _cookies(respuesta)


def _api_con_cookie(valor, nombre="tienda_refresh"):
    api = APIClient()
    api.cookies[nombre] = valor
    return api


@pytest.mark.django_db
def test_refresh_with_the_cookie_rotates_it_and_keeps_the_new_token_out_of_the_body(cliente):
    viejo = _login(cliente.username).json()["refresh"]

    respuesta = _api_con_cookie(viejo).post(reverse("usuarios:token-refresh"), {}, format="json")
    assert respuesta.status_code == 200, respuesta.content
    assert set(respuesta.json()) == {"access"}
    nuevo = respuesta.cookies["tienda_refresh"].value
    assert nuevo and nuevo != viejo
    assert _me(respuesta.json()["access"]).status_code == 200

    # The old cookie is spent: 401, and the answer deletes the cookie.
    otra = _api_con_cookie(viejo).post(reverse("usuarios:token-refresh"), {}, format="json")
    assert otra.status_code == 401
    assert all(m.value == "" for m in _cookies(otra))
    # The rotated one works.
    assert _api_con_cookie(nuevo).post(reverse("usuarios:token-refresh"), {}, format="json").status_code == 200


@pytest.mark.django_db
def test_logout_with_the_cookie_blacklists_it_and_deletes_it(cliente):
    par = _login(cliente.username).json()
    api = _api_con_cookie(par["refresh"], "tienda_refresh_salida")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {par['access']}")

    respuesta = api.post(reverse("usuarios:logout"), {}, format="json")
    assert respuesta.status_code == 200
    assert all(m.value == "" for m in _cookies(respuesta))
    assert _refresh(par["refresh"]).status_code == 401


@pytest.mark.django_db
def test_refresh_without_body_or_cookie_is_a_400():
    respuesta = APIClient().post(reverse("usuarios:token-refresh"), {}, format="json")
    assert respuesta.status_code == 400
    assert "refresh" in respuesta.json()["campos"]


@pytest.mark.django_db
def test_the_spa_pages_carry_a_strict_content_security_policy(client, settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>Tienda</title>")
    settings.SPA_DIR = tmp_path
    respuesta = client.get("/catalogo")
    assert respuesta.status_code == 200
    politica = respuesta["Content-Security-Policy"]
    assert "script-src 'self'" in politica
    assert "'unsafe-inline'" not in politica and "'unsafe-eval'" not in politica
    assert "frame-ancestors 'none'" in politica
    # Swagger UI keeps working: its page is not given the SPA's policy.
    assert "Content-Security-Policy" not in client.get(reverse("docs"))


# --- 10.8: the Django admin's login shares the API's limits and audit trail ----------------------


@pytest.mark.django_db
def test_admin_login_is_limited_per_username_and_audited(tasas, administrador, client, caplog):
    tasas(login_usuario="3/min")
    url = reverse("admin:login")

    with caplog.at_level("INFO", logger="audit"):
        for n in range(3):
            respuesta = client.post(
                url, {"username": administrador.username, "password": f"mala-{n}"}, REMOTE_ADDR=f"203.0.113.{n + 1}"
            )
            assert respuesta.status_code == 200  # the form again, with its error
    fallidos = [r for r in caplog.records if r.getMessage() == "login_fallido"]
    assert len(fallidos) == 3
    assert {r.username for r in fallidos} == {administrador.username}

    # The right password now is refused too: the account is being guessed.
    respuesta = client.post(url, {"username": administrador.username, "password": PASSWORD})
    assert respuesta.status_code == 200
    assert "Demasiados intentos" in respuesta.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_and_api_logins_spend_one_budget(tasas, administrador, client):
    tasas(login_usuario="2/min")
    for _ in range(2):
        assert _login(administrador.username, "mala").status_code == 401
    respuesta = client.post(reverse("admin:login"), {"username": administrador.username, "password": PASSWORD})
    assert "Demasiados intentos" in respuesta.content.decode()


@pytest.mark.django_db
def test_admin_login_is_limited_per_address(tasas, client):
    tasas(login="2/min")
    for n in range(2):
        client.post(reverse("admin:login"), {"username": f"nadie{n}", "password": "x"}, REMOTE_ADDR="203.0.113.50")
    respuesta = client.post(reverse("admin:login"), {"username": "otro", "password": "x"}, REMOTE_ADDR="203.0.113.50")
    assert "Demasiados intentos" in respuesta.content.decode()


# --- 13.1: the shop always keeps an active administrator ------------------------------------------


def _assert_409(respuesta, codigo):
    assert respuesta.status_code == 409, respuesta.content
    assert respuesta.json()["codigo"] == codigo
    assert respuesta.json()["error"]


@pytest.mark.django_db
def test_an_administrator_cannot_delete_their_own_account(administrador, auth_client):
    UsuarioFactory(rol=Usuario.Rol.ADMIN)
    url = reverse("usuarios:usuario-detail", args=[administrador.pk])
    _assert_409(auth_client(administrador).delete(url), "auto_eliminacion")
    assert Usuario.objects.filter(pk=administrador.pk, is_active=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("cambio", [{"rol": "CLIENT"}, {"rol": "EMPLOYEE"}, {"is_active": False}])
def test_the_last_active_administrator_cannot_be_demoted_or_deactivated(administrador, auth_client, cambio):
    UsuarioFactory(rol=Usuario.Rol.ADMIN, is_active=False)  # an inactive admin does not count
    url = reverse("usuarios:usuario-detail", args=[administrador.pk])
    _assert_409(auth_client(administrador).patch(url, cambio), "ultimo_administrador")
    administrador.refresh_from_db()
    assert administrador.rol == Usuario.Rol.ADMIN and administrador.is_active


@pytest.mark.django_db
def test_with_two_administrators_one_may_demote_the_other_but_not_the_last(administrador, auth_client):
    otro = UsuarioFactory(rol=Usuario.Rol.ADMIN)
    api = auth_client(administrador)
    assert api.patch(reverse("usuarios:usuario-detail", args=[otro.pk]), {"rol": "EMPLOYEE"}).status_code == 200
    _assert_409(
        api.patch(reverse("usuarios:usuario-detail", args=[administrador.pk]), {"rol": "EMPLOYEE"}),
        "ultimo_administrador",
    )


@solo_postgres
@pytest.mark.django_db(transaction=True)
def test_two_administrators_demoting_each_other_at_once_always_leave_one():
    from rest_framework_simplejwt.tokens import RefreshToken

    for _ in range(5):
        Usuario.objects.filter(rol=Usuario.Rol.ADMIN).update(rol=Usuario.Rol.CLIENT)
        a = UsuarioFactory(rol=Usuario.Rol.ADMIN)
        b = UsuarioFactory(rol=Usuario.Rol.ADMIN)
        apis = []
        for quien in (a, b):
            api = APIClient()
            api.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(quien).access_token}")
            apis.append(api)
        objetivos = [b, a]

        respuestas = en_paralelo(
            lambda i, apis=apis, objetivos=objetivos: apis[i].patch(
                reverse("usuarios:usuario-detail", args=[objetivos[i].pk]), {"rol": "CLIENT"}
            ),
            2,
        )

        assert Usuario.objects.filter(rol=Usuario.Rol.ADMIN, is_active=True).count() == 1
        assert sorted(r.status_code for r in respuestas) in ([200, 403], [200, 409])


@pytest.mark.django_db
def test_refusals_of_combined_role_checks_speak_to_the_user_as_tu(empleado, cliente, auth_client):
    respuesta = auth_client(empleado).patch(reverse("usuarios:usuario-detail", args=[cliente.pk]), {"email": "x@e.com"})
    assert respuesta.status_code == 403
    assert respuesta.json() == {
        "error": "No tienes permiso para hacer esto.",
        "codigo": "permiso_denegado",
        "campos": {},
    }
    # A check with its own message keeps it.
    respuesta = APIClient().post(
        reverse("usuarios:register"),
        {"username": "eva", "password": CLAVE, "email": "eva@example.com", "rol": "ADMIN"},
    )
    assert respuesta.json()["error"] == "Solo un administrador puede crear usuarios con ese rol."


@pytest.mark.django_db
def test_the_django_admin_keeps_the_last_administrator_too(client):
    admin_ = UsuarioFactory(rol=Usuario.Rol.ADMIN, is_superuser=True)
    client.force_login(admin_)
    url = reverse("admin:usuarios_usuario_change", args=[admin_.pk])
    datos = {"username": admin_.username, "email": admin_.email, "rol": "EMPLOYEE", "is_active": "on"}
    datos |= {"date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}

    respuesta = client.post(url, datos)
    assert respuesta.status_code == 200  # the form again, with the reason
    assert "No puedes dejar la tienda sin administradores" in respuesta.content.decode()
    admin_.refresh_from_db()
    assert admin_.rol == Usuario.Rol.ADMIN
    # Nor can the admin delete their own account from there.
    assert client.get(reverse("admin:usuarios_usuario_delete", args=[admin_.pk])).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["\ufdfa", "a" * 149 + "\u33ef"])
def test_a_username_that_nfkc_expands_past_the_rules_is_a_400(username):
    respuesta = _registrar(username, "exp@example.com")
    assert respuesta.status_code == 400, respuesta.content
    assert "username" in respuesta.json()["campos"]
    assert not Usuario.objects.exists()
