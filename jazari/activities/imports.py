"""Bulk import of registrations and attendance for one activity, from the spreadsheets institutes keep.

A file (CSV or Excel workbook) lists people, one row each time a person took part: their names and email
address, and, for attendance, the date of the session and whether they were present. The import runs in
two steps:

1. `import_parse` reads the file and checks every row. A row that cannot be imported is *rejected* with its
   line, its column and a reason the person who prepared the file can act on; nothing is written.
   `import_preview` then says what confirming would create or change.
2. `import_apply` writes the checked rows, all or nothing, inside the caller's transaction. Rows are matched
   on natural keys (a person by email address, a registration by activity and person, attendance by session
   and person), so importing the same file again creates nothing new; it only corrects presences that
   changed.

Files of more than `background_rows()` rows are imported by the job `activities.import_attendance`.
The expected columns are documented for users in `docs/imports.md`, with a template to download.
"""

import base64
import codecs
import csv
import gc
import hashlib
import io
import json
import operator
import os
import queue
import re
import secrets
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from itertools import compress
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import EmailValidator
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.db.models.constants import OnConflict
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jazari.activities.models import Activity, Attendance, Registration, Session
from jazari.core import archives
from jazari.core.jobs import JobContext, job_handler
from jazari.network.models import Person

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2_000_000  # a 20 MB file holds far fewer; this bounds what a compressed workbook may unfold to
BACKGROUND_ROWS = 2_000
JOB_KIND = "activities.import_attendance"
STORAGE_FOLDER = "imports"
NAME_MAX_LENGTH = 100
HEADER_SEARCH_LINES = 10  # the column names may sit under a title and blank lines, on one of these
EMAIL_MAX_LENGTH = 254

ProgressCallback = Callable[[float], None]


def background_rows() -> int:
    """Files with more rows than this are imported by a background job (setting
    `JAZARI_IMPORT_BACKGROUND_ROWS`, read when asked so that tests may lower it)."""
    return int(getattr(settings, "JAZARI_IMPORT_BACKGROUND_ROWS", BACKGROUND_ROWS))


# --- The columns of a file ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportColumn:
    """A column the import understands: its canonical name, what it means, and the headers that name it."""

    name: str
    label: Promise
    required: bool
    aliases: tuple[str, ...]
    help: Promise


COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn(
        "given_name",
        gettext_lazy("Given name"),
        True,
        ("given_name", "first_name", "firstname", "givenname", "prénom", "prénoms", "الاسم الشخصي"),
        gettext_lazy("In Latin or Arabic script."),
    ),
    ImportColumn(
        "family_name",
        gettext_lazy("Family name"),
        True,
        ("family_name", "last_name", "lastname", "surname", "nom", "nom de famille", "الاسم العائلي"),
        gettext_lazy("In Latin or Arabic script."),
    ),
    ImportColumn(
        "email",
        gettext_lazy("Email address"),
        True,
        ("email", "e-mail", "mail", "courriel", "adresse email", "adresse électronique", "البريد الإلكتروني"),
        gettext_lazy("Identifies the person: someone already known with this address is reused."),
    ),
    ImportColumn(
        "given_name_ar",
        gettext_lazy("Given name (Arabic script)"),
        False,
        ("given_name_ar", "first_name_ar", "prénom_ar", "prénom arabe", "prénom en arabe"),
        gettext_lazy("Optional."),
    ),
    ImportColumn(
        "family_name_ar",
        gettext_lazy("Family name (Arabic script)"),
        False,
        ("family_name_ar", "last_name_ar", "nom_ar", "nom arabe", "nom en arabe"),
        gettext_lazy("Optional."),
    ),
    ImportColumn(
        "session_date",
        gettext_lazy("Session date"),
        False,
        (
            "session_date",
            "date",
            "date de la session",
            "date de session",
            "date de la séance",
            "date de séance",
            "séance",
            "jour",
            "التاريخ",
        ),
        gettext_lazy(
            "Optional: dd/mm/yyyy or yyyy-mm-dd. When given, the row is the person's attendance at the "
            "activity's session of that day; when empty, the row is a registration only."
        ),
    ),
    ImportColumn(
        "present",
        gettext_lazy("Present"),
        False,
        ("present", "présent", "présence", "présente", "attended", "attendance", "حاضر"),
        gettext_lazy("Optional: oui/non, yes/no, 1/0 or x. Empty means present."),
    ),
)
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}

_NOT_WORD = re.compile(r"[^\w]+")


def _fold(text: str) -> str:
    """`text` without case, accents or Arabic vowel marks, words joined by "_": how headers are compared."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\ufeff", "").casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub("_", bare).strip("_")


_ALIASES = {_fold(alias): column.name for column in COLUMNS for alias in column.aliases}

# What a presence cell may say (compared without case or accents); an empty cell means present.
_TRUE = frozenset({"oui", "o", "yes", "y", "1", "x", "vrai", "true", "present", "presente", "p", "✓", "✔"})
_TRUE_ARABIC = frozenset({"نعم", "حاضر"})
_FALSE = frozenset({"non", "n", "no", "0", "faux", "false", "absent", "absente", "a", "-", "لا", "غائب"})
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?")


# --- What reading a file gives --------------------------------------------------------------------------


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (empty, unreadable, a required column missing): why."""


