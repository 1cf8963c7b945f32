"""Benchmark: importing N attendance rows through the platform, against a bare insert of the same rows.

    DJANGO_DEBUG=true .venv/bin/python bench/import_attendance.py --rows 100000
    DJANGO_DEBUG=true .venv/bin/python bench/import_attendance.py --rows 1000000   # the documented run

It builds a throw-away SQLite database (/tmp/jazari-bench-import.sqlite3, or the one DATABASE_URL names),
an activity with 20 sessions, and a CSV of N rows (N/20 people at each of the 20 sessions) in memory. Then:

(a) the platform: read and check the CSV and write it with `import_apply`, in one transaction, as the
    background job does;
(b) the baseline: the same N rows (five text columns, already split) written by one bare `executemany` into
    a table without constraints or indexes, in one transaction (on PostgreSQL: COPY).

Both are measured `--repeat` times (a new activity and new people each time; a new table for the bare
insert), alternately, and the best time of each is kept: the machine may be shared. The last line is
`ratio=<best (a) / best (b)>`; the goal on SQLite for 1,000,000 rows is 2.0 or less.
"""

import argparse
import csv
import io
import time
from datetime import datetime, timedelta
from pathlib import Path

from _setup import setup_django

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "/tmp/jazari-bench-import.sqlite3"  # noqa: S108 - a throw-away file
SESSIONS = 20


def make_activity(run: int):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from jazari.activities.models import Activity, Session
    from jazari.network.models import Institute

    institute = Institute.objects.order_by("pk").first()
    assert institute is not None, "the reference data has no institute"
    zone = timezone.get_current_timezone()
    starts = datetime(2026, 3, 2, 9, 0, tzinfo=zone)
    activity = Activity.objects.create(
        title=f"Benchmark workshop {run + 1}",
        kind=Activity.Kind.WORKSHOP,
        organiser=institute,
        region=institute.region,
        starts_at=starts,
        ends_at=starts + timedelta(days=SESSIONS),
    )
    Session.objects.bulk_create(
        Session(
            activity=activity,
            starts_at=starts + timedelta(days=day),
            ends_at=starts + timedelta(days=day, hours=3),
        )
        for day in range(SESSIONS)
    )
    return activity


def make_csv(rows: int, run: int) -> bytes:
    """The file an institute would upload: `;`-separated, dates as dd/mm/yyyy, new people at each run."""
    days = [(datetime(2026, 3, 2) + timedelta(days=day)).strftime("%d/%m/%Y") for day in range(SESSIONS)]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["given_name", "family_name", "email", "session_date", "present"])
    for number in range(rows // SESSIONS):
        given, family, email = f"Prénom{number}", f"Nom{number}", f"personne.{number}@run{run}.example.ma"
        for index, day in enumerate(days):
            writer.writerow([given, family, email, day, "non" if (number + index) % 7 == 0 else "oui"])
    return out.getvalue().encode("utf-8")


def time_platform(activity, data: bytes):  # type: ignore[no-untyped-def]
    from django.db import connection, transaction

    from jazari.activities.imports import import_apply, import_parse

    started = time.perf_counter()
    # As the background job writes: without SQLite's row-by-row reference checks (see `import_apply`).
    with connection.constraint_checks_disabled(), transaction.atomic():
        records = import_parse(data, activity=activity, filename="bench.csv")
        report = import_apply(activity=activity, records=records)
    return time.perf_counter() - started, records, report


def time_baseline(rows: list[list[str]], run: int) -> float:
    """The bare insert, into a new table for each run. The tables are kept until the end, as the platform's
    rows are: both sides then write into new pages at the end of the file (a dropped table's pages would be
    reused by the next run, a different and faster thing)."""
    from django.db import connection, transaction

    table = f"bench_import_baseline_{run}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        columns = "given_name text, family_name text, email text, session_date text, present text"
        cursor.execute(f"CREATE TABLE {table} ({columns})")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} VALUES (%s, %s, %s, %s, %s)", rows)  # noqa: S608
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000, help="attendance rows (default 100000)")
    parser.add_argument(
        "--repeat", type=int, default=5, help="measure both sides this many times, keep the best (default 5)"
    )
    arguments = parser.parse_args()
    rows = max(SESSIONS, arguments.rows - arguments.rows % SESSIONS)

    setup_django(DEFAULT_DATABASE)
    from django.core.management import call_command
    from django.db import connection

    from jazari.activities.models import Attendance, Registration
    from jazari.network.reference import load_reference

    call_command("migrate", verbosity=0)
    load_reference()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(
        f"rows: {rows:,} ({rows // SESSIONS:,} people x {SESSIONS} sessions), best of {arguments.repeat} runs"
    )
    label = "COPY" if connection.vendor == "postgresql" else "executemany"
    platform_times, baseline_times = [], []
    for run in range(arguments.repeat):
        activity = make_activity(run)
        data = make_csv(rows, run)
        split = list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter=";"))[1:]
        platform, records, report = time_platform(activity, data)
        assert not records.errors, records.errors[:5]
        assert report.attendance_created == rows and report.people_created == rows // SESSIONS, report
        assert Attendance.objects.filter(session__activity=activity).count() == rows
        assert Registration.objects.filter(activity=activity).count() == rows // SESSIONS
        baseline = time_baseline(split, run)
        size = len(data) / 1e6
        print(f"  run {run + 1}: file {size:.1f} MB, platform {platform:.2f} s, baseline {baseline:.2f} s")
        platform_times.append(platform)
        baseline_times.append(baseline)
        del data, split, records
    with connection.cursor() as cursor:
        for run in range(arguments.repeat):
            cursor.execute(f"DROP TABLE bench_import_baseline_{run}")
    platform, baseline = min(platform_times), min(baseline_times)
    print(f"platform (parse + check + import_apply): {platform:.2f} s, {rows / platform:,.0f} rows/s")
    print(f"baseline (bare {label}, unconstrained table): {baseline:.2f} s, {rows / baseline:,.0f} rows/s")
    print(f"ratio={platform / baseline:.2f}")


if __name__ == "__main__":
    main()
