"""No page scrolls sideways: every page of the portal and of the workspace, opened by each persona (the
coordinator, an institute's manager, a partner, an anonymous visitor), from the narrowest phone (320 px) to a
laptop (1280 px), in French and in Arabic, is no wider than the window.

The pages come from the URL map and the workspace registry, so a page added later is measured the day it is
added; a page whose address needs an object the test cannot supply makes the test fail until it learns how.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.views.generic import RedirectView

from jazari.accounts.tokens import api_token_create
from jazari.activities.imports import JOB_KIND as IMPORT_JOB_KIND
from jazari.activities.models import Activity, Registration
from jazari.conftest import PASSWORD
from jazari.core.models import Job
from jazari.core.seeding import Scale, run_seed
from jazari.network.workspace import LISTS
from jazari.projects.access import readable_projects

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The narrowest phone, a common one, the width where the navigation bar expands, a laptop.
WIDTHS = (320, 375, 1200, 1280)
LANGUAGES = ("fr", "ar")
TINY = {"tiny": Scale(name="tiny", organisations=40, people=150)}

# What the URL map holds that is not a page, and why it is not measured.
NOT_PAGES = {
    "health": "the health check answers JSON",
    "set_language": "a form's target that only redirects",
    "activities:certificate_pdf": "a PDF download",
    "activities:institute_feed": "a calendar file",
    "activities:region_feed": "a calendar file",
    "indicators:open_data_file": "a data file download (CSV, JSON...)",
    "indicators_workspace:steering_file": "a file download of the steering report",
    "projects:download": "a deliverable's file download",
    "mfa_download_recovery_codes": "a text file download",
    "core:job_progress": "an htmx fragment polled inside the job's page, not a page of its own",
    # allauth's pages reached only through a key sent by email or through an external identity provider.
    "account_confirm_email": "needs a key sent by email",
    "account_reset_password_from_key": "needs a key sent by email",
    "openid_connect_login": "hands over to an external identity provider",
    "openid_connect_callback": "hands over to an external identity provider",
}
# Whole parts of the URL map, by the start of their address.
NOT_PAGES_BELOW = {
    "admin/": "Django's administration keeps its own layout and stylesheet, outside the portal's",
    "api/v1/": "the API answers JSON; its documentation page is kept (API_PAGES)",
}
API_PAGES = {"api-1:openapi-view"}
# The views that accept only POST are forms' targets, found from their decorator (`require_POST`).

PERSONAS = ("anonymous", "coordinator", "manager_a", "partner")


@dataclass(frozen=True)
class Route:
    """One entry of the URL map: its name and its address below the language prefix."""

    name: str
    route: str
    view: Callable[..., Any]
    localized: bool

    @property
    def parameters(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.route)

    def address(self, language: str, arguments: dict[str, Any]) -> str:
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(arguments[match.group(1)]), self.route)
        return f"/{language}/{path}" if self.localized else f"/{path}"


def _routes(
    patterns: list[Any], prefix: str = "", namespace: str = "", localized: bool = False
) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if isinstance(entry.pattern, LocalePrefixPattern):
                yield from _routes(entry.url_patterns, prefix, inner, localized=True)
            else:
                yield from _routes(entry.url_patterns, prefix + str(entry.pattern), inner, localized)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            yield Route(f"{namespace}{entry.name}" if entry.name else route, route, entry.callback, localized)


def _accepts_only_post(view: Callable[..., Any]) -> bool:
    """Whether Django's `require_POST` (or `require_http_methods(["POST"])`) guards `view`: that decorator
    keeps its list of methods in its closure, below the view's other decorators (`__wrapped__`)."""
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = view.__closure__[code.co_freevars.index("request_method_list")]  # type: ignore[index]
            return list(cell.cell_contents) == ["POST"]
        view = getattr(view, "__wrapped__", None)
    return False


def _not_a_page(route: Route) -> bool:
    if route.name in API_PAGES:
        return False
    if isinstance(getattr(route.view, "view_class", None), type) and issubclass(
        route.view.view_class, RedirectView
    ):
        return True  # only sends the browser to another address, which is measured for itself
    return route.name in NOT_PAGES or route.route.startswith(tuple(NOT_PAGES_BELOW))


def page_routes() -> list[Route]:
    """The pages of the URL map, with what is not a page left out."""
    routes = [route for route in _routes(get_resolver().url_patterns) if not _not_a_page(route)]
    return [route for route in routes if not _accepts_only_post(route.view)]


def _first(queryset: Any) -> Any:
    return queryset.order_by("pk").first()


