"""Idempotency-Key for POST views: a retry with the same key and body replays the first answer.

Opt in from any authenticated POST view: validate the input, then hand the work to `responder`
as a function returning `(status, body)`; document the header with `PARAMETRO_OPENAPI`::

    from backend import idempotencia

    class PagoView(APIView):
        @extend_schema(..., parameters=[idempotencia.PARAMETRO_OPENAPI])
        def post(self, request, pk):
            serializer = PagoSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)

            def pagar():
                pago = services.iniciar_pago(usuario=request.user, venta_id=pk, **serializer.validated_data)
                return status.HTTP_201_CREATED, PagoSerializer(pago).data

            return idempotencia.responder(request, pagar, datos=serializer.validated_data)

Rules: keys are per user; the fingerprint covers method, path and body, so the same key with
another body (or on another endpoint) is a 422; while the first request runs, a repeat is a
409 `idempotencia_en_curso`, but only for `IDEMPOTENCIA_LEASE_SEGUNDOS` (longer than a worker
may live): after that a key whose worker died is taken over by the next retry. A failed
operation (any exception) frees its key. Keys older than `IDEMPOTENCY_KEY_TTL_HOURS` are
forgotten; `purgar_claves_caducadas` (command `purgar_idempotencia`) deletes them.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from backend.errores import Conflicto, DomainError

CABECERA = "Idempotency-Key"

PARAMETRO_OPENAPI = OpenApiParameter(
    CABECERA,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Una clave única por intento: un reintento con la misma clave y cuerpo no repite la operación.",
)


def _modelo():
    # The table lives in ventas (its migrations); looked up late so backend.exceptions can import
    # this module's errors before the apps are loaded.
    return apps.get_model("ventas", "ClaveIdempotencia")


class IdempotenciaEnCurso(Conflicto):
    """A request with this key is still being processed."""

    mensaje = "Una petición con esta Idempotency-Key aún se está procesando."
    codigo = "idempotencia_en_curso"


class IdempotenciaCuerpoDistinto(DomainError):
    """The key was already used with another request (answered 422)."""

    mensaje = "Esta Idempotency-Key ya se usó con otro cuerpo de petición."
    codigo = "idempotencia_cuerpo_distinto"


def leer_clave(request) -> str | None:
    """The request's Idempotency-Key, or None when absent or blank."""
    clave = request.headers.get(CABECERA, "").strip()
    maximo = _modelo()._meta.get_field("clave").max_length
    if len(clave) > maximo:
        raise ValidationError({CABECERA: [f"No puede tener más de {maximo} caracteres."]})
    return clave or None


def huella(*, metodo: str, ruta: str, datos) -> str:
    """A stable fingerprint of a request: method, path and validated body."""
    texto = json.dumps({"metodo": metodo, "ruta": ruta, "datos": datos}, sort_keys=True, default=str)
    return hashlib.sha256(texto.encode()).hexdigest()


def _reclamar(*, usuario, clave: str, huella: str):
    """(our new or taken-over record, None) or (None, the completed record to replay)."""
    modelo = _modelo()
    ahora = timezone.now()
    caducidad = ahora - timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    modelo.objects.filter(usuario=usuario, clave=clave, fecha__lt=caducidad).delete()
    try:
        with transaction.atomic():
            return modelo.objects.create(usuario=usuario, clave=clave, huella=huella), None
    except IntegrityError:
        pass
    previo = modelo.objects.filter(usuario=usuario, clave=clave).first()
    if previo is None:
        # Deleted between our insert and this read (its operation failed): the client may retry.
        raise IdempotenciaEnCurso()
    if previo.huella != huella:
        raise IdempotenciaCuerpoDistinto()
    if previo.estado == modelo.Estado.COMPLETADA:
        return None, previo
    # In progress: take it over only if its lease ran out (its worker died); one conditional
    # UPDATE, so of several retries exactly one wins.
    limite = ahora - timedelta(seconds=settings.IDEMPOTENCIA_LEASE_SEGUNDOS)
    tomadas = modelo.objects.filter(pk=previo.pk, estado=modelo.Estado.EN_CURSO, fecha__lt=limite).update(fecha=ahora)
    if not tomadas:
        raise IdempotenciaEnCurso()
    return previo, None


def ejecutar_una_vez(
    *, usuario, clave: str, huella: str, operacion: Callable[[], tuple[int, object]]
) -> tuple[int, object, bool]:
    """Run `operacion` once per (user, key); repeats get the stored (status, body, True).

    Lanza: IdempotenciaEnCurso, IdempotenciaCuerpoDistinto
    """
    modelo = _modelo()
    registro, previo = _reclamar(usuario=usuario, clave=clave, huella=huella)
    if previo is not None:
        return previo.codigo_http, previo.respuesta, True
    try:
        # The operation and its stored answer commit together: a worker that dies in between
        # leaves neither, and the retry after the lease runs the operation again.
        with transaction.atomic():
            codigo_http, cuerpo = operacion()
            registro.estado = modelo.Estado.COMPLETADA
            registro.codigo_http = codigo_http
            registro.respuesta = json.loads(json.dumps(cuerpo, default=str))
            registro.save(update_fields=["estado", "codigo_http", "respuesta"])
    except BaseException:
        # Nothing was done: free the key so the client may retry it.
        modelo.objects.filter(pk=registro.pk).delete()
        raise
    return codigo_http, cuerpo, False


def responder(request, operacion: Callable[[], tuple[int, object]], *, datos) -> Response:
    """Answer a POST through `operacion`, once per Idempotency-Key when the request carries one."""
    clave = leer_clave(request)
    if clave is None:
        codigo, cuerpo = operacion()
        return Response(cuerpo, status=codigo)
    codigo, cuerpo, repetida = ejecutar_una_vez(
        usuario=request.user,
        clave=clave,
        huella=huella(metodo=request.method, ruta=request.path, datos=datos),
        operacion=operacion,
    )
    respuesta = Response(cuerpo, status=codigo)
    if repetida:
        respuesta["Idempotent-Replayed"] = "true"
    return respuesta


def purgar_claves_caducadas() -> int:
    """Delete keys older than IDEMPOTENCY_KEY_TTL_HOURS; returns how many went (for the periodic worker)."""
    caducidad = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    borradas, _ = _modelo().objects.filter(fecha__lt=caducidad).delete()
    return borradas
