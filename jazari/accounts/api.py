"""Who is calling the API: a personal token, the browser's session, or an anonymous visitor.

Each app's router picks one of two lists for each operation:

- `SIGNED_IN` (the API's default): a `Bearer jz_…` token or a signed-in browser session; otherwise 401;
- `ANYONE`: the same, and anonymous visitors too (public reads).

Either way `request.user` is the caller afterwards, so permission checks (`request.user.has_perm`) and the
change history work as they do on the pages.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from jazari.accounts.models import User
from jazari.accounts.tokens import api_token_authenticate

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer jz_…`, a personal token created on the account pages."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = api_token_authenticate(token)
        if user is None:
            # A token that does not open the API is an error even where anonymous visitors are welcome:
            # the script should know its token expired or was revoked, not quietly see less.
            raise AuthenticationError(message=str(_("This API token is unknown, expired or revoked.")))
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's signed-in session. A write must carry the CSRF token, as Django's own forms do."""

    def __init__(self) -> None:
        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # The CSRF check is made in `authenticate`, and only for a signed-in user: an anonymous write is
        # "not authenticated" (401), not "forbidden".
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise PermissionDenied(_("The CSRF token is missing or wrong; reload the page and try again."))
        return user


class AnonymousAccess:
    """Lets an anonymous visitor through, as the last choice: the operation decides what they may see."""

    def __call__(self, request: HttpRequest) -> AnonymousUser:
        return AnonymousUser()


SIGNED_IN = [ApiTokenAuth(), SessionAuth()]
ANYONE = [*SIGNED_IN, AnonymousAccess()]
