"""Bulk import of registrations and attendance: reading spreadsheets as institutes keep them, the preview with
every rejected row, all-or-nothing confirmation, re-imports without duplicates, the background job."""

import html
import io
import re
import time
import uuid
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from openpyxl import Workbook

from jazari.activities import imports
from jazari.activities.imports import (
    ImportFileError,
    ImportRefused,
    RowError,
    columns,
    import_apply,
    import_parse,
    writer,
)
from jazari.activities.models import Activity, Attendance, Registration, Session
from jazari.conftest import client_for
from jazari.core.jobs import job_run
from jazari.core.models import Job
from jazari.network.models import Person

pytestmark = pytest.mark.django_db

TEMPLATE = Path(imports.__file__).parent.parent / "static" / "activities" / "templates"
HEADER = "given_name,family_name,email,session_date,present\n"
VALID = (
    HEADER + "Amina,Alaoui,amina@example.ma,02/03/2026,oui\n"
    "Amina,Alaoui,amina@example.ma,03/03/2026,non\n"
    "Youssef,Tazi,youssef@example.ma,2026-03-02,1\n"
    "Salma,Bennani,salma@example.ma,,\n"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English, the language of the source; pages are asked for under /en/."""
    with translation.override("en"):
        yield


def workshop(institute, days: tuple[str, ...] = ("2026-03-02", "2026-03-03", "2026-03-04")) -> Activity:
    """A workshop of `institute` with one morning session on each of `days`."""
    zone = timezone.get_current_timezone()
    starts = [datetime.fromisoformat(day).replace(hour=9, tzinfo=zone) for day in days]
    activity = Activity.objects.create(
        title="Atelier vision par ordinateur",
        kind=Activity.Kind.WORKSHOP,
        organiser=institute,
        region=institute.region,
        starts_at=starts[0],
        ends_at=starts[-1] + timedelta(hours=3),
    )
    for start in starts:
        Session.objects.create(activity=activity, starts_at=start, ends_at=start + timedelta(hours=3))
    return activity


def upload(client, activity, content: bytes | str, name: str = "liste.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(
        f"/en/workspace/imports/activities/{activity.public_id}/", {"file": SimpleUploadedFile(name, data)}
    )


def confirm(client, activity, preview, **fields):
    token = preview.context["form"]["token"].value()
    data = {"token": token, "consent": "on", **fields}
    return client.post(f"/en/workspace/imports/activities/{activity.public_id}/confirm/", data)


def written() -> tuple[int, int, int]:
    return Person.objects.count(), Registration.objects.count(), Attendance.objects.count()


def present_at(activity, email: str, day: int) -> bool:
    return Attendance.objects.get(
        session__activity=activity, session__starts_at__day=day, person__email=email
    ).present


# --- The preview ------------------------------------------------------------------------------------------


def test_it_lists_every_rejected_row_with_its_line_column_and_reason_and_writes_nothing(
    manager_a, institute_a
):
    activity = workshop(institute_a)
    content = (
        "Prénom;Nom;Courriel;Date;Présent\n"
        "Amina;Alaoui;amina@example.ma;02/03/2026;oui\n"
        ";Tazi;youssef@example.ma;02/03/2026;oui\n"
        "Salma;Bennani;salma-at-example.ma;02/03/2026;oui\n"
        "Karim;Idrissi;karim@example.ma;31/02/2026;oui\n"
        "Nadia;Fassi;nadia@example.ma;15/03/2026;oui\n"
        "Omar;Berrada;omar@example.ma;03/03/2026;peut-être\n"
    )
    before = written()

    response = upload(client_for(manager_a), activity, content)

    assert response.status_code == 422
    errors = response.context["records"].errors
    assert [(error.line, error.column) for error in errors] == [
        (3, "Prénom"),
        (4, "Courriel"),
        (5, "Date"),
        (6, "Date"),
        (7, "Présent"),
    ]
    assert errors[0].reason == "The name is missing."
    assert "salma-at-example.ma" in errors[1].reason
    assert "“31/02/2026” is not a date" in errors[2].reason
    assert (
        "no session on 15/03/2026" in errors[3].reason
        and "02/03/2026, 03/03/2026, 04/03/2026" in errors[3].reason
    )
    assert "“peut-être” is not a presence" in errors[4].reason
    for error in errors:
        assert error.reason in response.text
    assert response.context["records"].valid_rows == 1
    assert written() == before


def test_it_counts_what_confirming_would_do(manager_a, institute_a):
    activity = workshop(institute_a)
    response = upload(client_for(manager_a), activity, VALID)
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.people_created, report.registrations_created) == (3, 3)
    assert (report.attendance_created, report.attendance_updated) == (3, 0)
    assert not Person.objects.exists()


def test_it_explains_an_unknown_session_date_with_the_activitys_dates(manager_a, institute_a):
    activity = workshop(institute_a, days=("2026-03-02",))
    response = upload(
        client_for(manager_a), activity, HEADER + "Amina,Alaoui,amina@example.ma,09/03/2026,oui\n"
    )
    assert response.status_code == 422
    assert "The activity has no session on 09/03/2026. Its sessions are on: 02/03/2026." in response.text
    assert response.context["records"].valid_rows == 0
    assert "Correct the file and upload it again" in response.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\n \n", "The file is empty."),
        (HEADER.encode(), "The file has no rows under its header line."),
        (
            b"nom complet;mail\nAmina Alaoui;amina@example.ma\n",
            "Required columns are missing: given_name, family_name.",
        ),
        (b"given_name,prenom,family_name,email\nA,B,C,d@example.ma\n", "Keep only one."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest of an old workbook", "old Excel file (.xls)"),
        (b"PK\x03\x04 not really a workbook", "This Excel workbook could not be read"),
    ],
)
def test_it_refuses_a_file_it_cannot_read_with_a_clear_message(manager_a, institute_a, content, message):
    activity = workshop(institute_a)
    response = upload(client_for(manager_a), activity, content)
    assert response.status_code == 400
    assert message in response.text
    assert not Person.objects.exists()


def test_it_refuses_a_file_larger_than_20_megabytes(manager_a, institute_a):
    activity = workshop(institute_a)
    response = upload(client_for(manager_a), activity, HEADER + "x" * (20 * 1024 * 1024))
    assert response.status_code == 400
    assert "the limit is 20 MB" in response.text


# --- Reading files as institutes keep them -----------------------------------------------------------------


def test_it_reads_windows_1252_with_semicolons_and_day_first_dates(manager_a, institute_a):
    activity = workshop(institute_a)
    content = (
        "prénom;nom;e-mail;date de la séance;présence\r\n"
        "Hélène;Aït Benhaddou;Helene.Ait@Example.ma;02/03/2026;Oui\r\n"
        "Hélène;Aït Benhaddou;helene.ait@example.ma;03/03/2026;NON\r\n"
        "Zoé;Lahlou;zoe@example.ma;4/3/2026;x\r\n"
    ).encode("cp1252")
    client = client_for(manager_a)

    response = confirm(client, activity, upload(client, activity, content))

    assert response.status_code == 302
    helene = Person.objects.get(email="helene.ait@example.ma")
    assert (helene.given_name, helene.family_name) == ("Hélène", "Aït Benhaddou")
    assert present_at(activity, "helene.ait@example.ma", 2) is True
    assert present_at(activity, "helene.ait@example.ma", 3) is False
    assert present_at(activity, "zoe@example.ma", 4) is True
    assert "helene" in helene.search_text and "ait" in helene.search_text


def test_it_reads_utf8_with_a_byte_order_mark(institute_a):
    activity = workshop(institute_a)
    content = "\ufeffgiven_name,family_name,email,session_date\nÉlise,Ouazzani,elise@example.ma,2026-03-02\n"
    records = import_parse(content.encode("utf-8"), activity=activity)
    assert records.errors == []
    assert records.people["elise@example.ma"].given_name == "Élise"
    assert records.attendance_rows == 1


def test_it_reads_an_excel_workbook(manager_a, institute_a):
    activity = workshop(institute_a)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Given name", "Family name", "Email", "Session date", "Present"])
    sheet.append(["Amina", "Alaoui", "amina@example.ma", datetime(2026, 3, 2), True])
    sheet.append(["Amina", "Alaoui", "amina@example.ma", "03/03/2026", "non"])
    sheet.append([None, None, None, None, None])
    sheet.append(["Youssef", "Tazi", "youssef@example.ma", datetime(2026, 3, 4), 0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = client_for(manager_a)

    preview = upload(client, activity, buffer.getvalue(), name="presences.xlsx")
    assert preview.status_code == 200, preview.context["records"].errors
    confirm(client, activity, preview)

    assert present_at(activity, "amina@example.ma", 2) is True
    assert present_at(activity, "amina@example.ma", 3) is False
    assert present_at(activity, "youssef@example.ma", 4) is False
    assert Registration.objects.filter(activity=activity).count() == 2


def test_it_reports_lines_of_an_excel_workbook_as_the_spreadsheet_numbers_them(institute_a):
    activity = workshop(institute_a)
    workbook = Workbook()
    workbook.active.append(["given_name", "family_name", "email"])
    workbook.active.append(["Amina", "Alaoui", "amina@example.ma"])
    workbook.active.append(["Youssef", "Tazi", 42])
    buffer = io.BytesIO()
    workbook.save(buffer)
    records = import_parse(buffer.getvalue(), activity=activity, filename="liste.xlsx")
    assert records.errors == [RowError(3, "email", "“42” is not a valid email address.")]


def attendance_sheet(*rows: list) -> bytes:
    """A workbook as institutes keep it: a title merged over the columns, a blank row, then `rows`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Liste de présence — Atelier vision par ordinateur, Fès"])
    sheet.merge_cells("A1:E1")
    sheet.append([])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_imports_a_workbook_whose_column_names_are_under_a_title_and_a_blank_row(manager_a, institute_a):
    activity = workshop(institute_a)
    content = attendance_sheet(
        ["Prénom", "Nom", "Courriel", "Date de la séance", "Présence"],
        ["Amina", "Alaoui", "amina@example.ma", datetime(2026, 3, 2), "oui"],
        ["Youssef", "Tazi", "youssef@example.ma", "03/03/2026", "non"],
    )
    client = client_for(manager_a)

    preview = upload(client, activity, content, name="presences.xlsx")

    assert preview.status_code == 200, preview.context["records"].errors
    assert preview.context["records"].header_line == 3
    assert preview.context["records"].rows == 2
    assert "The column names were found on line 3; the lines above it were skipped." in preview.text
    assert confirm(client, activity, preview).status_code == 302
    assert present_at(activity, "amina@example.ma", 2) is True
    assert present_at(activity, "youssef@example.ma", 3) is False


def test_it_numbers_the_rejected_rows_of_a_workbook_with_a_title_as_the_spreadsheet_does(
    manager_a, institute_a
):
    activity = workshop(institute_a)
    content = attendance_sheet(
        ["given_name", "family_name", "email", "session_date"],
        ["Amina", "Alaoui", "amina@example.ma", "02/03/2026"],
        [None, None, None, None],
        ["Youssef", "Tazi", "youssef-at-example.ma", "02/03/2026"],
        ["Salma", "Bennani", "salma@example.ma", "31/02/2026"],
    )

    response = upload(client_for(manager_a), activity, content, name="presences.xlsx")

    assert response.status_code == 422
    records = response.context["records"]
    assert [(error.line, error.column) for error in records.errors] == [(6, "email"), (7, "session_date")]
    assert "Lines are numbered as in the spreadsheet: the column names are on line 3." in response.text
    assert (records.header_line, records.rows, records.valid_rows) == (3, 3, 1)


def test_it_finds_the_column_names_of_a_csv_file_under_a_title_written_with_another_separator(institute_a):
    activity = workshop(institute_a)
    content = (
        "Liste de présence, atelier du 2 mars 2026\r\n"
        "\r\n"
        "prénom;nom;e-mail;date\r\n"
        "Hélène;Aït Benhaddou;helene@example.ma;02/03/2026\r\n"
        "Zoé;Lahlou;zoe-at-example.ma;02/03/2026\r\n"
    ).encode("cp1252")

    records = import_parse(content, activity=activity, filename="liste.csv")

    assert records.header_line == 3
    assert list(records.people) == ["helene@example.ma"]
    assert [(error.line, error.column) for error in records.errors] == [(5, "e-mail")]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            attendance_sheet(["Prénom", "Nom", "Ville"], ["Amina", "Alaoui", "Fès"]),
            "presences.xlsx",
            "Required columns are missing: email. One of the first 10 lines must name the columns, for "
            "example given_name, family_name, email; the closest, line 3, names: “Prénom”, “Nom”, “Ville”.",
        ),
        (
            "Liste de présence\n" + "Amina;Alaoui;amina@example.ma\n" * 20,
            "liste.csv",
            "Required columns are missing: given_name, family_name, email. One of the first 10 lines must "
            "name the columns",
        ),
        (
            "Liste de présence\n" + "\n" * 10 + HEADER + "Amina,Alaoui,amina@example.ma,,\n",
            "liste.csv",
            "the closest, line 1, names: “Liste de présence”.",
        ),
        (";;;\n" * 12 + HEADER, "liste.csv", "The first 10 lines are blank"),
    ],
    ids=["workbook-without-email", "csv-without-header", "header-below-line-10", "blank-lines"],
)
def test_it_refuses_a_file_without_column_names_in_its_first_lines_and_says_what_is_missing(
    manager_a, institute_a, content, name, message
):
    activity = workshop(institute_a)
    response = upload(client_for(manager_a), activity, content, name=name)
    assert response.status_code == 400
    assert message in html.unescape(response.text)
    assert not Person.objects.exists()


