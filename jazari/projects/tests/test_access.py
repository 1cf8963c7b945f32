"""Internal deliverables cannot be downloaded by an anonymous visitor or by another institute's staff,
through the project page, the file URL or the API; public published ones can."""

import pytest
from django.test import Client

from jazari.conftest import client_for
from jazari.projects.services import deliverable_publish, deliverable_review
from jazari.projects.tests.factories import PDF_BYTES, deliverable_of, project_of, upload_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def internal(manager_a, institute_a):
    project = project_of(institute_a, is_public=True, title="Projet public")
    deliverable = deliverable_of(project, authors=(manager_a,), title="Note interne confidentielle")
    upload_pdf(deliverable, manager_a)
    return deliverable


def urls(deliverable):
    return {
        "file": f"/fr/projects/deliverables/{deliverable.public_id}/versions/1/download/",
        "api_file": f"/api/v1/deliverables/{deliverable.public_id}/versions/1/file",
        "api": f"/api/v1/deliverables/{deliverable.public_id}",
        "page": f"/fr/projects/{deliverable.project.public_id}/",
    }


@pytest.mark.parametrize("who", ["anonymous", "manager_b"])
def test_it_refuses_an_internal_deliverable_to_outsiders(who, internal, request):
    client = Client() if who == "anonymous" else client_for(request.getfixturevalue(who))
    links = urls(internal)
    assert client.get(links["file"]).status_code == 404
    assert client.get(links["api_file"]).status_code == 404
    assert client.get(links["api"]).status_code == 404
    page = client.get(links["page"])
    assert page.status_code == 200  # the project is public...
    assert "Note interne confidentielle" not in page.text  # ...its internal deliverable is not shown
    assert "/download/" not in page.text


def test_it_serves_an_internal_deliverable_to_its_institute(internal, manager_a):
    client = client_for(manager_a)
    links = urls(internal)
    response = client.get(links["file"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert client.get(links["api_file"]).status_code == 200
    assert "Note interne confidentielle" in client.get(links["page"]).text


def test_it_serves_a_published_public_deliverable_to_anyone(internal, coordinator):
    internal.is_public = True
    internal.save()
    from jazari.projects.services import deliverable_submit

    deliverable_submit(deliverable=internal, by=internal.authors.first())
    deliverable_review(deliverable=internal, reviewer=coordinator, decision="approved")
    internal.refresh_from_db()
    client = Client()
    assert client.get(urls(internal)["file"]).status_code == 404  # approved is not yet published
    deliverable_publish(deliverable=internal, by=coordinator)
    assert client.get(urls(internal)["file"]).status_code == 200
    assert client.get(urls(internal)["api_file"]).status_code == 200
    assert "/download/" in client.get(urls(internal)["page"]).text


def test_it_hides_an_internal_project_from_outsiders(manager_a, manager_b, institute_a):
    project = project_of(institute_a, title="Projet interne")
    assert Client().get(f"/fr/projects/{project.public_id}/").status_code == 404
    assert client_for(manager_b).get(f"/fr/projects/{project.public_id}/").status_code == 404
    assert client_for(manager_b).get(f"/api/v1/projects/{project.public_id}").status_code == 404
    assert client_for(manager_a).get(f"/fr/projects/{project.public_id}/").status_code == 200
    assert "Projet interne" not in Client().get("/fr/projects/").text


def test_it_refuses_the_workspace_page_of_an_internal_deliverable_to_outsiders(internal, manager_b):
    url = f"/fr/workspace/portfolio/deliverables/{internal.public_id}/"
    assert client_for(manager_b).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
