"""Registering for an activity: confirmation with .ics, capacity, wait-list, cancellation, consent."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import translation
from icalendar import Calendar

from jazari.activities.models import Activity, Registration
from jazari.activities.services import (
    RegistrationRefused,
    activity_cancel,
    registration_cancel,
    registration_create,
)
from jazari.activities.tests.factories import open_training, person

pytestmark = pytest.mark.django_db

FORM = {"given_name": "Salma", "family_name": "Bennani", "email": "salma@example.ma", "consent": "on"}


def register(client, activity, language="fr", **changes):
    return client.post(f"/{language}/activities/{activity.public_id}/register/", {**FORM, **changes})


def test_it_registers_a_visitor_and_emails_a_confirmation_with_the_ics(
    client, institute_a, django_capture_on_commit_callbacks
):
    activity = open_training(institute_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, activity, language="ar")
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == registration.get_absolute_url()
    assert registration.status == Registration.Status.REGISTERED
    assert registration.consent_at is not None and registration.language == "ar"
    (message,) = mail.outbox
    assert message.to == ["salma@example.ma"]
    assert message.subject.endswith(activity.title)
    assert registration.manage_token in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "activity.ics" and mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["summary"]) == activity.title


def test_it_puts_the_next_person_on_the_wait_list_and_promotes_them_when_a_place_frees(
    institute_a, django_capture_on_commit_callbacks
):
    activity = open_training(institute_a, capacity=1)
    first = registration_create(activity=activity, person=person("Amina"))
    second = registration_create(activity=activity, person=person("Youssef"))
    assert (first.status, second.status) == ("registered", "waitlisted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(registration=first)
    assert promoted == second
    second.refresh_from_db()
    assert second.status == "registered" and second.promoted_at is not None
    assert [message.to for message in mail.outbox] == [["youssef@example.ma"]]


def test_it_refuses_a_second_registration_of_the_same_person(institute_a):
    activity = open_training(institute_a)
    amina = person("Amina")
    registration_create(activity=activity, person=amina)
    with translation.override("en"), pytest.raises(RegistrationRefused, match="already registered"):
        registration_create(activity=activity, person=amina)


def test_it_lets_a_person_register_again_after_cancelling(institute_a):
    activity = open_training(institute_a)
    registration = registration_create(activity=activity, person=person("Amina"))
    registration_cancel(registration=registration)
    again = registration_create(activity=activity, person=registration.person)
    assert again.pk == registration.pk and again.status == "registered"


def test_it_refuses_registration_when_closed(client, institute_a):
    activity = open_training(institute_a, status=Activity.Status.DRAFT, is_public=True)
    assert register(client, activity).status_code == 404  # a draft is not public
    activity.status = Activity.Status.PUBLISHED
    activity.registration_closes_at = activity.registration_opens_at
    activity.save()
    response = register(client, activity)
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_it_needs_consent_and_writes_nothing_without_it(client, institute_a):
    activity = open_training(institute_a)
    response = register(client, activity, language="en", consent="")
    assert response.status_code == 400
    assert "Registering needs your consent to the privacy notice." in response.text
    assert not Registration.objects.exists()


def test_it_quietly_ignores_robots_filling_the_hidden_field(client, institute_a):
    activity = open_training(institute_a)
    register(client, activity, website="http://spam.example")
    assert not Registration.objects.exists()


def test_it_lets_the_registrant_cancel_through_the_private_link(client, institute_a):
    activity = open_training(institute_a)
    registration = registration_create(activity=activity, person=person("Amina"))
    page = client.get(f"/fr/activities/registrations/{registration.manage_token}/")
    assert page.status_code == 200 and str(registration.public_id) in page.text
    client.post(f"/fr/activities/registrations/{registration.manage_token}/cancel/")
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert client.get("/fr/activities/registrations/not-a-token/").status_code == 404


def test_it_tells_every_registrant_when_an_activity_is_cancelled(
    institute_a, django_capture_on_commit_callbacks
):
    activity = open_training(institute_a, capacity=1)
    registration_create(activity=activity, person=person("Amina"))
    registration_create(activity=activity, person=person("Youssef"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = activity_cancel(activity=activity)
    assert told == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["amina@example.ma", "youssef@example.ma"]
    assert all(not message.attachments for message in mail.outbox)


@pytest.mark.django_db(transaction=True)
def test_it_never_overfills_the_last_place_under_concurrent_registrations(reference):
    """Eight people ask for the last place at the same instant, each in its own database connection."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions are tested on PostgreSQL (SQLite serialises every write)")
    from jazari.network.models import Institute

    activity = open_training(Institute.objects.get(slug="jazari-nador"), capacity=1)
    people = [person(f"P{number}") for number in range(8)]
    barrier = threading.Barrier(len(people))
    errors: list[Exception] = []

    def ask(someone):
        from django.db import connections

        try:
            barrier.wait()
            registration_create(activity=activity, person=someone)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(someone,)) for someone in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = sorted(Registration.objects.filter(activity=activity).values_list("status", flat=True))
    assert statuses == ["registered"] + ["waitlisted"] * 7
