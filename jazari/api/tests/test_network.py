"""The network registry through the API, for each persona, including what each may not do."""

import pytest
from django.test import Client

from jazari.api.tests.conftest import API, bearer, token_for
from jazari.conftest import client_for
from jazari.core.models import Skill, Theme
from jazari.network.models import Organisation, Person, Region

pytestmark = pytest.mark.django_db

ENVELOPE = {"count", "page", "page_size", "next", "previous", "results"}


def patch(client: Client, path: str, data: dict, **kwargs):
    return client.patch(f"{API}{path}", data, content_type="application/json", **kwargs)


def post(client: Client, path: str, data: dict, **kwargs):
    return client.post(f"{API}{path}", data, content_type="application/json", **kwargs)


PERSONAS = [None, "partner", "manager_a", "manager_b", "coordinator"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_every_persona_read_every_list_and_record(request, people, partner_organisation, persona):
    user = request.getfixturevalue(persona) if persona else None
    clients = [client_for(user), Client()] if user else [Client()]
    if user:  # and the same with the persona's token instead of a session
        clients.append(Client(headers=bearer(token_for(user))))
    paths = [
        "/regions", "/regions/MA-10", "/institutes", "/institutes/jazari-guelmim-oued-noun", "/organisations",
        f"/organisations/{partner_organisation.public_id}", "/people",
    ]  # fmt: skip
    for client in clients:
        for path in paths:
            assert client.get(f"{API}{path}").status_code == 200, (persona, path)


# --- Regions -----------------------------------------------------------------------------------------------


def test_it_lists_the_twelve_regions_to_anyone(client, reference):
    body = client.get(f"{API}/regions").json()
    assert set(body) == ENVELOPE
    assert body["count"] == 12
    assert [region["code"] for region in body["results"]][:2] == ["MA-01", "MA-02"]


def test_it_names_a_region_in_the_language_of_the_request(client, reference):
    arabic = client.get(f"{API}/regions/MA-02", headers={"Accept-Language": "ar"}).json()
    assert arabic["name"] == "جهة الشرق"
    assert arabic["name_fr"] == "L'Oriental"
    assert client.get(f"{API}/regions/MA-02", headers={"Accept-Language": "en"}).json()["name"] == "Oriental"


def test_it_answers_404_for_an_unknown_region(client, reference):
    response = client.get(f"{API}/regions/MA-99")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "MA-99" in response.json()["error"]["message"]


# --- Institutes --------------------------------------------------------------------------------------------


def test_it_lists_the_institutes_with_their_region_and_themes(client, reference):
    body = client.get(f"{API}/institutes").json()
    assert body["count"] == 7
    nador = next(row for row in body["results"] if row["slug"] == "jazari-nador")
    assert nador["region"] == "MA-02"
    assert nador["parent"] is None or isinstance(nador["parent"], str)
    assert all(isinstance(code, str) for code in nador["themes"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=MA-02", {"jazari-nador"}),
        ("q=nador", {"jazari-nador"}),
        ("kind=hub", {"jazari-root"}),
        ("region=MA-04&kind=lab", {"lab-mistral-mtnra"}),
    ],
)
def test_it_filters_the_institutes_with_the_pages_filters(client, reference, query, expected):
    body = client.get(f"{API}/institutes?{query}").json()
    assert {row["slug"] for row in body["results"]} == expected


def test_it_filters_the_institutes_by_theme_and_sorts_them(client, institute_a):
    theme = institute_a.themes.first()
    by_theme = client.get(f"{API}/institutes?theme={theme.code}").json()
    assert "jazari-nador" in {row["slug"] for row in by_theme["results"]}
    names = [row["name_fr"] for row in client.get(f"{API}/institutes?ordering=-name").json()["results"]]
    assert names == sorted(names, reverse=True)


@pytest.mark.parametrize("query", ["region=MA-99", "kind=castle", "ordering=height", "theme=nothing"])
def test_it_refuses_a_filter_value_it_does_not_know(client, reference, query):
    response = client.get(f"{API}/institutes?{query}")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"][0]["loc"] == ["query", query.split("=")[0]]


def test_it_shows_one_institute_to_anyone(client, reference):
    body = client.get(f"{API}/institutes/jazari-nador").json()
    assert body["slug"] == "jazari-nador" and body["region"] == "MA-02"
    assert client.get(f"{API}/institutes/nowhere").status_code == 404


def test_it_lets_the_manager_of_a_change_a(manager_a, institute_a):
    updated_before = institute_a.updated_at
    theme = Theme.objects.exclude(institutes=institute_a).first()
    response = patch(
        client_for(manager_a),
        "/institutes/jazari-nador",
        {"city": "Selouane", "focus": "eau", "themes": [theme.code]},  # its status is the hub's to change
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["city"] == "Selouane" and body["focus"] == "eau" and body["themes"] == [theme.code]
    institute_a.refresh_from_db()
    assert institute_a.name_fr == "Institut Jazari Nador"  # untouched fields keep their value
    assert institute_a.updated_at > updated_before
    assert institute_a.history.latest().history_user == manager_a
    found = client_for(manager_a).get(f"{API}/institutes?q=selouane").json()["results"]
    assert [row["slug"] for row in found] == ["jazari-nador"]  # the search text follows the change


@pytest.mark.parametrize("persona", ["manager_a", "partner", "region_editor"])
def test_it_forbids_changing_institute_b_to_others(request, institute_b, persona):
    user = request.getfixturevalue(persona)
    response = patch(client_for(user), "/institutes/jazari-guelmim-oued-noun", {"city": "Elsewhere"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    institute_b.refresh_from_db()
    assert institute_b.city == "Guelmim"


def test_it_lets_the_manager_of_b_and_the_coordinator_change_b(manager_b, coordinator, institute_b):
    for user, city in [(manager_b, "Guelmim (centre)"), (coordinator, "Guelmim (hub)")]:
        response = patch(
            Client(), "/institutes/jazari-guelmim-oued-noun", {"city": city}, headers=bearer(token_for(user))
        )
        assert response.status_code == 200
        institute_b.refresh_from_db()
        assert institute_b.city == city


def test_it_lets_a_region_editor_change_the_institutes_of_the_region(region_editor, institute_a):
    assert patch(client_for(region_editor), "/institutes/jazari-nador", {"city": "Oujda"}).status_code == 200


def test_it_asks_an_anonymous_caller_to_authenticate_before_a_change(client, institute_a):
    response = patch(client, "/institutes/jazari-nador", {"city": "Nowhere"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_it_needs_the_csrf_token_for_a_change_through_the_browser_session(manager_a, institute_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(manager_a, backend="django.contrib.auth.backends.ModelBackend")
    refused = patch(browser, "/institutes/jazari-nador", {"city": "Forged"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    browser.get(f"{API}/docs")  # the page sets the CSRF cookie
    accepted = patch(
        browser,
        "/institutes/jazari-nador",
        {"city": "Zeghanghane"},
        headers={"X-CSRFToken": browser.cookies["csrftoken"].value},
    )
    assert accepted.status_code == 200
    # A token needs no CSRF token: it is not sent by the browser on its own.
    with_token = patch(
        Client(enforce_csrf_checks=True),
        "/institutes/jazari-nador",
        {"city": "Nador"},
        headers=bearer(token_for(manager_a)),
    )
    assert with_token.status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "abandoned"}, "status"),
        ({"contact_email": "not an email"}, "contact_email"),
        ({"themes": ["no-such-theme"]}, "themes"),
        ({"region": "MA-99"}, "region"),
        ({"name_fr": None}, "name_fr"),
        ({"colour": "green"}, "colour"),
        ({"city": 12}, "city"),
        ({"status_date": "yesterday"}, "status_date"),
        ({"city": "Nad\x00or"}, "city"),
    ],
)
def test_it_refuses_invalid_changes_with_the_field_in_error(coordinator, institute_a, data, field):
    response = patch(client_for(coordinator), "/institutes/jazari-nador", data)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert ["body", field] in [detail["loc"][:2] for detail in error["details"]], error
    institute_a.refresh_from_db()
    assert institute_a.city == "Nador" and institute_a.status != "abandoned"


# --- Organisations -----------------------------------------------------------------------------------------


def test_it_lists_and_filters_the_organisations_for_anyone(client, reference):
    oriental = Region.objects.get(code="MA-02")
    Organisation.objects.create(name="Coopérative Argan Nador", kind="cooperative", region=oriental)
    body = client.get(f"{API}/organisations?region=MA-02&kind=cooperative").json()
    assert [row["name"] for row in body["results"]] == ["Coopérative Argan Nador"]
    assert body["results"][0]["region"] == "MA-02"
    assert client.get(f"{API}/organisations").json()["count"] == Organisation.objects.count()


def test_it_shows_one_organisation_by_its_public_identifier(client, partner_organisation):
    body = client.get(f"{API}/organisations/{partner_organisation.public_id}").json()
    assert body["name"] == "Université Mohammed VI Polytechnique"
    assert client.get(f"{API}/organisations/00000000-0000-4000-8000-000000000000").status_code == 404
    malformed = client.get(f"{API}/organisations/not-a-uuid")
    assert malformed.status_code == 404 and malformed.json()["error"]["code"] == "not_found"


def test_it_lets_the_coordinator_add_an_organisation_anywhere(coordinator, reference):
    response = post(
        client_for(coordinator),
        "/organisations",
        {
            "name": "AgriTech Souss",
            "kind": "startup",
            "region": "MA-09",
            "sector": "agriculture",
            "size_band": "micro",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["region"] == "MA-09" and body["kind"] == "startup"
    created = Organisation.objects.get(public_id=body["public_id"])
    assert created.history.latest().history_user == coordinator


def test_it_lets_a_region_editor_add_an_organisation_in_their_region_only(region_editor):
    client = client_for(region_editor)
    assert (
        post(client, "/organisations", {"name": "Oujda Data", "kind": "sme", "region": "MA-02"}).status_code
        == 201
    )
    elsewhere = post(client, "/organisations", {"name": "Agadir Data", "kind": "sme", "region": "MA-09"})
    assert elsewhere.status_code == 403
    nowhere = post(client, "/organisations", {"name": "Floating Data", "kind": "sme"})
    assert nowhere.status_code == 403
    assert not Organisation.objects.filter(name__in=["Agadir Data", "Floating Data"]).exists()


@pytest.mark.parametrize("persona", ["manager_a", "manager_b", "partner", "organisation_editor"])
def test_it_forbids_adding_organisations_outside_ones_regions(request, persona):
    user = request.getfixturevalue(persona)
    response = post(
        client_for(user), "/organisations", {"name": "Not mine", "kind": "sme", "region": "MA-02"}
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Not mine").exists()


def test_it_asks_an_anonymous_caller_to_authenticate_before_adding(client, reference):
    assert post(client, "/organisations", {"name": "Anon", "kind": "sme"}).status_code == 401


def test_it_refuses_a_duplicate_organisation(coordinator, reference):
    client = client_for(coordinator)
    data = {"name": "Twin Labs", "kind": "startup", "region": "MA-01"}
    assert post(client, "/organisations", data).status_code == 201
    duplicate = post(client, "/organisations", data)
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "conflict"
    assert Organisation.objects.filter(name="Twin Labs").count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "sme"},
        {"name": "No kind"},
        {"name": "X", "kind": "guild"},
        {"name": "X", "kind": "sme", "website": "ftp:/x"},
    ],
)
def test_it_refuses_an_incomplete_or_invalid_organisation(coordinator, reference, data):
    response = post(client_for(coordinator), "/organisations", data)
    assert response.status_code == 422
    assert response.json()["error"]["details"]


def test_it_lets_an_organisation_editor_change_their_organisation_only(
    organisation_editor, partner_organisation
):
    client = client_for(organisation_editor)
    mine = patch(
        client, f"/organisations/{partner_organisation.public_id}", {"acronym": "UM6P", "city": "Benguérir"}
    )
    assert mine.status_code == 200, mine.json()
    assert mine.json()["acronym"] == "UM6P" and mine.json()["name"] == "Université Mohammed VI Polytechnique"
    other = Organisation.objects.exclude(pk=partner_organisation.pk).first()
    assert patch(client, f"/organisations/{other.public_id}", {"city": "X"}).status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"), [("partner", 403), ("manager_a", 403), ("manager_b", 403), ("coordinator", 200)]
)
def test_it_keeps_organisation_changes_to_those_who_may(request, partner_organisation, persona, status):
    user = request.getfixturevalue(persona)
    response = patch(client_for(user), f"/organisations/{partner_organisation.public_id}", {"city": "Rabat"})
    assert response.status_code == status


def test_it_asks_an_anonymous_caller_to_authenticate_before_changing_an_organisation(
    client, partner_organisation
):
    assert patch(client, f"/organisations/{partner_organisation.public_id}", {"city": "X"}).status_code == 401


# --- People ------------------------------------------------------------------------------------------------


@pytest.fixture
def people(institute_a):
    nlp = Skill.objects.get_or_create(code="nlp", defaults={"name_fr": "TALN"})[0]
    shown = Person.objects.create(
        given_name="Salma", family_name="Bennani", given_name_ar="سلمى", family_name_ar="بناني",
        email="salma@example.ma", gender="female", region=institute_a.region, languages="ar fr",
        keywords="darija speech", consent_public_profile=True,
    )  # fmt: skip
    shown.skills.add(nlp)
    hidden = Person.objects.create(
        given_name="Karim", family_name="Ouazzani", email="karim@example.ma", region=institute_a.region
    )
    hidden.skills.add(nlp)
    return shown, hidden


@pytest.mark.parametrize("persona", [None, "partner", "manager_a", "manager_b", "coordinator"])
def test_it_never_lists_a_person_without_consent_whoever_asks(request, people, persona):
    client = client_for(request.getfixturevalue(persona)) if persona else Client()
    for query in ["", "?q=Ouazzani", "?region=MA-02", "?skill=nlp", "?page_size=200"]:
        body = client.get(f"{API}/people{query}").json()
        assert "Ouazzani" not in str(body), (persona, query)
    assert client.get(f"{API}/people").json()["count"] == 1


def test_it_shows_only_what_a_person_published(client, people):
    [salma] = client.get(f"{API}/people").json()["results"]
    assert salma == {
        "public_id": str(people[0].public_id),
        "given_name": "Salma",
        "family_name": "Bennani",
        "given_name_ar": "سلمى",
        "family_name_ar": "بناني",
        "region": "MA-02",
        "skills": ["nlp"],
        "themes": [],
        "languages": ["ar", "fr"],
        "keywords": "darija speech",
    }


@pytest.mark.parametrize(
    ("query", "count"),
    [("language=ar", 1), ("language=en", 0), ("skill=nlp", 1), ("region=MA-10", 0), ("q=بناني", 1)],
)
def test_it_filters_the_people_with_the_directorys_filters(client, people, query, count):
    assert client.get(f"{API}/people?{query}").json()["count"] == count


def test_it_offers_no_way_to_change_people(client, people):
    assert post(client, "/people", {"given_name": "X"}).status_code == 405
