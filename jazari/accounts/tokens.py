"""Personal API tokens: create one (shown once), revoke it, and recognise it on an API call.

A token reads `jz_<prefix>_<secret>`. The database keeps the prefix, to recognise a token in a list, and the
SHA-256 hash of the secret, never the secret itself: a leaked database opens no API.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jazari.accounts.models import API_TOKEN_MAX_DAYS, ApiToken, User

TOKEN_START = "jz_"  # noqa: S105 - the fixed start of every token, not a secret
PREFIX_LENGTH = 8
# Longer than any token we issue, so that a huge header is refused before it is hashed.
TOKEN_MAX_LENGTH = 100
# A token used many times a minute is written once a minute, not on every call.
LAST_USED_PRECISION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _split(raw: str) -> tuple[str, str] | None:
    """The prefix and the secret of a token, or None when `raw` does not have a token's shape."""
    if len(raw) > TOKEN_MAX_LENGTH or not raw.startswith(TOKEN_START):
        return None
    prefix, separator, secret = raw[len(TOKEN_START) :].partition("_")
    if len(prefix) != PREFIX_LENGTH or not separator or not secret:
        return None
    return prefix, secret


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for `user`, valid `days` days; returns the token and its full text, to show once."""
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise ValidationError({"days": _("Choose between 1 and %(max)s days.") % {"max": API_TOKEN_MAX_DAYS}})
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=prefix,
        token_hash=_hash(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    return token, f"{TOKEN_START}{prefix}_{secret}"


def api_token_revoke(*, token: ApiToken) -> None:
    """Stop the token from opening the API, for good; revoking it twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_authenticate(raw: str) -> User | None:
    """The active user whose valid token `raw` is, or None (unknown, malformed, expired or revoked).

    The token is found by the hash of its secret, through a unique index: nothing is compared character by
    character against a secret, so response times say nothing about it.
    """
    parts = _split(raw.strip())
    if parts is None:
        return None
    prefix, secret = parts
    token = ApiToken.objects.usable().select_related("user").filter(token_hash=_hash(secret)).first()
    if token is None or not hmac.compare_digest(token.prefix, prefix):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