class ImportRefused(ValueError):
    """Confirming was refused: the file has rejected rows and the user did not ask to skip them."""


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one cell of one row was rejected. `line` counts as a spreadsheet does (the file's first line is
    line 1, whatever is on it) and `column` is the header as written in the file."""

    line: int
    column: str
    reason: str


@dataclass(slots=True)
class PersonRecord:
    """A person named in the file, from the first valid row with their email address (lower case)."""

    email: str
    given_name: str
    family_name: str
    given_name_ar: str
    family_name_ar: str


@dataclass
class ImportRecords:
    """A checked file: the people it names, their presences at the activity's sessions, and what was rejected.

    Every valid row registers its person for the activity; a valid row with a session date also records
    whether the person was present at that session (`attendance[session pk][email]`).
    """

    people: dict[str, PersonRecord] = field(default_factory=dict)
    attendance: dict[int, dict[str, bool]] = field(default_factory=dict)
    rows: int = 0
    valid_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    header_line: int = 1  # the line that names the columns, as a spreadsheet numbers it

    @property
    def rejected_rows(self) -> int:
        return len({error.line for error in self.errors})

    @property
    def attendance_rows(self) -> int:
        return sum(len(marks) for marks in self.attendance.values())


@dataclass
class ImportReport:
    """What an import created or changed (or, in a preview, would)."""

    people_created: int = 0
    people_reused: int = 0
    registrations_created: int = 0
    registrations_existing: int = 0
    attendance_created: int = 0
    attendance_updated: int = 0
    attendance_unchanged: int = 0

    def summary(self) -> str:
        return _(
            "%(people)s people created, %(registrations)s registrations created, %(created)s presences "
            "recorded and %(updated)s corrected."
        ) % {
            "people": self.people_created,
            "registrations": self.registrations_created,
            "created": self.attendance_created,
            "updated": self.attendance_updated,
        }


# --- Reading ----------------------------------------------------------------------------------------------


def import_parse(
    data: bytes, *, activity: Activity, filename: str = "", progress: ProgressCallback | None = None
) -> ImportRecords:
    """Read a CSV or XLSX file of registrations and attendance for `activity` and check every row.

    Raises `ImportFileError` when the file as a whole cannot be read; problems of single rows are collected
    in `errors`. `progress`, when given, is called with the share of rows read (0 to 1) from time to time.
    """
    if not data or data.isspace():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("This is an old Excel file (.xls): save it as an Excel workbook (.xlsx) or as CSV.")
        )
    sessions = _sessions_by_date(activity)
    with _cyclic_gc_paused():
        if data.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
            rows = _xlsx_rows(data)
        else:
            text, utf8 = _decode(data)
            records = _check_columns(text, utf8, sessions, progress)
            if records is not None:
                return records
            rows = _csv_rows(text)
        try:
            return _check_rows(rows, sessions, progress)
        except csv.Error as error:
            raise ImportFileError(
                _("The CSV file is malformed near line %(line)s (%(error)s).")
                % {"line": rows.line(), "error": error}
            ) from None


def _decode(data: bytes) -> tuple[str, bytes | None]:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; and the
    file's bytes without BOM when they are UTF-8."""
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(_("This is not a text file: upload a CSV file or an Excel workbook (.xlsx)."))
    try:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
            return data.decode("utf-8"), data
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16"), None
        return data.decode("utf-8"), data
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), None
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file's characters could not be read: save it as “CSV UTF-8” and upload it again.")
        ) from None


@dataclass
class _Rows:
    """The rows of a file as lists of text cells, and the number of the last line read (as a spreadsheet
    numbers lines: the first is 1). `total` is about how many lines there are, for the progress."""

    cells: Iterator[list[str]]
    line: Callable[[], int]
    total: int


def _delimiter(text: str) -> str:
    """The separator of a CSV text (`;`, `,` or tab): the one its header line uses most. The header line is
    the first of the first lines that, cut by the separator it uses most, names the required columns (a
    title above it may use another separator, or none); failing that, the first line that is not blank."""
    start = 0
    first = None
    for _number in range(HEADER_SEARCH_LINES):  # without copying the text as `io.StringIO` would
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start : end + 1]
        if line.strip():
            separator = max(";,\t", key=line.count)
            first = first or separator
            cells = next(csv.reader([line], delimiter=separator), [])
            if _names_required_columns(cells):
                return separator
        if end < 0:
            break
        start = end + 1
    return first or ";"


def _csv_rows(text: str) -> _Rows:
    """The rows of a CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    return _Rows(reader, lambda: reader.line_num, text.count("\n") + 1)


def _xlsx_rows(data: bytes) -> _Rows:
    """The rows of the first sheet of an Excel workbook, cells as text."""
    from openpyxl import load_workbook

    unreadable = ImportFileError(
        _(
            "This Excel workbook could not be read: open it in Excel or LibreOffice, save it again as "
            ".xlsx, or save it as CSV."
        )
    )
    try:
        # A workbook is a ZIP file, and openpyxl would unpack whatever it holds: measure it first.
        with archives.zip_open(io.BytesIO(data), len(data)):
            pass
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except archives.ArchiveDamaged:
        raise unreadable from None
    except archives.ArchiveRefused as refusal:  # too many members, or too much once unpacked
        raise ImportFileError(str(refusal)) from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise unreadable from None
    sheet = workbook.worksheets[0]
    number = 0

    def rows() -> Iterator[list[str]]:
        nonlocal number
        try:
            for values in sheet.iter_rows(values_only=True):
                number += 1
                if number > MAX_ROWS:  # blank rows too: a row numbered in the billions would unfold to them
                    raise ImportFileError(
                        _("The file has more than %(max)s rows: split it.") % {"max": MAX_ROWS}
                    )
                yield [_cell(value) for value in values]
        finally:
            workbook.close()

    return _Rows(rows(), lambda: number, sheet.max_row or 0)


def _cell(value: Any) -> str:
    """A workbook cell as text, as the CSV reader gives it; dates as yyyy-mm-dd."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sessions_by_date(activity: Activity) -> dict[date, list[int]]:
    """The activity's sessions by their local date (several when a day has more than one)."""
    by_date: dict[date, list[int]] = {}
    for pk, starts_at in Session.objects.filter(activity=activity).values_list("pk", "starts_at"):
        by_date.setdefault(timezone.localtime(starts_at).date(), []).append(pk)
    return by_date


def _names_required_columns(cells: Sequence[str]) -> bool:
    """Whether a line's cells name every required column: then it is the header line."""
    return not _missing_columns(cells)


def _missing_columns(cells: Sequence[str]) -> list[ImportColumn]:
    named = {_ALIASES.get(_fold(str(cell).replace("\ufeff", "").strip())) for cell in cells}
    return [column for column in COLUMNS if column.required and column.name not in named]


def _read_header(
    rows: Iterator[list[str]], line: Callable[[], int]
) -> tuple[dict[str, int], list[str], list[str], int]:
    """The position of each known column, the headers as written, the columns that will be ignored, and the
    line of the header: the first of the first `HEADER_SEARCH_LINES` lines that names every required column
    (a title and blank lines above it are skipped). `line` gives the line of the row last read."""
    closest: tuple[list[ImportColumn], list[str], int] | None = None
    for cells in rows:
        headers = [str(cell).replace("\ufeff", "").strip() for cell in cells]
        if any(headers):
            missing = _missing_columns(headers)
            if not missing:
                return (*_positions(headers), line())
            if closest is None or len(missing) < len(closest[0]):
                closest = (missing, headers, line())
        if line() >= HEADER_SEARCH_LINES:
            break
    if closest is None and line() >= HEADER_SEARCH_LINES:
        raise ImportFileError(
            _("The first %(lines)s lines are blank: the column names must be on one of them.")
            % {"lines": HEADER_SEARCH_LINES}
        )
    if closest is None:
        raise ImportFileError(_("The file is empty."))
    missing, headers, at = closest
    raise ImportFileError(
        _(
            "Required columns are missing: %(missing)s. One of the first %(lines)s lines must name the "
            "columns, for example given_name, family_name, email; the closest, line %(line)s, names: "
            "%(found)s."
        )
        % {
            "missing": ", ".join(column.name for column in missing),
            "lines": HEADER_SEARCH_LINES,
            "line": at,
            "found": ", ".join(f"“{header}”" for header in headers if header) or "—",
        }
    )


