"""Who is asking: the client's address, resolved once per request, whatever proxies stand in front.

Behind a reverse proxy every request comes from the proxy's own address. With
`JAZARI_TRUSTED_PROXIES=<n>` (the number of proxies in front of the web processes, 0 by default), the first
middleware takes the client's address from the `X-Forwarded-For` header the way Werkzeug's `ProxyFix` does:
the n-th address from the right, the one the outermost trusted proxy saw. Addresses a client adds to the left
of that header are ignored, so it cannot choose its own address. The scheme (`X-Forwarded-Proto`) is taken
the same way. Everything after it — rate limits, the login lock-out, allauth, logs — reads `REMOTE_ADDR`.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from werkzeug.middleware.proxy_fix import ProxyFix


def _resolved_environ(environ: dict[str, Any], trusted: int) -> dict[str, Any]:
    """The WSGI environment as Werkzeug's ProxyFix rewrites it for `trusted` proxies."""
    seen: dict[str, Any] = {}

    def capture(env: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        seen.update(env)
        return []

    def unused_start_response(*args: Any) -> Callable[[bytes], object]:
        raise AssertionError("the captured application starts no response")

    fix = ProxyFix(capture, x_for=trusted, x_proto=trusted, x_host=0, x_port=0, x_prefix=0)
    fix(dict(environ), unused_start_response)
    return seen


class ClientAddressMiddleware:
    """Set `REMOTE_ADDR` and the scheme to what the trusted proxies say, before anything reads them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trusted = settings.JAZARI_TRUSTED_PROXIES
        if trusted:
            resolved = _resolved_environ(request.META, trusted)
            request.META["REMOTE_ADDR"] = resolved.get("REMOTE_ADDR", "")
            request.META["wsgi.url_scheme"] = resolved.get("wsgi.url_scheme", "http")
        return self.get_response(request)


def client_address(request: HttpRequest) -> str:
    """The client's address, as resolved by `ClientAddressMiddleware`."""
    return request.META.get("REMOTE_ADDR") or "unknown"
