"""Lists cost the same number of queries with 10 rows as with 1,000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jazari.api.tests.conftest import API
from jazari.core.models import Skill, Theme
from jazari.network.models import Institute, Organisation, Person, Region

pytestmark = pytest.mark.django_db


def add_institutes(start: int, stop: int) -> None:
    region = Region.objects.get(code="MA-02")
    parent = Institute.objects.get(slug="jazari-root")
    rows = [
        Institute(
            slug=f"bulk-{n}", name_fr=f"Institut {n}", kind="lab", region=region, city="Oujda", parent=parent
        )
        for n in range(start, stop)
    ]
    for row in rows:
        row.refresh_search_text()
    created = Institute.objects.bulk_create(rows)
    theme = Theme.objects.first()
    Institute.themes.through.objects.bulk_create(
        [Institute.themes.through(institute_id=row.pk, theme_id=theme.pk) for row in created]
    )


def add_organisations(start: int, stop: int) -> None:
    regions = list(Region.objects.all())
    sector = Theme.objects.first()
    rows = [
        Organisation(name=f"Organisation {n}", kind="sme", region=regions[n % 12], sector=sector)
        for n in range(start, stop)
    ]
    for row in rows:
        row.refresh_search_text()
    Organisation.objects.bulk_create(rows)


def add_people(start: int, stop: int) -> None:
    region = Region.objects.get(code="MA-03")
    rows = [
        Person(
            given_name=f"Expert{n}",
            family_name="Alaoui",
            region=region,
            languages="ar fr",
            consent_public_profile=True,
        )
        for n in range(start, stop)
    ]
    for row in rows:
        row.refresh_search_text()
    created = Person.objects.bulk_create(rows)
    skill = Skill.objects.get_or_create(code="nlp", defaults={"name_fr": "TALN"})[0]
    theme = Theme.objects.first()
    Person.skills.through.objects.bulk_create(
        [Person.skills.through(person_id=row.pk, skill_id=skill.pk) for row in created]
    )
    Person.themes.through.objects.bulk_create(
        [Person.themes.through(person_id=row.pk, theme_id=theme.pk) for row in created]
    )


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("path", "add"),
    [
        ("/institutes?page_size=200", add_institutes),
        ("/institutes?page_size=200&region=MA-02&theme=agriculture&ordering=-name", add_institutes),
        ("/organisations?page_size=200", add_organisations),
        ("/organisations?page_size=200&region=MA-06&kind=sme&q=organisation", add_organisations),
        ("/people?page_size=200", add_people),
        ("/people?page_size=200&skill=nlp&language=ar&region=MA-03", add_people),
    ],
)
def test_it_lists_with_a_constant_number_of_queries(client, reference, path, add):
    Theme.objects.get_or_create(code="agriculture", defaults={"name_fr": "Agriculture"})
    add(0, 10)
    with_ten = queries_for(client, f"{API}{path}")
    add(10, 1000)
    with_a_thousand = queries_for(client, f"{API}{path}")
    assert with_ten == with_a_thousand
    assert with_a_thousand <= 6
    assert len(client.get(f"{API}{path}").json()["results"]) > 10
