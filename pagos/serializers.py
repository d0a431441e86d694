from rest_framework import serializers

from pagos.models import Pago


class ProveedorPagoSerializer(serializers.Serializer):
    codigo = serializers.CharField()
    nombre = serializers.CharField()
    clave_publica = serializers.CharField(
        required=False, help_text="Stripe: la clave publicable que necesita Stripe.js."
    )


class IniciarPagoSerializer(serializers.Serializer):
    proveedor = serializers.ChoiceField(choices=Pago.Proveedor.choices)


class SimularPagoSerializer(serializers.Serializer):
    resultado = serializers.ChoiceField(choices=[("exito", "Éxito"), ("fallo", "Fallo")])


class PagoSerializer(serializers.ModelSerializer):
    """A payment; `client_secret` and `url_aprobacion` only reach the sale's buyer."""

    class Meta:
        model = Pago
        fields = [
            "id",
            "venta",
            "proveedor",
            "estado",
            "monto",
            "moneda",
            "referencia",
            "client_secret",
            "url_aprobacion",
            "creado",
            "actualizado",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        datos = super().to_representation(instance)
        usuario = getattr(self.context.get("request"), "user", None)
        if usuario is None or instance.venta.usuario_id != usuario.pk or instance.estado != Pago.Estado.PENDIENTE:
            datos["client_secret"] = ""
            datos["url_aprobacion"] = ""
        return datos
