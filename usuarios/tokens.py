"""The refresh-token blacklist (simplejwt's token_blacklist app), kept out of the services."""

from django.db import IntegrityError, transaction
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.utils import datetime_from_epoch


def revocar(*, usuario) -> None:
    """Blacklist every outstanding refresh token of `usuario`."""
    pendientes = OutstandingToken.objects.filter(user=usuario, blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token=t) for t in pendientes], ignore_conflicts=True)


def canjear_refresh(*, token, usuario) -> bool:
    """Spend a refresh token: blacklist it, True for the one caller whose insert went in.

    The blacklist has one row per token (a unique key), so of any number of parallel refreshes
    with the same token exactly one inserts; the others get False and must answer 401.
    """
    with transaction.atomic():
        pendiente, _ = OutstandingToken.objects.get_or_create(
            jti=token["jti"],
            defaults={
                "user": usuario,
                "token": str(token),
                "created_at": token.current_time,
                "expires_at": datetime_from_epoch(token["exp"]),
            },
        )
        try:
            with transaction.atomic():
                BlacklistedToken.objects.create(token=pendiente)
        except IntegrityError:
            return False
    return True
