from rest_framework import serializers

from notificaciones.models import Notificacion


class NotificacionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notificacion
        fields = ["id", "tipo", "titulo", "mensaje", "datos", "leida", "fecha"]
        read_only_fields = fields


class ResumenSerializer(serializers.Serializer):
    no_leidas = serializers.IntegerField()


class MarcadasSerializer(serializers.Serializer):
    marcadas = serializers.IntegerField()


class FiltroNotificacionesSerializer(serializers.Serializer):
    no_leidas = serializers.BooleanField(required=False, default=False)


class PreferenciaEmailField(serializers.BooleanField):
    """`notificaciones_email` on /api/me/: read from and written to this app's preferences."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Recibir por email las notificaciones (activado por defecto).")
        super().__init__(source="*", **kwargs)

    def get_attribute(self, instance):
        from notificaciones.selectors import recibe_emails

        return recibe_emails(usuario_id=instance.pk)

    def to_internal_value(self, data):
        return {"notificaciones_email": super().to_internal_value(data)}


def guardar_preferencia_email(*, usuario, validated_data: dict) -> None:
    """Pop `notificaciones_email` from a serializer's data and store it, if it was sent."""
    from notificaciones.services import fijar_preferencia_email

    valor = validated_data.pop("notificaciones_email", None)
    if valor is not None:
        fijar_preferencia_email(usuario=usuario, activo=valor)
