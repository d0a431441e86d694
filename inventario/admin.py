from django.contrib import admin

from inventario import services
from inventario.models import Inventario, MovimientoInventario


@admin.register(Inventario)
class InventarioAdmin(admin.ModelAdmin):
    list_display = ["producto", "cantidad", "stock_minimo", "ultima_actualizacion"]
    search_fields = ["producto__nombre"]
    list_select_related = ["producto"]
    readonly_fields = ["producto", "ultima_actualizacion"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # The quantity goes through the inventory service so Producto.stock and the movements follow.
        cantidad = form.cleaned_data["cantidad"]
        obj.cantidad = Inventario.objects.values_list("cantidad", flat=True).get(pk=obj.pk)
        obj.save(update_fields=["stock_minimo"])
        services.fijar_stock(producto_id=obj.producto_id, cantidad=cantidad, usuario=request.user)


@admin.register(MovimientoInventario)
class MovimientoInventarioAdmin(admin.ModelAdmin):
    list_display = ["fecha", "producto", "delta", "cantidad_resultante", "motivo", "usuario", "venta"]
    list_filter = ["motivo", "fecha"]
    search_fields = ["producto__nombre"]
    list_select_related = ["producto", "usuario"]
    date_hierarchy = "fecha"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
