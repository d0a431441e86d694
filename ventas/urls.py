from django.urls import path

from backend.routers import Router
from ventas import views

app_name = "ventas"

router = Router()
router.register("carrito-item", views.CarritoItemViewSet, basename="carrito-item")
router.register("ventas/calificaciones", views.CalificacionViewSet, basename="calificacion")
router.register("ventas", views.VentaViewSet, basename="venta")
router.register("cupones", views.CuponViewSet, basename="cupon")

urlpatterns = [
    path("carrito/", views.CarritoView.as_view(), name="carrito"),
    path("venta/", views.CheckoutView.as_view(), name="checkout"),
    path("venta/resumen/", views.ResumenCompraView.as_view(), name="checkout-resumen"),
    path("ventas/reporte/ventas/", views.ReporteVentasView.as_view(), name="reporte-ventas"),
    path("ventas/reporte/ventas-usuario/", views.ReporteVentasUsuarioView.as_view(), name="reporte-ventas-usuario"),
    path(
        "ventas/reporte/productos-mas-vendidos/",
        views.ReporteProductosMasVendidosView.as_view(),
        name="reporte-productos-mas-vendidos",
    ),
    *router.urls,
]
