"""The workspace: the portfolio funnel and overdue flags, project pages, stage gates, reviews through the
pages, the need desk, and the managed lists with their exports."""

import pytest
from django.test import Client

from jazari.conftest import client_for
from jazari.needs.models import Need
from jazari.projects.models import Deliverable, Match, Project, Stage
from jazari.projects.services import deliverable_review
from jazari.projects.tests.factories import (
    days_ago,
    deliverable_of,
    need_in,
    project_of,
    submitted_deliverable,
)

pytestmark = pytest.mark.django_db


def test_it_shows_the_funnel_and_overdue_deliverables_of_my_scope(manager_a, institute_a, institute_b):
    mine = project_of(institute_a, title="Chez nous")
    project_of(institute_b, title="Chez eux")
    deliverable_of(mine, title="Rapport en retard", due_on=days_ago(5))
    deliverable_of(project_of(institute_b), title="Leur retard", due_on=days_ago(5))
    page = client_for(manager_a).get("/en/workspace/portfolio/")
    assert page.status_code == 200
    assert page.context["total"] == 1
    assert [row["label"] for row in page.context["by_region"]] == [institute_a.region.name]
    assert "Rapport en retard" in page.text and "Leur retard" not in page.text
    assert page.context["overdue_count"] == 1


def test_it_shows_the_hub_every_overdue_deliverable(coordinator, institute_a, institute_b):
    deliverable_of(project_of(institute_a), title="Retard A", due_on=days_ago(2))
    deliverable_of(project_of(institute_b), title="Retard B", due_on=days_ago(2))
    page = client_for(coordinator).get("/fr/workspace/portfolio/")
    assert "Retard A" in page.text and "Retard B" in page.text


