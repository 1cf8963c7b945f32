"""The public dashboard, the methodology page and the open-data page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jazari.indicators.models import Indicator, Target
from jazari.indicators.services import observations_compute
from jazari.indicators.tests.conftest import QUARTER, certified_cohort

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_it_shows_the_five_priorities_with_value_target_and_status(client, small_cells) -> None:
    page = client.get("/en/indicators/")
    assert page.status_code == 200
    for name in (
        "Technological independence",
        "Trust in AI uses",
        "National skills",
        "Local innovation",
        "Balanced territorial coverage",
    ):
        assert name in page.text
    row = page.text.split('data-indicator="people_trained"')[1].split("</tr>")[0]
    assert "<bdi>15</bdi>" in row  # 3 + 12 people trained
    assert "200,000" in row and "(2030)" in row
    assert "Off track" in row  # far below the trajectory
    assert "Projects on Moroccan languages" in page.text  # to come, not faked


def test_it_drills_down_from_the_nation_to_a_region_and_an_institute(client, small_cells) -> None:
    national = client.get("/en/indicators/?indicator=people_trained")
    assert "indicator=people_trained&amp;region=MA-10" in national.text  # a region's link in the comparison
    region = client.get("/en/indicators/?region=MA-10&indicator=people_trained")
    assert "Guelmim" in region.text and "institute=jazari-guelmim-oued-noun" in region.text
    institute = client.get("/en/indicators/?institute=jazari-guelmim-oued-noun")
    assert 'aria-current="page"' in institute.text and institute.status_code == 200


def test_it_colours_the_tile_map_by_the_chosen_indicator(client, small_cells) -> None:
    page = client.get("/en/indicators/?indicator=trained_per_100k")
    assert 'class="tile-map"' in page.text
    assert 'data-region="MA-10"' in page.text
    assert "People trained per 100,000 inhabitants by region" in page.text


def test_it_gives_every_chart_a_table(client, small_cells) -> None:
    page = client.get("/fr/indicators/?indicator=people_trained")
    assert page.text.count('data-chart="') == 2
    assert "trend-data" in page.text and "comparison-data" in page.text
    assert page.text.count("<caption>") >= 2
    assert "vendor/echarts/echarts.min.js" in page.text and "<script>" not in page.text


def test_it_shows_a_past_quarter(client, small_cells) -> None:
    observations_compute(quarter=QUARTER.previous().previous())  # 2026-Q1: nobody trained yet
    page = client.get("/en/indicators/?period=2026-Q1")
    row = page.text.split('data-indicator="people_trained"')[1].split("</tr>")[0]
    assert "<bdi>15</bdi>" not in row


def test_it_is_right_to_left_in_arabic(client, small_cells) -> None:
    page = client.get("/ar/indicators/")
    assert 'dir="rtl"' in page.text and "لوحة" in page.text


def test_it_refuses_a_malformed_quarter_and_an_unknown_region(client, indicators) -> None:
    assert client.get("/fr/indicators/?period=2026-Q9").status_code == 400
    assert client.get("/fr/indicators/?region=MA-99").status_code == 404
    assert client.get("/fr/indicators/?institute=nowhere").status_code == 404


def test_it_shows_an_empty_dashboard_before_any_computation(client, indicators) -> None:
    page = client.get("/en/indicators/")
    assert page.status_code == 200 and "Off track" not in page.text


def test_it_issues_the_same_number_of_queries_whatever_the_data(client, indicators, institute_a, institute_b):
    certified_cohort(institute_a, 6)
    observations_compute(quarter=QUARTER)
    urls = ["/fr/indicators/", "/fr/indicators/?region=MA-02", "/fr/indicators/?institute=jazari-nador"]
    before = [_queries(client, url) for url in urls]
    for _round in range(4):
        certified_cohort(institute_b, 20, women=8)
        certified_cohort(institute_a, 7, women=3)
    for quarter in QUARTER.back(6):
        observations_compute(quarter=quarter)
    after = [_queries(client, url) for url in urls]
    assert after == before
    assert max(after) <= 12


def test_it_lists_every_definition_and_target_source_on_the_methodology_page(client, indicators) -> None:
    page = client.get("/en/methodology/")
    for indicator in Indicator.objects.all():
        assert indicator.definition_en in page.text.replace("&#x27;", "'")
    for target in Target.objects.filter(scope_kind="national"):
        assert target.source in page.text
    assert "One minus the Gini coefficient of the people trained per inhabitant" in page.text


def test_it_lists_the_open_data_with_a_dictionary(client, indicators) -> None:
    page = client.get("/en/indicators/open-data/")
    assert "/en/indicators/open-data/people_trained.csv" in page.text
    assert "Data dictionary" in page.text and "<code>suppressed</code>" not in page.text
    assert client.get("/en/indicators/open-data/people_trained.xml").status_code == 404
    assert client.get("/en/indicators/open-data/nothing.csv").status_code == 404
