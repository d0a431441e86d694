"""Throttles of the payment routes."""

from usuarios.throttling import PorDireccionThrottle


class WebhookPaypalThrottle(PorDireccionThrottle):
    """PayPal notifications per client address: verifying each one costs two calls to PayPal."""

    scope = "webhook"
