"""API tokens that may expire: `API_TOKEN_TTL_DAYS` after they were issued (0, the default: never).

Kept apart from accounts/api.py because DRF imports its authentication classes while its own
views module loads; this module needs nothing but DRF's token authentication.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


def is_expired(token: Token) -> bool:
    days = settings.API_TOKEN_TTL_DAYS
    return bool(days) and token.created <= timezone.now() - timedelta(days=days)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            token.delete()
            raise AuthenticationFailed("The token has expired; ask for a new one at auth/token/.")
        return user, token
