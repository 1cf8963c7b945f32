"""Hostile bodies, for every operation that takes one, read from the OpenAPI document: a new operation is
covered the day it is added. None may give a server error:

- text that no database stores (an unpaired surrogate `"\\ud83d"`, a null character) in any text field of a
  JSON body: 422 naming the field;
- a body of another type than the operation takes, a multipart body without its boundary, truncated JSON, a
  JSON array or a bare value instead of an object: 400 or 415, in the one error body.

The calls go as the national coordinator with a token, on records that exist, so that each reaches the code
that reads its body.
"""

import json
from typing import Any

import pytest

from jazari.api.tests.conftest import API, bearer, token_for
from jazari.projects.tests.factories import deliverable_of, need_in, project_of

pytestmark = pytest.mark.django_db

SURROGATE = "\\ud83d"  # as written in JSON: the first half of a pair, alone


@pytest.fixture
def document(client, reference) -> dict:
    return json.loads(client.get(f"{API}/openapi.json").content)


@pytest.fixture
def path_values(institute_a, partner_organisation) -> dict[str, dict[str, str]]:
    """For each collection, the path parameters of a record that exists."""
    project = project_of(institute_a)
    deliverable = deliverable_of(project)
    need = need_in()
    return {
        "institutes": {"slug": institute_a.slug},
        "organisations": {"public_id": str(partner_organisation.public_id)},
        "projects": {"public_id": str(project.public_id)},
        "deliverables": {"public_id": str(deliverable.public_id)},
        "needs": {"public_id": str(need.public_id)},
    }


@pytest.fixture
def headers(coordinator) -> dict[str, str]:
    return {**bearer(token_for(coordinator)), "Accept-Language": "en"}


def operations_with_a_body(document: dict) -> list[tuple[str, str, dict]]:
    """(method, path, request body) of every operation that takes a body."""
    return [
        (method, path, operation["requestBody"])
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if "requestBody" in operation
    ]


def address(path: str, path_values: dict[str, dict[str, str]]) -> str:
    collection = path.removeprefix(f"{API}/").split("/")[0]
    assert collection in path_values, f"give the test a record for {path}"
    return path.format(**path_values[collection])


def resolved(schema: dict, document: dict) -> dict:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return resolved(document["components"]["schemas"][name], document)
    return schema


def text_fields(schema: dict, document: dict) -> list[tuple[str, bool]]:
    """(name, is a list of texts) of each property of a body that takes text."""
    fields = []
    for name, field in resolved(schema, document).get("properties", {}).items():
        variants = [resolved(variant, document) for variant in field.get("anyOf", [field])]
        if any(variant.get("type") == "string" for variant in variants):
            fields.append((name, False))
        elif any(
            resolved(variant.get("items", {}), document).get("type") == "string" for variant in variants
        ):
            fields.append((name, True))
    return fields


def send(client, method: str, url: str, body: Any, content_type: str, headers: dict[str, str]):
    return getattr(client, method)(url, body, content_type=content_type, headers=headers)


def error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    return body["error"]


def test_it_finds_the_operations_that_take_a_body(document):
    found = {(method, path) for method, path, _body in operations_with_a_body(document)}
    assert ("patch", f"{API}/institutes/{{slug}}") in found
    assert ("post", f"{API}/deliverables/{{public_id}}/versions") in found
    assert len(found) >= 8


@pytest.mark.parametrize("character", [SURROGATE, "\\udc00", "\\u0000"])
def test_it_refuses_unstorable_text_in_every_text_field_of_every_json_body(
    client, document, path_values, headers, character
):
    tried = 0
    for method, path, request_body in operations_with_a_body(document):
        schema = request_body["content"].get("application/json", {}).get("schema")
        if schema is None:
            continue
        url = address(path, path_values)
        for name, is_list in text_fields(schema, document):
            value = f'["x{character}"]' if is_list else f'"x{character}"'
            response = send(client, method, url, f'{{"{name}": {value}}}', "application/json", headers)
            assert response.status_code == 422, (method, path, name, response.content)
            error = error_of(response)
            assert error["code"] == "validation_error"
            expected = ["body", name, 0] if is_list else ["body", name]
            assert [detail["loc"] for detail in error["details"]] == [expected], (method, path, error)
            tried += 1
    assert tried >= 30  # every text field of the institutes, organisations, reviews, matches...


def test_it_names_an_unstorable_key_without_failing_to_write_it(client, document, path_values, headers):
    url = address(f"{API}/institutes/{{slug}}", path_values)
    response = send(client, "patch", url, f'{{"ci{SURROGATE}ty": "Nador"}}', "application/json", headers)
    assert response.status_code == 422
    assert error_of(response)["details"][0]["loc"] == ["body", "ci\\ud83dty"]


def test_it_accepts_a_character_written_as_a_pair_of_escapes(client, path_values, headers):
    url = address(f"{API}/institutes/{{slug}}", path_values)
    response = send(client, "patch", url, '{"city": "Nador \\ud83c\\udf34"}', "application/json", headers)
    assert response.status_code == 200, response.content
    assert response.json()["city"] == "Nador \U0001f334"


MALFORMED = [
    pytest.param("multipart/form-data", b"--x\r\nnot a part", {400, 415}, id="multipart-without-boundary"),
    pytest.param("text/plain", b'{"city": "Nador"}', {415}, id="another-type"),
    pytest.param("application/x-www-form-urlencoded", b"city=Nador", {415}, id="form-data"),
    pytest.param("", b'{"city": "Nador"}', {415}, id="no-type"),
    pytest.param("application/json", b'{"city": "Nad', {400, 415}, id="truncated-json"),
    pytest.param("application/json", b'[{"city": "Nador"}]', {400, 415}, id="json-array"),
    pytest.param("application/json", b'"Nador"', {400, 415}, id="json-text"),
    pytest.param("application/json", b"null", {400, 415}, id="json-null"),
    pytest.param("application/json", b'{"city": "\xff"}', {400, 415}, id="not-utf-8"),
]


@pytest.mark.parametrize(("content_type", "body", "statuses"), MALFORMED)
def test_it_refuses_a_malformed_body_on_every_operation_that_takes_one(
    client, document, path_values, headers, content_type, body, statuses
):
    for method, path, request_body in operations_with_a_body(document):
        takes_json = "application/json" in request_body["content"]
        if takes_json and content_type == "application/x-www-form-urlencoded":
            expected = {415}
        elif not takes_json and content_type == "application/json":
            expected = {415}  # form data only
        else:
            expected = statuses
        response = send(client, method, address(path, path_values), body, content_type, headers)
        assert response.status_code in expected, (method, path, response.status_code, response.content)
        error = error_of(response)
        assert error["code"] == {400: "bad_request", 415: "unsupported_media_type"}[response.status_code]
        assert error["message"]


def test_it_says_why_a_body_is_refused(client, path_values, headers):
    url = address(f"{API}/institutes/{{slug}}", path_values)
    truncated = error_of(send(client, "patch", url, '{"city": "Nad', "application/json", headers))
    assert "JSON" in truncated["message"] and "column" in truncated["message"]
    array = error_of(send(client, "patch", url, "[]", "application/json", headers))
    assert "object" in array["message"]
    other = error_of(send(client, "patch", url, "city=Nador", "text/plain", headers))
    assert "application/json" in other["message"]


def test_it_documents_the_answers_to_a_malformed_body(document):
    for method, path, _body in operations_with_a_body(document):
        responses = document["paths"][path][method]["responses"]
        assert {"400", "415", "422"} <= set(responses), (method, path)
