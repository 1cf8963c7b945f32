"""Reading a plain CSV file in columns (`_check_columns`) gives exactly what the row-by-row check gives, and
the import checks its own references when SQLite's row-by-row checks are off."""

import random
import threading
from datetime import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from jazari.activities import imports
from jazari.activities.imports import import_apply, import_parse, writer
from jazari.activities.models import Attendance, Registration, Session
from jazari.activities.tests.test_imports import workshop
from jazari.network.models import Person

pytestmark = pytest.mark.django_db

DAYS = ("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


GIVEN = ("Amina", "Youssef", " Salma", "Éric", "Zineb ", "Ahmed", "Ḥasan", "Fatima-Zahra")
FAMILY = ("Alaoui", "Tazi", "Bennani", "El Idrissi", "Ouazzani ", "Chraïbi")
ARABIC = ("أمينة", "يوسف", "سلمى", "")
PRESENT = ("oui", "non", "x", "1", "0", "", "Oui ", "NON", "yes", "absent", "✓")


def plain_rows(seed: int) -> tuple[list[str], list[list[str]]]:
    """A header and valid rows: people at some sessions, emails written in several ways, an extra column."""
    chance = random.Random(seed)
    header = ["prénom", "nom", "Courriel", "date", "présent"]
    arabic = chance.random() < 0.5
    if arabic:
        header.insert(2, "prénom_ar")
    extra = chance.random() < 0.5
    if extra:
        header.append("ville")
    rows = []
    for number in range(chance.randint(1, 40)):
        given, family = chance.choice(GIVEN), chance.choice(FAMILY)
        email = f"personne.{number}@exemple.ma"
        for day in chance.sample(DAYS, chance.randint(1, len(DAYS))):
            spelled = chance.choice((email, email.upper(), f" {email} "))
            written = day if chance.random() < 0.5 else datetime.fromisoformat(day).strftime("%d/%m/%Y")
            row = [given, family, spelled, written, chance.choice(PRESENT)]
            if arabic:
                row.insert(2, chance.choice(ARABIC))
            if extra:
                row.append(chance.choice(("Fès", "Rabat", "")))
            rows.append(row)
            given = chance.choice((given, chance.choice(GIVEN)))  # the names on the first row count
    chance.shuffle(rows)
    return header, rows


def spoiled(seed: int, header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The same file with one thing the column reader leaves to the row loop."""
    chance = random.Random(seed)
    rows = [list(row) for row in rows]
    where = chance.randrange(len(rows))
    email, day, present = header.index("Courriel"), header.index("date"), header.index("présent")
    change = seed % 9
    if change == 0:
        rows.insert(where, [""] * len(header))  # a blank line
    elif change == 1:
        rows.insert(where, list(rows[where]))  # the same presence twice, with the same value
    elif change == 2:
        twice = list(rows[where])
        twice[present] = (
            "non" if twice[present].strip().lower() in ("", "oui", "x", "1", "yes", "✓") else "oui"
        )
        rows.append(twice)  # the same presence twice, with the other value
    elif change == 3:
        rows[where][email] = "pas-une-adresse"
    elif change == 4:
        rows[where][day] = "09/09/2026"  # no session that day
    elif change == 5:
        rows[where][0] = ""
    elif change == 6:
        rows[where][1] = "N" * 101
    elif change == 7:
        rows[where] = rows[where][:-1]  # one cell short
    else:
        rows[where][day] = ""  # a registration only, among presences
    return header, rows


def encode(header, rows, seed: int, above: tuple[str, ...] = ()) -> bytes:
    """The file as text, with `above` (a title, blank lines) as its first lines."""
    chance = random.Random(seed)
    separator = chance.choice((";", ",", "\t"))
    end = chance.choice(("\n", "\r\n"))
    lines = [*above, *(separator.join(cells) for cells in [header, *rows])]
    text = end.join(lines) + chance.choice((end, ""))
    written = chance.choice(("utf-8", "utf-8", "utf-8-sig", "cp1252"))
    try:
        return text.encode(written)
    except UnicodeEncodeError:  # Arabic names or ✓ in Windows-1252
        return text.encode("utf-8")


def by_rows(data: bytes, activity) -> imports.ImportRecords:
    """What the row-by-row check alone makes of `data`."""
    text, _utf8 = imports._decode(data)
    return imports._check_rows(imports._csv_rows(text), imports._sessions_by_date(activity), None)


def same(one: imports.ImportRecords, other: imports.ImportRecords) -> None:
    assert list(one.people.items()) == list(other.people.items())
    assert [(pk, list(marks.items())) for pk, marks in one.attendance.items()] == [
        (pk, list(marks.items())) for pk, marks in other.attendance.items()
    ]
    assert (one.rows, one.valid_rows, one.errors, one.ignored_columns, one.header_line) == (
        other.rows,
        other.valid_rows,
        other.errors,
        other.ignored_columns,
        other.header_line,
    )


def test_it_reads_plain_valid_files_in_columns_as_the_row_loop_does(institute_a):
    activity = workshop(institute_a, days=DAYS)
    sessions = imports._sessions_by_date(activity)
    for seed in range(60):
        header, rows = plain_rows(seed)
        data = encode(header, rows, seed)
        text, utf8 = imports._decode(data)
        in_columns = imports._check_columns(text, utf8, sessions, None)
        assert in_columns is not None, (seed, text[:300])
        same(in_columns, by_rows(data, activity))
        same(import_parse(data, activity=activity, filename="liste.csv"), in_columns)


def test_it_leaves_every_other_file_to_the_row_loop_with_the_same_result(institute_a):
    activity = workshop(institute_a, days=DAYS)
    sessions = imports._sessions_by_date(activity)
    left = 0
    for seed in range(90):
        header, rows = spoiled(seed, *plain_rows(seed))
        data = encode(header, rows, seed)
        text, utf8 = imports._decode(data)
        left += imports._check_columns(text, utf8, sessions, None) is None
        same(import_parse(data, activity=activity, filename="liste.csv"), by_rows(data, activity))
    assert left == 90


@pytest.mark.parametrize(
    "text",
    [
        'given_name;family_name;email\n"Amina";Alaoui;amina@example.ma\n',  # quotes
        "\ngiven_name;family_name;email\nAmina;Alaoui;amina@example.ma\n",  # a blank line above the header
        "Liste de présence;;\ngiven_name;family_name;email\nAmina;Alaoui;amina@example.ma\n",  # a title
        "given_name;family_name;email\n",  # no rows
        "given_name;family_name;email\nAmina;Alaoui;amina@example.ma;extra\n",  # a cell too many
        "given_name;family_name;email\nAmina;Alaoui\x00;amina@example.ma\n",
        "given_name;family_name;email\nAmina;" + "A" * 200_000 + ";amina@example.ma\n",  # csv refuses it
    ],
)
def test_it_leaves_files_that_are_not_plain_to_the_row_loop(institute_a, text):
    activity = workshop(institute_a, days=DAYS)
    utf8 = text.encode()
    assert imports._check_columns(text, utf8, imports._sessions_by_date(activity), None) is None


TITLES = (
    ("Liste de présence — Atelier vision par ordinateur",),
    ("Liste de présence, atelier du 2 mars 2026", ""),
    ("Liste de présence;;;", ";;;", ""),
    ("", "Atelier\tFès"),
)


def test_it_leaves_a_file_with_a_title_above_its_header_to_the_row_loop_which_numbers_lines_after_it(
    institute_a,
):
    activity = workshop(institute_a, days=DAYS)
    sessions = imports._sessions_by_date(activity)
    for seed in range(40):
        header, rows = spoiled(seed, *plain_rows(seed)) if seed % 2 else plain_rows(seed)
        above = TITLES[seed % len(TITLES)]
        titled = encode(header, rows, seed, above)
        text, utf8 = imports._decode(titled)
        assert imports._check_columns(text, utf8, sessions, None) is None, seed
        records = import_parse(titled, activity=activity, filename="liste.csv")
        same(records, by_rows(titled, activity))
        without_title = import_parse(encode(header, rows, seed), activity=activity, filename="liste.csv")
        assert records.header_line == len(above) + 1
        shifted = [(error.line - len(above), error.column, error.reason) for error in records.errors]
        assert shifted == [(error.line, error.column, error.reason) for error in without_title.errors]
        without_title.errors, without_title.header_line = records.errors, records.header_line
        same(records, without_title)


def test_it_names_a_person_after_their_first_row_and_takes_every_spelling_of_an_address(institute_a):
    activity = workshop(institute_a, days=DAYS)
    text = (
        "given_name;family_name;email;session_date;present\n"
        "Amina;Alaoui;Amina@Example.ma ;02/03/2026;oui\n"
        "Youssef;Tazi;youssef@example.ma;02/03/2026;non\n"
        "Amina Z.;Alaoui;amina@example.ma;2026-03-03;x\n"
    )
    records = imports._check_columns(text, text.encode(), imports._sessions_by_date(activity), None)
    assert records is not None
    assert list(records.people) == ["amina@example.ma", "youssef@example.ma"]
    assert records.people["amina@example.ma"].given_name == "Amina"
    first, second = Session.objects.filter(activity=activity).order_by("starts_at")[:2]
    assert records.attendance == {
        first.pk: {"amina@example.ma": True, "youssef@example.ma": False},
        second.pk: {"amina@example.ma": True},
    }
    assert (records.rows, records.valid_rows, records.errors) == (3, 3, [])


CSV = (
    "given_name;family_name;email;session_date;present\n"
    "Amina;Alaoui;amina@example.ma;02/03/2026;oui\n"
    "Youssef;Tazi;youssef@example.ma;03/03/2026;non\n"
)


@pytest.mark.django_db(transaction=True)
def test_it_checks_its_own_references_when_sqlite_checks_are_off(institute_a, monkeypatch):
    activity = workshop(institute_a, days=DAYS)
    records = import_parse(CSV.encode(), activity=activity)
    checked = []
    check = imports._check_references
    monkeypatch.setattr(writer, "_check_references", lambda *args: checked.append(args[1:]) or check(*args))
    with connection.constraint_checks_disabled(), transaction.atomic():
        report = import_apply(activity=activity, records=records)
    assert (report.people_created, report.registrations_created, report.attendance_created) == (2, 2, 2)
    assert Attendance.objects.filter(session__activity=activity).count() == 2
    assert bool(checked) == (connection.vendor == "sqlite")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone() == (1,)  # on again for what follows


def test_the_reference_check_refuses_a_missing_person_or_another_activitys_session(institute_a):
    activity, other = workshop(institute_a, days=DAYS), workshop(institute_a, days=("2026-04-01",))
    person = Person.objects.create(given_name="Amina", family_name="Alaoui", email="amina@example.ma")
    mine = list(Session.objects.filter(activity=activity).values_list("pk", flat=True))
    imports._check_references(activity, [person.pk], mine)
    with pytest.raises(IntegrityError):
        imports._check_references(activity, [person.pk, person.pk + 1000], mine)
    with pytest.raises(IntegrityError):
        imports._check_references(activity, [person.pk], [Session.objects.get(activity=other).pk])
    assert Registration.objects.count() == 0


def test_new_people_get_keys_after_every_key_used_and_the_next_person_one_after_theirs(institute_a):
    activity = workshop(institute_a, days=DAYS)
    before = Person.objects.create(given_name="Ali", family_name="Benali", email="ali@example.ma")
    records = import_parse(
        (
            b"given_name;family_name;email;session_date;present\n"
            b"Zineb;Tazi;zineb@example.ma;02/03/2026;oui\n"
            b"Amina;Alaoui;amina@example.ma;02/03/2026;non\n"
            b"Youssef;Bennani;youssef@example.ma;03/03/2026;oui\n"
        ),
        activity=activity,
    )
    import_apply(activity=activity, records=records)
    imported = list(Person.objects.filter(pk__gt=before.pk).order_by("pk"))
    # In the order of their names, with identifiers in ascending order: each index takes them in one sweep.
    assert [person.family_name for person in imported] == ["Alaoui", "Bennani", "Tazi"]
    assert [person.public_id.hex for person in imported] == sorted(
        person.public_id.hex for person in imported
    )
    after = Person.objects.create(given_name="Salma", family_name="Idrissi", email="salma@example.ma")
    assert after.pk > imported[-1].pk
    registrations = Registration.objects.filter(activity=activity).order_by("pk")
    assert [registration.person_id for registration in registrations] == [person.pk for person in imported]


def test_the_helper_hands_over_what_it_raises_and_stops_when_the_caller_stops():
    def writes():
        yield lambda cursor: 1
        raise ValueError("a value the helper could not prepare")

    ahead = imports._ahead(writes())
    assert next(ahead)(None) == 1
    with pytest.raises(ValueError, match="could not prepare"):
        next(ahead)

    made = []

    def endless():
        while True:
            made.append(len(made))
            yield lambda cursor: 1

    ahead = imports._ahead(endless())
    next(ahead)
    ahead.close()  # the caller stops: the helper ends instead of preparing forever
    assert not any(thread.name == "import-writes" for thread in threading.enumerate())
    assert made
