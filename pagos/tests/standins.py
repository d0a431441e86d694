"""Local stand-ins for Stripe's and PayPal's HTTP APIs, started by the tests on free ports.

Each records every request (method, path, parsed body, idempotency header) and answers as
the real API does for the calls the adapters make, honouring idempotency keys the same way:
a repeated key gets the first answer back and creates nothing.
"""

import hashlib
import hmac
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

PUERTOS = range(8750, 8760)  # this helper's port range


def _escuchar(manejador) -> ThreadingHTTPServer:
    """A server on the first free port of the range (any free port if all are taken)."""
    for puerto in [*PUERTOS, 0]:
        try:
            return ThreadingHTTPServer(("127.0.0.1", puerto), manejador)
        except OSError:
            continue
    raise RuntimeError("No free port")


@dataclass
class Peticion:
    metodo: str
    ruta: str
    cuerpo: dict
    clave: str | None
    cabeceras: dict = field(default_factory=dict)


def _desplegar(pares):
    """Stripe's form encoding (metadata[venta]=1) back into nested dicts."""
    datos: dict = {}
    for clave, valor in pares:
        partes = clave.replace("]", "").split("[")
        destino = datos
        for parte in partes[:-1]:
            destino = destino.setdefault(parte, {})
        destino[partes[-1]] = valor
    return datos


class _Servidor:
    cabecera_idempotencia = "Idempotency-Key"
    # Stripe replays any non-5xx answer to a repeated key; PayPal only successful ones.
    cachear_por_debajo_de = 500

    def __init__(self):
        self.peticiones: list[Peticion] = []
        self.respuestas_idempotentes: dict[str, tuple[int, dict]] = {}
        self.fallos_pendientes: list[int] = []  # statuses to answer next, before working normally
        self.lock = threading.Lock()
        servidor = self

        class Manejador(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self._responder("GET")

            def do_POST(self):
                self._responder("POST")

            def _responder(self, metodo):
                largo = int(self.headers.get("Content-Length") or 0)
                crudo = self.rfile.read(largo).decode() if largo else ""
                cuerpo = servidor.parsear(crudo, self.headers.get("Content-Type", ""))
                clave = self.headers.get(servidor.cabecera_idempotencia)
                peticion = Peticion(metodo, self.path, cuerpo, clave, dict(self.headers))
                with servidor.lock:
                    servidor.peticiones.append(peticion)
                    if servidor.fallos_pendientes:
                        codigo, respuesta = servidor.fallos_pendientes.pop(0), servidor.error(500)
                    elif clave and (metodo, self.path, clave) in servidor.respuestas_idempotentes:
                        codigo, respuesta = servidor.respuestas_idempotentes[(metodo, self.path, clave)]
                    else:
                        codigo, respuesta = servidor.atender(peticion)
                        if clave and codigo < servidor.cachear_por_debajo_de:
                            servidor.respuestas_idempotentes[(metodo, self.path, clave)] = (codigo, respuesta)
                datos = json.dumps(respuesta).encode()
                self.send_response(codigo)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(datos)))
                self.end_headers()
                self.wfile.write(datos)

        self.httpd = _escuchar(Manejador)
        self.puerto = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.puerto}"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def parsear(self, crudo: str, tipo: str) -> dict:
        raise NotImplementedError

    def atender(self, peticion: Peticion) -> tuple[int, dict]:
        raise NotImplementedError

    def error(self, codigo: int) -> dict:
        return {"error": "stand-in failure"}

    def llamadas(self, metodo: str, prefijo: str) -> list[Peticion]:
        return [p for p in self.peticiones if p.metodo == metodo and p.ruta.startswith(prefijo)]


# --- Stripe ------------------------------------------------------------------------------------


