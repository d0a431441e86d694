import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerView

from backend import views
from backend.schema import EsquemaCacheadoView

# The catalogue first: its reads are most of the traffic, and every route before it is a pattern
# tried on each of them (the prefixes don't overlap, so the order changes no match).
api = [
    path("", include("productos.urls")),
    path("health/", views.health, name="health"),
    path("health/live/", views.health_live, name="health-live"),
    path("schema/", EsquemaCacheadoView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("", include("usuarios.urls")),
    path("", include("inventario.urls")),
    path("", include("pagos.urls")),
    path("", include("ventas.urls")),
    path("", include("notificaciones.urls")),
    re_path(r"^.*$", views.api_not_found),
]

# Uploaded photos: served by Django only with DEBUG on or DJANGO_SERVIR_MEDIA (views.media); in
# production the web server or the S3 bucket serves MEDIA_URL (README "Catalogue: safe edits, photos, ratings").
media = []
if settings.MEDIA_URL.startswith("/") and not settings.MEDIA_URL.startswith("//"):
    media = [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", views.media, name="media")]

urlpatterns = [
    *media,
    path("admin/", admin.site.urls),
    path("api/", include(api)),
    # Client-side routes of the SPA; its assets are served by whitenoise (WHITENOISE_ROOT).
    re_path(r"^(?!api/|admin/|static/|media/).*$", views.spa, name="spa"),
]

handler404 = "backend.views.handler404"
handler500 = "backend.views.handler500"