def test_it_keeps_arabic_and_latin_names(manager_a, institute_a):
    activity = workshop(institute_a)
    content = (
        "given_name,family_name,email,given_name_ar,family_name_ar,session_date\n"
        "Fatima Zahra,El Idrissi,fz@example.ma,فاطمة الزهراء,الإدريسي,02/03/2026\n"
        "محمد,العلوي,mohammed@example.ma,محمد,العلوي,02/03/2026\n"
    )
    client = client_for(manager_a)
    confirm(client, activity, upload(client, activity, content))
    fatima = Person.objects.get(email="fz@example.ma")
    assert (fatima.given_name_ar, fatima.family_name_ar) == ("فاطمة الزهراء", "الإدريسي")
    assert Person.objects.get(email="mohammed@example.ma").given_name == "محمد"
    assert "فاطمه" in fatima.search_text  # the search column is filled, normalised as for any person


def test_it_understands_the_usual_ways_of_writing_presence_and_dates(institute_a):
    activity = workshop(institute_a)
    rows = [
        ("a", "02/03/2026", "oui", True),
        ("b", "2026-03-02", "NON", False),
        ("c", "2.3.2026", "yes", True),
        ("d", "02-03-2026", "no", False),
        ("e", "2026-03-02 00:00:00", "1", True),
        ("f", "02/03/2026", "0", False),
        ("g", "02/03/2026", "X", True),
        ("h", "02/03/2026", "", True),
        ("i", "02/03/2026", "Absent", False),
        ("j", "02/03/2026", "Présente", True),
    ]
    content = HEADER + "".join(f"N,N,{who}@example.ma,{day},{value}\n" for who, day, value, _ in rows)
    records = import_parse(content.encode(), activity=activity)
    assert records.errors == []
    (marks,) = records.attendance.values()
    assert marks == {f"{who}@example.ma": present for who, _, _, present in rows}


