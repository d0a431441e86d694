from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from usuarios.models import Usuario


@admin.register(Usuario)
class UsuarioAdmin(UserAdmin):
    list_display = ["username", "email", "rol", "is_active", "is_staff", "last_login", "date_joined"]
    list_filter = ["rol", "is_active", "is_staff"]
    search_fields = ["username", "email", "first_name", "last_name"]
    fieldsets = (*UserAdmin.fieldsets, ("Rol", {"fields": ["rol"]}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Rol", {"fields": ["rol"]}))
    # is_staff and groups follow the role (usuarios.signals).
    readonly_fields = ["is_staff", "last_login", "date_joined"]
