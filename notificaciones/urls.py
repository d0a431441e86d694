from backend.routers import Router
from notificaciones import views

app_name = "notificaciones"

router = Router()
router.register("notificaciones", views.NotificacionViewSet, basename="notificacion")

urlpatterns = router.urls
