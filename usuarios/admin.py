import math

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from backend import audit
from usuarios import services
from usuarios.exceptions import UltimoAdministrador
from usuarios.models import Usuario, normalizar_username
from usuarios.throttling import espera_de_login


class LoginAdminForm(AdminAuthenticationForm):
    """The admin's login page spends the API's login budgets and writes the same audit lines."""

    def clean(self):
        espera = espera_de_login(self.request)
        if espera is not None:
            audit.registrar("peticion_limitada", request=self.request, vista="admin_login", espera=espera)
            raise ValidationError(
                "Demasiados intentos de inicio de sesión. Vuelve a intentarlo en %(segundos)s s.",
                code="throttled",
                params={"segundos": math.ceil(espera)},
            )
        try:
            datos = super().clean()
        except ValidationError:
            username = normalizar_username(self.data.get("username")) or ""
            audit.registrar("login_fallido", request=self.request, username=username[:150], origen="admin")
            raise
        audit.registrar("login", request=self.request, usuario=self.get_user(), origen="admin")
        return datos


admin.site.login_form = LoginAdminForm


def _queda_otro_admin(excluidos) -> bool:
    return Usuario.objects.filter(rol=Usuario.Rol.ADMIN, is_active=True).exclude(pk__in=excluidos).exists()


class UsuarioCambioForm(UserChangeForm):
    """The admin's edit form keeps the API's rule: the last active ADMIN is neither demoted nor deactivated."""

    class Meta(UserChangeForm.Meta):
        model = Usuario

    def clean(self):
        datos = super().clean()
        antes = self.instance  # still the stored values: the form copies onto it after clean()
        if antes.pk and antes.rol == Usuario.Rol.ADMIN and antes.is_active:
            sigue = datos.get("rol", antes.rol) == Usuario.Rol.ADMIN and datos.get("is_active", True)
            if not sigue and not _queda_otro_admin([antes.pk]):
                raise ValidationError(UltimoAdministrador.mensaje, code=UltimoAdministrador.codigo)
        return datos


@admin.register(Usuario)
class UsuarioAdmin(UserAdmin):
    form = UsuarioCambioForm
    list_display = ["username", "email", "rol", "is_active", "is_staff", "last_login", "date_joined"]
    list_filter = ["rol", "is_active", "is_staff"]
    search_fields = ["username", "email", "first_name", "last_name"]
    fieldsets = (*UserAdmin.fieldsets, ("Rol", {"fields": ["rol"]}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Rol", {"fields": ["rol"]}))
    # is_staff and groups follow the role (usuarios.signals).
    readonly_fields = ["is_staff", "last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        # Deactivating here revokes every token issued so far, as through the API.
        desactivado = change and "is_active" in form.changed_data and not obj.is_active
        if desactivado:
            obj.tokens_validos_desde = timezone.now()
        super().save_model(request, obj, form, change)
        if desactivado:
            services.revocar_tokens(usuario=obj)
            audit.registrar("usuario_desactivado", request=request, objetivo_id=obj.pk)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (
            obj.pk == request.user.pk or (obj.rol == Usuario.Rol.ADMIN and not _queda_otro_admin([obj.pk]))
        ):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # One by one only, so each deletion passes has_delete_permission's checks.
        acciones = super().get_actions(request)
        acciones.pop("delete_selected", None)
        return acciones
