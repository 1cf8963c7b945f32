"""The writer: the checked records written in bulk, all or nothing, inside the caller's transaction.

`import_apply` starts from the plan of the preview (`preview.import_plan`), reserves the keys of the new
people, and runs the statements that `_Writes` makes: registrations, presences, then the people, many rows
per statement (`core.bulk.Insert`). A helper thread prepares the next statements while the database runs
the current one (`_ahead`). When SQLite's row-by-row reference checks are off, the references are checked
once at the end (`_check_references`).
"""

import base64
import operator
import os
import queue
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from functools import partial
from itertools import compress
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jazari.activities.imports.preview import Plan, import_plan
from jazari.activities.imports.records import (
    ImportRecords,
    ImportRefused,
    ImportReport,
    PersonRecord,
    ProgressCallback,
)
from jazari.activities.models import Activity, Attendance, Registration, Session
from jazari.core.bulk import (
    Insert,
    Write,
    cyclic_gc_paused,
    larger_sqlite_cache,
    missing_keys,
    references_unchecked,
    reserve_ids,
)
from jazari.network.models import Person


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
    with cyclic_gc_paused(), larger_sqlite_cache(), transaction.atomic():
        unchecked = references_unchecked()
        plan = import_plan(activity, records)
        new_people, new_ids, unregistered = _new_rows(records, plan, report)
        writes = _Writes(activity, records, plan, method, report)
        total = max(len(new_people) + len(unregistered) + records.attendance_rows, 1)
        done = 0
        with connection.cursor() as cursor:
            for write in _ahead(writes.all(unregistered, zip(new_ids, new_people, strict=True))):
                done += write(cursor)
                step(done / total)
        if unchecked:
            _check_references(activity, plan.person_ids.values(), records.attendance.keys())
    return report


def _new_rows(
    records: ImportRecords, plan: Plan, report: ImportReport
) -> tuple[list[PersonRecord], list[int], list[int]]:
    """The people to create, the keys reserved for them (added to `plan.person_ids`), and the keys of the
    people to register for the activity; their numbers go to the report."""
    person_ids = plan.person_ids
    # New rows are written in the order of each of their indexes where it can be (`_Writes`): the new
    # people in the order of their names, with keys and identifiers in ascending order too.
    new_people = sorted(
        (record for email, record in records.people.items() if email not in person_ids),
        key=operator.attrgetter("family_name", "given_name"),
    )
    report.people_reused, report.people_created = len(person_ids), len(new_people)
    new_ids = reserve_ids(Person, len(new_people))
    person_ids.update(zip([record.email for record in new_people], new_ids, strict=True))
    unregistered = sorted(
        pk for pk in (person_ids[email] for email in records.people) if pk not in plan.registered
    )
    report.registrations_created = len(unregistered)
    report.registrations_existing = len(records.people) - len(unregistered)
    return new_people, new_ids, unregistered


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


def _check_references(activity: Activity, person_ids: Iterable[int], session_ids: Collection[int]) -> None:
    """What the database would have checked row by row, checked once: the people, the activity and the
    sessions that the new rows refer to exist, and the sessions are the activity's."""
    missing = missing_keys(Person, person_ids)
    sessions = Session.objects.filter(activity=activity, pk__in=session_ids).count()
    if missing or sessions != len(session_ids) or not Activity.objects.filter(pk=activity.pk).exists():
        raise IntegrityError(
            f"The import refers to {missing} missing people or {len(session_ids) - sessions} sessions that "
            f"are not the activity's: nothing was imported."
        )


class _Writes:
    """The statements of one import, made by `all()` one after the other (in `_ahead`'s helper thread).

    Their texts and shared values are built here, in the caller's thread, with its connection.

    The rows go in the order of the indexes they are added to, as far as can be: the people by name (the
    name index), with their identifiers in ascending order (the unique index of identifiers); registrations
    and presences by person key. Each index then takes its new entries in one sweep, instead of at random
    places all over it: with a million presences, a quarter of the time of writing them.
    """

    def __init__(
        self, activity: Activity, records: ImportRecords, plan: Plan, method: str, report: ImportReport
    ) -> None:
        self.records, self.plan, self.method, self.report = records, plan, method, report
        self.people = Insert.of(Person, ("id", *_PERSON_COLUMNS), prepared={"public_id"}, ignore=False)
        self.registrations = Insert.of(
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
            (session_id, present): Insert.of(
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
