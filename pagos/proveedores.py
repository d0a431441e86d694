"""One small interface, one adapter per payment provider: stripe, paypal, simulado.

An adapter creates a payment, captures it when the provider needs that, refunds it and turns
a provider notification into a `Notificacion` after verifying it. Adapters take their base
URL from settings so tests and staging can point them at a stand-in.
"""

import json
import uuid
from dataclasses import dataclass
from decimal import Decimal

import requests
import stripe
from django.conf import settings

from pagos.exceptions import ErrorProveedor, FirmaInvalida, OperacionNoSoportada, PagoRechazado, ProveedorNoDisponible
from pagos.models import Pago

TIEMPO_MAXIMO = 15  # seconds for any call to a provider

# What a provider event means for our payment.
EXITO, FALLO, REEMBOLSO = "exito", "fallo", "reembolso"


@dataclass(frozen=True)
class Creado:
    """What the provider answered to a new payment."""

    referencia: str
    client_secret: str = ""
    url_aprobacion: str = ""


@dataclass(frozen=True)
class Notificacion:
    """A verified provider event: `accion` is EXITO, FALLO, REEMBOLSO or None (ignored)."""

    evento_id: str
    tipo: str
    accion: str | None
    referencia: str = ""
    referencia_captura: str = ""
    monto: Decimal | None = None
    moneda: str | None = None


@dataclass(frozen=True)
class Reembolso:
    referencia: str
    completado: bool


class ProveedorPago:
    """The interface every adapter implements."""

    codigo: str
    nombre: str

    def habilitado(self) -> bool:
        raise NotImplementedError

    def crear(self, pago: Pago) -> Creado:
        raise NotImplementedError

    def capturar(self, pago: Pago) -> Notificacion:
        raise OperacionNoSoportada("Este medio de pago no necesita captura.")

    def reembolsar(self, pago: Pago) -> Reembolso:
        raise NotImplementedError

    def verificar(self, cuerpo: bytes, cabeceras) -> Notificacion:
        raise NotImplementedError


def _objeto(valor) -> dict:
    """A JSON object of a provider's event, or {} for anything else: a signed but malformed field
    (a string, a list, null) is ignored like a missing one, never a 500."""
    return valor if isinstance(valor, dict) else {}


def _texto(valor) -> str:
    """An identifier of an event (a string or a number), without NUL, which PostgreSQL refuses."""
    if isinstance(valor, bool) or not isinstance(valor, (str, int)):
        return ""
    return str(valor).replace("\x00", "")


def _importe(valor: Decimal | None) -> Decimal | None:
    """A finite amount or None (NaN and Infinity are no amount: the payment goes to review)."""
    return valor if valor is not None and valor.is_finite() else None


def _centimos(monto: Decimal) -> int:
    return int((monto * 100).to_integral_value())


# --- Stripe -----------------------------------------------------------------------------------