def _positions(headers: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
    """The position of each known column of a header line, its headers, and the columns to be ignored."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        name = _ALIASES.get(_fold(header))
        if name is None:
            if header:
                ignored.append(header)
        elif name in positions:
            raise ImportFileError(
                _("Two columns mean “%(column)s”: “%(first)s” and “%(second)s”. Keep only one.")
                % {
                    "column": COLUMNS_BY_NAME[name].label,
                    "first": headers[positions[name]],
                    "second": header,
                }
            )
        else:
            positions[name] = index
    return positions, headers, ignored


_UNSEEN: Any = object()
_SIMPLE_EMAIL = re.compile(
    r"[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)


class _Checks:
    """Checks of single values, with caches: a file of a million rows has few distinct dates and presences,
    and each email address comes back once per session. A cached `None` means "not valid"."""

    def __init__(self, sessions: Mapping[date, list[int]]) -> None:
        self.sessions = sessions
        self.emails: dict[str, str | None] = {}
        self.dates: dict[str, int | None] = {}
        self.presences: dict[str, bool | None] = {}
        self.email_validator = EmailValidator()

    def email(self, raw: str) -> str | None:
        """The email address in lower case, or None when it is not a valid address."""
        value = raw.strip().lower()
        valid = len(value) <= EMAIL_MAX_LENGTH and (
            _SIMPLE_EMAIL.fullmatch(value) is not None or self._django_accepts(value)
        )
        self.emails[raw] = value if valid else None
        return self.emails[raw]

    def _django_accepts(self, value: str) -> bool:
        try:
            self.email_validator(value)
        except ValidationError:
            return False
        return True

    def session(self, raw: str) -> int | None:
        """The pk of the activity's one session on the date `raw`, or None (see `session_problem`)."""
        day = _parse_date(raw)
        sessions = self.sessions.get(day, []) if day is not None else []
        self.dates[raw] = sessions[0] if len(sessions) == 1 else None
        return self.dates[raw]

    def session_problem(self, raw: str) -> str:
        day = _parse_date(raw)
        if day is None:
            return _(
                "“%(value)s” is not a date: write it as dd/mm/yyyy (31/12/2026) or yyyy-mm-dd (2026-12-31)."
            ) % {"value": raw}
        if self.sessions.get(day):
            return _(
                "The activity has several sessions on %(date)s; the import cannot tell which one is meant."
            ) % {"date": day.strftime("%d/%m/%Y")}
        if not self.sessions:
            return _("The activity has no sessions yet: add them before importing attendance.")
        days = sorted(self.sessions)
        listed = ", ".join(day.strftime("%d/%m/%Y") for day in days[:10]) + (" …" if len(days) > 10 else "")
        return _("The activity has no session on %(date)s. Its sessions are on: %(dates)s.") % {
            "date": day.strftime("%d/%m/%Y"),
            "dates": listed,
        }

    def present(self, raw: str) -> bool | None:
        """Whether the cell says present (True), absent (False), or None when it says neither."""
        text = raw.strip()
        word = _fold(text) or text  # symbols such as ✓ have no letters to fold
        self.presences[raw] = (
            True if (not word or word in _TRUE or word in _TRUE_ARABIC) else False if word in _FALSE else None
        )
        return self.presences[raw]


def _parse_date(text: str) -> date | None:
    """A date written dd/mm/yyyy (also with - or .) or yyyy-mm-dd; None otherwise."""
    match = _DAY_FIRST.fullmatch(text)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        match = _ISO_DATE.fullmatch(text)
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None


@dataclass
class _Layout:
    """Where each column is in the rows of a file, and the headers as written (for error messages)."""

    headers: list[str]
    given: int
    family: int
    email: int
    given_ar: int | None
    family_ar: int | None
    date: int | None
    present: int | None

    @classmethod
    def of(cls, headers: list[str], positions: Mapping[str, int]) -> "_Layout":
        return cls(
            headers,
            positions["given_name"],
            positions["family_name"],
            positions["email"],
            positions.get("given_name_ar"),
            positions.get("family_name_ar"),
            positions.get("session_date"),
            positions.get("present"),
        )


def _check_rows(
    rows: _Rows, sessions: Mapping[date, list[int]], progress: ProgressCallback | None
) -> ImportRecords:
    """Check every row and gather the valid ones.

    This loop runs a million times for a large file. A row is checked against values already seen (cached)
    and only a row found wrong goes through `_row_errors`, which says precisely why; the names of a person
    are kept from their first valid row only.
    """
    cells_of = rows.cells
    positions, headers, ignored, header_line = _read_header(cells_of, rows.line)
    records = ImportRecords(ignored_columns=ignored, header_line=header_line)
    attendance: dict[int, dict[str, bool]] = {pk: {} for pks in sessions.values() for pk in pks}
    people, errors = records.people, records.errors
    checks = _Checks(sessions)
    emails, dates, presences = checks.emails, checks.dates, checks.presences
    at = _Layout.of(headers, positions)
    given_at, family_at, email_at, date_at, present_at = at.given, at.family, at.email, at.date, at.present
    given_ar_at, family_ar_at = at.given_ar, at.family_ar
    width = len(headers)
    padding = [""] * width
    limit = NAME_MAX_LENGTH
    every = max(rows.total // 50, 10_000)
    count = valid = 0
    for cells in cells_of:
        if len(cells) < width:
            cells = [*cells, *padding[len(cells) :]]
        given, family, raw_email = cells[given_at].strip(), cells[family_at].strip(), cells[email_at]
        raw_date = cells[date_at].strip() if date_at is not None else ""
        if not (given or family or raw_date or raw_email.strip()):
            continue  # a blank line
        count += 1
        if count % every == 0:
            if count > MAX_ROWS:
                raise ImportFileError(_("The file has more than %(max)s rows: split it.") % {"max": MAX_ROWS})
            if progress is not None:
                progress(min(count / rows.total, 1.0) if rows.total else 0.0)
        given_ar = cells[given_ar_at].strip() if given_ar_at is not None else ""
        family_ar = cells[family_ar_at].strip() if family_ar_at is not None else ""
        email = emails.get(raw_email, _UNSEEN)
        if email is _UNSEEN:
            email = checks.email(raw_email)
        session: Any = None
        present: Any = True
        if raw_date:
            session = dates.get(raw_date, _UNSEEN)
            if session is _UNSEEN:
                session = checks.session(raw_date)
            if present_at is not None:
                present = presences.get(cells[present_at], _UNSEEN)
                if present is _UNSEEN:
                    present = checks.present(cells[present_at])
        if (
            not given
            or not family
            or email is None
            or (raw_date and (session is None or present is None))
            or len(given) > limit
            or len(family) > limit
            or len(given_ar) > limit
            or len(family_ar) > limit
        ):
            errors.extend(_row_errors(rows.line(), cells, at, checks))
            continue
        if session is not None and attendance[session].setdefault(email, present) != present:
            column = headers[present_at if present_at is not None else email_at]
            reason = _("This person's presence at this session is given above with the other value.")
            errors.append(RowError(rows.line(), column, reason))
            continue
        valid += 1
        if email not in people:
            people[email] = PersonRecord(email, _nfc(given), _nfc(family), _nfc(given_ar), _nfc(family_ar))
    if count == 0:
        raise ImportFileError(_("The file has no rows under its header line."))
    if count > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(max)s rows: split it.") % {"max": MAX_ROWS})
    records.rows, records.valid_rows = count, valid
    records.attendance.update((pk, marks) for pk, marks in attendance.items() if marks)
    if progress is not None:
        progress(1.0)
    return records


def _row_errors(line: int, cells: list[str], at: _Layout, checks: _Checks) -> list[RowError]:
    """Every reason why the row at `line` cannot be imported, one per cell at fault."""
    found = []
    for index in (at.given, at.family, at.given_ar, at.family_ar):
        if index is None:
            continue
        value = cells[index].strip()
        if not value and index in (at.given, at.family):
            found.append(RowError(line, at.headers[index], _("The name is missing.")))
        elif len(value) > NAME_MAX_LENGTH:
            reason = _("The name is longer than %(max)s characters.") % {"max": NAME_MAX_LENGTH}
            found.append(RowError(line, at.headers[index], reason))
    raw_email = cells[at.email]
    if checks.email(raw_email) is None:
        reason = (
            _("“%(value)s” is not a valid email address.") % {"value": raw_email.strip()}
            if raw_email.strip()
            else _("The email address is missing; it identifies the person.")
        )
        found.append(RowError(line, at.headers[at.email], reason))
    raw_date = cells[at.date].strip() if at.date is not None else ""
    if at.date is not None and raw_date and checks.session(raw_date) is None:
        found.append(RowError(line, at.headers[at.date], checks.session_problem(raw_date)))
    if at.present is not None and raw_date and checks.present(cells[at.present]) is None:
        reason = _("“%(value)s” is not a presence: write oui or non (yes/no, 1/0, or x for present).") % {
            "value": cells[at.present].strip()
        }
        found.append(RowError(line, at.headers[at.present], reason))
    return found


def _check_columns(
    text: str, utf8: bytes | None, sessions: Mapping[date, list[int]], progress: ProgressCallback | None
) -> ImportRecords | None:
    """The records of a *plain* CSV file of valid rows, read in columns; None for any other file, which the
    row-by-row check (`_check_rows`) then reads and, when rows are at fault, says which and why.

    Plain: no quotes or NUL characters, the header on the first line and as many cells on every line as in
    the header. Valid: every row would pass `_check_rows`, and no person's presence at a session is given
    twice. Apache Arrow's CSV reader (in C++) reads each column as the distinct values it holds and, for each
    row, the number of its value. Each distinct value is checked once, by the same checks as the row loop's;
    the per-row work (which person, which session, present or not) is done on those numbers. For a file of
    a million rows this takes a fraction of the time of the row loop, most of which goes to building a
    Python list for each row.
    """
    if '"' in text or "\x00" in text:
        return None
    delimiter = _delimiter(text)
    first_line = text[: text.find("\n") + 1 or None]
    header = next(csv.reader(io.StringIO(first_line, newline=""), delimiter=delimiter), [])
    if not _names_required_columns(header):
        return None  # a title or blank lines above the header: the row loop finds it and counts lines
    positions, headers, ignored = _positions([cell.replace("\ufeff", "").strip() for cell in header])
    columns = _read_columns(text if utf8 is None else utf8, delimiter, len(headers))
    if columns is None:
        return None
    count = len(columns[0])
    field_limit = csv.field_size_limit()
    distinct = [column.dictionary.to_pylist() for column in columns]  # each column's distinct values
    if not 0 < count <= MAX_ROWS or any(len(max(values, key=len)) > field_limit for values in distinct):
        return None  # the row loop says what is wrong: no rows, too many, or a cell the csv module refuses
    if progress is not None:
        progress(0.5)
    values = {name: distinct[index] for name, index in positions.items()}
    rows = {name: columns[index].indices for name, index in positions.items()}
    checks = _Checks(sessions)
    names = {}
    for name in ("given_name", "family_name", "given_name_ar", "family_name_ar"):
        stripped = [value.strip() for value in values.get(name, [""])]
        required = COLUMNS_BY_NAME[name].required
        if (required and not all(stripped)) or len(max(stripped, key=len)) > NAME_MAX_LENGTH:
            return None
        names[name] = [_nfc(value) for value in stripped]
    emails = [checks.email(value) for value in values["email"]]
    if None in emails:
        return None
    # Several spellings of one address ("Ali@x.ma", "ali@x.ma ") are one person.
    number_of: dict[str, int] = {}
    person_of_value = [number_of.setdefault(cast("str", email), len(number_of)) for email in emails]
    person_numbers = _take(person_of_value, rows["email"])
    addresses = list(number_of)
    attendance = _columns_attendance(checks, values, rows, person_numbers, addresses)
    if attendance is None:
        return None
    records = ImportRecords(ignored_columns=ignored, rows=count, valid_rows=count)
    records.attendance.update(attendance)
    # Each person as named on their first row, in the order of the file.
    person_numbers, first_rows = _first_rows(person_numbers)
    named = {
        name: [names[name][number] for number in rows[name].take(first_rows).to_pylist()]
        if name in rows
        else [""] * len(person_numbers)
        for name in names
    }
    for index, person in enumerate(person_numbers):
        email = addresses[person]
        records.people[email] = PersonRecord(
            email,
            named["given_name"][index],
            named["family_name"][index],
            named["given_name_ar"][index],
            named["family_name_ar"][index],
        )
    if progress is not None:
        progress(1.0)
    return records


def _columns_attendance(
    checks: _Checks,
    values: Mapping[str, list[str]],
    rows: Mapping[str, Any],
    persons: Any,
    addresses: list[str],
) -> dict[int, dict[str, bool]] | None:
    """The presences (`ImportRecords.attendance`) of a file read in columns: none without a date column;
    None when a date or a presence is at fault, or when a person's presence at a session is given twice."""
    if "session_date" not in rows:
        return {}
    sessions = [checks.session(value.strip()) if value.strip() else None for value in values["session_date"]]
    if None in sessions:
        return None  # a date at fault, or rows without a date (registrations only) among presences
    session_numbers = _take(sessions, rows["session_date"])
    if "present" in rows:
        presences = [checks.present(value) for value in values["present"]]
        if None in presences:
            return None
        present_numbers = _take(presences, rows["present"])
    else:
        import pyarrow

        present_numbers = pyarrow.repeat(True, len(persons))
    # The rows in the order of their session (a stable sort), then cut into one run per session.
    from pyarrow import compute as arrow

    order = arrow.sort_indices(session_numbers)
    persons_in_order = persons.take(order).to_pylist()
    presences_in_order = present_numbers.take(order).to_pylist()
    counts = arrow.value_counts(session_numbers)
    runs = sorted(zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True))
    found: dict[int, dict[str, bool]] = {}
    start = 0
    for pk, count in runs:
        end = start + count
        marks = dict(
            zip(
                map(addresses.__getitem__, persons_in_order[start:end]),
                presences_in_order[start:end],
                strict=True,
            )
        )
        if len(marks) < count:
            return None  # a person's presence given twice: the row loop tells whether the values differ
        found[pk] = marks
        start = end
    return {pk: found[pk] for pks in checks.sessions.values() for pk in pks if pk in found}


def _read_columns(text: str | bytes, delimiter: str, width: int) -> list[Any] | None:
    """The lines of `text` (or of its UTF-8 bytes) after the first as `width` Arrow arrays of text, each
    dictionary-encoded (its distinct values, and for each row the number of its value); None when a line
    has another number of cells."""
    import pyarrow
    from pyarrow import csv as arrow_csv

    names = [str(index) for index in range(width)]
    as_values = pyarrow.dictionary(pyarrow.int32(), pyarrow.string())
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(text.encode("utf-8") if isinstance(text, str) else text),
            read_options=arrow_csv.ReadOptions(skip_rows=1, column_names=names),
            parse_options=arrow_csv.ParseOptions(
                delimiter=delimiter, quote_char=False, ignore_empty_lines=False
            ),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, as_values),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pyarrow.ArrowInvalid, UnicodeEncodeError):
        return None
    return [column.combine_chunks() for column in table.unify_dictionaries().columns]