class StripeStandIn(_Servidor):
    """PaymentIntents and Refunds, form-encoded in, JSON out, Idempotency-Key honoured."""

    def __init__(self):
        super().__init__()
        self.intentos: dict[str, dict] = {}

    def parsear(self, crudo, tipo):
        return _desplegar(parse_qsl(crudo, keep_blank_values=True))

    def error(self, codigo):
        return {"error": {"type": "api_error", "message": "Stand-in: something went wrong."}}

    def atender(self, p):
        if not p.cabeceras.get("Authorization", "").startswith("Bearer sk_"):
            return 401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}}
        if p.metodo == "POST" and p.ruta == "/v1/payment_intents":
            pi = f"pi_{uuid.uuid4().hex[:24]}"
            intento = {
                "id": pi,
                "object": "payment_intent",
                "amount": int(p.cuerpo["amount"]),
                "currency": p.cuerpo["currency"],
                "client_secret": f"{pi}_secret_{uuid.uuid4().hex[:16]}",
                "status": "requires_payment_method",
                "metadata": p.cuerpo.get("metadata", {}),
                "livemode": False,
            }
            self.intentos[pi] = intento
            return 200, intento
        if p.metodo == "POST" and p.ruta == "/v1/refunds":
            intento = self.intentos.get(p.cuerpo.get("payment_intent", ""))
            if intento is None:
                return 404, {"error": {"type": "invalid_request_error", "code": "resource_missing"}}
            return 200, {
                "id": f"re_{uuid.uuid4().hex[:24]}",
                "object": "refund",
                "amount": intento["amount"],
                "currency": intento["currency"],
                "payment_intent": intento["id"],
                "status": "succeeded",
            }
        return 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized request URL ({p.ruta})"}}


def evento_stripe(tipo: str, objeto: dict, *, evento_id: str | None = None) -> bytes:
    """A Stripe event as its webhook sends it."""
    return json.dumps(
        {
            "id": evento_id or f"evt_{uuid.uuid4().hex[:24]}",
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": int(time.time()),
            "type": tipo,
            "livemode": False,
            "data": {"object": objeto},
        }
    ).encode()


def firmar_stripe(cuerpo: bytes, secreto: str, *, marca: int | None = None) -> str:
    """Stripe's Stripe-Signature header: t=<unix time>,v1=HMAC-SHA256(secret, "<t>.<body>")."""
    marca = int(time.time()) if marca is None else marca
    firma = hmac.new(secreto.encode(), f"{marca}.".encode() + cuerpo, hashlib.sha256).hexdigest()
    return f"t={marca},v1={firma}"


# --- PayPal ------------------------------------------------------------------------------------