class Stripe(ProveedorPago):
    """Stripe PaymentIntents through the official library; amounts in cents."""

    codigo = Pago.Proveedor.STRIPE
    nombre = "Tarjeta (Stripe)"

    EVENTOS = {
        "payment_intent.succeeded": EXITO,
        "payment_intent.payment_failed": FALLO,
        "charge.refunded": REEMBOLSO,
    }

    def habilitado(self) -> bool:
        return bool(settings.STRIPE_SECRET_KEY)

    def _cliente(self) -> stripe.StripeClient:
        return stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            base_addresses={"api": settings.STRIPE_API_BASE},
            max_network_retries=2,
        )

    def _llamar(self, funcion, **kwargs):
        try:
            return funcion(**kwargs)
        except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as exc:
            raise ErrorProveedor(transitorio=True) from exc
        except (stripe.CardError, stripe.InvalidRequestError, stripe.IdempotencyError) as exc:
            raise PagoRechazado() from exc
        except stripe.StripeError as exc:
            raise ErrorProveedor("Stripe rechazó la operación.", transitorio=False) from exc

    def crear(self, pago: Pago) -> Creado:
        intento = self._llamar(
            self._cliente().v1.payment_intents.create,
            params={
                "amount": _centimos(pago.monto),
                "currency": pago.moneda.lower(),
                "metadata": {"venta": str(pago.venta_id), "pago": str(pago.pk)},
                "automatic_payment_methods": {"enabled": True},
            },
            # A retried request returns the same PaymentIntent: never a second charge.
            options={"idempotency_key": f"pago-{pago.clave}"},
        )
        return Creado(referencia=intento.id, client_secret=intento.client_secret or "")

    def reembolsar(self, pago: Pago) -> Reembolso:
        reembolso = self._llamar(
            self._cliente().v1.refunds.create,
            params={"payment_intent": pago.referencia},
            options={"idempotency_key": f"reembolso-{pago.clave}"},
        )
        return Reembolso(referencia=reembolso.id, completado=reembolso.status == "succeeded")

    def verificar(self, cuerpo: bytes, cabeceras) -> Notificacion:
        secreto = settings.STRIPE_WEBHOOK_SECRET
        if not secreto:
            raise FirmaInvalida("Los webhooks de Stripe no están configurados.")
        try:
            evento = json.loads(cuerpo)
            if not isinstance(evento, dict):
                raise ValueError("An event is a JSON object.")  # the library would fail on anything else
            stripe.Webhook.construct_event(cuerpo, cabeceras.get("Stripe-Signature"), secreto, tolerance=300)
        except (stripe.SignatureVerificationError, ValueError) as exc:
            raise FirmaInvalida() from exc
        tipo = _texto(evento.get("type"))
        objeto = _objeto(_objeto(evento.get("data")).get("object"))
        accion = self.EVENTOS.get(tipo)
        if accion == REEMBOLSO:
            referencia, centimos = objeto.get("payment_intent"), objeto.get("amount_refunded")
        else:
            referencia, centimos = objeto.get("id"), objeto.get("amount_received")
        es_entero = isinstance(centimos, int) and not isinstance(centimos, bool)
        moneda = objeto.get("currency")
        return Notificacion(
            evento_id=_texto(evento.get("id")),
            tipo=tipo,
            accion=accion,
            referencia=_texto(referencia),
            monto=Decimal(centimos) / 100 if es_entero else None,
            moneda=_texto(moneda).upper() if isinstance(moneda, str) else None,
        )


# --- PayPal -----------------------------------------------------------------------------------