def _first_rows(numbers: Any) -> tuple[list[int], Any]:
    """The distinct values of the Arrow array `numbers` in the order they first come, and the row of each
    one's first coming (an Arrow array)."""
    import pyarrow
    from pyarrow import compute as arrow

    rows = arrow.subtract(
        arrow.cumulative_sum(pyarrow.repeat(pyarrow.scalar(1, pyarrow.int64()), len(numbers))), 1
    )
    firsts = (
        pyarrow.table({"value": numbers, "row": rows})
        .group_by("value", use_threads=False)
        .aggregate([("row", "min")])
    )
    order = arrow.sort_indices(firsts["row_min"])
    return firsts["value"].take(order).to_pylist(), firsts["row_min"].take(order)


def _take(values: Sequence[Any], numbers: Any) -> Any:
    """For each number in `numbers` (an Arrow array), the value of `values` at that place (an Arrow array)."""
    import pyarrow

    return pyarrow.array(values).take(numbers)


def _nfc(text: str) -> str:
    """Names typed on a Mac may decompose accents ("e" + "´"); store them composed, as everywhere else."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


# --- What confirming would do, and doing it ---------------------------------------------------------------


@dataclass
class _Plan:
    """The records matched with what the database already holds."""

    person_ids: dict[str, int]
    registered: set[int]
    existing: dict[int, dict[int, bool]]  # session pk → person pk → present


def _plan(activity: Activity, records: ImportRecords) -> _Plan:
    existing: dict[int, dict[int, bool]] = {}
    rows = Attendance.objects.filter(session__activity=activity).values_list(
        "session_id", "person_id", "present"
    )
    for session_id, person_id, present in rows.iterator(chunk_size=20_000):
        existing.setdefault(session_id, {})[person_id] = present
    return _Plan(
        person_ids=_existing_people(records.people.keys()),
        registered=set(Registration.objects.filter(activity=activity).values_list("person_id", flat=True)),
        existing=existing,
    )


def _existing_people(emails: Collection[str]) -> dict[str, int]:
    """The pk of the known person for each email address (the oldest record when several share it).

    Email addresses are compared without case and the column has no index on its lower-case form: a few
    addresses are looked up in batches, many by reading the addresses of everyone once.
    """
    found: dict[str, int] = {}
    if not emails:
        return found
    queries: Iterable[models.QuerySet[Person]]
    if len(emails) <= 2_000:
        ordered = sorted(emails)
        queries = (
            Person.objects.annotate(email_lower=Lower("email")).filter(
                email_lower__in=ordered[start : start + 500]
            )
            for start in range(0, len(ordered), 500)
        )
    else:
        queries = [Person.objects.exclude(email="")]
    for queryset in queries:
        for pk, email in queryset.order_by("pk").values_list("pk", "email").iterator(chunk_size=20_000):
            key = email.lower()
            if key in emails and key not in found:
                found[key] = pk
    return found


def import_preview(*, activity: Activity, records: ImportRecords) -> ImportReport:
    """What confirming the import of `records` would create and change, without writing anything."""
    plan = _plan(activity, records)
    report = ImportReport(
        people_reused=len(plan.person_ids), people_created=len(records.people) - len(plan.person_ids)
    )
    for email in records.people:
        person_id = plan.person_ids.get(email)
        if person_id is not None and person_id in plan.registered:
            report.registrations_existing += 1
        else:
            report.registrations_created += 1
    for session_id, marks in records.attendance.items():
        known = plan.existing.get(session_id, {})
        for email, present in marks.items():
            before = known.get(plan.person_ids.get(email, 0))
            if before is None:
                report.attendance_created += 1
            elif before != present:
                report.attendance_updated += 1
            else:
                report.attendance_unchanged += 1
    return report


def import_apply(
    *,
    activity: Activity,
    records: ImportRecords,
    method: str = Attendance.Method.LIST_UPLOAD,
    skip_rejected: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Write the people, registrations and presences of `records`, all or nothing.

    A person is found by email address (without case) or created; a registration is created when the person
    has none for the activity (whatever its status; the capacity is not checked: the file records who took
    part); a presence is created, or corrected when it changed. The rows are written in bulk, many per
    statement, after the state of the activity has been read once. People and registrations created this way
    get no change-history entry; the job (or the user's session) records who imported what.

    Refuses (`ImportRefused`) a file with rejected rows unless `skip_rejected` says to import the others.

    SQLite checks the references of each new row (its person, its session) as it is written, a third of
    the time of writing a million presences. A caller may turn these checks off for the connection before
    its transaction begins (`connection.constraint_checks_disabled()`, as the background job does); the
    import then checks the references of what it wrote once, at the end, and fails if one is missing.

    The statements are prepared by a helper thread while the database runs the ones before (`_ahead`).
    """
    if records.errors and not skip_rejected:
        raise ImportRefused(
            _("%(count)s rows were rejected: nothing was imported.") % {"count": records.rejected_rows}
        )
    report = ImportReport()
    step = progress or (lambda share: None)
    with _cyclic_gc_paused(), _larger_sqlite_cache(), transaction.atomic():
        references_unchecked = _references_unchecked()
        plan = _plan(activity, records)
        person_ids = plan.person_ids
        # New rows are written in the order of each of their indexes where it can be (`_Writes`): the new
        # people in the order of their names, with keys and identifiers in ascending order too.
        new_people = sorted(
            (record for email, record in records.people.items() if email not in person_ids),
            key=operator.attrgetter("family_name", "given_name"),
        )
        report.people_reused, report.people_created = len(person_ids), len(new_people)
        new_ids = _reserve_ids(Person, len(new_people))
        person_ids.update(zip([record.email for record in new_people], new_ids, strict=True))
        unregistered = sorted(
            pk for pk in (person_ids[email] for email in records.people) if pk not in plan.registered
        )
        report.registrations_created = len(unregistered)
        report.registrations_existing = len(records.people) - len(unregistered)
        writes = _Writes(activity, records, plan, method, report)
        total = max(len(new_people) + len(unregistered) + records.attendance_rows, 1)
        done = 0
        with connection.cursor() as cursor:
            for write in _ahead(writes.all(unregistered, zip(new_ids, new_people, strict=True))):
                done += write(cursor)
                step(done / total)
        if references_unchecked:
            _check_references(activity, person_ids.values(), records.attendance.keys())
    return report


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys for new rows of `model`, reserved now so that rows referring to them can be
    prepared before the rows themselves are written.

    PostgreSQL hands them out from the table's sequence. SQLite gives the next ones after the largest ever
    used: the import's transaction holds the database's write lock (Django opens it IMMEDIATE here), and a
    key taken meanwhile would make the insert fail, not write over another row.
    """
    if not count:
        return []
    table, column = model._meta.db_table, cast("models.Field[Any, Any]", model._meta.pk).column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(
            # Only names from the model's metadata go into the text of the statement.
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"coalesce((SELECT max({quote(column)}) FROM {quote(table)}), 0))",
            [table],
        )
        (last,) = cursor.fetchone()
    return list(range(last + 1, last + 1 + count))


Write = Callable[[Any], int]  # runs one statement with a cursor; the number of rows it writes


def _ahead(writes: Iterator[Write]) -> Iterator[Write]:
    """`writes`, prepared by a helper thread while the caller runs the ones before.

    SQLite and PostgreSQL's driver let go of Python's global lock while they work, so the Python work of
    preparing the next statements (search text, JSON of 50,000 rows) and the database's work of running the
    current one overlap instead of adding up. The helper touches no database: it only builds values. What it
    raises is raised here; if the caller stops early, the helper stops too.
    """
    ready: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()
    stopped = threading.Event()

    def prepare() -> None:
        try:
            for write in writes:
                if stopped.is_set():
                    return
                ready.put((True, write))
        except BaseException as error:  # handed to the caller, which raises it
            ready.put((False, error))
        else:
            ready.put((False, None))

    helper = threading.Thread(target=prepare, name="import-writes", daemon=True)
    helper.start()
    try:
        while True:
            more, item = ready.get()
            if not more:
                if item is not None:
                    raise item
                return
            yield item
    finally:
        stopped.set()
        helper.join()


def _references_unchecked() -> bool:
    """Whether the connection has its foreign key checks turned off (SQLite only; see `import_apply`)."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        (enforced,) = cursor.fetchone()
    return not enforced