def test_it_rejects_the_same_presence_given_twice_with_different_values(institute_a):
    activity = workshop(institute_a)
    rows = [
        "A,B,a@example.ma,02/03/2026,oui",
        "A,B,A@example.ma,02/03/2026,oui",
        "A,B,a@example.ma,02/03/2026,non",
    ]
    content = HEADER + "\n".join(rows) + "\n"
    records = import_parse(content.encode(), activity=activity)
    assert [(error.line, error.column) for error in records.errors] == [(4, "present")]
    assert records.valid_rows == 2


def test_it_imports_the_downloadable_template(institute_a, client):
    activity = workshop(institute_a)
    response = client.get("/static/activities/templates/import-registrations-attendance.csv")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    records = import_parse(data, activity=activity)
    assert records.errors == []
    assert records.rows == 4 and len(records.people) == 3


# --- Confirming ---------------------------------------------------------------------------------------------


def test_it_writes_nothing_when_rejected_rows_are_not_explicitly_skipped(manager_a, institute_a):
    activity = workshop(institute_a)
    client = client_for(manager_a)
    preview = upload(client, activity, VALID + "Karim,Idrissi,karim@,02/03/2026,oui\n")

    refused = confirm(client, activity, preview)
    assert refused.status_code == 400
    assert "tick this box to import the valid rows" in refused.text
    assert written() == (0, 0, 0)

    accepted = confirm(client, activity, preview, skip_rejected="on")
    assert accepted.status_code == 302
    assert written() == (3, 3, 3)
    assert not Person.objects.filter(given_name="Karim").exists()


