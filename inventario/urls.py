from backend.routers import Router
from inventario import views

app_name = "inventario"

router = Router()
# Registered first so that "movimientos" is not taken for an inventory id.
router.register("inventario/movimientos", views.MovimientoInventarioViewSet, basename="movimiento")
router.register("inventario", views.InventarioViewSet, basename="inventario")

urlpatterns = router.urls