def _check_references(activity: Activity, person_ids: Iterable[int], session_ids: Collection[int]) -> None:
    """What the database would have checked row by row, checked once: the people, the activity and the
    sessions that the new rows refer to exist, and the sessions are the activity's."""
    people = cast("models.Field[Any, Any]", Person._meta.pk)
    ids = list(person_ids)
    source, parameter = (
        ("unnest(%s::bigint[]) AS v(value)", ids)
        if connection.vendor == "postgresql"
        else ("json_each(%s)", json.dumps(ids))
    )
    with connection.cursor() as cursor:
        cursor.execute(
            # Only names from the model's metadata go into the text of the statement.
            f"SELECT count(*) FROM {source} WHERE NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {connection.ops.quote_name(Person._meta.db_table)} "
            f"WHERE {connection.ops.quote_name(people.column)} = value)",
            [parameter],
        )
        (missing,) = cursor.fetchone()
    sessions = Session.objects.filter(activity=activity, pk__in=session_ids).count()
    if missing or sessions != len(session_ids) or not Activity.objects.filter(pk=activity.pk).exists():
        raise IntegrityError(
            f"The import refers to {missing} missing people or {len(session_ids) - sessions} sessions that "
            f"are not the activity's: nothing was imported."
        )


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file is read or written. A large import makes
    millions of objects (cells, records, rows) that form no cycles, and the collector would go over all of
    them again and again for nothing: a quarter of the time of reading a million rows. Memory is freed as
    always, by reference counting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _larger_sqlite_cache(kibibytes: int = 256 * 1024) -> Iterator[None]:
    """Let SQLite keep up to 256 MB of pages in memory on this connection while it imports (2 MB by default).

    A large import writes into indexes much bigger than the default cache, all over them (people's ids,
    random public identifiers): without room, SQLite writes out and reads back the same pages again and
    again. The cache grows only as pages are used, and is set back afterwards.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{int(kibibytes)}")
    try:
        yield
    finally:
        if not connection.needs_rollback:  # else the connection takes no query until the rollback
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(before)}")


class _Writes:
    """The statements of one import, made by `all()` one after the other (in `_ahead`'s helper thread).

    Their texts and shared values are built here, in the caller's thread, with its connection.

    The rows go in the order of the indexes they are added to, as far as can be: the people by name (the
    name index), with their identifiers in ascending order (the unique index of identifiers); registrations
    and presences by person key. Each index then takes its new entries in one sweep, instead of at random
    places all over it: with a million presences, a quarter of the time of writing them.
    """

    def __init__(
        self, activity: Activity, records: ImportRecords, plan: _Plan, method: str, report: ImportReport
    ) -> None:
        self.records, self.plan, self.method, self.report = records, plan, method, report
        self.people = _Insert.of(Person, ("id", *_PERSON_COLUMNS), prepared={"public_id"}, ignore=False)
        self.registrations = _Insert.of(
            Registration,
            ("public_id", "manage_token", "person"),
            prepared={"public_id"},
            shared={
                "activity": activity.pk,
                "status": Registration.Status.REGISTERED,
                "consent_at": timezone.now(),  # consent recorded at the time of the import
                "language": Registration._meta.get_field("language").get_default(),
            },
        )
        self.attendance = {
            (session_id, present): _Insert.of(
                Attendance, ("person",), shared={"session": session_id, "present": present, "method": method}
            )
            for session_id in records.attendance
            for present in (True, False)
        }

    def all(
        self, unregistered: Sequence[int], new_people: Iterable[tuple[int, PersonRecord]]
    ) -> Iterator[Write]:
        """Registrations, presences, then the new people (whose keys are reserved): the references are
        checked at the end of the transaction, and the people's search text takes longest to prepare."""
        count = len(unregistered)
        yield from self.registrations.writes(
            list(zip(_random_uuids(count), _random_tokens(count), unregistered, strict=True))
        )
        for session_id, marks in self.records.attendance.items():
            yield from _write_attendance(self, session_id, marks)
        yield from self.people.writes(_people_rows(new_people))


_PERSON_COLUMNS = (
    "public_id",
    "email",
    "given_name",
    "family_name",
    "given_name_ar",
    "family_name_ar",
    "search_text",
)


def _people_rows(new_people: Iterable[tuple[int, PersonRecord]]) -> list[tuple[Any, ...]]:
    """The rows of the new people, with their reserved keys (`_PERSON_COLUMNS` after the key).

    The search column comes from `Person.refresh_search_text()`, its one definition. One instance is filled
    in turn with each person's names: building a model instance per person would cost more than the insert.
    """
    new_people = list(new_people)
    person = Person()
    rows = []
    for public_id, (pk, record) in zip(_random_uuids(len(new_people)), new_people, strict=True):
        person.given_name, person.family_name = record.given_name, record.family_name
        person.given_name_ar, person.family_name_ar = record.given_name_ar, record.family_name_ar
        person.refresh_search_text()
        rows.append(
            (
                pk,
                public_id,
                record.email,
                record.given_name,
                record.family_name,
                record.given_name_ar,
                record.family_name_ar,
                person.search_text,
            )
        )
    return rows


_VARIANT = {digit: "89ab"[int(digit, 16) % 4] for digit in "0123456789abcdef"}


def _random_uuids(count: int) -> list[str]:
    """`count` random UUIDs (version 4, as `uuid.uuid4()` makes them) written as 32 hexadecimal digits, the
    form a UUID column takes on both databases, in ascending order. One read of random bytes for all:
    `uuid4()` reads once per UUID, and building `UUID` objects costs more than inserting the rows.

    In order, the new rows' identifiers reach their unique index in one sweep instead of at random places
    all over it: half the time of writing them when the table already holds many. Each is as random as
    before; only their order within one import follows the order of the rows."""
    digits = os.urandom(16 * count).hex()
    return sorted(
        f"{digits[start : start + 12]}4{digits[start + 13 : start + 16]}{_VARIANT[digits[start + 16]]}"
        f"{digits[start + 17 : start + 32]}"
        for start in range(0, 32 * count, 32)
    )


def _random_tokens(count: int) -> list[str]:
    """`count` private link keys as `secrets.token_urlsafe(24)` makes them (24 random bytes, 32 characters),
    from one read of random bytes: 24 bytes encode to 32 characters without padding, so they split evenly.
    In ascending order, for their unique index, as `_random_uuids`: each key keeps its 192 random bits."""
    text = base64.urlsafe_b64encode(os.urandom(24 * count)).decode("ascii")
    return sorted(text[start : start + 32] for start in range(0, 32 * count, 32))


def _write_attendance(writes: _Writes, session_id: int, marks: Mapping[str, bool]) -> Iterator[Write]:
    """The writes that record the presences at one session: create what is new, correct what changed; the
    counts go to the report."""
    person_ids, known = writes.plan.person_ids, writes.plan.existing.get(session_id, {})
    new: dict[bool, list[int]] = {True: [], False: []}
    changed: dict[bool, list[int]] = {True: [], False: []}
    unchanged = 0
    people = list(map(person_ids.__getitem__, marks))
    if not known:  # the usual case, a session seen for the first time: no row-by-row comparison
        presences = list(marks.values())
        new[True] = list(compress(people, presences))
        new[False] = list(compress(people, map(operator.not_, presences)))
    else:
        for person_id, present in zip(people, marks.values(), strict=True):
            before = known.get(person_id)
            if before is None:
                new[present].append(person_id)
            elif before != present:
                changed[present].append(person_id)
            else:
                unchanged += 1
    report = writes.report
    report.attendance_created += len(new[True]) + len(new[False])
    report.attendance_updated += len(changed[True]) + len(changed[False])
    report.attendance_unchanged += unchanged
    for present, added in new.items():
        yield from writes.attendance[session_id, present].writes(sorted(added))
    for present, corrected in changed.items():
        for start in range(0, len(corrected), 500):
            yield partial(
                _correct_attendance, session_id, present, writes.method, corrected[start : start + 500]
            )
    if unchanged:
        yield lambda cursor: unchanged


def _correct_attendance(session_id: int, present: bool, method: str, people: list[int], cursor: Any) -> int:
    values: dict[str, Any] = {"present": present, "method": method, "updated_at": timezone.now()}
    if not present:
        values["checked_in_at"] = None
    Attendance.objects.filter(session_id=session_id, person_id__in=people).update(**values)
    return len(people)


ROWS_PER_STATEMENT = 50_000


@dataclass
class _Insert:
    """An INSERT of many rows of `model`: the values of the fields `columns` for each row, and `shared` values
    on every row; the model's other fields get their defaults. With `ignore`, rows that would break a unique
    constraint are skipped.

    A row holds the values of the fields `columns`; with a single column, rows are its values themselves, as
    the database takes them. The values of the `prepared` columns also are.

    `bulk_create` builds a model instance and binds each value of each row, some 20 µs a row: more than the
    database needs to store it. Here the shared values are sent once, and the rows as one parameter per
    statement that the database unpacks itself: a JSON array on SQLite (`json_each`), one array per column on
    PostgreSQL (`unnest`).
    """

    sql: str
    shared_values: list[Any]
    fields: list["models.Field[Any, Any]"]
    prepared: Collection[str]
    database: Any

    @classmethod
    def of(
        cls,
        model: type[models.Model],
        columns: Sequence[str],
        *,
        shared: Mapping[str, Any] | None = None,
        prepared: Collection[str] = (),
        ignore: bool = True,
    ) -> "_Insert":
        meta = model._meta
        row_fields = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in columns]
        shared_fields, shared_values = _shared_values(model, row_fields, shared or {})
        database = connections[DEFAULT_DB_ALIAS]
        quote = database.ops.quote_name
        if database.vendor == "postgresql":
            names = [f"c{index}" for index in range(len(row_fields))]
            arrays = ", ".join(f"%s::{model_field.db_type(database)}[]" for model_field in row_fields)
            source = f"unnest({arrays}) AS v({', '.join(names)})"
        else:  # SQLite, with its JSON functions (Django's JSONField needs them too)
            single = len(row_fields) == 1
            names = (
                ["value"] if single else [f"json_extract(value, '$[{i}]')" for i in range(len(row_fields))]
            )
            source = "json_each(%s)"
        targets = ", ".join(quote(model_field.column) for model_field in [*shared_fields, *row_fields])
        selected = ", ".join(["%s"] * len(shared_fields) + names)
        on_conflict = OnConflict.IGNORE if ignore else None
        suffix = database.ops.on_conflict_suffix_sql(row_fields, on_conflict, None, None)
        insert = database.ops.insert_statement(on_conflict=on_conflict)
        # Only names from the model's metadata and placeholders go into the text of the statement.
        sql = f"{insert} {quote(meta.db_table)} ({targets}) SELECT {selected} FROM {source} {suffix}"  # noqa: S608
        return cls(sql, shared_values, row_fields, prepared, database)

    def writes(self, rows: Sequence[Any]) -> Iterator[Write]:
        """The statements that write `rows`, `ROWS_PER_STATEMENT` at most each, their parameters made."""
        single = len(self.fields) == 1
        if not single:
            rows = _database_values(self.fields, rows, self.prepared, self.database)
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            packed: list[Any]
            if self.database.vendor == "postgresql":
                packed = [list(chunk)] if single else [list(column) for column in zip(*chunk, strict=True)]
            else:
                packed = [json.dumps(chunk, ensure_ascii=False)]
            yield partial(_execute, self.sql, [*self.shared_values, *packed], len(chunk))