class Paypal(ProveedorPago):
    """PayPal Orders v2 over its REST API: the buyer approves at `url_aprobacion`, we capture."""

    codigo = Pago.Proveedor.PAYPAL
    nombre = "PayPal"

    EVENTOS = {
        "PAYMENT.CAPTURE.COMPLETED": EXITO,
        "PAYMENT.CAPTURE.DENIED": FALLO,
        "PAYMENT.CAPTURE.DECLINED": FALLO,
        "PAYMENT.CAPTURE.REFUNDED": REEMBOLSO,
    }

    def habilitado(self) -> bool:
        return bool(settings.PAYPAL_CLIENT_ID and settings.PAYPAL_CLIENT_SECRET)

    def _pedir(self, metodo: str, ruta: str, *, json_=None, id_peticion: str | None = None, token=True) -> dict:
        base = settings.PAYPAL_API_BASE.rstrip("/")
        cabeceras = {"Content-Type": "application/json"}
        auth = None
        if token:
            cabeceras["Authorization"] = f"Bearer {self._token()}"
        else:
            auth = (settings.PAYPAL_CLIENT_ID, settings.PAYPAL_CLIENT_SECRET)
        if id_peticion:
            # PayPal's idempotency header: a retried call returns the first answer.
            cabeceras["PayPal-Request-Id"] = id_peticion
        try:
            if token:
                respuesta = requests.request(metodo, base + ruta, json=json_, headers=cabeceras, timeout=TIEMPO_MAXIMO)
            else:
                respuesta = requests.post(
                    base + ruta,
                    data={"grant_type": "client_credentials"},
                    auth=auth,
                    timeout=TIEMPO_MAXIMO,
                )
        except requests.RequestException as exc:
            raise ErrorProveedor(transitorio=True) from exc
        if respuesta.status_code >= 500 or respuesta.status_code == 429:
            raise ErrorProveedor(transitorio=True)
        if respuesta.status_code in (400, 409, 422):
            raise PagoRechazado()
        if respuesta.status_code >= 400:
            raise ErrorProveedor("PayPal rechazó la operación.", transitorio=False)
        try:
            return respuesta.json()
        except ValueError as exc:
            raise ErrorProveedor(transitorio=True) from exc

    def _token(self) -> str:
        return self._pedir("POST", "/v1/oauth2/token", token=False)["access_token"]

    def crear(self, pago: Pago) -> Creado:
        publica = settings.TIENDA_URL_PUBLICA.rstrip("/")
        orden = self._pedir(
            "POST",
            "/v2/checkout/orders",
            json_={
                "intent": "CAPTURE",
                "purchase_units": [
                    {
                        "reference_id": str(pago.venta_id),
                        "custom_id": str(pago.pk),
                        "amount": {"currency_code": pago.moneda, "value": f"{pago.monto:.2f}"},
                    }
                ],
                "payment_source": {
                    "paypal": {
                        "experience_context": {
                            "return_url": f"{publica}/pagos/{pago.pk}/paypal",
                            "cancel_url": f"{publica}/ventas/{pago.venta_id}",
                            "user_action": "PAY_NOW",
                        }
                    }
                },
            },
            id_peticion=f"pago-{pago.clave}",
        )
        enlaces = {e.get("rel"): e.get("href") for e in orden.get("links", [])}
        return Creado(referencia=orden["id"], url_aprobacion=enlaces.get("payer-action") or enlaces.get("approve", ""))

    def capturar(self, pago: Pago) -> Notificacion:
        orden = self._pedir(
            "POST", f"/v2/checkout/orders/{pago.referencia}/capture", json_={}, id_peticion=f"captura-{pago.clave}"
        )
        capturas = [c for u in orden.get("purchase_units", []) for c in (u.get("payments") or {}).get("captures", [])]
        captura = capturas[0] if capturas else {}
        completada = orden.get("status") == "COMPLETED" and captura.get("status") == "COMPLETED"
        importe = captura.get("amount") or {}
        return Notificacion(
            evento_id=f"captura:{captura.get('id') or pago.referencia}",
            tipo="CAPTURE",
            accion=EXITO if completada else FALLO,
            referencia=pago.referencia,
            referencia_captura=captura.get("id", ""),
            monto=Decimal(importe["value"]) if "value" in importe else None,
            moneda=importe.get("currency_code"),
        )

    def reembolsar(self, pago: Pago) -> Reembolso:
        reembolso = self._pedir(
            "POST",
            f"/v2/payments/captures/{pago.referencia_captura}/refund",
            json_={},
            id_peticion=f"reembolso-{pago.clave}",
        )
        return Reembolso(referencia=reembolso["id"], completado=reembolso.get("status") == "COMPLETED")

    CABECERAS_FIRMA = (
        "Paypal-Auth-Algo",
        "Paypal-Cert-Url",
        "Paypal-Transmission-Id",
        "Paypal-Transmission-Sig",
        "Paypal-Transmission-Time",
    )

    def verificar(self, cuerpo: bytes, cabeceras) -> Notificacion:
        if not (self.habilitado() and settings.PAYPAL_WEBHOOK_ID):
            raise FirmaInvalida("Los webhooks de PayPal no están configurados.")
        try:
            evento = json.loads(cuerpo)
        except ValueError as exc:
            raise FirmaInvalida() from exc
        if not isinstance(evento, dict):
            raise FirmaInvalida()
        # PayPal signs every delivery with these: without them there is nothing to verify, and
        # asking PayPal anyway would cost two outbound calls per forged request.
        if not all(cabeceras.get(c) for c in self.CABECERAS_FIRMA):
            raise FirmaInvalida()
        verificacion = self._pedir(
            "POST",
            "/v1/notifications/verify-webhook-signature",
            json_={
                "auth_algo": cabeceras.get("Paypal-Auth-Algo", ""),
                "cert_url": cabeceras.get("Paypal-Cert-Url", ""),
                "transmission_id": cabeceras.get("Paypal-Transmission-Id", ""),
                "transmission_sig": cabeceras.get("Paypal-Transmission-Sig", ""),
                "transmission_time": cabeceras.get("Paypal-Transmission-Time", ""),
                "webhook_id": settings.PAYPAL_WEBHOOK_ID,
                "webhook_event": evento,
            },
        )
        if verificacion.get("verification_status") != "SUCCESS":
            raise FirmaInvalida()
        tipo = _texto(evento.get("event_type"))
        recurso = _objeto(evento.get("resource"))
        accion = self.EVENTOS.get(tipo)
        orden = _texto(_objeto(_objeto(recurso.get("supplementary_data")).get("related_ids")).get("order_id"))
        if accion == REEMBOLSO:
            # A refund's resource is the refund: its "up" link names the capture.
            enlaces = recurso.get("links") if isinstance(recurso.get("links"), list) else []
            arriba = next((_texto(_objeto(e).get("href")) for e in enlaces if _objeto(e).get("rel") == "up"), "")
            captura = arriba.rstrip("/").rsplit("/", 1)[-1] if arriba else ""
        else:
            captura = _texto(recurso.get("id"))
        importe = _objeto(recurso.get("amount"))
        try:
            monto = _importe(Decimal(str(importe["value"]))) if "value" in importe else None
        except ArithmeticError:
            monto = None
        moneda = importe.get("currency_code")
        return Notificacion(
            evento_id=_texto(evento.get("id")),
            tipo=tipo,
            accion=accion,
            referencia=orden,
            referencia_captura=captura,
            monto=monto,
            moneda=_texto(moneda) if isinstance(moneda, str) else None,
        )


