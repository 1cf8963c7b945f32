"""Headers every answer carries, and what pages reached by a private token add: nothing keeps them."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from jazari.activities.models import Registration
from jazari.activities.tests.factories import open_training, person
from jazari.core.middleware import private_link
from jazari.needs.models import Need
from jazari.needs.tests.test_needs import form_data

pytestmark = pytest.mark.django_db


def token_routes(patterns=None, prefix: str = "") -> list[tuple[str, object]]:
    """Every route of the URL map whose address holds a private token."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += token_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "token>" in route:
            found.append((route, pattern.callback))
    return found


def test_it_marks_every_page_reached_by_a_private_token_as_private():
    routes = token_routes()
    assert len(routes) >= 5  # needs follow and renew, registration page, cancel, certificate
    assert [route for route, view in routes if not getattr(view, "private_link", False)] == []


def test_it_keeps_no_copy_of_the_need_follow_page(reference):
    Client().post("/fr/needs/submit/", form_data())
    page = Client().get(f"/fr/needs/follow/{Need.objects.get().follow_token}/")
    assert page.status_code == 200
    assert {"no-store", "private"} <= {part.strip() for part in page["Cache-Control"].split(",")}
    assert page["Referrer-Policy"] == "no-referrer"


def test_it_keeps_no_copy_of_a_registration_page(institute_a):
    registration = Registration.objects.create(
        activity=open_training(institute_a), person=person("Salma"), consent_at="2026-11-01T10:00Z"
    )
    page = Client().get(f"/fr/activities/registrations/{registration.manage_token}/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]


def test_it_refuses_the_browser_features_no_page_uses(client, reference):
    policy = client.get("/fr/")["Permissions-Policy"]
    assert "camera=(self)" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_it_sets_the_csrf_cookie_for_the_browser_session_only(client, reference):
    cookie = client.get("/fr/needs/submit/").cookies["csrftoken"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_private_link_makes_any_view_uncacheable(rf):
    from django.http import HttpResponse

    response = private_link(lambda request: HttpResponse("ok"))(rf.get("/"))
    assert "no-store" in response["Cache-Control"]
