"""The portal's pages issue the same number of queries with 10 rows as with 1,000: nothing is fetched row
by row, and figures per region come from grouped counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jazari.core.models import Skill, Theme
from jazari.network.models import Institute, InstitutePartnership, Organisation, Person, Region

pytestmark = pytest.mark.django_db


def searchable(rows):
    """Rows ready for bulk_create, which skips `save()` and so the normalised search column."""
    for row in rows:
        row.refresh_search_text()
    return rows


def grow(count: int) -> None:
    """Add `count` institutes, organisations and public experts, spread over the regions, each expert with
    skills and themes and each institute with themes and a partner."""
    regions = list(Region.objects.order_by("code"))
    skills, themes = list(Skill.objects.all()[:3]), list(Theme.objects.all()[:3])
    start = Person.objects.count()
    numbers = range(start, start + count)
    institutes = Institute.objects.bulk_create(
        searchable(
            [
                Institute(
                    slug=f"institute-{n}",
                    name_fr=f"Institut {n}",
                    kind=Institute.Kind.THEMATIC_INSTITUTE,
                    region=regions[n % 12],
                    city="Fès",
                    status=Institute.Status.OPERATIONAL,
                )
                for n in numbers
            ]
        )
    )
    organisations = Organisation.objects.bulk_create(
        searchable(
            [
                Organisation(
                    name=f"Organisation {n}",
                    kind=Organisation.Kind.STARTUP,
                    region=regions[n % 12],
                    sector=themes[0],
                )
                for n in numbers
            ]
        )
    )
    people = Person.objects.bulk_create(
        searchable(
            [
                Person(
                    given_name=f"Expert{n}",
                    family_name="Alami",
                    region=regions[n % 12],
                    consent_public_profile=True,
                )
                for n in numbers
            ]
        )
    )
    Institute.themes.through.objects.bulk_create(
        Institute.themes.through(institute=institute, theme=theme)
        for institute in institutes
        for theme in themes
    )
    InstitutePartnership.objects.bulk_create(
        InstitutePartnership(institute=institute, organisation=organisation)
        for institute, organisation in zip(institutes, organisations, strict=False)
    )
    Person.skills.through.objects.bulk_create(
        Person.skills.through(person=person, skill=skill) for person in people for skill in skills
    )
    Person.themes.through.objects.bulk_create(
        Person.themes.through(person=person, theme=theme) for person in people for theme in themes
    )


def queries(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, path
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize(
    "path",
    [
        "/fr/",
        "/ar/?figure=per100k",
        "/fr/institutes/",
        "/fr/institutes/?q=institut&kind=thematic_institute&ordering=-region",
        "/fr/organisations/",
        "/ar/organisations/?region=MA-04&ordering=name",
        "/fr/experts/",
        "/fr/experts/?q=alami&language=ar&ordering=region",
        "/fr/regions/",
        "/fr/regions/MA-04/",
    ],
)
def test_it_issues_as_many_queries_for_1000_rows_as_for_10(client, reference, path):
    grow(10)
    client.get(path)  # anything cached once per process is cached now
    with_ten = queries(client, path)
    grow(990)
    assert Person.objects.public().count() == 1000
    with_a_thousand = queries(client, path)
    assert len(with_a_thousand) == len(with_ten), "\n".join(with_a_thousand)


def test_it_counts_the_home_figures_in_a_handful_of_queries(client, reference, django_assert_max_num_queries):
    grow(50)
    # figures and map (4), institutes by status, upcoming activities, recent public projects
    with django_assert_max_num_queries(7):
        client.get("/fr/")
