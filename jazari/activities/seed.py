"""Demo activities: training programmes, ten years of activities and cohorts with their sessions,
registrations, attendance and certificates. `national` gives about 30,000 activities and 2,000,000
attendance rows. Every value comes from the step's random generator and a fixed calendar, so the same seed
always gives the same rows."""

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection

from jazari.activities.codes import ALPHABET, check_character, format_code
from jazari.activities.models import (
    Activity,
    Attendance,
    Certificate,
    Registration,
    Session,
    TrainingProgramme,
)
from jazari.core.models import Skill, Theme
from jazari.core.seeding import Output, Scale, delete_fast, seed_cleanup, seed_step
from jazari.network.models import Institute, Person

STEP_ORDER = 20
BATCH_SIZE = 5000
# A fixed calendar: ten years of activities, 2017 to 2026, whatever the day the seed runs.
FIRST_DAY = datetime(2017, 1, 9, 8, 0, tzinfo=UTC)
LAST_DAY = datetime(2026, 12, 18, 8, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)

PROGRAMMES = [
    ("ml-foundations", "Fondements de l'apprentissage automatique", "أسس التعلم الآلي", "Machine learning foundations", 30),  # noqa: E501
    ("nlp-darija", "Traitement automatique de la darija", "المعالجة الآلية للدارجة", "NLP for Darija", 24),
    ("vision-agri", "Vision par ordinateur pour l'agriculture", "الرؤية الحاسوبية للفلاحة", "Computer vision for agriculture", 20),  # noqa: E501
    ("data-eng", "Ingénierie des données", "هندسة البيانات", "Data engineering", 36),
    ("llm-apps", "Applications des grands modèles de langue", "تطبيقات النماذج اللغوية الكبيرة", "LLM applications", 18),  # noqa: E501
    ("ai-gov", "Éthique et gouvernance de l'IA", "أخلاقيات وحكامة الذكاء الاصطناعي", "AI ethics and governance", 12),  # noqa: E501
]  # fmt: skip

TITLES = {
    Activity.Kind.SCIENTIFIC_EXCHANGE: ["Échange scientifique : %s", "Rencontre chercheurs : %s"],
    Activity.Kind.WORKSHOP: ["Atelier pratique : %s", "Atelier : %s"],
    Activity.Kind.SEMINAR: ["Séminaire : %s", "Journée d'étude : %s"],
    Activity.Kind.CO_DESIGN: ["Session de co-conception : %s", "Co-design avec les acteurs régionaux : %s"],
    Activity.Kind.HACKATHON: ["Hackathon %s"],
    Activity.Kind.CONFERENCE: ["Conférence : %s"],
    Activity.Kind.WEBINAR: ["Webinaire : %s"],
}
KIND_WEIGHTS = [
    (Activity.Kind.TRAINING, 40),
    (Activity.Kind.WORKSHOP, 18),
    (Activity.Kind.SEMINAR, 12),
    (Activity.Kind.WEBINAR, 10),
    (Activity.Kind.CO_DESIGN, 8),
    (Activity.Kind.SCIENTIFIC_EXCHANGE, 6),
    (Activity.Kind.CONFERENCE, 4),
    (Activity.Kind.HACKATHON, 2),
]
LANGUAGES = ["fr", "ar fr", "ar", "fr en", "ar fr en", "zgh ar fr"]


def _uuid(rng: random.Random) -> Any:
    import uuid

    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _token(rng: random.Random) -> str:
    return f"{rng.getrandbits(192):048x}"


def _certificate_code(rng: random.Random) -> str:
    body = "".join(rng.choice(ALPHABET) for _ in range(10))
    return format_code(body + check_character(body))


def _programmes(
    rng: random.Random, institutes: list[Institute], skills: list[Skill]
) -> list[TrainingProgramme]:
    programmes = []
    for institute in institutes:
        for code, name_fr, name_ar, name_en, hours in rng.sample(PROGRAMMES, 3):
            programme = TrainingProgramme(
                public_id=_uuid(rng),
                code=f"{institute.slug}-{code}",
                institute=institute,
                name_fr=name_fr,
                name_ar=name_ar,
                name_en=name_en,
                hours=Decimal(hours),
                min_attendance_percent=80,
                is_demo=True,
            )
            programmes.append(programme)
    TrainingProgramme.objects.bulk_create(programmes)
    links = TrainingProgramme.skills.through
    links.objects.bulk_create(
        links(trainingprogramme_id=programme.pk, skill_id=skill.pk)
        for programme in programmes
        for skill in rng.sample(skills, 2)
    )
    return programmes


