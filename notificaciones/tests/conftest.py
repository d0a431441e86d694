import pytest

from notificaciones.tests.smtp import ServidorSMTP


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free port; Django's mail goes to it."""
    with ServidorSMTP() as servidor:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = servidor.puerto
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        settings.CELERY_BROKER_URL = ""
        yield servidor.buzon