def test_it_asks_that_the_people_agreed_to_the_privacy_notice(manager_a, institute_a):
    activity = workshop(institute_a)
    client = client_for(manager_a)
    preview = upload(client, activity, VALID)
    token = preview.context["form"]["token"].value()
    response = client.post(
        f"/en/workspace/imports/activities/{activity.public_id}/confirm/", {"token": token}
    )
    assert response.status_code == 400
    assert written() == (0, 0, 0)


def test_it_imports_a_file_and_records_consent_and_method(manager_a, institute_a):
    activity = workshop(institute_a)
    client = client_for(manager_a)
    response = confirm(client, activity, upload(client, activity, VALID))
    assert response.status_code == 302
    assert written() == (3, 3, 3)
    registration = Registration.objects.get(person__email="salma@example.ma")
    assert registration.status == Registration.Status.REGISTERED and registration.consent_at is not None
    assert registration.manage_token and registration.public_id
    assert set(Attendance.objects.values_list("method", flat=True)) == {Attendance.Method.LIST_UPLOAD}
    assert default_storage.listdir("imports")[1] == []  # the kept file is deleted


def test_it_imports_all_or_nothing(institute_a, monkeypatch):
    activity = workshop(institute_a)
    records = import_parse(VALID.encode(), activity=activity)

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(writer, "_write_attendance", broken)
    with pytest.raises(RuntimeError), transaction.atomic():
        import_apply(activity=activity, records=records)
    assert written() == (0, 0, 0)


