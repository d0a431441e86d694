"""Throttles for the account endpoints, counted in the shared cache (Redis when configured)."""

import hashlib

from rest_framework.throttling import SimpleRateThrottle


class PorDireccionThrottle(SimpleRateThrottle):
    """Requests per client address, signed in or not (address per settings.NUM_PROXIES)."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginIPThrottle(PorDireccionThrottle):
    """Login attempts per client address."""

    scope = "login"


class RegistroThrottle(PorDireccionThrottle):
    """Sign-ups per client address."""

    scope = "register"


class LoginUsuarioThrottle(SimpleRateThrottle):
    """Login attempts per target username, whatever address they come from."""

    scope = "login_usuario"

    def username(self, request):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        return username if isinstance(username, str) else None

    def get_cache_key(self, request, view):
        username = self.username(request)
        if not username:
            return None
        # Hashed: the cache never holds usernames, and any length or character is a valid key.
        ident = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class CambioPasswordThrottle(LoginUsuarioThrottle):
    """Password changes share the per-username login budget: both are password guesses."""

    def username(self, request):
        return request.user.username if request.user.is_authenticated else None
