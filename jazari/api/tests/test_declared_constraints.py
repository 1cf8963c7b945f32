"""The OpenAPI document declares what the API checks, and the API checks what it declares: a value the
document allows is not refused for its form, and a value it does not allow is refused (422)."""

import json
import re

import pytest

from jazari.api.tests.conftest import API, bearer, token_for
from jazari.conftest import client_for
from jazari.core.models import Theme
from jazari.network.models import Institute, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client, reference) -> dict:
    return json.loads(client.get(f"{API}/openapi.json").content)


def parameter(document: dict, path: str, name: str) -> dict:
    found = [p for p in document["paths"][f"{API}{path}"]["get"]["parameters"] if p["name"] == name]
    return found[0]["schema"]


def body_field(document: dict, schema: str, name: str) -> dict:
    return document["components"]["schemas"][schema]["properties"][name]


def test_it_lists_the_codes_that_exist_as_the_values_of_a_filter(document):
    assert parameter(document, "/institutes", "region")["enum"] == sorted(
        Region.objects.values_list("code", flat=True)
    )
    assert set(parameter(document, "/people", "theme")["enum"]) == set(
        Theme.objects.values_list("code", flat=True)
    )
    assert "jazari-nador" in parameter(document, "/deliverables", "institute")["enum"]


def test_it_declares_dates_years_and_yes_or_no_filters(document):
    assert parameter(document, "/activities", "starts_before")["format"] == "date"
    year = parameter(document, "/indicators/targets", "year")
    assert (year["type"], year["minimum"], year["maximum"]) == ("integer", 1, 9999)
    assert parameter(document, "/deliverables", "overdue")["enum"] == ["true", "false"]


@pytest.mark.parametrize(
    "query",
    [
        "/institutes?region=",
        "/activities?starts_before=01/02/2026",
        "/activities?starts_before=2026-02-30",
        "/deliverables?overdue=maybe",
        "/indicators/targets?year=2026.5",
        "/indicators/targets?year=99999999999999999999",
        "/indicators/observations?period=2026-Q5",
    ],
)
def test_it_refuses_a_filter_value_the_document_does_not_allow(client, reference, query):
    response = client.get(f"{API}{query}")
    assert response.status_code == 422, response.content
    assert response.json()["error"]["details"][0]["loc"][0] == "query"


@pytest.mark.parametrize(
    "query",
    ["/activities?starts_before=2026-02-28", "/deliverables?overdue=false", "/indicators/targets?year=2026"],
)
def test_it_accepts_a_filter_value_the_document_allows(client, reference, query):
    assert client.get(f"{API}{query}").status_code == 200


def test_it_declares_the_text_fields_of_a_body_from_their_model(document):
    name = body_field(document, "InstitutePatch", "name_fr")
    assert name["type"] == "string" and name["maxLength"] == 200  # not null: an institute has a name
    assert re.search(name["pattern"], "Institut Jazari") and not re.search(name["pattern"], "   ")
    assert {"type": "null"} in body_field(document, "InstitutePatch", "name_en")["anyOf"]
    assert body_field(document, "InstitutePatch", "region")["enum"][0] == "MA-01"
    assert "default" not in body_field(document, "InstitutePatch", "kind")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name_fr": "   "}, "name_fr"),
        ({"status_date": 0}, "status_date"),
        ({"status_date": "2026-03-01T00:00:00"}, "status_date"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"contact_email": "contact@nador"}, "contact_email"),
        ({"slug": "jazari nador"}, "slug"),
    ],
)
def test_it_refuses_a_body_value_the_document_does_not_allow(coordinator, institute_a, data, field):
    response = client_for(coordinator).patch(
        f"{API}/institutes/jazari-nador", data, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert ["body", field] in [detail["loc"][:2] for detail in response.json()["error"]["details"]]


def test_it_answers_a_short_name_another_institute_has_with_a_conflict(client, coordinator, institute_a):
    taken = Institute.objects.exclude(pk=institute_a.pk).values_list("slug", flat=True).first()
    response = client.patch(
        f"{API}/institutes/jazari-nador",
        {"slug": taken},
        content_type="application/json",
        headers=bearer(token_for(coordinator)),
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


def test_it_documents_the_conflict_and_the_unsupported_type_on_writes(document):
    responses = document["paths"][f"{API}/organisations"]["post"]["responses"]
    assert {"409", "415"} <= set(responses)
