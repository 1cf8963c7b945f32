"""CSV and XLSX exports of any list, streamed so that a list of 300,000 rows never sits in memory.

A view builds its filtered queryset as for the page, then returns
`export_response(rows=queryset, columns=[...], filename="institutes", file_format="csv")`.

Every CSV and XLSX file the platform writes goes through this module, because the text in it may come from
anyone (a public form, a registration, the API) and a spreadsheet program would run a cell that starts like a
formula. Text cells that start with `=`, `+`, `-`, `@`, a tab or a carriage return are neutralised: in a CSV
file they are prefixed with an apostrophe, in an XLSX file they are strings marked "quote prefix" (shown as
written, never evaluated). Numbers stay numbers, and so does text that is only a number ("-12.5").
"""

import csv
import datetime
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

EXPORT_FORMATS = ("csv", "xlsx")
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Column:
    """One column of an export: its header and how to read the value from a row."""

    header: Any
    value: Callable[[Any], Any]

    @classmethod
    def attribute(cls, header: Any, path: str) -> "Column":
        """A column reading `row.a.b` (empty when a step is None)."""

        def read(row: Any) -> Any:
            for step in path.split("."):
                row = getattr(row, step, None)
                if row is None:
                    return ""
            return row() if callable(row) else row

        return cls(header=header, value=read)


def _rows(rows: Iterable[Any]) -> Iterator[Any]:
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=CHUNK_SIZE)
    return iter(rows)


# What a spreadsheet program reads as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell holds it: numbers, dates and times as they are, anything else as text."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, datetime.date | datetime.time):
        return value
    return force_str(value)


def looks_like_formula(value: Any) -> bool:
    """Whether a spreadsheet program could take this text for a formula (a number written as text is not)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value)


def csv_cell(value: Any) -> Any:
    """A value for a CSV file: text that could be read as a formula is prefixed with an apostrophe."""
    value = _cell(value)
    return f"'{value}" if looks_like_formula(value) else value


def xlsx_cell(sheet: Worksheet | WriteOnlyWorksheet, value: Any) -> Cell:
    """A value for an XLSX sheet: text is always a string, never a formula, and shown exactly as written."""
    value = _cell(value)
    cell = WriteOnlyCell(sheet, value=value)  # placed by `append`, in either kind of sheet
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store text starting with "=" as a formula
        cell.quotePrefix = looks_like_formula(value)
    return cell


def xlsx_row(sheet: Worksheet | WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    """Append one row of values to a sheet, each through `xlsx_cell`."""
    sheet.append([xlsx_cell(sheet, value) for value in values])


class _Echo:
    """A file-like object whose write returns what it was given, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """A CSV file line by line (UTF-8 with a byte order mark), every cell through `csv_cell`."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # byte order mark: spreadsheet programs then read the file as UTF-8
    yield writer.writerow([csv_cell(force_str(title)) for title in header])
    for values in rows:
        yield writer.writerow([csv_cell(value) for value in values])


def _values(rows: Iterable[Any], columns: list[Column]) -> Iterator[list[Any]]:
    for row in _rows(rows):
        yield [column.value(row) for column in columns]


def _filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


def export_response(
    *, rows: Iterable[Any], columns: list[Column], filename: str, file_format: str
) -> StreamingHttpResponse | FileResponse:
    """The rows as a CSV stream or an XLSX file (right-to-left sheet when the language is Arabic)."""
    if file_format == "csv":
        lines = csv_lines([column.header for column in columns], _values(rows, columns))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_filename(filename, "csv")}"'
        return response
    if file_format != "xlsx":
        raise ValueError(f"unknown export format {file_format!r}")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=force_str(filename)[:31])
    sheet.sheet_view.rightToLeft = translation.get_language_bidi()
    xlsx_row(sheet, [force_str(column.header) for column in columns])
    for values in _values(rows, columns):
        xlsx_row(sheet, values)
    # The write-only workbook streams its rows to disk; the response then streams the file.
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_filename(filename, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
