"""Reading a file: `import_parse` decodes it and hands it to a reader.

A workbook goes to the row loop (`rows.xlsx_rows`, `rows.check_rows`). A CSV text goes first to the
columnar reader (`columnar.check_columns`), which reads plain files of valid rows and declines the others;
the row loop then reads what it declined. Either way the result is the same `ImportRecords`.
"""

import codecs
import csv
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from jazari.activities.imports.columnar import check_columns
from jazari.activities.imports.records import ImportFileError, ImportRecords, ProgressCallback
from jazari.activities.imports.rows import check_rows, csv_rows, xlsx_rows
from jazari.activities.models import Activity, Session
from jazari.core.bulk import cyclic_gc_paused


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
    sessions = sessions_by_date(activity)
    with cyclic_gc_paused():
        if data.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
            rows = xlsx_rows(data)
        else:
            text, utf8 = decode(data)
            records = check_columns(text, utf8, sessions, progress)
            if records is not None:
                return records
            rows = csv_rows(text)
        try:
            return check_rows(rows, sessions, progress)
        except csv.Error as error:
            raise ImportFileError(
                _("The CSV file is malformed near line %(line)s (%(error)s).")
                % {"line": rows.line(), "error": error}
            ) from None


def decode(data: bytes) -> tuple[str, bytes | None]:
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


def sessions_by_date(activity: Activity) -> dict[date, list[int]]:
    """The activity's sessions by their local date (several when a day has more than one)."""
    by_date: dict[date, list[int]] = {}
    for pk, starts_at in Session.objects.filter(activity=activity).values_list("pk", "starts_at"):
        by_date.setdefault(timezone.localtime(starts_at).date(), []).append(pk)
    return by_date
