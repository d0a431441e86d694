from django.contrib import admin

from notificaciones.models import Notificacion, PreferenciasNotificacion


@admin.register(Notificacion)
class NotificacionAdmin(admin.ModelAdmin):
    list_display = ["id", "usuario", "tipo", "titulo", "leida", "email_estado", "fecha"]
    list_filter = ["tipo", "leida", "email_estado"]
    raw_id_fields = ["usuario"]


@admin.register(PreferenciasNotificacion)
class PreferenciasNotificacionAdmin(admin.ModelAdmin):
    list_display = ["usuario", "email"]
    raw_id_fields = ["usuario"]
