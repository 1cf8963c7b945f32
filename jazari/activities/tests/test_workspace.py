"""Running an activity from the workspace: publish, cancel, sessions, wait-list, attendance, certificates."""

import pytest
from django.core import mail
from pypdf import PdfReader

from jazari.activities.models import Activity, Attendance, Certificate, Registration
from jazari.activities.services import registration_create
from jazari.activities.tests.factories import open_training, person
from jazari.conftest import client_for
from jazari.core.jobs import job_run
from jazari.core.models import Job

pytestmark = pytest.mark.django_db


def test_it_lists_my_activities_in_the_workspace(manager_a, institute_a, institute_b):
    open_training(institute_a, title="Chez nous")
    open_training(institute_b, title="Chez eux")
    response = client_for(manager_a).get("/fr/workspace/activities/")
    assert "Chez nous" in response.text and "Chez eux" not in response.text
    assert "/manage/" in response.text


def test_it_refuses_another_institute_s_activity(manager_a, institute_b):
    theirs = open_training(institute_b)
    client = client_for(manager_a)
    assert client.get(f"/fr/workspace/activities/{theirs.public_id}/manage/").status_code == 404
    assert client.post(f"/fr/workspace/activities/{theirs.public_id}/cancel/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Activity.Status.PUBLISHED


def test_it_creates_a_training_for_my_institute_and_checks_its_dates(manager_a, institute_a):
    programme = open_training(institute_a).programme
    client = client_for(manager_a)
    data = {
        "title": "Atelier vision", "kind": "training", "organiser": institute_a.pk,
        "region": institute_a.region.pk, "format": "on_site", "starts_at": "2026-12-10T09:00",
        "ends_at": "2026-12-09T17:00", "languages": "fr", "is_public": "on",
    }  # fmt: skip
    response = client.post("/en/workspace/activities/new/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "programme" in errors and "ends_at" in errors
    data.update({"programme": programme.pk, "ends_at": "2026-12-10T17:00"})
    assert client.post("/en/workspace/activities/new/", data).status_code == 302
    created = Activity.objects.get(title="Atelier vision")
    assert created.status == Activity.Status.DRAFT
    client.post(f"/en/workspace/activities/{created.public_id}/publish/")
    created.refresh_from_db()
    assert created.status == Activity.Status.PUBLISHED


def test_it_cancels_an_activity_and_tells_registrants(
    manager_a, institute_a, django_capture_on_commit_callbacks
):
    activity = open_training(institute_a)
    registration_create(activity=activity, person=person("Amina"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager_a).post(f"/fr/workspace/activities/{activity.public_id}/cancel/")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED
    assert len(mail.outbox) == 1


def test_it_promotes_the_wait_list_when_a_manager_cancels_a_place(manager_a, institute_a):
    activity = open_training(institute_a, capacity=1)
    first = registration_create(activity=activity, person=person("Amina"))
    second = registration_create(activity=activity, person=person("Youssef"))
    url = f"/fr/workspace/activities/{activity.public_id}/registrations/{first.public_id}/cancel/"
    client_for(manager_a).post(url)
    second.refresh_from_db()
    assert second.status == Registration.Status.REGISTERED


def test_it_adds_a_session_and_refuses_one_ending_before_it_starts(manager_a, institute_a):
    activity = open_training(institute_a, sessions=0)
    client = client_for(manager_a)
    url = f"/en/workspace/activities/{activity.public_id}/sessions/add/"
    client.post(url, {"starts_at": "2026-12-10T09:00", "ends_at": "2026-12-10T08:00"})
    assert activity.sessions.count() == 0
    client.post(url, {"starts_at": "2026-12-10T09:00", "ends_at": "2026-12-10T12:00"})
    assert activity.sessions.count() == 1


def test_it_takes_attendance_by_tap_and_by_check_in_code(manager_a, institute_a):
    activity = open_training(institute_a, sessions=1)
    session = activity.sessions.get()
    amina = registration_create(activity=activity, person=person("Amina"))
    youssef = registration_create(activity=activity, person=person("Youssef"))
    client = client_for(manager_a)
    page = client.get(f"/fr/workspace/activities/sessions/{session.pk}/attendance/")
    assert page.status_code == 200 and "Amina" in page.text
    row = client.post(
        f"/fr/workspace/activities/sessions/{session.pk}/attendance/{amina.public_id}/",
        {"present": "1"},
        headers={"HX-Request": "true"},
    )
    assert 'aria-pressed="true"' in row.text
    client.post(
        f"/fr/workspace/activities/sessions/{session.pk}/attendance/", {"code": str(youssef.public_id)}
    )
    assert set(Attendance.objects.filter(present=True).values_list("method", flat=True)) == {
        "manual",
        "qr_code",
    }
    wrong = client.post(
        f"/en/workspace/activities/sessions/{session.pk}/attendance/", {"code": "not-a-code"}, follow=True
    )
    assert "does not belong to a registered participant" in wrong.text


def test_it_issues_certificates_in_a_job_and_the_holder_downloads_the_pdf(
    client, manager_a, institute_a, django_capture_on_commit_callbacks
):
    activity = open_training(institute_a, sessions=2)
    amina, bilal = person("Amina"), person("Bilal")
    amina.given_name_ar, amina.family_name_ar = "أمينة", "العلوي"
    amina.save()
    registration = registration_create(activity=activity, person=amina)
    registration_create(activity=activity, person=bilal)
    for session in activity.sessions.all():
        Attendance.objects.create(session=session, person=amina, present=True)
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(manager_a).post(
            f"/fr/workspace/activities/{activity.public_id}/certificates/issue/"
        )
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    job = job_run(job.pk)
    assert job.status == Job.Status.SUCCEEDED, job.error
    certificate = Certificate.objects.get()
    assert certificate.registration == registration
    pdf = client.get(f"/fr/activities/registrations/{registration.manage_token}/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(__import__("io").BytesIO(pdf.content)).pages[0].extract_text()
    assert certificate.code in text and "Amina" in text
    verify = client.get(f"/fr/activities/certificates/verify/?code={certificate.code}")
    assert "alert-success" in verify.text


def test_it_revokes_a_certificate_with_a_reason(manager_a, institute_a):
    activity = open_training(institute_a, sessions=1)
    registration = registration_create(activity=activity, person=person("Amina"))
    certificate = Certificate.objects.create(registration=registration)
    client = client_for(manager_a)
    url = f"/fr/workspace/activities/certificates/{certificate.code}/revoke/"
    client.post(url, {"reason": ""})
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    client.post(url, {"reason": "Présence mal saisie"})
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Présence mal saisie"
