"""Account rules that are not about HTTP: usernames, uniqueness, revocation, the last ADMIN."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from usuarios import services, tokens
from usuarios.exceptions import AutoEliminacion, UltimoAdministrador
from usuarios.models import Usuario, normalizar_username
from usuarios.tests.factories import UsuarioFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        ("ana", "ana"),
        ("  Ana ", "Ana"),
        ("ａｄｍｉｎ", "admin"),
        (12345, "12345"),
        (True, None),
        (None, None),
        ([1], None),
    ],
)
def test_normalizar_username(valor, esperado):
    assert normalizar_username(valor) == esperado


def test_crear_usuario_stores_the_nfkc_form_and_refuses_case_variants():
    usuario = services.crear_usuario(username=" ｒａｃｅｒ ", password="Una-clave-larga-1", email="r@example.com")
    assert usuario.username == "racer"
    with pytest.raises(ValidationError) as error:
        services.crear_usuario(username="RACER", password="Una-clave-larga-1", email="otro@example.com")
    assert error.value.message_dict == {"username": ["El usuario ya existe"]}
    with pytest.raises(ValidationError) as error:
        services.crear_usuario(username="otro", password="Una-clave-larga-1", email="R@Example.com")
    assert error.value.message_dict == {"email": ["Ya existe una cuenta con ese email."]}


def test_deactivation_marks_the_moment_and_blacklists_every_refresh_token():
    usuario = UsuarioFactory()
    RefreshToken.for_user(usuario)
    RefreshToken.for_user(usuario)

    services.actualizar_usuario(usuario=usuario, is_active=False)
    desde = usuario.tokens_validos_desde
    assert desde is not None
    assert not OutstandingToken.objects.filter(user=usuario, blacklistedtoken__isnull=True).exists()

    services.actualizar_usuario(usuario=usuario, is_active=True)
    usuario.refresh_from_db()
    assert usuario.tokens_validos_desde == desde
    assert not usuario.acepta_token_emitido(int(desde.timestamp()))
    assert usuario.acepta_token_emitido(int(desde.timestamp()) + 1)


def test_a_refresh_token_is_spent_once():
    usuario = UsuarioFactory()
    token = RefreshToken.for_user(usuario)
    assert tokens.canjear_refresh(token=token, usuario=usuario) is True
    assert tokens.canjear_refresh(token=token, usuario=usuario) is False


def test_the_last_active_admin_stays_and_nobody_deletes_themselves():
    admin = UsuarioFactory(rol=Usuario.Rol.ADMIN)
    with pytest.raises(UltimoAdministrador):
        services.actualizar_usuario(usuario=admin, rol=Usuario.Rol.EMPLOYEE)
    with pytest.raises(UltimoAdministrador):
        services.eliminar_usuario(usuario=Usuario.objects.get(pk=admin.pk), por=None)
    with pytest.raises(AutoEliminacion):
        services.eliminar_usuario(usuario=admin, por=admin)

    otro = UsuarioFactory(rol=Usuario.Rol.ADMIN)
    assert services.eliminar_usuario(usuario=otro, por=admin) is True
