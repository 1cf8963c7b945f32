"""One error body for every error, pages and their bounds, and bad input that never becomes a server error."""

import pytest

from jazari.api.tests.conftest import API
from jazari.network.models import Organisation

pytestmark = pytest.mark.django_db


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/regions?page=abc", 422, "validation_error"),
        ("/regions?page=0", 422, "validation_error"),
        ("/regions?page_size=0", 422, "validation_error"),
        ("/regions?page_size=201", 422, "validation_error"),
        ("/regions?page_size=ten", 422, "validation_error"),
        ("/regions?page=2", 404, "not_found"),
        ("/regions?page=99999999999999999999999", 404, "not_found"),
        ("/institutes?region=%00", 422, "validation_error"),
        ("/institutes?q=%00", 422, "validation_error"),
        ("/regions/MA-99", 404, "not_found"),
        ("/regions/%00", 404, "not_found"),
        ("/institutes/%C3%A9", 404, "not_found"),
        ("/nowhere", 404, "not_found"),
        ("/regions/", 404, "not_found"),
    ],
)
def test_it_answers_bad_input_with_the_one_error_body(client, reference, path, status, code):
    response = client.get(f"{API}{path}")
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert error_of(response)["code"] == code


def test_it_says_which_parameter_is_wrong(client, reference):
    error = error_of(client.get(f"{API}/regions?page=abc&page_size=1000"))
    assert sorted(detail["loc"] for detail in error["details"]) == [["query", "page"], ["query", "page_size"]]


def test_it_answers_a_method_an_address_does_not_serve(client, reference):
    response = client.delete(f"{API}/regions")
    assert response.status_code == 405
    assert error_of(response)["code"] == "bad_request"
    assert "GET" in response["Allow"]


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [("/institutes/%C2%B1", 404, "not_found"), ("/nowhere", 404, "not_found"), ("/", 405, "bad_request")],
)
def test_it_answers_a_write_to_an_unknown_address_with_the_error_body(client, db, path, status, code):
    response = client.patch(f"{API}{path}", {"city": "X"}, content_type="application/json")
    assert response.status_code == status  # not the HTML page of a CSRF failure
    assert error_of(response)["code"] == code


def test_it_answers_an_unreadable_body(client, coordinator):
    from jazari.conftest import client_for

    response = client_for(coordinator).patch(
        f"{API}/institutes/jazari-nador", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_request"


def test_it_speaks_the_language_of_the_request_in_messages_but_not_in_codes(client, reference):
    english = error_of(client.get(f"{API}/regions/MA-99", headers={"Accept-Language": "en"}))
    assert english["code"] == "not_found" and "MA-99" in english["message"]


def test_it_pages_a_list_and_links_the_neighbouring_pages(client, reference):
    body = client.get(f"{API}/regions?page=2&page_size=5").json()
    assert (body["count"], body["page"], body["page_size"]) == (12, 2, 5)
    assert [row["code"] for row in body["results"]] == ["MA-06", "MA-07", "MA-08", "MA-09", "MA-10"]
    assert body["next"] == "http://testserver/api/v1/regions?page=3&page_size=5"
    assert body["previous"] == "http://testserver/api/v1/regions?page=1&page_size=5"
    last = client.get(f"{API}/regions?page=3&page_size=5").json()
    assert [row["code"] for row in last["results"]] == ["MA-11", "MA-12"] and last["next"] is None
    assert client.get(f"{API}/regions").json()["previous"] is None


def test_it_keeps_the_filters_in_the_page_links(client, reference):
    body = client.get(f"{API}/institutes?region=MA-04&page_size=1").json()
    assert body["count"] == 2
    assert body["next"] == "http://testserver/api/v1/institutes?region=MA-04&page_size=1&page=2"


def test_it_pages_rows_with_equal_names_without_repeating_or_skipping_any(client, reference):
    rows = [Organisation(name="Same name", kind="sme", city=f"City {number}") for number in range(7)]
    for row in rows:
        row.refresh_search_text()
    Organisation.objects.bulk_create(rows)
    seen = []
    for page in (1, 2, 3):
        body = client.get(f"{API}/organisations?q=same&page={page}&page_size=3").json()
        seen += [row["city"] for row in body["results"]]
    assert sorted(seen) == sorted(f"City {number}" for number in range(7))


def test_it_answers_an_empty_list_on_its_first_page(client, reference):
    body = client.get(f"{API}/people").json()
    assert body == {"count": 0, "page": 1, "page_size": 50, "next": None, "previous": None, "results": []}


def test_it_points_to_its_documentation_at_its_root(client, db):
    body = client.get(f"{API}/").json()
    assert body["openapi"].endswith("/api/v1/openapi.json") and body["docs"].endswith("/api/v1/docs")
