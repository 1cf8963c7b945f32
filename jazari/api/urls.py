"""The API under /api/v1/: the routers of each app, one error body, the OpenAPI document and its docs page.

This module only assembles: the endpoints live in each app's `api.py`, who is calling in
`jazari/accounts/api.py`, the lists' filters and pages in `jazari/api/pagination.py`.
"""

from django.urls import URLPattern, URLResolver, path, re_path

from jazari.accounts.api import SIGNED_IN
from jazari.activities.api import router as activities_router
from jazari.api.docs import LocalSwagger, index
from jazari.api.errors import install_error_handlers, not_found, with_error_body
from jazari.api.openapi import JazariAPI
from jazari.api.parser import JazariParser
from jazari.api.renderers import FastJSONRenderer
from jazari.indicators.api import router as indicators_router
from jazari.needs.api import router as needs_router
from jazari.network.api import router as network_router
from jazari.projects.api import router as projects_router

api = JazariAPI(
    title="Jazari API",
    version="1",
    description=(
        "Morocco's national network of AI centres of excellence: its registry (regions, institutes, "
        "organisations, public expert profiles) and its activities. Sign in with your browser session, or "
        "send a personal token (`Authorization: Bearer jz_…`) created on your account's *API tokens* page. "
        "Lists are paginated with `page` and `page_size`; every error has the body "
        '`{"error": {"code", "message", "details"}}`.'
    ),
    openapi_url="/openapi.json",
    docs=LocalSwagger(),
    docs_url="/docs",
    auth=SIGNED_IN,
    renderer=FastJSONRenderer(),
    parser=JazariParser(),
)
install_error_handlers(api)
api.add_router("", network_router, tags=["network"])
api.add_router("", activities_router, tags=["activities"])
api.add_router("", indicators_router, tags=["indicators"])
api.add_router("", projects_router, tags=["projects"])
api.add_router("", needs_router, tags=["needs"])


def _patterns() -> list[URLPattern | URLResolver]:
    """django-ninja's URL patterns, each answering a method it does not serve with the error body."""
    patterns, _app_name, _namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = with_error_body(pattern.callback)
    return patterns


urlpatterns = [
    path("", index),
    path("", (_patterns(), "ninja", api.urls_namespace)),
    # Any other address under /api/v1/ answers with the API's error body, not an HTML page.
    re_path(r"^", not_found),
]