def _execute(sql: str, parameters: Sequence[Any], rows: int, cursor: Any) -> int:
    cursor.execute(sql, parameters)
    return rows


def _shared_values(
    model: type[models.Model], row_fields: Sequence["models.Field[Any, Any]"], shared: Mapping[str, Any]
) -> tuple[list["models.Field[Any, Any]"], list[Any]]:
    """The fields given once for every row, with their values ready for the database: those of `shared`,
    the time of now for timestamps, and the default of every other field (a NULL needs no value)."""
    now = timezone.now()
    fields, values = [], []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field in row_fields:
            continue
        if model_field.name in shared:
            value = shared[model_field.name]
        elif getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value = now
        elif model_field.has_default() and callable(model_field.default):
            raise ValueError(f"{model._meta.label}.{model_field.name} needs a value for each row")
        else:
            value = model_field.get_default()
        if value is not None:  # left out, it is NULL; PostgreSQL could not tell the type of a bare NULL here
            fields.append(model_field)
            values.append(model_field.get_db_prep_save(value, connection))
    return fields, values


# Values of these field types go to the database as Python gives them.
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def _database_values(
    row_fields: Sequence["models.Field[Any, Any]"],
    rows: Sequence[Sequence[Any]],
    prepared: Collection[str],
    database: Any,
) -> Sequence[Sequence[Any]]:
    """`rows` with each value as the database takes it (a UUID as hexadecimal text on SQLite, ...), but for
    the fields named in `prepared`, whose values already are."""
    to_prepare = [
        (index, model_field)
        for index, model_field in enumerate(row_fields)
        if model_field.name not in prepared and model_field.get_internal_type() not in _AS_IS
    ]
    if not to_prepare:
        return rows
    values_of = [list(row) for row in rows]
    for index, model_field in to_prepare:
        prepare = model_field.get_db_prep_save
        for values in values_of:
            values[index] = prepare(values[index], database)
    return values_of


