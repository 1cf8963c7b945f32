"""The API's documentation page: Swagger UI from npm (`swagger-ui-dist`), served by the platform itself.

django-ninja's own page loads Swagger UI from a CDN, which Jazari never does. The page keeps the platform's
strict Content-Security-Policy (`script-src 'self'`, `style-src 'self'`): Swagger UI sets its styles
through the DOM, which that policy allows, and `jazari/api/tests/test_browser.py` checks in Chromium that
the page raises no policy violation. Its settings live in `jazari/api/static/api/docs.js` (no inline script).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from jazari.api.errors import method_not_allowed


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        return render(
            request, "api/docs.html", {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)}
        )


@csrf_exempt  # a POST here gets the API's 405, not the HTML page of a CSRF failure
def index(request: HttpRequest) -> HttpResponse:
    """What /api/v1/ answers: where the machine-readable and the human-readable documentation are."""
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(request, "GET, HEAD")
    return JsonResponse(
        {
            "title": "Jazari API",
            "version": "1",
            "openapi": request.build_absolute_uri(reverse("api-1:openapi-json")),
            "docs": request.build_absolute_uri(reverse("api-1:openapi-view")),
        }
    )
