from backend.routers import Router
from productos import views

app_name = "productos"

router = Router()
router.register("categorias", views.CategoriaViewSet, basename="categoria")
router.register("productos", views.ProductoViewSet, basename="producto")
router.register("proveedores", views.ProveedorViewSet, basename="proveedor")

urlpatterns = router.urls
