"""The OpenAPI document and the documentation page served by the platform itself."""

import json
import re

import pytest
import schemathesis

from jazari.api.tests.conftest import API
from jazari.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client, reference) -> dict:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_it_publishes_a_valid_openapi_3_1_document(document):
    assert document["openapi"].startswith("3.1.")
    assert document["info"]["title"] == "Jazari API" and document["info"]["version"] == "1"
    schemathesis.openapi.from_dict(document).validate()  # against the OpenAPI 3.1 meta-schema


def test_it_documents_every_endpoint_of_the_network(document):
    operations = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    assert operations >= {
        ("GET", "/api/v1/regions"),
        ("GET", "/api/v1/regions/{code}"),
        ("GET", "/api/v1/institutes"),
        ("GET", "/api/v1/institutes/{slug}"),
        ("PATCH", "/api/v1/institutes/{slug}"),
        ("GET", "/api/v1/organisations"),
        ("POST", "/api/v1/organisations"),
        ("GET", "/api/v1/organisations/{public_id}"),
        ("PATCH", "/api/v1/organisations/{public_id}"),
        ("GET", "/api/v1/people"),
    }


def test_it_documents_the_filters_of_the_pages_and_the_page_parameters(document):
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/institutes"]["get"]["parameters"]}
    assert set(parameters) == {"page", "page_size", "q", "region", "kind", "status", "theme", "ordering"}
    assert parameters["page_size"]["schema"]["maximum"] == 200
    assert "regional_institute" in json.dumps(parameters["kind"]["schema"])


def test_it_documents_the_error_answers_in_the_one_error_body(document):
    patch = document["paths"]["/api/v1/institutes/{slug}"]["patch"]
    assert {"200", "400", "401", "403", "404", "422"} <= set(patch["responses"])
    error = patch["responses"]["403"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    assert "Error" in document["components"]["schemas"]


def test_it_says_which_operations_need_authentication(document):
    read = document["paths"]["/api/v1/people"]["get"]["security"]
    write = document["paths"]["/api/v1/organisations"]["post"]["security"]
    assert {} in read  # anonymous visitors welcome
    assert {} not in write and {"ApiTokenAuth": []} in write and {"SessionAuth": []} in write
    schemes = document["components"]["securitySchemes"]
    assert schemes["ApiTokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_it_never_documents_private_fields_of_people(document):
    fields = set(document["components"]["schemas"]["PersonOut"]["properties"])
    assert not {field for field in fields if "email" in field or "gender" in field or "consent" in field}


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_it_serves_its_docs_page_from_this_host_only(client, reference, language):
    response = client.get(f"{API}/docs", headers={"Accept-Language": language})
    assert response.status_code == 200
    html = response.text
    assert 'data-openapi-url="/api/v1/openapi.json"' in html
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in html and "api/docs.js" in html
    for address in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not address.startswith(("http://", "https://", "//")), address
    assert "<script>" not in html and " style=" not in html  # no inline script or style in our markup


def test_it_keeps_the_strict_content_security_policy_on_the_docs_page(client, reference):
    policy = client.get(f"{API}/docs")["Content-Security-Policy"]
    assert policy == client.get("/fr/")["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy and "unsafe" not in policy


def test_it_loads_swagger_ui_without_any_other_host(reference):
    from django.contrib.staticfiles import finders

    with open(finders.find("api/docs.js"), encoding="utf-8") as file:
        script = file.read()
    assert "validatorUrl: null" in script  # otherwise Swagger UI fetches a badge from validator.swagger.io
    assert finders.find("vendor/swagger-ui/swagger-ui-bundle.js")
    assert finders.find("vendor/swagger-ui/swagger-ui.css")


def test_it_links_the_tokens_page_from_the_docs_for_a_signed_in_user(partner):
    html = client_for(partner).get(f"{API}/docs").text
    assert "/account/tokens/" in html
