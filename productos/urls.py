from rest_framework.routers import SimpleRouter

from productos import views

app_name = "productos"

router = SimpleRouter()
router.register("categorias", views.CategoriaViewSet, basename="categoria")
router.register("productos", views.ProductoViewSet, basename="producto")
router.register("proveedores", views.ProveedorViewSet, basename="proveedor")

urlpatterns = router.urls
