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
The expected columns are documented for users in `docs/imports.md`, with a template to download; the
modules of this package, one concern each, are listed there under "How the code is laid out":

- `columns`: the columns of a file and the checks of single cells (no database);
- `records`: what reading gives and writing takes (`ImportRecords`, `RowError`, `ImportReport`, errors);
- `rows`: the reference reader, row by row (`csv`, openpyxl);
- `columnar`: the columnar reader (Apache Arrow), equal to the row reader or declining;
- `parse`: `import_parse`, which decodes a file and hands it to a reader;
- `preview`: what confirming would do (`import_preview`);
- `writer`: the bulk insert (`import_apply`), on `jazari.core.bulk`;
- `storage`: the uploaded file kept until it is confirmed;
- `job`: the background job (`@job_handler`).

This module is the contract that views, tasks and tests use: import from here, not from the modules (a
test that patches a step patches it in the module that owns it).
"""

from jazari.activities.imports import columnar, parse, rows, writer
from jazari.activities.imports.columns import (
    COLUMNS,
    COLUMNS_BY_NAME,
    EMAIL_MAX_LENGTH,
    HEADER_SEARCH_LINES,
    MAX_FILE_BYTES,
    MAX_ROWS,
    NAME_MAX_LENGTH,
    ImportColumn,
)
from jazari.activities.imports.job import BACKGROUND_ROWS, JOB_KIND, background_rows, import_attendance_job
from jazari.activities.imports.parse import import_parse
from jazari.activities.imports.preview import import_preview
from jazari.activities.imports.records import (
    ImportFileError,
    ImportRecords,
    ImportRefused,
    ImportReport,
    PersonRecord,
    ProgressCallback,
    RowError,
)
from jazari.activities.imports.storage import (
    STORAGE_FOLDER,
    import_file_delete,
    import_file_read,
    import_file_store,
    import_files_clean,
)
from jazari.activities.imports.writer import import_apply

__all__ = [
    "BACKGROUND_ROWS",
    "COLUMNS",
    "COLUMNS_BY_NAME",
    "EMAIL_MAX_LENGTH",
    "HEADER_SEARCH_LINES",
    "JOB_KIND",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "NAME_MAX_LENGTH",
    "STORAGE_FOLDER",
    "ImportColumn",
    "ImportFileError",
    "ImportRecords",
    "ImportRefused",
    "ImportReport",
    "PersonRecord",
    "ProgressCallback",
    "RowError",
    "background_rows",
    "import_apply",
    "import_attendance_job",
    "import_file_delete",
    "import_file_read",
    "import_file_store",
    "import_files_clean",
    "import_parse",
    "import_preview",
]

# The steps that the tests call by their names of before the package (the differential test reads a file
# with each reader; others try the helper thread, the reference check, the random keys). A test that
# patches one patches it in the module that owns it: `columns.MAX_ROWS`, `writer._write_attendance`, ...
_decode = parse.decode
_sessions_by_date = parse.sessions_by_date
_csv_rows = rows.csv_rows
_check_rows = rows.check_rows
_check_columns = columnar.check_columns
_ahead = writer._ahead
_check_references = writer._check_references
_random_uuids = writer._random_uuids
_random_tokens = writer._random_tokens