def test_it_refuses_rejected_rows_in_import_apply_too(institute_a):
    activity = workshop(institute_a)
    records = import_parse((VALID + "X,Y,not-an-address,,\n").encode(), activity=activity)
    with pytest.raises(ImportRefused):
        import_apply(activity=activity, records=records)
    assert written() == (0, 0, 0)


def test_it_creates_no_duplicate_when_the_same_file_is_imported_twice(manager_a, institute_a):
    activity = workshop(institute_a)
    client = client_for(manager_a)
    confirm(client, activity, upload(client, activity, VALID))
    first = written()

    again = upload(client, activity, VALID)
    report = again.context["report"]
    assert (report.people_created, report.registrations_created, report.attendance_created) == (0, 0, 0)
    assert (report.people_reused, report.registrations_existing, report.attendance_unchanged) == (3, 3, 3)
    confirm(client, activity, again)

    assert written() == first == (3, 3, 3)


def test_it_corrects_a_presence_that_changed_on_a_new_import(manager_a, institute_a):
    activity = workshop(institute_a)
    client = client_for(manager_a)
    confirm(client, activity, upload(client, activity, VALID))
    changed = VALID.replace("03/03/2026,non", "03/03/2026,oui")

    preview = upload(client, activity, changed)
    assert preview.context["report"].attendance_updated == 1
    confirm(client, activity, preview)

    assert present_at(activity, "amina@example.ma", 3) is True
    assert written() == (3, 3, 3)


def test_it_reuses_a_known_person_found_by_email_whatever_the_case(manager_a, institute_a):
    activity = workshop(institute_a)
    known = Person.objects.create(given_name="Amina", family_name="Alaoui", email="Amina@Example.MA")
    client = client_for(manager_a)
    confirm(client, activity, upload(client, activity, VALID))
    assert Person.objects.filter(given_name="Amina").count() == 1
    assert Registration.objects.filter(activity=activity, person=known).exists()


def test_it_refuses_a_confirmation_without_a_checked_file(manager_a, institute_a):
    activity = workshop(institute_a)
    response = client_for(manager_a).post(
        f"/en/workspace/imports/activities/{activity.public_id}/confirm/",
        {"token": "forged", "consent": "on"},
    )
    assert response.status_code == 400
    assert "upload it again" in response.text


