"""Test data for activities, built with the models and services the product uses."""

from datetime import timedelta

from django.utils import timezone

from jazari.activities.models import Activity, Session, TrainingProgramme
from jazari.network.models import Institute, Person


def programme_of(institute: Institute, code: str = "ml-basics") -> TrainingProgramme:
    return TrainingProgramme.objects.create(
        code=code,
        name_fr="Bases de l'apprentissage automatique",
        name_ar="أسس التعلم الآلي",
        institute=institute,
        hours=20,
    )


def open_training(
    institute: Institute, *, capacity: int | None = 30, sessions: int = 5, **fields
) -> Activity:
    """A published training of `institute`, open for registration now, starting in a week."""
    now = timezone.now()
    starts = now + timedelta(days=7)
    values = {
        "title": "Formation IA pour l'agriculture",
        "title_ar": "تكوين في الذكاء الاصطناعي للفلاحة",
        "kind": Activity.Kind.TRAINING,
        "programme": programme_of(institute, code=f"p-{TrainingProgramme.objects.count() + 1}"),
        "organiser": institute,
        "region": institute.region,
        "starts_at": starts,
        "ends_at": starts + timedelta(days=sessions),
        "languages": "ar fr",
        "capacity": capacity,
        "registration_opens_at": now - timedelta(days=1),
        "registration_closes_at": now + timedelta(days=6),
        "status": Activity.Status.PUBLISHED,
    }
    values.update(fields)
    activity = Activity.objects.create(**values)
    for day in range(sessions):
        Session.objects.create(
            activity=activity,
            starts_at=starts + timedelta(days=day),
            ends_at=starts + timedelta(days=day, hours=3),
        )
    return activity


def person(given: str, family: str = "Test", email: str = "") -> Person:
    return Person.objects.create(
        given_name=given, family_name=family, email=email or f"{given.lower()}@example.ma"
    )
