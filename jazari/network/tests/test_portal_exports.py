"""Every list of the portal downloads as CSV or XLSX with the page's filters, and never with more than the
page may show."""

import csv
import io

import pytest
from openpyxl import load_workbook

from jazari.network.models import Organisation, Person, Region

pytestmark = pytest.mark.django_db


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_sheet(response):
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


@pytest.fixture
def experts(reference):
    rabat = Region.objects.get(code="MA-04")
    shown = Person.objects.create(
        given_name="Salma",
        family_name="Bennani",
        family_name_ar="بناني",
        given_name_ar="سلمى",
        email="salma@example.ma",
        gender=Person.Gender.FEMALE,
        region=rabat,
        consent_public_profile=True,
    )
    Person.objects.create(given_name="Youssef", family_name="Tazi", consent_public_profile=True)
    Person.objects.create(
        given_name="Karim",
        family_name="Ouazzani",
        email="karim@example.ma",
        region=rabat,
        consent_public_profile=False,
    )
    return shown


def test_it_downloads_the_filtered_institutes_as_csv_with_a_header(client, reference):
    table = csv_rows(client.get("/en/institutes/?region=MA-04&ordering=name&export=csv"))
    assert table[0][:3] == ["Short name", "Name", "Kind"]
    assert [row[0] for row in table[1:]] == ["jazari-root", "lab-mistral-mtnra"]
    root = table[1]
    assert root[3:5] == ["MA-04", "Rabat-Sale-Kenitra"]
    assert "Hub" in root


def test_it_downloads_the_institutes_as_xlsx(client, reference):
    sheet = xlsx_sheet(client.get("/fr/institutes/?status=agreement_signed&export=xlsx"))
    values = list(sheet.values)
    assert len(values[0]) == 12 and values[0][1] == "Nom"
    assert len(values) == 1 + 5
    assert sheet.sheet_view.rightToLeft is not True


def test_it_writes_an_arabic_xlsx_right_to_left(client, reference):
    sheet = xlsx_sheet(client.get("/ar/institutes/?region=MA-02&export=xlsx"))
    assert sheet.sheet_view.rightToLeft is True
    values = list(sheet.values)
    assert len(values) == 2
    assert "jazari-nador" in values[1]
    assert "جهة الشرق" in values[1]


def test_it_downloads_the_filtered_organisations(client, reference):
    Organisation.objects.create(
        name="Coopérative Argan",
        name_ar="تعاونية أركان",
        kind="cooperative",
        region=Region.objects.get(code="MA-09"),
    )
    table = csv_rows(client.get("/fr/organisations/?kind=cooperative&export=csv"))
    assert len(table) == 2
    assert table[1][:2] == ["Coopérative Argan", "تعاونية أركان"]
    sheet = xlsx_sheet(client.get("/ar/organisations/?kind=cooperative&export=xlsx"))
    assert [row[0] for row in sheet.values][1:] == ["Coopérative Argan"]
    assert sheet.sheet_view.rightToLeft is True


def test_it_downloads_only_public_experts_and_never_their_email_or_gender(client, experts):
    table = csv_rows(client.get("/en/experts/?export=csv"))
    header, body = table[0], table[1:]
    assert "Given name" in header and not {"Email address", "Gender", "email", "gender"} & set(header)
    assert sorted(row[1] for row in body) == ["Bennani", "Tazi"]
    flat = " ".join(" ".join(row) for row in table)
    assert "Ouazzani" not in flat and "@" not in flat and "Woman" not in flat
    filtered = csv_rows(client.get("/en/experts/?region=MA-04&export=csv"))
    assert [row[1] for row in filtered[1:]] == ["Bennani"]
    sheet = xlsx_sheet(client.get("/ar/experts/?q=ouazzani&export=xlsx"))
    assert len(list(sheet.values)) == 1  # the header alone: the person without consent stays out
    assert sheet.sheet_view.rightToLeft is True


def test_it_keeps_the_filters_in_the_download_links(client, reference):
    html = client.get("/en/institutes/?region=MA-04").text
    assert 'href="?region=MA-04&amp;export=csv&amp;page="' in html
    assert 'href="?region=MA-04&amp;export=xlsx&amp;page="' in html


def test_it_ignores_an_unknown_export_format(client, reference):
    response = client.get("/en/institutes/?export=pdf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
