from django.contrib import admin

from inventario import services as inventario_services
from productos.models import Categoria, Producto, Proveedor


@admin.register(Categoria)
class CategoriaAdmin(admin.ModelAdmin):
    list_display = ["id", "nombre"]
    search_fields = ["nombre"]


@admin.register(Proveedor)
class ProveedorAdmin(admin.ModelAdmin):
    list_display = ["id", "nombre", "contacto", "telefono", "email"]
    search_fields = ["nombre", "contacto", "email"]


@admin.register(Producto)
class ProductoAdmin(admin.ModelAdmin):
    list_display = ["id", "nombre", "categoria", "precio", "stock", "proveedor", "fecha_creacion"]
    list_filter = ["categoria", "proveedor"]
    search_fields = ["nombre", "descripcion"]
    list_select_related = ["categoria", "proveedor"]
    # Stock changes go through Inventario so that both numbers and the movements agree.
    readonly_fields = ["stock", "fecha_creacion", "fecha_actualizacion"]
    autocomplete_fields = ["categoria", "proveedor"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            inventario_services.asegurar_inventario(producto=obj, usuario=request.user)