def test_it_refuses_a_kept_file_that_was_changed(manager_a, institute_a):
    activity = workshop(institute_a)
    client = client_for(manager_a)
    preview = upload(client, activity, VALID)
    (name,) = default_storage.listdir("imports")[1]
    with default_storage.open(f"imports/{name}", "wb") as kept:
        kept.write(VALID.replace("Salma", "Intrus").encode())
    response = confirm(client, activity, preview)
    assert response.status_code == 400
    assert written() == (0, 0, 0)


# --- Who may import ---------------------------------------------------------------------------------------


def test_it_hides_the_activity_of_another_institute(manager_b, manager_a, institute_a):
    activity = workshop(institute_a)
    client_a, client_b = client_for(manager_a), client_for(manager_b)
    preview = upload(client_a, activity, VALID)

    assert client_b.get(f"/en/workspace/imports/activities/{activity.public_id}/").status_code == 404
    assert upload(client_b, activity, VALID).status_code == 404
    token = preview.context["form"]["token"].value()
    response = client_b.post(
        f"/en/workspace/imports/activities/{activity.public_id}/confirm/", {"token": token, "consent": "on"}
    )
    assert response.status_code == 404
    assert written() == (0, 0, 0)


def test_it_lets_a_coordinator_import_anywhere(coordinator, institute_b):
    activity = workshop(institute_b)
    client = client_for(coordinator)
    assert confirm(client, activity, upload(client, activity, VALID)).status_code == 302
    assert Registration.objects.filter(activity=activity).count() == 3


