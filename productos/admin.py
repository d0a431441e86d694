from django.contrib import admin
from django.utils.html import format_html

from inventario import services as inventario_services
from productos.cache import invalidar_catalogo
from productos.models import Categoria, ImagenProducto, Producto, Proveedor


class InvalidaCatalogoAdmin(admin.ModelAdmin):
    """Admin edits change what the catalogue answers: drop its cached answers (productos/cache.py)."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        invalidar_catalogo()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        invalidar_catalogo()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        invalidar_catalogo()


@admin.register(Categoria)
class CategoriaAdmin(InvalidaCatalogoAdmin):
    list_display = ["id", "nombre"]
    search_fields = ["nombre"]


@admin.register(Proveedor)
class ProveedorAdmin(InvalidaCatalogoAdmin):
    list_display = ["id", "nombre", "contacto", "telefono", "email"]
    search_fields = ["nombre", "contacto", "email"]


class ImagenProductoInline(admin.TabularInline):
    """Photos are shown and reordered here; uploads and deletions go through the API, which validates
    them with Pillow, strips EXIF, makes the thumbnail and removes the files."""

    model = ImagenProducto
    extra = 0
    fields = ["vista", "orden", "ancho", "alto", "fecha_creacion"]
    readonly_fields = ["vista", "ancho", "alto", "fecha_creacion"]

    @admin.display(description="miniatura")
    def vista(self, obj):
        return format_html('<img src="{}" alt="" height="60">', obj.miniatura.url) if obj.miniatura else "-"

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Producto)
class ProductoAdmin(InvalidaCatalogoAdmin):
    list_display = ["id", "nombre", "categoria", "precio", "stock", "proveedor", "fecha_creacion"]
    list_filter = ["categoria", "proveedor"]
    search_fields = ["nombre", "descripcion"]
    list_select_related = ["categoria", "proveedor"]
    # Stock changes go through Inventario so that both numbers and the movements agree.
    readonly_fields = ["stock", "fecha_creacion", "fecha_actualizacion"]
    autocomplete_fields = ["categoria", "proveedor"]
    inlines = [ImagenProductoInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            inventario_services.asegurar_inventario(producto=obj, usuario=request.user)
