from rest_framework.routers import SimpleRouter

from inventario import views

app_name = "inventario"

router = SimpleRouter()
# Registered first so that "movimientos" is not taken for an inventory id.
router.register("inventario/movimientos", views.MovimientoInventarioViewSet, basename="movimiento")
router.register("inventario", views.InventarioViewSet, basename="inventario")

urlpatterns = router.urls
