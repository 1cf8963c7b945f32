"""Demo activities: deterministic for a seed, realistic in shape, removed cleanly on a new seeding."""

import pytest

from jazari.activities.codes import normalize_code
from jazari.activities.models import Activity, Attendance, Certificate, Registration
from jazari.core.seeding import Scale, run_seed

pytestmark = pytest.mark.django_db

SMALL = {"tiny": Scale(name="tiny", organisations=40, people=400)}


def seed(number: int, force: bool = False) -> None:
    run_seed(scale_name="tiny", seed=number, force=force, out=lambda line: None, scales=SMALL)


FIELDS = {
    Activity: ("public_id", "title", "kind", "organiser__slug", "starts_at", "status"),
    Registration: ("public_id", "activity__public_id", "person__public_id", "status"),
    Attendance: ("session__activity__public_id", "session__starts_at", "person__public_id", "present"),
    Certificate: ("code", "registration__public_id"),
}


def snapshot() -> dict[str, list[tuple]]:
    return {model.__name__: sorted(model.objects.values_list(*fields)) for model, fields in FIELDS.items()}


def test_it_seeds_the_same_activities_for_the_same_seed(reference):
    seed(7)
    first = snapshot()
    seed(7, force=True)
    assert snapshot() == first
    seed(8, force=True)
    assert snapshot()["Activity"] != first["Activity"]


def test_it_seeds_activities_that_look_like_a_network(reference):
    seed(7)
    assert Activity.objects.count() == 40
    assert Activity.objects.filter(kind="training", programme__isnull=False).exists()
    assert Attendance.objects.exists()
    trainings = Activity.objects.filter(kind="training")
    assert not trainings.filter(programme__isnull=True).exists()
    for certificate in Certificate.objects.all():
        assert normalize_code(certificate.code) == certificate.code
    for activity in Activity.objects.exclude(capacity=None):
        held = activity.registrations.filter(status__in=Registration.HOLDS_A_PLACE).count()
        assert held <= activity.capacity


def test_it_removes_demo_activities_before_seeding_again(reference):
    seed(7)
    seed(9, force=True)
    assert Activity.objects.count() == 40
