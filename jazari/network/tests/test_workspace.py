"""The workspace: lists, creation, edits and history inside each persona's scope, and what they may not do."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from jazari.conftest import client_for
from jazari.network.models import Affiliation, Institute, Organisation, Person

pytestmark = pytest.mark.django_db


def person_at(institute: Institute, given: str, family: str = "Test") -> Person:
    person = Person.objects.create(given_name=given, family_name=family, region=institute.region)
    Affiliation.objects.create(person=person, institute=institute, role=Affiliation.Role.RESEARCHER)
    return person


def test_it_shows_each_user_what_they_manage(manager_a, institute_a):
    response = client_for(manager_a).get("/fr/workspace/")
    assert response.status_code == 200
    assert institute_a.name_fr in response.text
    assert [i.slug for i in response.context["editable_institutes"]] == ["jazari-nador"]


def test_it_says_when_a_user_holds_no_role(db):
    from jazari.accounts.services import account_ensure

    user = account_ensure(email="nobody@example.ma", password="x" * 12)
    response = client_for(user).get("/en/workspace/")
    assert "You hold no role yet" in response.text


def test_it_sends_anonymous_visitors_to_log_in(client, reference):
    for path in ("/fr/workspace/", "/fr/workspace/people/", "/fr/workspace/people/new/"):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_lists_only_the_people_of_my_institute(manager_a, institute_a, institute_b):
    person_at(institute_a, "Amina")
    person_at(institute_b, "Youssef")
    response = client_for(manager_a).get("/fr/workspace/people/")
    assert "Amina" in response.text
    assert "Youssef" not in response.text


def test_it_filters_sorts_and_keeps_filters_across_pages(coordinator, institute_a):
    for number in range(30):
        person_at(institute_a, f"Nour{number:02d}", "Alami")
    person_at(institute_a, "Zineb", "Berrada")
    client = client_for(coordinator)
    response = client.get("/fr/workspace/people/?q=alami&ordering=-name")
    assert response.context["page"].paginator.count == 30
    assert "Berrada" not in response.text
    assert "q=alami" in response.text and "page=2" in response.text
    partial = client.get("/fr/workspace/people/?q=berrada", headers={"HX-Request": "true"})
    assert "<html" not in partial.text and "Berrada" in partial.text


def test_it_ignores_an_unknown_filter_value_without_error(coordinator, reference):
    response = client_for(coordinator).get("/fr/workspace/institutes/?region=MA-99&page=abc")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_it_answers_404_for_an_unknown_list(coordinator):
    assert client_for(coordinator).get("/fr/workspace/spaceships/").status_code == 404


def test_it_lets_the_manager_of_a_edit_a_with_history(manager_a, institute_a):
    client = client_for(manager_a)
    url = f"/fr/workspace/institutes/{institute_a.slug}/edit/"
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v is not None}
    data["themes"] = [theme.pk for theme in institute_a.themes.all()]
    data["contact_email"] = "contact@nador.example.ma"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    institute_a.refresh_from_db()
    assert institute_a.contact_email == "contact@nador.example.ma"
    history = client.get(f"/fr/workspace/institutes/{institute_a.slug}/history/")
    assert "contact@nador.example.ma" in history.text
    assert manager_a.email in history.text


def test_it_refuses_the_manager_of_a_an_edit_of_b(manager_a, institute_b):
    client = client_for(manager_a)
    assert client.get(f"/fr/workspace/institutes/{institute_b.slug}/edit/").status_code == 404
    response = client.post(f"/fr/workspace/institutes/{institute_b.slug}/edit/", {"name_fr": "Pris"})
    assert response.status_code == 404
    institute_b.refresh_from_db()
    assert institute_b.name_fr != "Pris"


def test_it_refuses_the_manager_of_a_an_edit_of_a_person_of_b(manager_a, institute_b):
    theirs = person_at(institute_b, "Youssef")
    assert client_for(manager_a).get(f"/fr/workspace/people/{theirs.public_id}/edit/").status_code == 404


def test_it_lets_a_partner_read_but_not_edit_their_organisation(partner, partner_organisation):
    client = client_for(partner)
    listing = client.get("/fr/workspace/organisations/")
    assert partner_organisation.name in listing.text
    assert not listing.context["may_add"]
    edit_url = f"/fr/workspace/organisations/{partner_organisation.public_id}/edit/"
    assert client.get(edit_url).status_code == 403
    assert client.get("/fr/workspace/organisations/new/").status_code == 403
    assert client.get("/fr/workspace/institutes/new/").status_code == 403


def test_it_creates_a_person_affiliated_to_my_institute(manager_a, institute_a, institute_b):
    client = client_for(manager_a)
    form = client.get("/fr/workspace/people/new/").context["form"]
    assert list(form.fields["institute"].queryset) == [institute_a]
    response = client.post(
        "/fr/workspace/people/new/",
        {"given_name": "Hajar", "family_name": "Idrissi", "institute": institute_a.pk, "role": "engineer"},
    )
    assert response.status_code == 302
    hajar = Person.objects.get(family_name="Idrissi")
    assert hajar.affiliations.get().institute == institute_a
    assert manager_a.has_perm("network.change_person", hajar)


def test_it_refuses_a_person_affiliated_to_another_institute(manager_a, institute_b):
    response = client_for(manager_a).post(
        "/fr/workspace/people/new/",
        {"given_name": "Hajar", "family_name": "Idrissi", "institute": institute_b.pk, "role": "engineer"},
    )
    assert response.status_code == 200
    assert "institute" in response.context["form"].errors
    assert not Person.objects.filter(family_name="Idrissi").exists()


def test_it_explains_missing_fields_in_the_active_language(manager_a, institute_a):
    response = client_for(manager_a).post("/ar/workspace/people/new/", {"given_name": ""})
    assert response.status_code == 200
    assert "هذا الحقل مطلوب" in response.text  # "This field is required." in Arabic


def test_it_adds_an_affiliation_from_the_person_page(manager_a, institute_a):
    person = person_at(institute_a, "Omar")
    client = client_for(manager_a)
    url = f"/fr/workspace/people/{person.public_id}/affiliations/new/"
    both = client.post(url, {"institute": institute_a.pk, "organisation": "", "role": "trainer"})
    assert both.status_code == 302
    assert person.affiliations.count() == 2
    neither = client.post(url.replace("/fr/", "/en/"), {"role": "trainer"})
    assert neither.status_code == 200
    assert "Choose either an institute or an organisation." in neither.text
    assert person.affiliations.count() == 2


def test_it_lets_the_coordinator_create_an_organisation(coordinator, institute_a):
    response = client_for(coordinator).post(
        "/en/workspace/organisations/new/",
        {"name": "Coopérative Argane Tiznit", "kind": "cooperative", "region": institute_a.region.pk},
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Coopérative Argane Tiznit").exists()


def test_it_exports_the_filtered_list_as_csv_and_xlsx(coordinator, institute_a):
    person_at(institute_a, "Salma", "Bennani")
    person_at(institute_a, "Karim", "Ouazzani")
    client = client_for(coordinator)
    response = client.get("/fr/workspace/people/?q=bennani&export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Nom"
    assert [row[0] for row in rows[1:]] == ["Salma Bennani"]
    xlsx = client.get("/ar/workspace/people/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.max_row == 3


@pytest.mark.parametrize("kind", ["institutes", "organisations", "people", "affiliations"])
def test_it_lists_with_the_same_number_of_queries_for_10_and_1000_rows(coordinator, institute_a, kind):
    client = client_for(coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/fr/workspace/{kind}/").status_code == 200
        return len(context)

    add_people(institute_a, 10)
    few = queries()
    add_people(institute_a, 990)
    assert queries() == few


def add_people(institute: Institute, count: int) -> None:
    people = [Person(given_name=f"P{n}", family_name="Bulk", region=institute.region) for n in range(count)]
    for person in people:
        person.refresh_search_text()
    people = Person.objects.bulk_create(people)
    Affiliation.objects.bulk_create(
        Affiliation(person=person, institute=institute, role=Affiliation.Role.TRAINEE) for person in people
    )
    Organisation.objects.bulk_create(
        Organisation(name=f"Org {person.pk}", kind="sme", region=institute.region) for person in people
    )
