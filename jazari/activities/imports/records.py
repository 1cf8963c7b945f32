"""The records exchanged between reading a file and writing it.

Reading (`import_parse`, by either reader) makes an `ImportRecords`: the people the file names, their
presences at the activity's sessions, and every `RowError`. The preview and the writer take it and answer
with an `ImportReport`. A file that cannot be read at all raises `ImportFileError`; confirming a file with
rejected rows without asking to skip them raises `ImportRefused`. Nothing here touches the database.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

ProgressCallback = Callable[[float], None]


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