def _activity(
    rng: random.Random, institute: Institute, programmes: list[TrainingProgramme], themes: list[Theme]
):
    kind = rng.choices([k for k, _ in KIND_WEIGHTS], weights=[w for _, w in KIND_WEIGHTS])[0]
    span = (LAST_DAY - FIRST_DAY).days
    # More activities in recent years: the network grows.
    starts = FIRST_DAY + timedelta(days=int(span * rng.random() ** 0.6), hours=rng.choice([0, 1, 2, 6]))
    programme = rng.choice(programmes) if kind == Activity.Kind.TRAINING else None
    sessions = rng.randint(4, 8) if programme else rng.choice([1, 1, 1, 2, 3])
    theme = rng.choice(themes)
    title = (
        f"{programme.name_fr} — cohorte {starts:%Y-%m}"
        if programme
        else rng.choice(TITLES[kind]) % theme.name_fr.lower()
    )
    if starts > NOW:
        status = Activity.Status.PUBLISHED if rng.random() < 0.85 else Activity.Status.DRAFT
    else:
        status = Activity.Status.COMPLETED if rng.random() < 0.96 else Activity.Status.CANCELLED
    activity = Activity(
        public_id=_uuid(rng),
        title=title,
        title_ar=programme.name_ar if programme else "",
        kind=kind,
        programme=programme,
        organiser=institute,
        region=institute.region,
        format=rng.choices(list(Activity.Format.values), weights=[6, 3, 2])[0],
        venue=f"{institute.city}",
        starts_at=starts,
        ends_at=starts + timedelta(days=sessions - 1, hours=3),
        languages=rng.choice(LANGUAGES),
        capacity=rng.choice([15, 20, 25, 30, 40, None]),
        registration_opens_at=starts - timedelta(days=45),
        registration_closes_at=starts - timedelta(days=1),
        status=status,
        is_public=rng.random() < 0.9,
        is_demo=True,
    )
    activity.refresh_search_text()
    return activity, sessions, theme


