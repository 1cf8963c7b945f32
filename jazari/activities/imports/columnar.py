"""The columnar reader: a plain CSV file of valid rows read in columns by Apache Arrow. The only module of
the import that uses `pyarrow`.

Its contract: for any file, `check_columns` gives exactly the records the row loop (`rows.check_rows`)
gives, or declines (None) and leaves the file to the row loop. It declines every file that is not *plain*
(quotes or NUL characters, a title or blank lines above the header, a line with another number of cells)
and every file with a row at fault or a presence given twice: the row loop then says which row and why.
`jazari/activities/tests/test_import_columns.py` compares both readers on hundreds of generated files.
"""

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, cast

from jazari.activities.imports import columns
from jazari.activities.imports.columns import (
    COLUMNS_BY_NAME,
    NAME_MAX_LENGTH,
    Checks,
    delimiter,
    header_positions,
    names_required_columns,
    nfc,
)
from jazari.activities.imports.records import ImportRecords, PersonRecord, ProgressCallback


def check_columns(
    text: str, utf8: bytes | None, sessions: Mapping[date, list[int]], progress: ProgressCallback | None
) -> ImportRecords | None:
    """The records of a *plain* CSV file of valid rows, read in columns; None for any other file, which the
    row-by-row check (`check_rows`) then reads and, when rows are at fault, says which and why.

    Plain: no quotes or NUL characters, the header on the first line and as many cells on every line as in
    the header. Valid: every row would pass `check_rows`, and no person's presence at a session is given
    twice. Apache Arrow's CSV reader (in C++) reads each column as the distinct values it holds and, for each
    row, the number of its value. Each distinct value is checked once, by the same checks as the row loop's;
    the per-row work (which person, which session, present or not) is done on those numbers. For a file of
    a million rows this takes a fraction of the time of the row loop, most of which goes to building a
    Python list for each row.
    """
    read = _read_plain(text, utf8)
    if read is None:
        return None
    positions, ignored, arrays = read
    count = len(arrays[0])
    field_limit = csv.field_size_limit()
    distinct = [array.dictionary.to_pylist() for array in arrays]  # each column's distinct values
    if not 0 < count <= columns.MAX_ROWS or any(
        len(max(values, key=len)) > field_limit for values in distinct
    ):
        return None  # the row loop says what is wrong: no rows, too many, or a cell the csv module refuses
    if progress is not None:
        progress(0.5)
    values = {name: distinct[index] for name, index in positions.items()}
    rows = {name: arrays[index].indices for name, index in positions.items()}
    checks = Checks(sessions)
    names = _checked_names(values)
    if names is None:
        return None
    people = _people_of_rows(checks, values, rows)
    if people is None:
        return None
    person_numbers, addresses = people
    attendance = _columns_attendance(checks, values, rows, person_numbers, addresses)
    if attendance is None:
        return None
    records = ImportRecords(ignored_columns=ignored, rows=count, valid_rows=count)
    records.attendance.update(attendance)
    _name_people(records, names, rows, person_numbers, addresses)
    if progress is not None:
        progress(1.0)
    return records


def _read_plain(text: str, utf8: bytes | None) -> tuple[dict[str, int], list[str], list[Any]] | None:
    """The position of each known column, the columns to be ignored, and the columns as Arrow arrays
    (`_read_columns`) of a plain file; None for a file that is not plain."""
    if '"' in text or "\x00" in text:
        return None
    separator = delimiter(text)
    first_line = text[: text.find("\n") + 1 or None]
    header = next(csv.reader(io.StringIO(first_line, newline=""), delimiter=separator), [])
    if not names_required_columns(header):
        return None  # a title or blank lines above the header: the row loop finds it and counts lines
    positions, headers, ignored = header_positions([cell.replace("\ufeff", "").strip() for cell in header])
    arrays = _read_columns(text if utf8 is None else utf8, separator, len(headers))
    if arrays is None:
        return None
    return positions, ignored, arrays


def _checked_names(values: Mapping[str, list[str]]) -> dict[str, list[str]] | None:
    """The distinct names of each name column, stripped and composed (NFC), in the order of their numbers;
    None when a required name is missing or a name is too long."""
    names = {}
    for name in ("given_name", "family_name", "given_name_ar", "family_name_ar"):
        stripped = [value.strip() for value in values.get(name, [""])]
        required = COLUMNS_BY_NAME[name].required
        if (required and not all(stripped)) or len(max(stripped, key=len)) > NAME_MAX_LENGTH:
            return None
        names[name] = [nfc(value) for value in stripped]
    return names


def _people_of_rows(
    checks: Checks, values: Mapping[str, list[str]], rows: Mapping[str, Any]
) -> tuple[Any, list[str]] | None:
    """For each row, the number of its person (an Arrow array), and the address of each number; None when
    an address is not valid."""
    emails = [checks.email(value) for value in values["email"]]
    if None in emails:
        return None
    # Several spellings of one address ("Ali@x.ma", "ali@x.ma ") are one person.
    number_of: dict[str, int] = {}
    person_of_value = [number_of.setdefault(cast("str", email), len(number_of)) for email in emails]
    return _take(person_of_value, rows["email"]), list(number_of)


def _name_people(
    records: ImportRecords,
    names: Mapping[str, list[str]],
    rows: Mapping[str, Any],
    person_numbers: Any,
    addresses: list[str],
) -> None:
    """Each person as named on their first row, in the order of the file, into `records.people`."""
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


def _columns_attendance(
    checks: Checks,
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
