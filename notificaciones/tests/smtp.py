"""A real SMTP server for tests (aiosmtpd on a free port) that keeps what it receives."""

import email
import email.policy
import socket
import threading
import time

from aiosmtpd.controller import Controller


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Buzon:
    """aiosmtpd handler: every accepted message, parsed; `antes_de_rcpt` can hold a sender there."""

    def __init__(self):
        self.mensajes = []
        self.cambio = threading.Condition()
        self.antes_de_rcpt = None  # optional callable(direccion), run in the server's thread

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.antes_de_rcpt is not None:
            self.antes_de_rcpt(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        mensaje = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.cambio:
            self.mensajes.append({"para": list(envelope.rcpt_tos), "mensaje": mensaje})
            self.cambio.notify_all()
        return "250 Message accepted for delivery"

    def esperar(self, n: int, timeout: float = 30.0) -> list:
        """Wait until at least `n` messages arrived; returns them all."""
        limite = time.monotonic() + timeout
        with self.cambio:
            while len(self.mensajes) < n:
                restante = limite - time.monotonic()
                if restante <= 0:
                    raise AssertionError(f"Esperaba {n} emails, llegaron {len(self.mensajes)}")
                self.cambio.wait(restante)
            return list(self.mensajes)


def texto(mensaje) -> str:
    return mensaje.get_body(preferencelist=("plain",)).get_content()


def html(mensaje) -> str:
    return mensaje.get_body(preferencelist=("html",)).get_content()


class ServidorSMTP:
    def __init__(self):
        self.buzon = Buzon()
        self.puerto = puerto_libre()
        self.controller = Controller(self.buzon, hostname="127.0.0.1", port=self.puerto)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
