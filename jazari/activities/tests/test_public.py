"""Public activity pages, feeds and certificate verification."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from jazari.activities.codes import (
    ALPHABET,
    PREFIX,
    check_character,
    format_code,
    new_code,
    normalize_code,
)
from jazari.activities.models import Activity, Attendance, Certificate
from jazari.activities.services import (
    certificate_issue,
    certificate_revoke,
    registration_create,
)
from jazari.activities.tests.factories import open_training, person

pytestmark = pytest.mark.django_db


def test_it_lists_upcoming_public_activities_with_filters(client, institute_a, institute_b):
    ours = open_training(institute_a, title="Vision par ordinateur")
    open_training(institute_b, title="Darija NLP")
    open_training(institute_a, title="Brouillon interne", status=Activity.Status.DRAFT)
    open_training(institute_a, title="Réunion interne", is_public=False)
    response = client.get("/fr/activities/")
    titles = [activity.title for activity in response.context["page"]]
    assert sorted(titles) == ["Darija NLP", "Vision par ordinateur"]
    filtered = client.get(f"/fr/activities/?region={institute_a.region.code}&open=on&language=ar")
    assert [a.title for a in filtered.context["page"]] == [ours.title]
    assert client.get("/fr/activities/?q=vision").context["page"].paginator.count == 1


def test_it_shows_a_month_calendar(client, institute_a):
    activity = open_training(institute_a)
    month = timezone.localtime(activity.starts_at).strftime("%Y-%m")
    response = client.get(f"/ar/activities/calendar/?month={month}")
    assert response.status_code == 200
    assert activity.get_absolute_url().replace("/fr/", "/ar/") in response.text
    assert client.get("/fr/activities/calendar/?month=nonsense").status_code == 200


def test_it_shows_an_activity_with_places_left(client, institute_a):
    activity = open_training(institute_a, capacity=2)
    registration_create(activity=activity, person=person("Amina"))
    response = client.get(activity.get_absolute_url())
    assert response.context["places_left"] == 1
    assert client.get("/fr/activities/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_it_publishes_institute_and_region_feeds(client, institute_a):
    activity = open_training(institute_a)
    for path in (
        f"/fr/activities/feeds/institutes/{institute_a.slug}.ics",
        f"/fr/activities/feeds/regions/{institute_a.region.code}.ics",
    ):
        response = client.get(path)
        assert response["Content-Type"].startswith("text/calendar")
        events = Calendar.from_ical(response.content).walk("VEVENT")
        assert [str(event["uid"]) for event in events] == [f"{activity.public_id}@jazari"]
    assert client.get("/fr/activities/feeds/regions/MA-99.ics").status_code == 404


def test_it_catches_every_single_typing_error_and_swap_in_a_code():
    raw = normalize_code(new_code()).removeprefix(f"{PREFIX}-").replace("-", "")  # the body may hold "JZ"
    for position in range(len(raw)):
        for char in ALPHABET:
            if char != raw[position]:
                typo = raw[:position] + char + raw[position + 1 :]
                assert normalize_code(typo) is None
    for position in range(len(raw) - 1):
        if raw[position] != raw[position + 1]:
            swapped = raw[:position] + raw[position + 1] + raw[position] + raw[position + 2 :]
            assert normalize_code(swapped) is None


def test_it_reads_a_code_typed_loosely():
    body = "0123456789"
    code = format_code(body + check_character(body))
    assert normalize_code(code.lower().replace("-", " ")) == code
    assert normalize_code("jz-O1234-56789-" + check_character(body)) == code  # O typed for 0


def attended(activity, someone, sessions: int) -> None:
    for session in activity.sessions.all()[:sessions]:
        Attendance.objects.create(session=session, person=someone, present=True)


def test_it_issues_a_certificate_only_when_the_rule_is_met(institute_a):
    activity = open_training(institute_a, sessions=5)
    assidue, absent = person("Assia"), person("Bilal")
    good = registration_create(activity=activity, person=assidue)
    poor = registration_create(activity=activity, person=absent)
    attended(activity, assidue, 4)  # 80 %
    attended(activity, absent, 3)  # 60 %
    certificate = certificate_issue(registration=good)
    assert certificate is not None and normalize_code(certificate.code) == certificate.code
    assert certificate_issue(registration=poor) is None
    assert certificate_issue(registration=good) == certificate  # once only


def test_it_verifies_a_certificate_publicly_and_shows_a_revocation(client, institute_a):
    activity = open_training(institute_a, sessions=1)
    amina = person("Amina")
    attended(activity, amina, 1)
    certificate = certificate_issue(registration=registration_create(activity=activity, person=amina))
    page = client.get(f"/fr/activities/certificates/verify/?code={certificate.code}")
    assert page.status_code == 200 and "alert-success" in page.text and "Amina" in page.text
    certificate_revoke(certificate=certificate, reason="Erreur de saisie")
    assert (
        "Erreur de saisie" in client.get(f"/fr/activities/certificates/verify/?code={certificate.code}").text
    )


def test_it_refuses_a_mistyped_code_before_any_lookup(client, institute_a):
    code = new_code()
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/en/activities/certificates/verify/?code={typo}")
    assert response.status_code == 400
    assert "not a valid certificate code" in response.text
    assert not any("activities_certificate" in query["sql"] for query in queries)


def test_it_says_when_no_certificate_has_a_valid_code(client, db):
    response = client.get(f"/en/activities/certificates/verify/?code={new_code()}")
    assert response.status_code == 200 and "No certificate has this code." in response.text
    assert not Certificate.objects.exists()


def test_it_keeps_activities_in_order(institute_a):
    activity = open_training(institute_a)
    activity.ends_at = activity.starts_at - timedelta(hours=1)
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        activity.save()
