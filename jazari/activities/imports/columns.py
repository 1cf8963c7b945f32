"""The columns of a file and the checks of single cells: pure functions, no database.

What each column means and the headers that name it (`COLUMNS`), how a header line is recognised and its
columns located (`names_required_columns`, `header_positions`, `delimiter`), and the checks of one value:
an email address, a date that must be the day of one of the activity's sessions, a presence (`Checks`).
Both readers, the row loop (`rows`) and the columnar reader (`columnar`), check cells with these and only
these, so that they agree.

The limits of a file are here too. The readers read `MAX_ROWS` from this module when they check it, so a
test may lower it here.
"""

import csv
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jazari.activities.imports.records import ImportFileError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2_000_000  # a 20 MB file holds far fewer; this bounds what a compressed workbook may unfold to
NAME_MAX_LENGTH = 100
HEADER_SEARCH_LINES = 10  # the column names may sit under a title and blank lines, on one of these
EMAIL_MAX_LENGTH = 254


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


# --- The header line ---------------------------------------------------------------------------------


def delimiter(text: str) -> str:
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
            if names_required_columns(cells):
                return separator
        if end < 0:
            break
        start = end + 1
    return first or ";"


def names_required_columns(cells: Sequence[str]) -> bool:
    """Whether a line's cells name every required column: then it is the header line."""
    return not missing_columns(cells)


def missing_columns(cells: Sequence[str]) -> list[ImportColumn]:
    named = {_ALIASES.get(_fold(str(cell).replace("\ufeff", "").strip())) for cell in cells}
    return [column for column in COLUMNS if column.required and column.name not in named]


def header_positions(headers: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
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


# --- Single cells ------------------------------------------------------------------------------------


_SIMPLE_EMAIL = re.compile(
    r"[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)


class Checks:
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


def nfc(text: str) -> str:
    """Names typed on a Mac may decompose accents ("e" + "´"); store them composed, as everywhere else."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
