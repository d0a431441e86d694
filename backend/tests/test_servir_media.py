"""DJANGO_SERVIR_MEDIA: with DEBUG off, Django serves uploaded photos only when told to (single-host demos)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def foto(settings, tmp_path):
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "productos" / "1").mkdir(parents=True)
    (tmp_path / "productos" / "1" / "a-min.webp").write_bytes(b"RIFF0000WEBPVP8 ")
    (tmp_path.parent / "secreto.txt").write_text("no")
    return "/media/productos/1/a-min.webp"


def test_sin_servir_media_la_foto_es_404_con_debug_apagado(client, settings, foto):
    settings.SERVIR_MEDIA = False
    assert client.get(foto).status_code == 404


def test_con_servir_media_se_sirve_la_foto_y_nada_fuera_de_media_root(client, settings, foto):
    settings.SERVIR_MEDIA = True
    r = client.get(foto)
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == b"RIFF0000WEBPVP8 "
    assert r["X-Content-Type-Options"] == "nosniff"
    assert client.get("/media/../secreto.txt").status_code == 404
    assert client.get("/media/%2e%2e/secreto.txt").status_code == 404
    assert client.get("/media/productos/1/no-existe.webp").status_code == 404
