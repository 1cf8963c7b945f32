"""Benchmark: the portfolio page (funnel of projects per stage, by region and by theme; overdue deliverables)
at national size, against the same page with a tenth of the projects.

    DJANGO_DEBUG=true .venv/bin/python bench/portfolio.py                     # 5,000 projects (national)
    DJANGO_DEBUG=true .venv/bin/python bench/portfolio.py --projects 20000    # four times the network

It builds a throw-away SQLite database (/tmp/jazari-bench-portfolio.sqlite3, or the one DATABASE_URL names)
with the reference data, then, for the baseline and for the full size, projects spread over the institutes,
stages and themes, four deliverables each (a quarter overdue). It loads the page as the national coordinator
with Django's test client, `--repeat` times, keeps the best time, and counts the queries. The page groups in
the database, so its time should grow far less than its data: the last line is
`ratio=<best time at full size / best time with a tenth>`; the goal is 3.0 or less (ten times the data).
"""

import argparse
import time
from datetime import date
from pathlib import Path

from _setup import setup_django

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "/tmp/jazari-bench-portfolio.sqlite3"  # noqa: S108 - a throw-away file
STAGES = ["idea", "feasibility", "proof_of_concept", "prototype", "pilot", "deployment", "closed"]


def add_projects(count: int) -> None:
    from jazari.core.models import Theme
    from jazari.network.models import Institute
    from jazari.projects.models import Deliverable, Project

    institutes = list(Institute.objects.order_by("pk"))
    themes = list(Theme.objects.order_by("pk"))
    start = Project.objects.count()
    for offset in range(0, count, 2000):
        rows = []
        for n in range(start + offset, start + min(offset + 2000, count)):
            institute = institutes[n % len(institutes)]
            project = Project(
                title=f"Projet {n}",
                kind="prototype",
                lead_institute=institute,
                region_id=institute.region_id,
                stage=STAGES[(n * 7) % len(STAGES)],
                trl=1 + n % 9,
                is_public=n % 2 == 0,
            )
            project.refresh_search_text()
            rows.append(project)
        created = Project.objects.bulk_create(rows)
        Project.themes.through.objects.bulk_create(
            [Project.themes.through(project_id=p.pk, theme_id=themes[p.pk % len(themes)].pk) for p in created]
        )
        Deliverable.objects.bulk_create(
            [
                Deliverable(
                    title=f"Livrable {p.pk}-{k}",
                    kind="report",
                    project=p,
                    institute_id=p.lead_institute_id,
                    due_on=date(2020, 1, 1) if k == 0 else date(2030, 1, 1),
                    status="draft",
                )
                for p in created
                for k in range(4)
            ]
        )


def best_time(client, path: str, repeat: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries = len(context.captured_queries)
    return min(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--projects", type=int, default=5000, help="projects at full size (default 5000)")
    parser.add_argument("--repeat", type=int, default=5, help="loads of the page, best kept (default 5)")
    arguments = parser.parse_args()
    setup_django(DEFAULT_DATABASE)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from jazari.accounts.models import Role
    from jazari.accounts.services import account_ensure, membership_grant
    from jazari.network.reference import load_reference

    call_command("migrate", verbosity=0)
    load_reference()
    user = account_ensure(email="bench.coordinator@example.ma", password="bench-only-2030")  # noqa: S106
    membership_grant(user=user, role=Role.COORDINATOR)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    path = "/fr/workspace/portfolio/"
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")

    tenth = max(arguments.projects // 10, 1)
    add_projects(tenth)
    baseline, baseline_queries = best_time(client, path, arguments.repeat)
    print(
        f"baseline: {tenth:,} projects, {tenth * 4:,} deliverables: "
        f"{baseline * 1000:.1f} ms, {baseline_queries} queries"
    )
    add_projects(arguments.projects - tenth)
    full, full_queries = best_time(client, path, arguments.repeat)
    print(
        f"full size: {arguments.projects:,} projects, {arguments.projects * 4:,} deliverables: "
        f"{full * 1000:.1f} ms, {full_queries} queries"
    )
    print(f"ratio={full / baseline:.2f}")


if __name__ == "__main__":
    main()
