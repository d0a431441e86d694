from django.contrib import admin

from ventas.models import Calificacion, Carrito, CarritoItem, Cupon, DetalleVenta, HistorialEstadoVenta, Venta


class SoloLecturaInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DetalleVentaInline(SoloLecturaInline):
    model = DetalleVenta
    fields = ["producto", "producto_nombre", "cantidad", "precio_unitario"]
    readonly_fields = fields


class HistorialEstadoInline(SoloLecturaInline):
    model = HistorialEstadoVenta
    fields = ["desde", "hasta", "usuario", "fecha"]
    readonly_fields = fields


@admin.register(Venta)
class VentaAdmin(admin.ModelAdmin):
    """Sales are history: read-only here; status changes go through the API's service."""

    list_display = ["id", "fecha", "usuario", "estado", "subtotal", "descuento", "total", "cupon"]
    list_filter = ["estado", "fecha"]
    search_fields = ["id", "usuario__username"]
    date_hierarchy = "fecha"
    list_select_related = ["usuario", "cupon"]
    inlines = [DetalleVentaInline, HistorialEstadoInline]
    readonly_fields = ["usuario", "fecha", "estado", "cupon", "subtotal", "descuento", "impuesto", "envio", "total"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cupon)
class CuponAdmin(admin.ModelAdmin):
    list_display = ["codigo", "tipo", "valor", "valido_desde", "valido_hasta", "activo", "usos", "usos_maximos"]
    list_filter = ["activo", "tipo"]
    search_fields = ["codigo"]
    readonly_fields = ["usos"]


@admin.register(Calificacion)
class CalificacionAdmin(admin.ModelAdmin):
    list_display = ["venta", "usuario", "calificacion", "fecha"]
    list_filter = ["calificacion", "fecha"]
    search_fields = ["usuario__username", "comentario"]
    list_select_related = ["usuario"]
    readonly_fields = ["venta", "usuario", "fecha"]


class CarritoItemInline(admin.TabularInline):
    model = CarritoItem
    extra = 0
    autocomplete_fields = ["producto"]


@admin.register(Carrito)
class CarritoAdmin(admin.ModelAdmin):
    list_display = ["usuario", "fecha_creacion"]
    search_fields = ["usuario__username"]
    inlines = [CarritoItemInline]
