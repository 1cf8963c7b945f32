"""Indicators, targets and observations in the API, with their filters and errors."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_the_indicators_of_a_priority(client, indicators) -> None:
    body = client.get("/api/v1/indicators?priority=territorial_balance").json()
    codes = {row["code"] for row in body["results"]}
    assert {"regions_with_institute", "balance_index", "trained_per_100k"} <= codes
    assert all(row["priority"] == "territorial_balance" for row in body["results"])


def test_it_lists_the_targets_of_a_region(client, indicators) -> None:
    body = client.get("/api/v1/indicators/targets?region=MA-06&indicator=people_trained").json()
    assert body["count"] == 1
    assert body["results"][0]["scope"] == "region" and body["results"][0]["year"] == 2030


def test_it_filters_observations_by_scope_and_period(client, small_cells) -> None:
    body = client.get("/api/v1/indicators/observations?scope=national&period=2026-Q3&page_size=100").json()
    assert body["count"] > 0
    assert {row["period"] for row in body["results"]} == {"2026-Q3"}
    assert {row["scope"] for row in body["results"]} == {"national"}
    trained = next(row for row in body["results"] if row["indicator"] == "people_trained")
    assert trained["value"] == "15" and trained["suppressed"] is False
    empty = client.get("/api/v1/indicators/observations?period_from=2027-Q1").json()
    assert empty["count"] == 0


def test_it_hides_reported_values_until_validated(client, indicators, coordinator) -> None:
    from jazari.indicators.models import Indicator
    from jazari.indicators.periods import Quarter
    from jazari.indicators.services import observation_report

    observation_report(
        indicator=Indicator.objects.get(code="startups"),
        quarter=Quarter(2026, 3),
        value=650,
        evidence_note="Rapport",
        user=coordinator,
    )
    assert client.get("/api/v1/indicators/observations?indicator=startups").json()["count"] == 0


def test_it_answers_bad_filters_with_the_error_body(client, indicators) -> None:
    for query in ("period=2026-Q7", "region=MA-99", "scope=planet", "priority=speed", "page_size=1000"):
        response = client.get(f"/api/v1/indicators/observations?{query}")
        assert response.status_code == 422, query
        assert response.json()["error"]["code"] == "validation_error"


def test_it_documents_the_endpoints(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/indicators", "/api/v1/indicators/targets", "/api/v1/indicators/observations"} <= set(
        paths
    )


def test_it_lists_observations_with_the_same_queries_whatever_their_number(client, small_cells, manager_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jazari.conftest import client_for
    from jazari.indicators.services import observations_compute

    def count(who) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert who.get("/api/v1/indicators/observations?page_size=200").status_code == 200
        return len(queries)

    manager = client_for(manager_a)
    before = (count(client), count(manager))
    for quarter in small_cells.back(4):
        observations_compute(quarter=quarter)
    assert (count(client), count(manager)) == before
