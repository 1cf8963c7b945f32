"""Every page of projects and needs renders in Arabic (right to left), French and English, with its
content."""

import pytest
from django.test import Client

from jazari.conftest import client_for
from jazari.projects.services import deliverable_review, need_assign, project_change_stage
from jazari.projects.tests.factories import need_in, project_of, submitted_deliverable

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")])
def test_it_renders_every_page_in_each_language(language, direction, coordinator, manager_a, institute_a):
    project = project_of(institute_a, title="Lecture des compteurs d'eau", is_public=True, kind="component")
    deliverable = submitted_deliverable(project, manager_a)
    deliverable_review(deliverable=deliverable, reviewer=coordinator, decision="approved")
    deliverable.refresh_from_db()
    project_change_stage(
        project=project, to_stage="pilot", decision="approved", decided_by=coordinator, evidence=[deliverable]
    )
    need = need_in("MA-02", title="Compteurs intelligents")
    need_assign(need=need, by=coordinator, note="Projet existant", project=project)
    hub = client_for(coordinator)
    pages = {
        f"/{language}/projects/?kind=component": (Client(), "Lecture des compteurs"),
        f"/{language}/projects/{project.public_id}/": (Client(), "Lecture des compteurs"),
        f"/{language}/needs/submit/": (Client(), 'name="consent"'),
        f"/{language}/needs/follow/{need.follow_token}/": (Client(), "Lecture des compteurs"),
        f"/{language}/": (Client(), "Lecture des compteurs"),
        f"/{language}/workspace/portfolio/": (hub, "funnel-count"),
        f"/{language}/workspace/portfolio/projects/{project.public_id}/": (hub, "timeline"),
        f"/{language}/workspace/portfolio/deliverables/{deliverable.public_id}/": (hub, "versions"),
        f"/{language}/workspace/portfolio/needs/{need.public_id}/": (hub, "Compteurs intelligents"),
        f"/{language}/workspace/projects/": (hub, "Lecture des compteurs"),
        f"/{language}/workspace/deliverables/": (hub, "Rapport"),
        f"/{language}/workspace/needs/": (hub, "Compteurs intelligents"),
    }
    for url, (client, expected) in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'dir="{direction}"' in response.text, url
        assert expected in response.text, url


def test_it_shows_empty_states(coordinator, reference):
    assert "No public project matches these filters." in Client().get("/en/projects/?stage=pilot").text
    portfolio = client_for(coordinator).get("/en/workspace/portfolio/").text
    assert "No project in your scope yet." in portfolio and "No deliverable is overdue." in portfolio
