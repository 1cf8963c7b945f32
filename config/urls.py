"""Every page lives under a language prefix (/fr/, /ar/, /en/); only technical endpoints do not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from jazari.core import views as core_views
from jazari.indicators import views as indicators_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", core_views.health, name="health"),
    path("api/v1/", include("jazari.api.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("account/tokens/", include("jazari.accounts.urls")),
    path("workspace/activities/", include("jazari.activities.workspace_urls")),
    path("workspace/imports/", include("jazari.activities.import_urls")),
    path("workspace/indicators/", include("jazari.indicators.workspace_urls")),
    path("workspace/portfolio/", include("jazari.projects.workspace_urls")),
    path("workspace/", include("jazari.network.workspace_urls")),
    path("activities/", include("jazari.activities.urls")),
    path("indicators/", include("jazari.indicators.urls")),
    # The methodology page lists the indicators' definitions and targets, so the indicators app serves it; its
    # name has no namespace, so that the base layout links to it without knowing which app serves it.
    path("methodology/", indicators_views.methodology, name="methodology"),
    path("projects/", include("jazari.projects.urls")),
    path("needs/", include("jazari.needs.urls")),
    path("", include("jazari.core.urls")),
    path("", include("jazari.network.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.views.static import serve

    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
