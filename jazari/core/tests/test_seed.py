"""`jazari seed`: the same scale and seed always give the same demo data, and re-running is harmless."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from jazari.core.models import DemoDataset
from jazari.core.seeding import Scale, run_seed
from jazari.network.models import Affiliation, Institute, Organisation, Person, Region

TINY = Scale(name="tiny", organisations=40, people=150)
SCALES = {"tiny": TINY}


def seed(seed: int, *, force: bool = False) -> None:
    """Seed the tiny scale quietly."""
    run_seed(scale_name="tiny", seed=seed, force=force, out=lambda line: None, scales=SCALES)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every demo row as natural values: no primary keys, no creation or update times."""
    organisations = Organisation.objects.filter(is_demo=True).values_list(
        "public_id",
        "name",
        "name_ar",
        "acronym",
        "kind",
        "region__code",
        "city",
        "sector__code",
        "size_band",
        "network_role",
    )
    people = Person.objects.filter(is_demo=True).values_list(
        "public_id",
        "given_name",
        "family_name",
        "given_name_ar",
        "family_name_ar",
        "gender",
        "email",
        "region__code",
        "keywords",
        "languages",
        "consent_public_profile",
        "consent_public_profile_at",
        "consent_contactable",
        "consent_contactable_at",
    )
    affiliations = Affiliation.objects.filter(is_demo=True).values_list(
        "person__public_id",
        "organisation__public_id",
        "organisation__name",
        "institute__slug",
        "role",
        "start_date",
        "end_date",
    )
    skills = Person.skills.through.objects.filter(person__is_demo=True).values_list(
        "person__public_id", "skill__code"
    )
    themes = Person.themes.through.objects.filter(person__is_demo=True).values_list(
        "person__public_id", "theme__code"
    )
    return {
        label: sorted(rows, key=repr)
        for label, rows in {
            "organisations": organisations,
            "people": people,
            "affiliations": affiliations,
            "skills": skills,
            "themes": themes,
        }.items()
    }


def row_counts() -> dict[str, int]:
    return {label: len(rows) for label, rows in snapshot().items()}


@pytest.mark.django_db
def test_it_gives_the_same_data_for_the_same_seed() -> None:
    seed(7)
    first = snapshot()
    seed(7, force=True)
    second = snapshot()

    assert first == second
    assert len(first["organisations"]) == TINY.organisations
    assert len(first["people"]) == TINY.people
    assert first["affiliations"] and first["skills"] and first["themes"]
    assert any(row[3] for row in first["people"]), "Arabic given names are seeded"
    assert any(row[11] for row in first["people"]), "consent times are seeded"


@pytest.mark.django_db
def test_it_gives_other_data_for_another_seed() -> None:
    seed(7)
    first = snapshot()
    seed(8)

    assert snapshot() != first
    assert DemoDataset.objects.get().seed == 8


@pytest.mark.django_db
def test_it_changes_nothing_when_run_again_without_force() -> None:
    seed(7)
    before = snapshot()
    recorded = DemoDataset.objects.get()
    lines: list[str] = []

    run_seed(scale_name="tiny", seed=7, out=lines.append, scales=SCALES)

    assert snapshot() == before
    assert DemoDataset.objects.get() == recorded
    assert "already present" in lines[0]


@pytest.mark.django_db
def test_it_loads_the_regions_and_the_real_institutes() -> None:
    seed(7)

    assert Region.objects.count() == 12
    assert Institute.objects.count() == 7
    assert Affiliation.objects.filter(is_demo=True, institute__isnull=False).exists()


@pytest.mark.django_db
def test_it_gives_every_region_organisations() -> None:
    seed(7)

    for region in Region.objects.all():
        assert region.organisations.filter(is_demo=True).exists(), region.code


@pytest.mark.django_db
def test_it_keeps_real_records_and_removes_demo_history() -> None:
    seed(7)
    real = Organisation.objects.filter(is_demo=False).count()
    person = Person.objects.filter(is_demo=True).first()
    assert person is not None
    person.keywords = "edited"
    person.save()  # an edit writes a history row marked as demo
    assert Person.history.filter(is_demo=True).exists()

    seed(7, force=True)

    assert Organisation.objects.filter(is_demo=False).count() == real
    assert not Person.history.filter(is_demo=True).exists()
    assert Person.objects.filter(is_demo=True).count() == TINY.people


@pytest.mark.django_db
def test_it_seeds_the_small_scale_from_the_command() -> None:
    output = StringIO()
    call_command("seed", "--scale", "small", "--seed", "7", stdout=output)
    call_command("seed", "--scale", "small", "--seed", "7", stdout=output)

    assert Organisation.objects.filter(is_demo=True).count() == 400
    assert Person.objects.filter(is_demo=True).count() == 3000
    assert "already present" in output.getvalue()
    emails = Person.objects.filter(is_demo=True).exclude(email="").values_list("email", flat=True)
    assert all(email.endswith("@demo.invalid") for email in emails)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_seeding_refreshes_the_planner_statistics(reference):
    def estimated_people() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'network_person'")
            return float(cursor.fetchone()[0])

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE network_person")  # as the tables were before: nearly empty
    before = estimated_people()
    seed(1)
    assert before < 100 <= estimated_people()
