"""Test data of the indicators: the declared indicators loaded, and trainings with certified people."""

from datetime import UTC, datetime, timedelta

import pytest

from jazari.activities.models import Activity, Certificate, Registration, Session, TrainingProgramme
from jazari.indicators.periods import Quarter
from jazari.indicators.reference import load_indicators
from jazari.indicators.services import observations_compute
from jazari.network.models import Institute, Person

QUARTER = Quarter(2026, 3)


@pytest.fixture
def indicators(reference):
    load_indicators()


def certified_cohort(institute: Institute, people: int, *, women: int = 0, code: str = "") -> Activity:
    """A completed training of `institute` in 2026-Q2 whose `people` participants all hold a certificate
    (`women` of them women, the others men)."""
    programme = TrainingProgramme.objects.create(
        code=code or f"p-{TrainingProgramme.objects.count() + 1}",
        name_fr="Bases de l'IA",
        institute=institute,
        hours=6,
    )
    starts = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    activity = Activity.objects.create(
        title="Formation IA",
        kind=Activity.Kind.TRAINING,
        programme=programme,
        organiser=institute,
        region=institute.region,
        starts_at=starts,
        ends_at=starts + timedelta(days=1),
        status=Activity.Status.COMPLETED,
    )
    for day in range(2):
        Session.objects.create(
            activity=activity,
            starts_at=starts + timedelta(days=day),
            ends_at=starts + timedelta(days=day, hours=3),
        )
    for number in range(people):
        person = Person.objects.create(
            given_name=f"P{number}", family_name=institute.slug, gender="female" if number < women else "male"
        )
        registration = Registration.objects.create(
            activity=activity, person=person, status=Registration.Status.ATTENDED, consent_at=starts
        )
        Certificate.objects.create(registration=registration, issued_at=starts + timedelta(days=5))
    return activity


@pytest.fixture
def small_cells(indicators, institute_a, institute_b):
    """Three people trained at Nador (a small cell), twelve at Guelmim (2 women), stored for 2026-Q3."""
    certified_cohort(institute_a, 3, women=1)
    certified_cohort(institute_b, 12, women=2)
    observations_compute(quarter=QUARTER)
    return QUARTER
