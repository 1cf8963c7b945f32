"""Every workspace history page opens whatever the record's history holds: none (seeded or imported in bulk),
a history that starts with a change instead of a creation, or a full one from forms and the API.

The kinds come from the workspace's own registry, so a list added later is covered the day it is added."""

import pytest

from jazari.activities.tests.test_imports import VALID, confirm, upload, workshop
from jazari.api.tests.conftest import bearer, token_for
from jazari.conftest import client_for
from jazari.core.seeding import Scale, run_seed
from jazari.network.models import Organisation, Person
from jazari.network.workspace import LISTS

pytestmark = pytest.mark.django_db

TINY = {"tiny": Scale(name="tiny", organisations=40, people=150)}


@pytest.fixture
def seeded(coordinator):
    run_seed(scale_name="tiny", seed=3, out=lambda line: None, scales=TINY)


def history_url(kind: str, row) -> str:
    return f"/fr/workspace/{kind}/{LISTS[kind].key(row)}/history/"


def sample(kind: str, user, size: int = 3) -> list:
    return list(LISTS[kind].queryset(user).order_by("pk")[:size])


def test_it_has_a_seeded_record_of_every_kind(seeded, coordinator):
    assert [kind for kind in LISTS if not sample(kind, coordinator, 1)] == []


def test_it_opens_the_history_of_seeded_records_of_every_kind(seeded, coordinator):
    client = client_for(coordinator)
    failures = {}
    for kind in LISTS:
        for row in sample(kind, coordinator):
            status = client.get(history_url(kind, row)).status_code
            if status != 200:
                failures[history_url(kind, row)] = status
    assert failures == {}


def test_it_opens_a_history_that_starts_with_a_change(seeded, coordinator):
    client = client_for(coordinator)
    failures = {}
    for kind in LISTS:
        for row in sample(kind, coordinator):
            row.history.all().delete()
            row.save()  # one "changed" record, and no record of the creation
            row.save()
            response = client.get(history_url(kind, row))
            if response.status_code != 200 or "Enregistré sans modification" not in response.text:
                failures[history_url(kind, row)] = response.status_code
    assert failures == {}


def test_it_opens_the_history_of_a_record_made_in_a_form_and_changed_through_the_api(coordinator):
    client = client_for(coordinator)
    created = client.post(
        "/fr/workspace/organisations/new/",
        {
            "name": "Coopérative Argan Tiznit",
            "kind": Organisation.Kind.COOPERATIVE,
            "city": "Tiznit",
            "network_role": "partner",
        },
    )
    assert created.status_code == 302
    organisation = Organisation.objects.get(name="Coopérative Argan Tiznit")
    changed = client.patch(
        f"/api/v1/organisations/{organisation.public_id}",
        {"city": "Agadir"},
        content_type="application/json",
        headers=bearer(token_for(coordinator)),
    )
    assert changed.status_code == 200
    history = client.get(history_url("organisations", organisation))
    assert history.status_code == 200
    assert "Tiznit" in history.text
    assert "Agadir" in history.text


def test_it_opens_the_history_of_people_made_by_an_import(manager_a, coordinator, institute_a):
    activity = workshop(institute_a)
    client = client_for(manager_a)
    assert confirm(client, activity, upload(client, activity, VALID)).status_code == 302
    assert client.get(history_url("activities", activity)).status_code == 200
    people = list(Person.objects.filter(registrations__activity=activity).distinct())
    assert len(people) == 3
    hub = client_for(coordinator)
    assert {hub.get(history_url("people", person)).status_code for person in people} == {200}
