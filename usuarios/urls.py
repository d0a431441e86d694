from django.urls import path

from backend.routers import Router
from usuarios import recuperacion, views

app_name = "usuarios"

router = Router()
router.register("usuarios", views.UsuarioViewSet, basename="usuario")

urlpatterns = [
    path("register/", views.RegistroView.as_view(), name="register"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("token/refresh/", views.RefreshView.as_view(), name="token-refresh"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("me/", views.MeView.as_view(), name="me"),
    path("me/password/", views.CambioPasswordView.as_view(), name="me-password"),
    path("password-reset/", recuperacion.SolicitudResetView.as_view(), name="password-reset"),
    path("password-reset/confirm/", recuperacion.ConfirmacionResetView.as_view(), name="password-reset-confirm"),
    *router.urls,
]
