"""The reference reader: a CSV text or a workbook read row by row, with the `csv` module or openpyxl.

`check_rows` reads any file the import accepts: it finds the header line under a title or blank lines,
skips blank lines, and says of each row at fault which cell is wrong and why (`RowError`). It is the
reference the columnar reader (`columnar`) must equal. Cells are checked by `columns.Checks`.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from jazari.activities.imports import columns
from jazari.activities.imports.columns import (
    HEADER_SEARCH_LINES,
    NAME_MAX_LENGTH,
    Checks,
    ImportColumn,
    delimiter,
    header_positions,
    missing_columns,
    nfc,
)
from jazari.activities.imports.records import (
    ImportFileError,
    ImportRecords,
    PersonRecord,
    ProgressCallback,
    RowError,
)
from jazari.core import archives


@dataclass
class Rows:
    """The rows of a file as lists of text cells, and the number of the last line read (as a spreadsheet
    numbers lines: the first is 1). `total` is about how many lines there are, for the progress."""

    cells: Iterator[list[str]]
    line: Callable[[], int]
    total: int


def csv_rows(text: str) -> Rows:
    """The rows of a CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    return Rows(reader, lambda: reader.line_num, text.count("\n") + 1)


def xlsx_rows(data: bytes) -> Rows:
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
                # Blank rows too: a row numbered in the billions would unfold to them.
                if number > columns.MAX_ROWS:
                    raise _too_many_rows()
                yield [_cell(value) for value in values]
        finally:
            workbook.close()

    return Rows(rows(), lambda: number, sheet.max_row or 0)


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
            missing = missing_columns(headers)
            if not missing:
                return (*header_positions(headers), line())
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


def check_rows(
    rows: Rows, sessions: Mapping[date, list[int]], progress: ProgressCallback | None
) -> ImportRecords:
    """Check every row and gather the valid ones: find the header line, read the rows (`_read_rows`), then
    count them and keep the presences of the sessions the file names."""
    positions, headers, ignored, header_line = _read_header(rows.cells, rows.line)
    records = ImportRecords(ignored_columns=ignored, header_line=header_line)
    attendance: dict[int, dict[str, bool]] = {pk: {} for pks in sessions.values() for pk in pks}
    count, valid = _read_rows(
        rows, _Layout.of(headers, positions), Checks(sessions), records, attendance, progress
    )
    if count == 0:
        raise ImportFileError(_("The file has no rows under its header line."))
    if count > columns.MAX_ROWS:
        raise _too_many_rows()
    records.rows, records.valid_rows = count, valid
    records.attendance.update((pk, marks) for pk, marks in attendance.items() if marks)
    if progress is not None:
        progress(1.0)
    return records


def _read_rows(
    rows: Rows,
    at: _Layout,
    checks: Checks,
    records: ImportRecords,
    attendance: dict[int, dict[str, bool]],
    progress: ProgressCallback | None,
) -> tuple[int, int]:
    """The loop over the rows under the header: the people and errors go to `records`, the presences to
    `attendance`; how many rows were read (blank lines aside) and how many were valid.

    This loop runs a million times for a large file. A row is checked against values already seen (cached)
    and only a row found wrong goes through `_row_errors`, which says precisely why; the names of a person
    are kept from their first valid row only.
    """
    people, errors = records.people, records.errors
    emails, dates, presences = checks.emails, checks.dates, checks.presences
    given_at, family_at, email_at, date_at, present_at = at.given, at.family, at.email, at.date, at.present
    given_ar_at, family_ar_at = at.given_ar, at.family_ar
    width, limit = len(at.headers), NAME_MAX_LENGTH
    padding = [""] * width
    every = max(rows.total // 50, 10_000)
    count = valid = 0
    for cells in rows.cells:
        if len(cells) < width:
            cells = [*cells, *padding[len(cells) :]]
        given, family, raw_email = cells[given_at].strip(), cells[family_at].strip(), cells[email_at]
        raw_date = cells[date_at].strip() if date_at is not None else ""
        if not (given or family or raw_date or raw_email.strip()):
            continue  # a blank line
        count += 1
        if count % every == 0:
            _progress(count, rows.total, progress)
        given_ar = cells[given_ar_at].strip() if given_ar_at is not None else ""
        family_ar = cells[family_ar_at].strip() if family_ar_at is not None else ""
        email = emails[raw_email] if raw_email in emails else checks.email(raw_email)
        session: Any = None
        present: Any = True
        if raw_date:
            session = dates[raw_date] if raw_date in dates else checks.session(raw_date)
            if present_at is not None:
                said = cells[present_at]
                present = presences[said] if said in presences else checks.present(said)
        if (
            not (given and family and email is not None)
            or (raw_date and (session is None or present is None))
            or (len(given) > limit or len(family) > limit or len(given_ar) > limit or len(family_ar) > limit)
        ):
            errors.extend(_row_errors(rows.line(), cells, at, checks))
            continue
        if session is not None and attendance[session].setdefault(email, present) != present:
            errors.append(_given_twice(rows.line(), at))
            continue
        valid += 1
        if email not in people:
            people[email] = PersonRecord(email, nfc(given), nfc(family), nfc(given_ar), nfc(family_ar))
    return count, valid


def _progress(count: int, total: int, progress: ProgressCallback | None) -> None:
    """Every so many rows: stop at `MAX_ROWS`, and say how far the reading is."""
    if count > columns.MAX_ROWS:
        raise _too_many_rows()
    if progress is not None:
        progress(min(count / total, 1.0) if total else 0.0)


def _too_many_rows() -> ImportFileError:
    return ImportFileError(_("The file has more than %(max)s rows: split it.") % {"max": columns.MAX_ROWS})


def _given_twice(line: int, at: _Layout) -> RowError:
    """The error of a row that gives a person's presence at a session again, with the other value."""
    column = at.headers[at.present if at.present is not None else at.email]
    reason = _("This person's presence at this session is given above with the other value.")
    return RowError(line, column, reason)


def _row_errors(line: int, cells: list[str], at: _Layout, checks: Checks) -> list[RowError]:
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