# --- Files kept between the preview and the confirmation --------------------------------------------------


def import_file_store(data: bytes) -> str:
    """Keep an uploaded file until it is confirmed; its name in the storage (random, not guessable)."""
    return default_storage.save(f"{STORAGE_FOLDER}/{secrets.token_urlsafe(24)}.dat", io.BytesIO(data))


def import_file_read(name: str, sha256: str) -> bytes | None:
    """The kept file, or None when it is gone or is no longer the file that was checked."""
    if not name.startswith(f"{STORAGE_FOLDER}/") or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as kept:
        data = kept.read()
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def import_file_delete(name: str) -> None:
    if name.startswith(f"{STORAGE_FOLDER}/"):
        default_storage.delete(name)


def import_files_clean(*, older_than_hours: int = 24) -> int:
    """Delete the files of previews that were never confirmed; how many."""
    try:
        _folders, names = default_storage.listdir(STORAGE_FOLDER)
    except FileNotFoundError:
        return 0
    limit = timezone.now() - timedelta(hours=older_than_hours)
    removed = 0
    for name in names:
        path = f"{STORAGE_FOLDER}/{name}"
        if name.endswith(".dat") and default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
            removed += 1
    return removed


# --- The background job -----------------------------------------------------------------------------------


@job_handler(JOB_KIND)
def import_attendance_job(context: JobContext) -> str:
    """Import a confirmed file in the background: check it again (progress 0–50 %), write it all or nothing
    (50–100 %), delete the kept file, and link to the activity's page in the workspace."""
    parameters = context.parameters
    name = parameters["file"]
    try:
        with translation.override(parameters.get("language") or settings.LANGUAGE_CODE):
            activity = Activity.objects.get(pk=parameters["activity"])
            data = import_file_read(name, parameters["sha256"])
            if data is None:
                raise ImportFileError(_("The uploaded file is no longer available: upload it again."))
            context.progress(
                0, _("Checking the rows of %(file)s.") % {"file": parameters.get("filename", "")}
            )
            records = import_parse(
                data,
                activity=activity,
                filename=parameters.get("filename", ""),
                progress=lambda share: context.progress(50 * share),
            )
            del data
            if records.errors and parameters.get("skip_rejected"):
                context.progress(
                    50, _("%(count)s rejected rows are skipped.") % {"count": records.rejected_rows}
                )
            # Without SQLite's row-by-row reference checks: the import checks its references itself.
            with connection.constraint_checks_disabled(), context.writing():
                report = import_apply(
                    activity=activity,
                    records=records,
                    skip_rejected=bool(parameters.get("skip_rejected")),
                    progress=lambda share: context.progress(50 + 50 * share),
                )
            context.progress(100, report.summary())
            return reverse("activities_workspace:manage", kwargs={"public_id": activity.public_id})
    finally:
        import_file_delete(name)