def test_it_sends_an_anonymous_visitor_to_log_in(client, institute_a):
    activity = workshop(institute_a)
    response = client.get(f"/en/workspace/imports/activities/{activity.public_id}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_shows_the_upload_page_with_the_columns_and_the_template(manager_a, institute_a):
    activity = workshop(institute_a)
    response = client_for(manager_a).get(f"/en/workspace/imports/activities/{activity.public_id}/")
    assert response.status_code == 200
    assert "import-registrations-attendance.csv" in response.text
    assert "session_date" in response.text and "02/03/2026" in response.text


# --- Large files: the background job ------------------------------------------------------------------------


def test_it_imports_a_large_file_in_the_background_with_progress(manager_a, institute_a, settings):
    settings.JAZARI_IMPORT_BACKGROUND_ROWS = 3
    activity = workshop(institute_a)
    client = client_for(manager_a)

    response = confirm(client, activity, upload(client, activity, VALID))

    job = Job.objects.get(kind="activities.import_attendance")
    assert (
        response.status_code == 302 and response["Location"] == f"/en/workspace/imports/jobs/{job.public_id}/"
    )
    assert written() == (0, 0, 0)  # nothing until the worker runs it
    page = client.get(response["Location"])
    assert page.status_code == 200 and f'id="job-{job.public_id}"' in page.text

    job = job_run(job.pk)

    assert job.status == Job.Status.SUCCEEDED, job.error
    assert written() == (3, 3, 3)
    assert job.result_url.endswith(f"/workspace/activities/{activity.public_id}/manage/")
    assert any("3 people created" in message for message in job.messages)
    assert default_storage.listdir("imports")[1] == []


def test_it_leaves_nothing_written_when_the_background_job_fails(
    manager_a, institute_a, settings, monkeypatch
):
    settings.JAZARI_IMPORT_BACKGROUND_ROWS = 3
    activity = workshop(institute_a)
    client = client_for(manager_a)
    confirm(client, activity, upload(client, activity, VALID))

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(writer, "_write_attendance", broken)
    job = job_run(Job.objects.get(kind="activities.import_attendance").pk)

    assert job.status == Job.Status.FAILED and job.error == "the disk is full"
    assert written() == (0, 0, 0)
    assert default_storage.listdir("imports")[1] == []


def test_it_fails_the_job_when_rejected_rows_were_not_skipped(manager_a, institute_a, settings):
    settings.JAZARI_IMPORT_BACKGROUND_ROWS = 1
    activity = workshop(institute_a)
    client = client_for(manager_a)
    preview = upload(client, activity, VALID + "Karim,Idrissi,karim@,02/03/2026,oui\n")
    confirm(client, activity, preview, skip_rejected="on")
    Session.objects.filter(activity=activity, starts_at__day=3).delete()  # the activity changed meanwhile
    job = Job.objects.get(kind="activities.import_attendance")
    job.parameters["skip_rejected"] = False
    job.save()

    job = job_run(job.pk)

    assert job.status == Job.Status.FAILED and "nothing was imported" in job.error
    assert written() == (0, 0, 0)


def test_it_shows_an_import_job_only_to_the_person_who_started_it(
    manager_a, manager_b, institute_a, settings
):
    settings.JAZARI_IMPORT_BACKGROUND_ROWS = 3
    activity = workshop(institute_a)
    client = client_for(manager_a)
    confirm(client, activity, upload(client, activity, VALID))
    job = Job.objects.get(kind="activities.import_attendance")
    assert client_for(manager_b).get(f"/en/workspace/imports/jobs/{job.public_id}/").status_code == 404


# --- The parser on its own ----------------------------------------------------------------------------------


def test_it_raises_a_file_error_for_text_that_is_neither_utf8_nor_windows_1252(institute_a):
    activity = workshop(institute_a)
    with pytest.raises(ImportFileError):
        import_parse(b"given_name,family_name,email\n\x81\x8d\x8f,x,y@example.ma\n", activity=activity)


def test_it_reports_progress_while_reading(institute_a):
    activity = workshop(institute_a)
    seen: list[float] = []
    import_parse(VALID.encode(), activity=activity, progress=seen.append)
    assert seen[-1] == 1.0


def test_the_identifiers_and_keys_it_makes_are_random_version_4_uuids_and_url_safe_keys(institute_a):
    identifiers = imports._random_uuids(2_000)
    parsed = [uuid.UUID(hex=identifier) for identifier in identifiers]
    assert all(value.version == 4 and value.variant == uuid.RFC_4122 for value in parsed)
    assert [value.hex for value in parsed] == identifiers
    keys = imports._random_tokens(2_000)
    assert all(len(key) == 32 and re.fullmatch(r"[A-Za-z0-9_-]+", key) for key in keys)
    assert len(set(identifiers)) == len(set(keys)) == 2_000
    assert identifiers == sorted(identifiers) and keys == sorted(keys)  # for their unique indexes

    activity = workshop(institute_a)
    import_apply(activity=activity, records=import_parse(VALID.encode(), activity=activity))
    registration = Registration.objects.select_related("person").get(person__email="amina@example.ma")
    assert registration.person.public_id.version == 4 and registration.public_id.version == 4
    assert len(registration.manage_token) == 32


def workbook_bytes(*rows, at_row: int | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["given_name", "family_name", "email", "session_date", "present"])
    for row in rows:
        sheet.append(row)
    if at_row:
        sheet.cell(row=at_row, column=1, value="Far")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_refuses_a_workbook_that_unpacks_to_far_more_than_it_weighs(institute_a):
    activity = workshop(institute_a)
    bomb = io.BytesIO()
    real_workbook = io.BytesIO(workbook_bytes(["Amina", "Alaoui", "amina@example.ma", "", ""]))
    with zipfile.ZipFile(real_workbook) as real, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as crafted:
        for info in real.infolist():
            crafted.writestr(info, real.read(info))
        crafted.writestr("xl/media/padding.bin", bytes(50 * 1024 * 1024))
    started = time.perf_counter()
    with pytest.raises(ImportFileError, match="expands more than 100 times"):
        import_parse(bomb.getvalue(), activity=activity, filename="liste.xlsx")
    assert time.perf_counter() - started < 10


def test_it_stops_a_workbook_whose_rows_are_numbered_past_the_limit(institute_a, monkeypatch):
    monkeypatch.setattr(columns, "MAX_ROWS", 50)
    activity = workshop(institute_a)
    data = workbook_bytes(["Amina", "Alaoui", "amina@example.ma", "2026-03-02", "1"], at_row=5_000)
    with pytest.raises(ImportFileError, match="more than 50 rows"):
        import_parse(data, activity=activity, filename="liste.xlsx")
