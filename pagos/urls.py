from django.urls import path

from pagos import views

app_name = "pagos"

urlpatterns = [
    path("pagos/proveedores/", views.ProveedoresView.as_view(), name="proveedores"),
    path("ventas/<int:pk>/pagos/", views.VentaPagosView.as_view(), name="venta-pagos"),
    path("pagos/<int:pk>/capturar/", views.CapturarPagoView.as_view(), name="capturar"),
    path("pagos/<int:pk>/simular/", views.SimularPagoView.as_view(), name="simular"),
    path("pagos/webhooks/stripe/", views.WebhookStripeView.as_view(), name="webhook-stripe"),
    path("pagos/webhooks/paypal/", views.WebhookPaypalView.as_view(), name="webhook-paypal"),
]
