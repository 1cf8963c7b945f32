"""The JSON of API answers: written natively, in UTF-8, with identifiers and dates as text."""

import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy

from jazari.api.renderers import FastJSONRenderer
from jazari.api.tests.conftest import API

pytestmark = pytest.mark.django_db


def test_it_writes_what_the_standard_encoder_cannot_by_itself():
    identifier = uuid.UUID("c03c152e-0c53-49d8-ad98-94b7e97acaef")
    data = {
        "id": identifier,
        "at": datetime(2026, 11, 26, 7, 0, 0, 123456, tzinfo=UTC),
        "on": date(2026, 1, 2),
        "amount": Decimal("1.50"),
        "message": gettext_lazy("Not found."),
        "name": "الرباط",
    }
    written = FastJSONRenderer().render(None, data, response_status=200)  # type: ignore[arg-type]
    assert "الرباط".encode() in written  # UTF-8, not \u escapes
    assert json.loads(written) == {
        "id": str(identifier),
        "at": "2026-11-26T07:00:00.123456Z",
        "on": "2026-01-02",
        "amount": "1.50",
        "message": "Not found.",
        "name": "الرباط",
    }


def test_an_answer_and_an_error_are_json_in_utf8(client, reference):
    listed = client.get(f"{API}/regions?page_size=12")
    assert listed["Content-Type"].startswith("application/json")
    assert "الرباط".encode() in listed.content
    assert len(listed.json()["results"]) == 12
    missing = client.get(f"{API}/regions?page=2")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
