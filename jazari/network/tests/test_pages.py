"""The public registry pages, in the three languages, and what an anonymous visitor may never see."""

import pytest

from jazari.network.models import Affiliation, Person

pytestmark = pytest.mark.django_db


def searchable(row):
    """A row ready for bulk_create, which skips `save()` and so the normalised search column."""
    row.refresh_search_text()
    return row


@pytest.fixture
def people(institute_a):
    shown = Person.objects.create(
        given_name="Salma",
        family_name="Bennani",
        given_name_ar="سلمى",
        family_name_ar="بناني",
        region=institute_a.region,
        consent_public_profile=True,
        keywords="darija speech recognition",
    )
    hidden = Person.objects.create(
        given_name="Karim", family_name="Ouazzani", region=institute_a.region, consent_public_profile=False
    )
    for person in (shown, hidden):
        Affiliation.objects.create(person=person, institute=institute_a, role=Affiliation.Role.RESEARCHER)
    return shown, hidden


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
@pytest.mark.parametrize(
    "path", ["", "regions/", "regions/MA-02/", "institutes/", "institutes/jazari-nador/", "experts/"]
)
def test_it_renders_every_public_page_in_every_language(client, reference, language, path):
    response = client.get(f"/{language}/{path}")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.text


def test_it_shows_live_figures_on_the_home_page(client, reference, people):
    response = client.get("/en/")
    figures = response.context["figures"]
    assert figures["regions_covered"] == 6 and figures["regions_total"] == 12
    assert figures["institutes"] == 7
    assert figures["experts"] == 1


def test_it_names_regions_in_arabic_on_arabic_pages(client, reference):
    assert "جهة الشرق" in client.get("/ar/regions/").text
    assert "L&#x27;Oriental" in client.get("/fr/regions/").text


def test_it_shows_an_institute_with_its_region_and_partners(client, reference):
    html = client.get("/fr/institutes/jazari-dakhla-energy/").text
    assert "Dakhla-Oued Ed-Dahab" in html
    assert "Université Ibn Zohr" in html
    assert "Convention signée" in html  # the status, in French


def test_it_finds_institutes_by_name_or_city_and_says_when_none_match(client, reference):
    assert "Institut Jazari Nador" in client.get("/fr/institutes/?q=nador").text
    page = client.get("/en/institutes/?q=zzz")
    assert "No institute matches" in page.text


def test_it_answers_404_for_an_unknown_region_or_institute(client, reference):
    assert client.get("/fr/regions/MA-99/").status_code == 404
    assert client.get("/fr/institutes/nowhere/").status_code == 404


def test_it_never_shows_an_anonymous_visitor_a_person_without_consent(client, people):
    for path in ("/fr/experts/", "/ar/experts/", "/fr/experts/?q=Ouazzani", "/fr/institutes/jazari-nador/"):
        html = client.get(path).text
        assert "Karim" not in html, path  # the query itself may be echoed back, the person never
    assert "Bennani" in client.get("/fr/experts/").text
    assert "بناني" in client.get("/ar/experts/?q=بناني").text


def test_it_records_when_consent_was_given_and_clears_it_when_withdrawn(people):
    shown, _hidden = people
    assert shown.consent_public_profile_at is not None
    shown.consent_public_profile = False
    shown.save()
    assert shown.consent_public_profile_at is None
    assert shown.history.count() == 2


def test_it_pages_the_experts_and_keeps_the_search(client, reference):
    Person.objects.bulk_create(
        searchable(Person(given_name=f"Expert{number}", family_name="Alaoui", consent_public_profile=True))
        for number in range(30)
    )
    page_two = client.get("/fr/experts/?q=Alaoui&page=2")
    assert page_two.status_code == 200
    assert len(page_two.context["page"].object_list) == 5
    assert "q=Alaoui" in client.get("/fr/experts/?q=Alaoui").text


def test_it_lists_experts_with_a_constant_number_of_queries(client, reference, django_assert_max_num_queries):
    Person.objects.bulk_create(
        Person(given_name=f"Expert{number}", family_name="Tazi", consent_public_profile=True)
        for number in range(25)
    )
    with django_assert_max_num_queries(8):
        client.get("/fr/experts/")
