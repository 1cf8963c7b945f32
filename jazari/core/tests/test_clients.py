"""The client's address is resolved once, from trusted proxies only, and every public form limits each
client: a header a client forges changes nothing, a different client behind the same proxy has its own
budget."""

import pytest
from django.test import Client

from jazari.activities.models import Registration
from jazari.activities.tests.factories import open_training
from jazari.conftest import PASSWORD
from jazari.needs.models import Need
from jazari.needs.tests.test_needs import form_data

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the reverse proxy, as the web process sees it


def through_proxy(client_address: str, forged: str = "") -> dict[str, str]:
    """What the proxy passes on: whatever the client sent in X-Forwarded-For, then the address it saw."""
    chain = f"{forged}, {client_address}" if forged else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def submit_need(**meta: str) -> int:
    return Client().post("/en/needs/submit/", form_data(), **meta).status_code


def register(activity, number: int, **meta: str) -> int:
    form = {
        "given_name": f"P{number}",
        "family_name": "Test",
        "email": f"p{number}@example.ma",
        "consent": "on",
    }
    return Client().post(f"/en/activities/{activity.public_id}/register/", form, **meta).status_code


def test_it_counts_a_client_behind_a_trusted_proxy_by_the_address_the_proxy_saw(reference, settings):
    settings.JAZARI_TRUSTED_PROXIES = 1
    settings.NEED_SUBMISSIONS_PER_HOUR = 2
    statuses = [submit_need(**through_proxy("203.0.113.9", forged=f"198.51.100.{n}")) for n in range(4)]
    assert statuses == [302, 302, 429, 429]  # a new forged address each time: still the same client
    assert submit_need(**through_proxy("203.0.113.10")) == 302  # another visitor behind the same proxy
    assert Need.objects.count() == 3


def test_it_ignores_forwarded_addresses_when_no_proxy_is_trusted(reference, settings):
    settings.JAZARI_TRUSTED_PROXIES = 0
    settings.NEED_SUBMISSIONS_PER_HOUR = 2
    statuses = [
        submit_need(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_it_keeps_the_direct_address_when_the_header_is_shorter_than_the_proxy_chain(reference, settings):
    settings.JAZARI_TRUSTED_PROXIES = 2
    settings.NEED_SUBMISSIONS_PER_HOUR = 1
    assert submit_need(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1") == 302
    assert submit_need(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.2") == 429


def test_it_limits_public_registrations_per_client(institute_a, settings):
    settings.JAZARI_TRUSTED_PROXIES = 1
    settings.REGISTRATIONS_PER_HOUR = 3
    activity = open_training(institute_a)
    statuses = [register(activity, n, **through_proxy("203.0.113.9", forged=f"10.9.9.{n}")) for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Registration.objects.filter(activity=activity).count() == 3
    refused = Client().post(
        f"/en/activities/{activity.public_id}/register/",
        {"given_name": "X", "family_name": "Y", "email": "x@example.ma", "consent": "on"},
        **through_proxy("203.0.113.9"),
    )
    assert "Too many registrations were sent from your connection" in refused.text
    assert register(activity, 9, **through_proxy("203.0.113.77")) == 302


def test_it_limits_certificate_checks_per_client(reference, settings):
    settings.CERTIFICATE_CHECKS_PER_HOUR = 2
    statuses = [
        Client().get("/en/activities/certificates/verify/?code=JZ-XXXX").status_code for _ in range(3)
    ]
    assert statuses == [400, 400, 429]  # a mistyped code, twice, then no more checks this hour


def test_it_marks_the_request_secure_when_the_trusted_proxy_says_so(reference, settings):
    settings.JAZARI_TRUSTED_PROXIES = 1
    response = Client().get(
        "/en/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9", HTTP_X_FORWARDED_PROTO="https"
    )
    assert response.wsgi_request.is_secure()
    assert response.wsgi_request.META["REMOTE_ADDR"] == "203.0.113.9"
    forged = Client().get("/en/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert forged.wsgi_request.META["REMOTE_ADDR"] == "203.0.113.9"


def test_it_locks_out_the_client_that_failed_not_everyone_behind_the_proxy(partner, coordinator, settings):
    settings.JAZARI_TRUSTED_PROXIES = 1
    attacker, colleague = Client(), Client()
    for attempt in range(5):
        attacker.post(
            "/fr/accounts/login/",
            {"login": partner.email, "password": "wrong-password"},
            **through_proxy("203.0.113.66", forged=f"198.51.100.{attempt}"),
        )
    locked = attacker.post(
        "/fr/accounts/login/",
        {"login": coordinator.email, "password": PASSWORD},
        **through_proxy("203.0.113.66", forged="198.51.100.99"),
    )
    assert locked.status_code == 429
    signed_in = colleague.post(
        "/fr/accounts/login/",
        {"login": coordinator.email, "password": PASSWORD},
        **through_proxy("203.0.113.7"),
    )
    assert signed_in.status_code == 302
