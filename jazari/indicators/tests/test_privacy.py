"""No public output — page, CSV, JSON, API, report — shows a figure about fewer than 5 people."""

import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

from jazari.conftest import client_for
from jazari.indicators.models import Observation
from jazari.indicators.privacy import MINIMUM_PEOPLE, public_value
from jazari.indicators.report import steering_xlsx

pytestmark = pytest.mark.django_db


def test_it_suppresses_under_five_people_and_keeps_five() -> None:
    assert public_value(4, people=4).suppressed
    assert public_value(4, people=4).value is None
    assert public_value(0, people=0).suppressed
    assert not public_value(5, people=MINIMUM_PEOPLE).suppressed
    assert public_value(3, people=3, reveal=True).value == 3
    assert not public_value(12, people=None).suppressed  # not a figure about people


def test_it_stores_the_smallest_group_a_figure_reveals(small_cells, institute_a, institute_b) -> None:
    def people(code, **scope):
        return Observation.objects.get(indicator__code=code, period=str(small_cells), **scope).people

    assert people("people_trained", institute=institute_a) == 3
    assert people("people_trained", institute=institute_b) == 12
    # 2 women among 12: the share would reveal the 2 women.
    assert people("women_share_trained", institute=institute_b) == 2


def _row(html: str, name: str) -> str:
    match = re.search(r"<tr>(?:(?!</tr>).)*" + re.escape(name) + r"(?:(?!</tr>).)*</tr>", html, re.S)
    assert match, name
    return match.group(0)


def test_it_suppresses_small_cells_on_the_public_page(client, small_cells, institute_a, institute_b) -> None:
    page = client.get("/fr/indicators/?region=MA-02&indicator=people_trained")
    assert page.status_code == 200
    row = _row(page.text, institute_a.name)
    assert "supprimé" in row or "suppressed" in row
    assert "<bdi>3</bdi>" not in page.text
    chart = json.loads(re.search(r'id="comparison-data"[^>]*>(.*?)</script>', page.text, re.S).group(1))
    assert None in chart["values"]
    assert 3 not in chart["values"] and 3.0 not in chart["values"]
    trend = json.loads(re.search(r'id="trend-data"[^>]*>(.*?)</script>', page.text, re.S).group(1))
    assert 3.0 not in trend["values"]


def test_it_shows_a_big_enough_cell_on_the_public_page(client, small_cells, institute_b) -> None:
    page = client.get("/fr/indicators/?region=MA-10&indicator=people_trained")
    assert "<bdi>12</bdi>" in _row(page.text, institute_b.name)


def test_it_shows_the_exact_figure_to_the_institutes_manager(small_cells, manager_a, institute_a) -> None:
    page = client_for(manager_a).get("/fr/indicators/?region=MA-02&indicator=people_trained")
    assert "<bdi>3</bdi>" in _row(page.text, institute_a.name)


def test_it_still_hides_another_institutes_small_cell_from_a_manager(
    small_cells, manager_b, institute_a
) -> None:
    page = client_for(manager_b).get("/fr/indicators/?region=MA-02&indicator=people_trained")
    assert "<bdi>3</bdi>" not in _row(page.text, institute_a.name)


def test_it_suppresses_small_cells_in_the_open_data_csv(client, small_cells) -> None:
    response = client.get("/fr/indicators/open-data/people_trained.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    nador = next(row for row in rows if row["scope_code"] == "jazari-nador")
    assert nador["status"] == "suppressed" and nador["value"] == "" and nador["numerator"] == ""
    guelmim = next(row for row in rows if row["scope_code"] == "jazari-guelmim-oued-noun")
    assert guelmim["status"] == "ok" and guelmim["value"] == "12"
    assert all(row["value"] == "" or int(row["value"]) >= 5 for row in rows)


def test_it_suppresses_small_shares_in_the_open_data_json(client, small_cells) -> None:
    data = client.get("/fr/indicators/open-data/women_share_trained.json").json()
    cells = {row["scope_code"]: row for row in data["observations"]}
    # 2 women among 12 at Guelmim, 3 among 15 nationally: both reveal fewer than 5 women.
    assert cells["jazari-guelmim-oued-noun"] == {
        **cells["jazari-guelmim-oued-noun"],
        "value": None,
        "status": "suppressed",
        "numerator": None,
        "denominator": None,
    }
    assert cells["MA"]["status"] == "suppressed" and cells["MA"]["value"] is None
    assert "status" in data["dictionary"]


def test_it_suppresses_small_cells_in_the_api(client, small_cells) -> None:
    body = client.get("/api/v1/indicators/observations?indicator=people_trained&scope=institute").json()
    cells = {row["scope_code"]: row for row in body["results"]}
    assert cells["jazari-nador"]["value"] is None and cells["jazari-nador"]["suppressed"] is True
    assert cells["jazari-guelmim-oued-noun"]["value"] == "12"


def test_it_gives_the_exact_figure_in_the_api_to_a_role_that_reaches_it(small_cells, manager_a) -> None:
    body = client_for(manager_a).get(
        "/api/v1/indicators/observations?indicator=people_trained&institute=jazari-nador"
    )
    assert body.json()["results"][0] == {**body.json()["results"][0], "value": "3", "suppressed": False}


def test_it_suppresses_small_cells_in_the_steering_workbook(small_cells) -> None:
    workbook = load_workbook(io.BytesIO(steering_xlsx(small_cells, "fr")))
    regions = workbook.worksheets[1]
    header = [cell.value for cell in regions[1]]
    column = header.index("Personnes formées à l'IA") if "Personnes formées à l'IA" in header else 2
    by_code = {row[0].value: row[column].value for row in regions.iter_rows(min_row=2)}
    assert by_code["MA-02"] == "supprimé" or by_code["MA-02"] == "suppressed"
    assert by_code["MA-10"] == 12