# --- Simulated --------------------------------------------------------------------------------


class Simulado(ProveedorPago):
    """No account, no network: the buyer presses "Pagar" or "Rechazar" (development only)."""

    codigo = Pago.Proveedor.SIMULADO
    nombre = "Pago simulado"

    def habilitado(self) -> bool:
        return bool(settings.PAGOS_SIMULADO)

    def crear(self, pago: Pago) -> Creado:
        return Creado(referencia=f"sim_{uuid.uuid4().hex}")

    def reembolsar(self, pago: Pago) -> Reembolso:
        return Reembolso(referencia=f"sim_re_{pago.clave.hex}", completado=True)

    def simular(self, pago: Pago, *, exito: bool) -> Notificacion:
        """The notification the provider would send."""
        return Notificacion(
            evento_id=f"sim_ev_{uuid.uuid4().hex}",
            tipo="simulado.exito" if exito else "simulado.fallo",
            accion=EXITO if exito else FALLO,
            referencia=pago.referencia,
            monto=pago.monto,
            moneda=pago.moneda,
        )


PROVEEDORES: dict[str, ProveedorPago] = {p.codigo: p for p in (Stripe(), Paypal(), Simulado())}


def habilitados() -> list[ProveedorPago]:
    """The providers whose settings are present, in a fixed order."""
    return [p for p in PROVEEDORES.values() if p.habilitado()]


def obtener(codigo: str) -> ProveedorPago:
    """The enabled provider called `codigo`.

    Lanza: ProveedorNoDisponible
    """
    proveedor = PROVEEDORES.get(codigo)
    if proveedor is None or not proveedor.habilitado():
        raise ProveedorNoDisponible()
    return proveedor