@seed_step("activities", order=STEP_ORDER)
def seed_activities(*, scale: Scale, rng: random.Random, out: Output) -> dict[str, int]:
    """About one activity for ten people of the scale, each with its sessions and participants."""
    institutes = list(Institute.objects.select_related("region").order_by("slug"))
    themes = list(Theme.objects.order_by("code"))
    skills = list(Skill.objects.order_by("code"))
    people = list(Person.objects.filter(is_demo=True).order_by("pk").values_list("pk", flat=True))
    if not people or not institutes:
        return {}
    programmes = _programmes(rng, institutes, skills)
    by_institute = {
        institute.pk: [p for p in programmes if p.institute_id == institute.pk] for institute in institutes
    }
    counts = {
        "programmes": len(programmes),
        "activities": 0,
        "sessions": 0,
        "registrations": 0,
        "attendance": 0,
    }
    counts["certificates"] = 0
    total = max(scale.people // 10, 1)
    for start in range(0, total, 1000):
        chunk = range(start, min(start + 1000, total))
        drawn = []
        for _ in chunk:
            institute = rng.choice(institutes)
            drawn.append(_activity(rng, institute, by_institute[institute.pk], themes))
        activities = Activity.objects.bulk_create(
            [activity for activity, _, _ in drawn], batch_size=BATCH_SIZE
        )
        theme_links = Activity.themes.through
        theme_links.objects.bulk_create(
            [
                theme_links(activity_id=a.pk, theme_id=theme.pk)
                for a, (_, _, theme) in zip(activities, drawn, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        sessions, registrations, attendance, certificates = [], [], [], []
        for activity, (_, session_count, _) in zip(activities, drawn, strict=True):
            rows = _participants(rng, activity, session_count, people)
            sessions.extend(rows[0])
            registrations.extend(rows[1])
        Session.objects.bulk_create(sessions, batch_size=BATCH_SIZE)
        Registration.objects.bulk_create(registrations, batch_size=BATCH_SIZE)
        sessions_of: dict[int, list[Session]] = {}
        for session in sessions:
            sessions_of.setdefault(session.activity_id, []).append(session)
        for registration in registrations:
            activity = registration.activity
            if registration.status not in (Registration.Status.ATTENDED, Registration.Status.NO_SHOW):
                continue
            diligence = 0.95 if registration.status == Registration.Status.ATTENDED else 0.0
            present_count = 0
            for session in sessions_of.get(activity.pk, []):
                present = rng.random() < diligence
                present_count += present
                checked_in = session.starts_at + timedelta(minutes=rng.randint(-10, 20)) if present else None
                attendance.append((session.pk, registration.person_id, present, checked_in))
            enough = activity.programme_id and present_count * 100 >= 80 * len(
                sessions_of.get(activity.pk, [1])
            )
            if enough and activity.status == Activity.Status.COMPLETED:
                certificates.append(
                    Certificate(
                        registration=registration,
                        code=_certificate_code(rng),
                        issued_at=activity.ends_at + timedelta(days=rng.randint(2, 20)),
                        is_demo=True,
                    )
                )
        _insert_attendance(attendance)
        Certificate.objects.bulk_create(certificates, batch_size=BATCH_SIZE)
        for key, number in (
            ("activities", len(activities)),
            ("sessions", len(sessions)),
            ("registrations", len(registrations)),
            ("attendance", len(attendance)),
            ("certificates", len(certificates)),
        ):
            counts[key] += number
        out(f"  {counts['activities']:,} / {total:,} activities, {counts['attendance']:,} attendance rows")
    return counts


def _insert_attendance(rows: list[tuple[int, int, bool, datetime | None]]) -> None:
    """Millions of attendance rows: straight SQL, without building a model object for each."""
    adapt = connection.ops.adapt_datetimefield_value
    stamp = adapt(NOW)
    table = Attendance._meta.db_table
    columns = "session_id, person_id, present, checked_in_at, method, is_demo, created_at, updated_at"
    # The table name is the model's own and every value a parameter.
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
    method = Attendance.Method.LIST_UPLOAD.value
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(
                sql,
                [
                    (session, person, present, adapt(checked_in), method, True, stamp, stamp)
                    for session, person, present, checked_in in rows[start : start + BATCH_SIZE]
                ],
            )


def _participants(rng: random.Random, activity: Activity, session_count: int, people: list[int]):
    """Sessions and registrations of one demo activity (attendance is drawn by the caller)."""
    sessions = [
        Session(
            activity=activity,
            starts_at=activity.starts_at + timedelta(days=day),
            ends_at=activity.starts_at + timedelta(days=day, hours=3),
            venue=activity.venue,
        )
        for day in range(session_count)
    ]
    wanted = (
        rng.randint(6, 24)
        if activity.capacity is None
        else rng.randint(activity.capacity // 2, activity.capacity + 4)
    )
    if activity.status == Activity.Status.DRAFT:
        wanted = 0
    registrations = []
    for number, person_id in enumerate(rng.sample(people, min(wanted, len(people)))):
        full = activity.capacity is not None and number >= activity.capacity
        if activity.status == Activity.Status.COMPLETED and not full:
            status = Registration.Status.ATTENDED if rng.random() < 0.88 else Registration.Status.NO_SHOW
        elif activity.status == Activity.Status.CANCELLED:
            status = Registration.Status.CANCELLED
        else:
            status = Registration.Status.WAITLISTED if full else Registration.Status.REGISTERED
        registrations.append(
            Registration(
                public_id=_uuid(rng),
                activity=activity,
                person_id=person_id,
                status=status,
                consent_at=activity.starts_at - timedelta(hours=rng.randint(30, 1000)),
                language=rng.choice(["fr", "ar", "fr", "en"]),
                manage_token=_token(rng),
                is_demo=True,
            )
        )
    return sessions, registrations


@seed_cleanup(order=STEP_ORDER)
def delete_activities_demo(*, out: Output) -> dict[str, int]:
    """Remove the demo activities and everything hanging from them, certificates first (they protect
    registrations)."""
    return {
        "certificates": delete_fast(Certificate.objects.filter(is_demo=True)),
        "activities": delete_fast(Activity.objects.filter(is_demo=True)),
        "training programmes": delete_fast(TrainingProgramme.objects.filter(is_demo=True)),
    }
