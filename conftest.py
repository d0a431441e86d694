"""Shared fixtures: API clients signed in as each role, fast hashing, a clean cache."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from backend.cache import reiniciar_estado_de_caida
from usuarios.models import Usuario
from usuarios.tests.factories import UsuarioFactory


@pytest.fixture(autouse=True)
def _rapido_y_limpio(settings, tmp_path_factory):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded photos go to a temporary folder, never to the project's media/.
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")
    # No collectstatic in tests: serve assets from the apps instead of the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The response and user caches (issue 14) are off unless a test asks for them: the other tests
    # count the queries a request really needs, and write rows directly with the ORM.
    settings.CATALOGO_CACHE_SEGUNDOS = 0
    settings.USUARIO_CACHE_SEGUNDOS = 0
    reiniciar_estado_de_caida()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def con_cache(settings):
    """The response and user caches on, as in production with Redis (issue 14)."""
    settings.CATALOGO_CACHE_SEGUNDOS = 300
    settings.USUARIO_CACHE_SEGUNDOS = 60


def es_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def cliente(db):
    return UsuarioFactory(rol=Usuario.Rol.CLIENT)


@pytest.fixture
def otro_cliente(db):
    return UsuarioFactory(rol=Usuario.Rol.CLIENT)


@pytest.fixture
def empleado(db):
    return UsuarioFactory(rol=Usuario.Rol.EMPLOYEE)


@pytest.fixture
def administrador(db):
    return UsuarioFactory(rol=Usuario.Rol.ADMIN)


@pytest.fixture
def auth_client():
    """Build an APIClient carrying a Bearer access token of `usuario`."""

    def _crear(usuario):
        cliente_api = APIClient()
        token = RefreshToken.for_user(usuario).access_token
        cliente_api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return cliente_api

    return _crear
