"""The portfolio page, the public catalogue and the API lists cost the same number of queries with 10 rows
as with 1,000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jazari.api.tests.conftest import API
from jazari.conftest import client_for
from jazari.core.models import Theme
from jazari.needs.models import Need
from jazari.network.models import Institute, Region
from jazari.projects.models import STAGE_ORDER, Deliverable, Project

pytestmark = pytest.mark.django_db


def grow(start: int, stop: int) -> None:
    """Projects across institutes, stages and themes, each with a deliverable (some overdue) and a need."""
    institutes = list(Institute.objects.order_by("slug"))
    themes = list(Theme.objects.order_by("code")[:4])
    region = Region.objects.get(code="MA-02")
    projects = []
    for n in range(start, stop):
        project = Project(
            title=f"Projet {n}", kind="prototype", lead_institute=institutes[n % len(institutes)],
            region=institutes[n % len(institutes)].region, stage=STAGE_ORDER[n % 7], trl=1 + n % 9,
            is_public=n % 2 == 0, is_open_source=True,
        )  # fmt: skip
        project.refresh_search_text()
        projects.append(project)
    created = Project.objects.bulk_create(projects)
    Project.themes.through.objects.bulk_create(
        [Project.themes.through(project_id=p.pk, theme_id=themes[i % 4].pk) for i, p in enumerate(created)]
    )
    Deliverable.objects.bulk_create(
        [
            Deliverable(
                title=f"Livrable {p.pk}",
                kind="report",
                project=p,
                institute_id=p.lead_institute_id,
                due_on="2020-01-01",
                status="published" if i % 3 == 0 else "draft",
                is_public=True,
            )
            for i, p in enumerate(created)
        ]
    )
    needs = Need.objects.bulk_create(
        [
            Need(
                title=f"Besoin {n}",
                description="d",
                kind="data",
                organisation_name="Org",
                organisation_kind="sme",
                contact_name="C",
                contact_email="c@example.ma",
                region=region,
                consent_at="2026-01-01T00:00:00Z",
                follow_token=f"token-{n}",
            )
            for n in range(start, stop)
        ]
    )
    Project.needs.through.objects.bulk_create(
        [
            Project.needs.through(project_id=p.pk, need_id=need.pk)
            for p, need in zip(created, needs, strict=True)
        ]
    )


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, response.content[:500]
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("coordinator", "/fr/workspace/portfolio/"),
        ("manager_a", "/fr/workspace/portfolio/"),
        ("coordinator", "/fr/workspace/projects/"),
        ("coordinator", "/fr/workspace/deliverables/?overdue=on"),
        ("coordinator", "/fr/workspace/needs/"),
        (None, "/fr/projects/?stage=idea&open_source=on"),
        (None, "/fr/projects/"),
        (None, "/fr/"),
        (None, f"{API}/projects?page_size=200"),
        (None, f"{API}/deliverables?page_size=200"),
        ("coordinator", f"{API}/deliverables?page_size=200&overdue=true"),
        ("coordinator", f"{API}/needs?page_size=200"),
        ("manager_a", f"{API}/projects?page_size=200&theme=agriculture"),
    ],
)
def test_it_costs_the_same_queries_with_10_and_1000_rows(client, reference, request, who, path):
    if who is not None:
        client = client_for(request.getfixturevalue(who))
    grow(0, 10)
    with_ten = queries_for(client, path)
    grow(10, 1000)
    with_a_thousand = queries_for(client, path)
    assert with_ten == with_a_thousand
