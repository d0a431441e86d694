from django.contrib import admin

from pagos.models import CambioEstadoPago, EventoPago, Pago


class CambioEstadoPagoInline(admin.TabularInline):
    model = CambioEstadoPago
    extra = 0
    can_delete = False
    readonly_fields = ["desde", "hasta", "evento", "historial_venta", "fecha"]


@admin.register(Pago)
class PagoAdmin(admin.ModelAdmin):
    list_display = ["id", "venta", "proveedor", "estado", "monto", "moneda", "creado"]
    list_filter = ["proveedor", "estado"]
    search_fields = ["referencia", "venta__id"]
    readonly_fields = [f.name for f in Pago._meta.fields if f.name != "client_secret"]
    exclude = ["client_secret"]
    inlines = [CambioEstadoPagoInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EventoPago)
class EventoPagoAdmin(admin.ModelAdmin):
    list_display = ["evento_id", "proveedor", "tipo", "pago", "resultado", "recibido"]
    list_filter = ["proveedor", "resultado"]
    readonly_fields = ["proveedor", "evento_id", "tipo", "pago", "resultado", "recibido"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