class PaypalStandIn(_Servidor):
    """OAuth token, Orders v2 (create, capture), capture refunds and webhook verification."""

    cabecera_idempotencia = "PayPal-Request-Id"
    cachear_por_debajo_de = 300

    def __init__(self, *, client_id: str, client_secret: str, webhook_id: str, secreto_firma: str):
        super().__init__()
        self.credenciales = (client_id, client_secret)
        self.webhook_id = webhook_id
        self.secreto_firma = secreto_firma
        self.ordenes: dict[str, dict] = {}
        self.token = f"A21{uuid.uuid4().hex}"
        self.resultado_captura = "COMPLETED"

    def parsear(self, crudo, tipo):
        if "json" in tipo:
            return json.loads(crudo or "{}")
        return dict(parse_qsl(crudo))

    def error(self, codigo):
        return {"name": "INTERNAL_SERVER_ERROR", "message": "Stand-in failure."}

    def aprobar(self, orden_id: str) -> None:
        """What the buyer does on PayPal's page."""
        self.ordenes[orden_id]["status"] = "APPROVED"

    def firmar(self, evento: dict) -> dict:
        """Headers PayPal would send with `evento`; the stand-in verifies them later."""
        transmision, hora = str(uuid.uuid4()), time.strftime("%Y-%m-%dT%H:%M:%SZ")
        firma = self._firma(transmision, hora, self.webhook_id, evento)
        return {
            "HTTP_PAYPAL_AUTH_ALGO": "SHA256withRSA",
            "HTTP_PAYPAL_CERT_URL": f"{self.url}/v1/notifications/certs/CERT-1",
            "HTTP_PAYPAL_TRANSMISSION_ID": transmision,
            "HTTP_PAYPAL_TRANSMISSION_SIG": firma,
            "HTTP_PAYPAL_TRANSMISSION_TIME": hora,
        }

    def _firma(self, transmision, hora, webhook_id, evento) -> str:
        contenido = f"{transmision}|{hora}|{webhook_id}|{json.dumps(evento, sort_keys=True)}"
        return hmac.new(self.secreto_firma.encode(), contenido.encode(), hashlib.sha256).hexdigest()

    def atender(self, p):
        if p.ruta == "/v1/oauth2/token":
            import base64

            esperado = "Basic " + base64.b64encode(":".join(self.credenciales).encode()).decode()
            if p.cabeceras.get("Authorization") != esperado or p.cuerpo.get("grant_type") != "client_credentials":
                return 401, {"error": "invalid_client"}
            return 200, {"access_token": self.token, "token_type": "Bearer", "expires_in": 32400}
        if p.cabeceras.get("Authorization") != f"Bearer {self.token}":
            return 401, {"name": "AUTHENTICATION_FAILURE"}
        if p.ruta == "/v2/checkout/orders":
            orden_id = uuid.uuid4().hex[:17].upper()
            unidad = p.cuerpo["purchase_units"][0]
            self.ordenes[orden_id] = {"id": orden_id, "status": "PAYER_ACTION_REQUIRED", "unidad": unidad}
            return 200, {
                "id": orden_id,
                "status": "PAYER_ACTION_REQUIRED",
                "links": [
                    {"href": f"{self.url}/v2/checkout/orders/{orden_id}", "rel": "self", "method": "GET"},
                    {"href": f"{self.url}/checkoutnow?token={orden_id}", "rel": "payer-action", "method": "GET"},
                ],
            }
        if p.ruta.startswith("/v2/checkout/orders/") and p.ruta.endswith("/capture"):
            orden = self.ordenes.get(p.ruta.split("/")[4])
            if orden is None:
                return 404, {"name": "RESOURCE_NOT_FOUND"}
            if orden["status"] != "APPROVED":
                return 422, {"name": "UNPROCESSABLE_ENTITY", "details": [{"issue": "ORDER_NOT_APPROVED"}]}
            captura_id = uuid.uuid4().hex[:17].upper()
            orden["status"] = "COMPLETED"
            orden["captura"] = captura_id
            unidad = orden["unidad"]
            return 201, {
                "id": orden["id"],
                "status": "COMPLETED",
                "purchase_units": [
                    {
                        "reference_id": unidad.get("reference_id"),
                        "payments": {
                            "captures": [
                                {
                                    "id": captura_id,
                                    "status": self.resultado_captura,
                                    "amount": unidad["amount"],
                                    "custom_id": unidad.get("custom_id"),
                                }
                            ]
                        },
                    }
                ],
            }
        if p.ruta.startswith("/v2/payments/captures/") and p.ruta.endswith("/refund"):
            return 201, {"id": uuid.uuid4().hex[:17].upper(), "status": "COMPLETED"}
        if p.ruta == "/v1/notifications/verify-webhook-signature":
            c = p.cuerpo
            valida = c.get("webhook_id") == self.webhook_id and hmac.compare_digest(
                c.get("transmission_sig", ""),
                self._firma(
                    c.get("transmission_id"), c.get("transmission_time"), c.get("webhook_id"), c["webhook_event"]
                ),
            )
            return 200, {"verification_status": "SUCCESS" if valida else "FAILURE"}
        return 404, {"name": "RESOURCE_NOT_FOUND"}


def evento_paypal(tipo: str, recurso: dict, *, evento_id: str | None = None) -> dict:
    return {
        "id": evento_id or f"WH-{uuid.uuid4().hex[:20].upper()}",
        "event_version": "1.0",
        "create_time": time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "resource_type": "refund" if tipo.endswith("REFUNDED") else "capture",
        "event_type": tipo,
        "resource": recurso,
    }
