"""Projects, deliverables and needs in the API, under the same rules as the pages."""

import pytest
from django.test import Client

from jazari.api.tests.conftest import API, bearer, token_for
from jazari.conftest import client_for
from jazari.projects.models import Deliverable, Match, Stage
from jazari.projects.services import deliverable_review
from jazari.projects.tests.factories import need_in, project_of, submitted_deliverable

pytestmark = pytest.mark.django_db

EN = {
    "Accept-Language": "en"
}  # error messages follow the caller's language; these tests read them in English


def test_it_lists_public_projects_to_anyone_and_internal_ones_to_their_institute(
    manager_a, institute_a, institute_b
):
    project_of(institute_a, title="Public A", is_public=True, is_open_source=True, licence="Apache-2.0")
    project_of(institute_a, title="Interne A")
    project_of(institute_b, title="Interne B")
    anonymous = Client().get(f"{API}/projects").json()
    assert [row["title"] for row in anonymous["results"]] == ["Public A"]
    assert anonymous["results"][0]["licence"] == "Apache-2.0"
    mine = client_for(manager_a).get(f"{API}/projects?ordering=title").json()
    assert [row["title"] for row in mine["results"]] == ["Interne A", "Public A"]
    filtered = Client().get(f"{API}/projects?open_source=true&region=MA-02&licence=Apache-2.0").json()
    assert filtered["count"] == 1


def test_it_refuses_an_unknown_filter_value(reference):
    response = Client().get(f"{API}/projects?stage=flying")
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"


def test_it_refuses_an_author_as_reviewer_through_the_api(manager_a, coordinator, institute_a):
    deliverable = submitted_deliverable(project_of(institute_a), manager_a)
    url = f"{API}/deliverables/{deliverable.public_id}/reviews"
    refused = client_for(manager_a).post(
        url, {"decision": "approved"}, content_type="application/json", headers=EN
    )
    assert refused.status_code == 403
    assert "author" in refused.json()["error"]["message"]
    response = Client().post(
        url,
        {"decision": "approved", "comment": "Bien"},
        content_type="application/json",
        headers=bearer(token_for(coordinator)),
    )
    assert response.status_code == 201 and response.json()["deliverable_status"] == "approved"
    assert Deliverable.objects.get(pk=deliverable.pk).status == Deliverable.Status.APPROVED


def test_it_records_a_stage_gate_through_the_api(manager_a, coordinator, manager_b, institute_a):
    project = project_of(institute_a)
    deliverable = submitted_deliverable(project, manager_a)
    deliverable_review(deliverable=deliverable, reviewer=coordinator, decision="approved")
    url = f"{API}/projects/{project.public_id}/gates"
    body = {
        "to_stage": "prototype",
        "decision": "approved",
        "to_trl": 4,
        "evidence": [str(deliverable.public_id)],
    }
    assert client_for(manager_b).post(url, body, content_type="application/json").status_code == 404
    without = client_for(manager_a).post(
        url, {**body, "evidence": []}, content_type="application/json", headers=EN
    )
    assert without.status_code == 422 and "evidence" in without.json()["error"]["details"][0]["message"]
    response = client_for(manager_a).post(url, body, content_type="application/json")
    assert response.status_code == 201
    project.refresh_from_db()
    assert (project.stage, project.trl) == (Stage.PROTOTYPE, 4)
    gates = client_for(manager_a).get(url).json()
    assert gates[0]["evidence"] == [str(deliverable.public_id)]


def test_it_lists_needs_only_inside_the_caller_s_scope(coordinator, manager_a, manager_b, institute_a):
    need = need_in("MA-02", title="Besoin assigné")
    need_in("MA-10", title="Autre besoin")
    assert Client().get(f"{API}/needs").status_code == 401
    assert client_for(coordinator).get(f"{API}/needs").json()["count"] == 2
    assert client_for(manager_a).get(f"{API}/needs").json()["count"] == 0
    response = client_for(coordinator).post(
        f"{API}/needs/{need.public_id}/matches", {"institute": institute_a.slug, "note": "Irrigation"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201
    assert Match.objects.get().institute == institute_a
    assert [row["title"] for row in client_for(manager_a).get(f"{API}/needs").json()["results"]] == [
        "Besoin assigné"
    ]
    assert client_for(manager_b).get(f"{API}/needs/{need.public_id}").status_code == 404
    refused = client_for(manager_a).post(
        f"{API}/needs/{need.public_id}/matches", {"institute": institute_a.slug, "note": "moi"},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 403


def test_it_uploads_and_submits_a_version_through_the_api(manager_a, manager_b, institute_a, private_files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jazari.projects.tests.factories import PDF_BYTES, deliverable_of

    deliverable = deliverable_of(project_of(institute_a), authors=(manager_a,))
    url = f"{API}/deliverables/{deliverable.public_id}/versions"
    wrong = client_for(manager_a).post(
        url, {"file": SimpleUploadedFile("notes.pdf", b"\x00\x01binary" * 20)}, headers=EN
    )
    assert (
        wrong.status_code == 422 and "not an accepted type" in wrong.json()["error"]["details"][0]["message"]
    )
    assert not [path for path in private_files.rglob("*") if path.is_file()]
    outsider = client_for(manager_b).post(url, {"file": SimpleUploadedFile("rapport.pdf", PDF_BYTES)})
    assert outsider.status_code == 404
    created = client_for(manager_a).post(
        url, {"file": SimpleUploadedFile("rapport.pdf", PDF_BYTES), "note": "v1"}
    )
    assert created.status_code == 201 and created.json()["content_type"] == "application/pdf"
    submitted = client_for(manager_a).post(f"{API}/deliverables/{deliverable.public_id}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"


def test_it_lets_only_the_hub_change_a_need_s_status_through_the_api(coordinator, manager_a, institute_a):
    from jazari.needs.models import Need
    from jazari.projects.services import need_assign

    need = need_in("MA-02")
    need_assign(need=need, by=coordinator, note="Eau", institute=institute_a)
    url = f"{API}/needs/{need.public_id}/status"
    assert (
        client_for(manager_a).post(url, {"status": "closed"}, content_type="application/json").status_code
        == 403
    )
    wrong = client_for(coordinator).post(url, {"status": "rejected"}, content_type="application/json")
    assert wrong.status_code == 422  # an assigned need cannot be rejected any more
    done = client_for(coordinator).post(url, {"status": "in_progress"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "in_progress"
    assert Need.objects.get().status == Need.Status.IN_PROGRESS