def arguments_for(user: Any, coordinator: Any) -> dict[str, list[dict[str, Any]]]:
    """For each page whose address names an object, objects of the seeded data that `user` reaches (the
    coordinator's when `user` reaches none, or is anonymous: the page then refuses, and is measured too)."""
    viewer = user or coordinator

    def row(kind: str) -> Any:
        return _first(LISTS[kind].queryset(viewer)) or _first(LISTS[kind].queryset(coordinator))

    rows = {kind: row(kind) for kind in LISTS}
    activity = rows["activities"]
    session = activity.sessions.order_by("pk").first()
    public_activity = _first(Activity.objects.public())
    registration = _first(Registration.objects.filter(activity=public_activity))
    project = _first(readable_projects(user)) or rows["projects"]
    need = rows["needs"]
    jobs = {
        kind: Job.objects.create(
            kind=kind, owner=viewer, parameters={"activity": activity.pk, "filename": "presences.csv"}
        )
        for kind in (IMPORT_JOB_KIND, "network.import_people")
    }
    token, _secret = api_token_create(user=viewer, name="Tableau de bord", days=30)
    report = rows["institute-reports"]
    return {
        "workspace:list": [{"kind": kind} for kind in LISTS],
        "workspace:create": [{"kind": kind} for kind in LISTS if LISTS[kind].creatable],
        "workspace:edit": [{"kind": kind, "key": LISTS[kind].key(rows[kind])} for kind in LISTS],
        "workspace:history": [{"kind": kind, "key": LISTS[kind].key(rows[kind])} for kind in LISTS],
        "workspace:affiliation_create": [{"key": LISTS["people"].key(rows["people"])}],
        "activities_workspace:manage": [{"public_id": activity.public_id}],
        "activities_workspace:attendance": [{"session_id": session.pk}],
        "activity_imports:upload": [{"public_id": activity.public_id}],
        "activity_imports:job": [{"public_id": jobs[IMPORT_JOB_KIND].public_id}],
        "indicators_workspace:report_detail": [{"slug": report.institute.slug, "period": report.period}],
        "projects_workspace:project": [{"public_id": rows["projects"].public_id}],
        "projects_workspace:deliverable": [{"public_id": rows["deliverables"].public_id}],
        "projects_workspace:need": [{"public_id": need.public_id}],
        "accounts:token_revoke": [{"pk": token.pk}],
        "activities:detail": [{"public_id": public_activity.public_id}],
        "activities:register": [{"public_id": public_activity.public_id}],
        "activities:manage": [{"token": registration.manage_token}],
        "projects:detail": [{"public_id": project.public_id}],
        "needs:follow": [{"token": need.follow_token}],
        "core:job_detail": [{"public_id": job.public_id} for job in jobs.values()],
        "network:region_detail": [{"code": "MA-02"}, {"code": "MA-10"}],
        "network:institute_detail": [{"slug": "jazari-nador"}],
    }


def addresses(language: str, arguments: dict[str, list[dict[str, Any]]]) -> tuple[list[str], list[str]]:
    """The address of every page in `language`, and the pages the test does not know how to open."""
    found, unknown = [], []
    for route in page_routes():
        if not route.parameters:
            found.append(route.address(language, {}))
        elif route.name in arguments:
            found += [route.address(language, values) for values in arguments[route.name]]
        else:
            unknown.append(route.name)
    return list(dict.fromkeys(found)), unknown


def log_in(context: Any, live_server: Any, user: Any) -> None:
    page = context.new_page()
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/fr/")
    page.close()


# What sticks out of the window, to name in the failure message.
CULPRIT = """() => {
  const limit = window.innerWidth;
  let found = null;
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && (box.right > limit + 1 || box.left < -1)) found = element;
  }
  // Nothing sticks out: then text overflows its own box (a word too long for its line).
  if (!found) {
    for (const element of document.body.querySelectorAll('*')) {
      if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0) found = element;
    }
  }
  if (!found) return '';
  const classes = [...found.classList].slice(0, 3).map(name => '.' + name).join('');
  return found.tagName.toLowerCase() + classes;
}"""


def widths_of(page: Any, address: str, live_server: Any) -> dict[int, tuple[int, str]] | str:
    """The page's width at each width of the window, with what sticks out; or why it is not a page."""
    response = page.goto(f"{live_server.url}{address}")
    kind = response.headers.get("content-type", "") if response else ""
    if response is None or not kind.startswith("text/html") or response.status >= 500:
        return f"{response.status if response else 'no answer'} {kind}"
    widths = {}
    # One load, measured at every width: resizing lays the page out again, for much less than a load.
    for width in sorted(WIDTHS, key=lambda width: width != page.viewport_size["width"]):
        page.set_viewport_size({"width": width, "height": 900})
        scroll, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        widths[width] = (scroll, page.evaluate(CULPRIT) if scroll > window else "")
    return widths


def test_it_never_makes_a_page_scroll_sideways(
    browser, live_server, coordinator, manager_a, partner, request
):
    run_seed(scale_name="tiny", seed=3, out=lambda line: None, scales=TINY)
    users = {"anonymous": None, "coordinator": coordinator, "manager_a": manager_a, "partner": partner}
    offending, not_pages, unknown, measured = [], [], set(), 0
    for persona in PERSONAS:
        user = users[persona]
        arguments = arguments_for(user, coordinator)
        context = browser.new_context(locale="fr-FR")
        if user is not None:
            log_in(context, live_server, user)
        page = context.new_page()
        for language in LANGUAGES:
            found, missing = addresses(language, arguments)
            unknown.update(missing)
            for address in found:
                widths = widths_of(page, address, live_server)
                if isinstance(widths, str):
                    not_pages.append(f"{persona} {address}: {widths}")
                    continue
                measured += len(widths)
                offending += [
                    f"{persona} {width}px {address}: {scroll}px ({culprit})"
                    for width, (scroll, culprit) in sorted(widths.items())
                    if scroll > width
                ]
        context.close()
    request.node.user_properties.append(("pages measured", measured))
    assert unknown == set(), (
        f"pages the test cannot open (teach `arguments_for` an object): {sorted(unknown)}"
    )
    assert not_pages == [], "answers that are not pages, or that failed:\n" + "\n".join(not_pages)
    assert offending == [], f"{len(offending)} pages wider than the window:\n" + "\n".join(offending)
