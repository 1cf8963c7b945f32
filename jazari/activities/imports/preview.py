"""What confirming would do: the checked records matched with what the database holds.

`import_plan` reads, once, the activity's registrations and attendance and the people known by the file's
email addresses; `import_preview` counts from it what an import would create, reuse, correct or leave
unchanged, without writing anything. The writer (`writer.import_apply`) starts from the same plan.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models.functions import Lower

from jazari.activities.imports.records import ImportRecords, ImportReport
from jazari.activities.models import Activity, Attendance, Registration
from jazari.network.models import Person


@dataclass
class Plan:
    """The records matched with what the database already holds."""

    person_ids: dict[str, int]
    registered: set[int]
    existing: dict[int, dict[int, bool]]  # session pk → person pk → present


def import_plan(activity: Activity, records: ImportRecords) -> Plan:
    """`records` matched with the activity's registrations and attendance and the people already known."""
    existing: dict[int, dict[int, bool]] = {}
    rows = Attendance.objects.filter(session__activity=activity).values_list(
        "session_id", "person_id", "present"
    )
    for session_id, person_id, present in rows.iterator(chunk_size=20_000):
        existing.setdefault(session_id, {})[person_id] = present
    return Plan(
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
    plan = import_plan(activity, records)
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
