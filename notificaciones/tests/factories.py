import factory

from notificaciones.models import Notificacion
from usuarios.tests.factories import UsuarioFactory


class NotificacionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notificacion

    usuario = factory.SubFactory(UsuarioFactory)
    tipo = Notificacion.Tipo.ESTADO_VENTA
    titulo = factory.Sequence(lambda n: f"Aviso {n}")
    mensaje = "Tu pedido ha cambiado."
    datos = factory.LazyFunction(lambda: {"venta": 1, "estado": "PAGADA"})
