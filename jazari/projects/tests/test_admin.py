"""The admin of projects: each manager sees their institute's projects only, and what moves only through the
platform's rules (stage, TRL, a deliverable's status, gates, reviews, versions, matches) is never written
there."""

import pytest

from jazari.conftest import client_for
from jazari.projects.models import Project
from jazari.projects.tests.factories import deliverable_of, project_of

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_projects_of_the_managers_institute(manager_a, institute_a, institute_b):
    project_of(institute_a, title="Irrigation de précision")
    project_of(institute_b, title="Pêche durable")
    page = client_for(manager_a).get("/fr/admin/projects/project/")
    assert page.status_code == 200
    assert "Irrigation de précision" in page.text
    assert "Pêche durable" not in page.text


def test_it_sends_a_manager_back_from_another_institutes_project(manager_a, institute_b):
    other = project_of(institute_b)
    response = client_for(manager_a).get(f"/fr/admin/projects/project/{other.pk}/change/")
    assert (response.status_code, response["Location"]) == (302, "/fr/admin/")


def test_it_shows_the_stage_and_trl_without_letting_them_change(coordinator, institute_a):
    project = project_of(institute_a)
    client = client_for(coordinator)
    page = client.get(f"/fr/admin/projects/project/{project.pk}/change/")
    assert page.status_code == 200
    assert 'name="stage"' not in page.text and 'name="trl"' not in page.text
    assert 'name="title"' in page.text


def test_it_never_writes_gates_reviews_versions_or_matches(coordinator, institute_a):
    deliverable_of(project_of(institute_a))
    client = client_for(coordinator)
    for model in ("stagegate", "deliverablereview", "deliverableversion", "match"):
        assert client.get(f"/fr/admin/projects/{model}/").status_code == 200
        assert client.get(f"/fr/admin/projects/{model}/add/").status_code == 403
    assert Project.objects.count() == 1
