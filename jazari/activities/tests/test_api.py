"""Activities in the API: public reads, one's own registrations, attendance for managers only, verifying."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jazari.activities.models import Activity, Attendance, Certificate
from jazari.activities.services import registration_create
from jazari.activities.tests.factories import open_training, person
from jazari.conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_lists_public_activities_to_anyone_with_filters(client, institute_a, institute_b):
    ours = open_training(institute_a, title="Vision")
    open_training(institute_b, title="Darija")
    open_training(institute_a, title="Interne", is_public=False)
    body = client.get("/api/v1/activities").json()
    assert sorted(row["title"] for row in body["results"]) == ["Darija", "Vision"]
    filtered = client.get(f"/api/v1/activities?region={institute_a.region.code}").json()
    assert [row["public_id"] for row in filtered["results"]] == [str(ours.public_id)]
    detail = client.get(f"/api/v1/activities/{ours.public_id}").json()
    assert detail["organiser"] == "jazari-nador" and detail["is_open_for_registration"] is True
    assert len(client.get(f"/api/v1/activities/{ours.public_id}/sessions").json()) == 5


def test_it_shows_internal_activities_only_inside_the_scope(manager_a, manager_b, institute_a):
    internal = open_training(institute_a, title="Interne", is_public=False)
    assert client_for(manager_a).get(f"/api/v1/activities/{internal.public_id}").status_code == 200
    assert client_for(manager_b).get(f"/api/v1/activities/{internal.public_id}").status_code == 404


def test_it_gives_attendance_to_the_managers_of_the_activity_only(client, manager_a, manager_b, institute_a):
    activity = open_training(institute_a, sessions=1)
    amina = person("Amina")
    registration_create(activity=activity, person=amina)
    Attendance.objects.create(session=activity.sessions.get(), person=amina, present=True)
    url = f"/api/v1/activities/{activity.public_id}/attendance"
    assert client_for(manager_a).get(url).json()["results"][0]["person"] == str(amina.public_id)
    assert client_for(manager_b).get(url).status_code == 403
    assert client.get(url).status_code == 401


def test_it_lists_my_own_registrations(partner, institute_a):
    activity = open_training(institute_a)
    me = person("Partner")
    me.user = partner
    me.save()
    registration_create(activity=activity, person=me)
    registration_create(activity=activity, person=person("Other"))
    rows = client_for(partner).get("/api/v1/registrations/mine").json()["results"]
    assert [row["activity"] for row in rows] == [str(activity.public_id)]


def test_it_verifies_certificates_and_refuses_mistyped_codes(client, institute_a):
    activity = open_training(institute_a, sessions=1)
    certificate = Certificate.objects.create(
        registration=registration_create(activity=activity, person=person("A"))
    )
    body = client.get(f"/api/v1/certificates/verify?code={certificate.code}").json()
    assert body["valid"] is True and body["holder"] == "A Test"
    typo = certificate.code[:-1] + ("0" if certificate.code[-1] != "0" else "1")
    response = client.get(f"/api/v1/certificates/verify?code={typo}")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_it_lists_activities_with_the_same_number_of_queries_for_10_and_100_rows(client, institute_a):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/api/v1/activities?page_size=200").status_code == 200
        return len(context)

    for _ in range(10):
        open_training(institute_a, sessions=0)
    few = queries()
    for _ in range(90):
        open_training(institute_a, sessions=0)
    assert Activity.objects.count() == 100
    assert queries() == few