def test_it_refuses_the_portfolio_to_anonymous_visitors(reference):
    response = Client().get("/fr/workspace/portfolio/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_lists_and_exports_my_projects(manager_a, institute_a, institute_b):
    project_of(institute_a, title="Chez nous")
    project_of(institute_b, title="Chez eux")
    client = client_for(manager_a)
    page = client.get("/en/workspace/projects/?q=chez")
    assert "Chez nous" in page.text and "Chez eux" not in page.text
    export = client.get("/en/workspace/projects/?export=csv")
    body = b"".join(export.streaming_content).decode()
    assert "Chez nous" in body and "Chez eux" not in body
    assert client.get("/en/workspace/deliverables/?export=xlsx").status_code == 200


def test_it_creates_a_project_without_a_stage_field(manager_a, institute_a):
    client = client_for(manager_a)
    data = {"title": "Assistant juridique en darija", "kind": "prototype", "lead_institute": institute_a.pk,
            "target_trl": 6, "stage": "deployment", "trl": 9}  # fmt: skip
    assert client.post("/en/workspace/projects/new/", data).status_code == 302
    project = Project.objects.get()
    assert (project.stage, project.trl, project.region) == (Stage.IDEA, 1, institute_a.region)


def test_it_refuses_the_review_form_to_an_author_through_the_page(manager_a, coordinator, institute_a):
    deliverable = submitted_deliverable(project_of(institute_a), manager_a)
    client = client_for(manager_a)
    page = client.get(f"/en/workspace/portfolio/deliverables/{deliverable.public_id}/")
    assert "another person must review it" in page.text and "review-form" not in page.text
    response = client.post(
        f"/en/workspace/portfolio/deliverables/{deliverable.public_id}/review/", {"decision": "approved"}
    )
    assert response.status_code == 403
    deliverable.refresh_from_db()
    assert deliverable.status == Deliverable.Status.SUBMITTED
    client_for(coordinator).post(
        f"/en/workspace/portfolio/deliverables/{deliverable.public_id}/review/", {"decision": "approved"}
    )
    deliverable.refresh_from_db()
    assert deliverable.status == Deliverable.Status.APPROVED


def test_it_records_a_stage_gate_from_the_project_page(manager_a, coordinator, institute_a):
    project = project_of(institute_a)
    deliverable = submitted_deliverable(project, manager_a)
    deliverable_review(deliverable=deliverable, reviewer=coordinator, decision="approved")
    client = client_for(manager_a)
    url = f"/en/workspace/portfolio/projects/{project.public_id}/gate/"
    refused = client.post(url, {"to_stage": "prototype", "decision": "approved", "to_trl": 4}, follow=True)
    assert "needs evidence" in refused.text
    response = client.post(
        url,
        {"to_stage": "prototype", "decision": "approved", "to_trl": 4, "evidence": [deliverable.pk]},
        follow=True,
    )
    assert "Stage gate approved" in response.text
    project.refresh_from_db()
    assert (project.stage, project.trl) == (Stage.PROTOTYPE, 4)
    assert "Prototype" in client.get(f"/en/workspace/portfolio/projects/{project.public_id}/").text


def test_it_refuses_a_stage_gate_to_another_institute(manager_b, institute_a):
    project = project_of(institute_a)
    url = f"/en/workspace/portfolio/projects/{project.public_id}/gate/"
    assert (
        client_for(manager_b)
        .post(url, {"to_stage": "closed", "decision": "approved", "to_trl": 1})
        .status_code
        == 404
    )


def test_it_lets_the_hub_assign_a_need_and_the_institute_answer_it(
    coordinator, manager_a, manager_b, institute_a
):
    need = need_in("MA-02")
    desk = f"/fr/workspace/portfolio/needs/{need.public_id}/"
    assert client_for(manager_a).get(desk).status_code == 404  # not assigned to them yet
    response = client_for(coordinator).post(
        desk + "assign/", {"institute": institute_a.pk, "note": "Compétences en irrigation"}, follow=True
    )
    assert response.status_code == 200
    assert Match.objects.get(need=need).institute == institute_a
    assert client_for(manager_b).get(desk).status_code == 404
    page = client_for(manager_a).get(desk)
    assert page.status_code == 200 and "assign-form" not in page.text
    response = client_for(manager_a).post(desk + "project/", {"institute": institute_a.slug})
    project = Project.objects.get()
    assert response["Location"].endswith(f"/projects/{project.public_id}/")
    need.refresh_from_db()
    assert need.status == Need.Status.IN_PROGRESS


def test_it_refuses_assignment_by_an_institute(manager_a, institute_a):
    need = need_in("MA-02")
    need_url = f"/fr/workspace/portfolio/needs/{need.public_id}/assign/"
    from jazari.projects.services import need_assign

    need_assign(need=need, by=manager_a, note="test", institute=institute_a)
    assert (
        client_for(manager_a).post(need_url, {"institute": institute_a.pk, "note": "moi"}).status_code == 403
    )


def test_it_explains_a_wrong_assignment(coordinator, reference):
    need = need_in("MA-02")
    response = client_for(coordinator).post(
        f"/en/workspace/portfolio/needs/{need.public_id}/assign/",
        {"project": "not-an-id", "note": "x"},
        follow=True,
    )
    assert response.status_code == 200 and "was not assigned" in response.text
    assert not Match.objects.exists()


def test_it_lists_needs_for_the_hub_and_exports_them(coordinator, reference):
    need_in("MA-02", title="Besoin oriental")
    page = client_for(coordinator).get("/ar/workspace/needs/")
    assert "Besoin oriental" in page.text
    export = client_for(coordinator).get("/fr/workspace/needs/?export=csv")
    assert "Besoin oriental" in b"".join(export.streaming_content).decode()


def test_it_offers_as_authors_only_the_staff_of_my_institutes(manager_a, manager_b, institute_a):
    from jazari.projects.forms import DeliverableForm

    authors = DeliverableForm(user=manager_a).fields["authors"].queryset
    assert manager_a in authors and manager_b not in authors


def test_it_creates_an_institute_deliverable_with_its_authors(manager_a, institute_a):
    client = client_for(manager_a)
    data = {"title": "Guide de l'annotation", "kind": "methodological", "institute": institute_a.pk,
            "authors": [manager_a.pk], "due_on": "2026-12-01"}  # fmt: skip
    assert client.post("/en/workspace/deliverables/new/", data).status_code == 302
    deliverable = Deliverable.objects.get()
    assert deliverable.project is None and list(deliverable.authors.all()) == [manager_a]


def test_it_adds_a_partner_organisation_by_its_identifier(manager_a, institute_a, partner_organisation):
    project = project_of(institute_a)
    url = f"/en/workspace/portfolio/projects/{project.public_id}/participants/add/"
    client = client_for(manager_a)
    wrong = client.post(url, {"role": "partner", "organisation": "not-an-identifier"}, follow=True)
    assert "was not added" in wrong.text
    client.post(url, {"role": "partner", "organisation": str(partner_organisation.public_id)})
    assert project.participants.get().organisation == partner_organisation


def test_it_lets_the_hub_link_a_need_to_a_registered_organisation(
    coordinator, partner_organisation, reference
):
    need = need_in("MA-02")
    client = client_for(coordinator)
    page = client.get(f"/en/workspace/needs/{need.public_id}/edit/")
    assert page.status_code == 200
    data = {field: value for field, value in page.context["form"].initial.items() if value is not None}
    data.update({"organisation": str(partner_organisation.public_id), "themes": [], "region": need.region_id})
    response = client.post(f"/en/workspace/needs/{need.public_id}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    need.refresh_from_db()
    assert need.organisation == partner_organisation
