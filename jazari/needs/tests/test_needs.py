"""The public "submit a challenge" form, its spam protections, the private follow link, status changes,
renewal and expiry."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from jazari.core.models import Theme
from jazari.needs.models import Need
from jazari.needs.services import NeedChangeRefused, need_change_status, need_renew, needs_expire
from jazari.network.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides):
    data = {
        "title": "Tri automatique des olives",
        "description": "Nous voulons trier les olives par calibre à partir d'images.",
        "kind": "technology",
        "organisation_name": "Coopérative Zitoun",
        "organisation_kind": "cooperative",
        "region": Region.objects.get(code="MA-02").pk,
        "themes": [Theme.objects.get(code="agriculture").pk],
        "urgency": "medium",
        "budget_band": "under_100k",
        "contact_name": "Karim Alaoui",
        "contact_email": "karim@example.ma",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_it_records_a_need_with_consent_and_sends_the_private_link(
    reference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/fr/needs/submit/", form_data())
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/fr/needs/follow/{need.follow_token}/"
    assert need.status == Need.Status.SUBMITTED and need.consent_at is not None
    assert need.language == "fr" and need.submitted_by is None
    assert [t.code for t in need.themes.all()] == ["agriculture"]
    assert need.expires_on > timezone.localdate()
    (message,) = mail.outbox
    assert need.follow_token in message.body and message.to == ["karim@example.ma"]


def test_it_refuses_a_need_without_consent_with_a_clear_message(reference):
    response = Client().post("/en/needs/submit/", form_data(consent=""))
    assert response.status_code == 400
    assert "Submitting a need needs your consent to the privacy notice." in response.text
    assert not Need.objects.exists()


def test_it_keeps_nothing_when_the_hidden_field_is_filled(reference):
    response = Client().post("/fr/needs/submit/", form_data(website="http://spam.example"), follow=True)
    assert response.status_code == 200
    assert not Need.objects.exists() and not mail.outbox


def test_it_limits_submissions_per_address(reference, settings):
    settings.NEED_SUBMISSIONS_PER_HOUR = 2
    client = Client()
    for _ in range(2):
        assert client.post("/en/needs/submit/", form_data()).status_code == 302
    response = client.post("/en/needs/submit/", form_data())
    assert response.status_code == 429
    assert "Too many needs" in response.text
    assert Need.objects.count() == 2


def test_it_shows_the_submitter_the_status_through_the_private_link_only(reference):
    Client().post("/fr/needs/submit/", form_data())
    need = Need.objects.get()
    page = Client().get(f"/fr/needs/follow/{need.follow_token}/")
    assert page.status_code == 200 and "Tri automatique des olives" in page.text
    assert Client().get("/fr/needs/follow/not-the-token/").status_code == 404


def test_it_moves_a_need_only_along_its_statuses(reference):
    Client().post("/fr/needs/submit/", form_data())
    need = Need.objects.get()
    need = need_change_status(need=need, status=Need.Status.QUALIFIED)
    assert need.qualified_at is not None
    with pytest.raises(NeedChangeRefused):
        need_change_status(need=need, status=Need.Status.SOLVED)
    need = need_change_status(need=need, status=Need.Status.REJECTED)
    assert need.closed_at is not None
    with pytest.raises(NeedChangeRefused):
        need_change_status(need=need, status=Need.Status.QUALIFIED)


def test_it_closes_expired_needs_unless_renewed(reference):
    client = Client()
    client.post("/fr/needs/submit/", form_data(title="Ancienne"))
    client.post("/fr/needs/submit/", form_data(title="Renouvelée"))
    past = timezone.localdate() - timedelta(days=1)
    Need.objects.update(expires_on=past)
    renewed = Need.objects.get(title="Renouvelée")
    assert renewed.is_expired
    response = client.post(f"/fr/needs/follow/{renewed.follow_token}/renew/", follow=True)
    assert response.status_code == 200
    renewed.refresh_from_db()
    assert not renewed.is_expired and renewed.renewed_at is not None
    assert needs_expire() == 1
    assert Need.objects.get(title="Ancienne").status == Need.Status.CLOSED
    assert Need.objects.get(title="Renouvelée").status == Need.Status.SUBMITTED
    with pytest.raises(NeedChangeRefused):
        need_renew(need=Need.objects.get(title="Ancienne"))


def test_it_offers_the_form_in_arabic_right_to_left(reference):
    page = Client().get("/ar/needs/submit/")
    assert page.status_code == 200 and 'dir="rtl"' in page.text


def test_it_closes_expired_needs_from_the_daily_command(reference):
    from io import StringIO

    from django.core.management import call_command

    Client().post("/fr/needs/submit/", form_data())
    Need.objects.update(expires_on=timezone.localdate() - timedelta(days=2))
    out = StringIO()
    call_command("expire_needs", stdout=out)
    assert out.getvalue().startswith("1 expired needs closed")
    assert Need.objects.get().status == Need.Status.CLOSED
