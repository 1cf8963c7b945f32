"""Demo needs: about one for every thirty people of the scale (10,000 at `national`), brought by the demo
organisations of each region, with a realistic spread of kinds and statuses. The same seed always gives the
same rows."""

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from jazari.core.models import Theme
from jazari.core.seeding import Output, Scale, delete_fast, seed_cleanup, seed_step
from jazari.needs.models import Need
from jazari.network.models import Organisation

STEP_ORDER = 25
BATCH_SIZE = 5000
TODAY = date(2026, 11, 1)  # a fixed calendar, whatever the day the seed runs
CONSENT = "2026-01-01T09:00:00+00:00"

CHALLENGES = {
    Need.Kind.BUSINESS: [
        "Prévoir les ventes de %s",
        "Réduire les pertes dans %s",
        "Mieux servir les clients : %s",
    ],
    Need.Kind.TECHNOLOGY: [
        "Détection automatique pour %s",
        "Assistant en darija pour %s",
        "Vision par ordinateur : %s",
    ],
    Need.Kind.RESEARCH: ["Modèle de prévision pour %s", "Étude des données de %s"],
    Need.Kind.TRAINING: ["Former nos équipes à l'IA : %s", "Compétences en données pour %s"],
    Need.Kind.DATA: ["Constituer un jeu de données : %s", "Ouvrir et nettoyer les données de %s"],
}
KIND_WEIGHTS = [
    (Need.Kind.TECHNOLOGY, 35),
    (Need.Kind.BUSINESS, 25),
    (Need.Kind.DATA, 15),
    (Need.Kind.TRAINING, 15),
    (Need.Kind.RESEARCH, 10),
]
# Most needs are old and settled; the recent ones are still being qualified and assigned.
STATUS_WEIGHTS = [
    (Need.Status.SUBMITTED, 8),
    (Need.Status.QUALIFIED, 8),
    (Need.Status.ASSIGNED, 14),
    (Need.Status.IN_PROGRESS, 20),
    (Need.Status.SOLVED, 22),
    (Need.Status.CLOSED, 16),
    (Need.Status.REJECTED, 12),
]


def _moment(day: date, hours: int) -> datetime:
    return datetime.combine(day, time(9), UTC) + timedelta(hours=hours)


def _dates(status: str, submitted: date, age: int) -> dict[str, datetime | None]:
    """When the need was qualified, assigned and closed, as the services would have recorded them: derived
    from its submission and age (no draw, so the rest of the demo data stays the same)."""
    qualify = min(1 + age % 9, max(age - 1, 0))
    assign = min(qualify + 2 + (age * 7) % 41, max(age - 1, 0))
    dates: dict[str, datetime | None] = {"qualified_at": None, "assigned_at": None, "closed_at": None}
    if status != Need.Status.SUBMITTED and status != Need.Status.REJECTED:
        dates["qualified_at"] = _moment(submitted + timedelta(days=qualify), age % 7)
    if status in (Need.Status.ASSIGNED, Need.Status.IN_PROGRESS, Need.Status.SOLVED):
        dates["assigned_at"] = _moment(submitted + timedelta(days=assign), age % 5)
    if status == Need.Status.SOLVED:
        solve = min(60 + age % 200, (age - assign) * 2 // 3)
        dates["closed_at"] = _moment(submitted + timedelta(days=assign + solve), 1)
    elif status == Need.Status.CLOSED:
        dates["closed_at"] = _moment(submitted + timedelta(days=min(age // 2, 180 + age % 60)), 2)
    elif status == Need.Status.REJECTED:
        dates["closed_at"] = _moment(submitted + timedelta(days=qualify), 3)
    return dates


def _draw(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _ in weighted], weights=[weight for _, weight in weighted])[0]


def _token(rng: random.Random) -> str:
    return f"{rng.getrandbits(256):064x}"


def _uuid(rng: random.Random) -> Any:
    import uuid

    return uuid.UUID(int=rng.getrandbits(128), version=4)


@seed_step("needs", order=STEP_ORDER)
def seed_needs(*, scale: Scale, rng: random.Random, out: Output) -> dict[str, int]:
    organisations = list(
        Organisation.objects.filter(is_demo=True, region__isnull=False)
        .exclude(kind__in=["university", "school", "research_centre"])
        .order_by("pk")
        .values_list("pk", "name", "kind", "region_id")
    )
    themes = list(Theme.objects.order_by("code"))
    if not organisations or not themes:
        return {}
    total = max(scale.people // 30, 1)
    created = 0
    theme_links = Need.themes.through
    for start in range(0, total, BATCH_SIZE):
        rows: list[Need] = []
        chosen_themes: list[int] = []
        recorded: list[datetime] = []
        for _ in range(start, min(start + BATCH_SIZE, total)):
            organisation_id, name, kind, region_id = rng.choice(organisations)
            theme = rng.choice(themes)
            need_kind = _draw(rng, KIND_WEIGHTS)
            status = _draw(rng, STATUS_WEIGHTS)
            age = (
                rng.randint(5, 60)
                if status in (Need.Status.SUBMITTED, Need.Status.QUALIFIED)
                else rng.randint(30, 2000)
            )
            submitted = TODAY - timedelta(days=age)
            need = Need(
                public_id=_uuid(rng),
                title=rng.choice(CHALLENGES[need_kind]) % theme.name_fr.lower(),
                description=(
                    f"{name} souhaite un accompagnement de l'Institut Jazari sur ce sujet ({theme.name_fr}). "
                    "Nous disposons de données historiques et d'une équipe prête à tester une solution."
                ),
                language=rng.choice(["fr", "fr", "ar", "en"]),
                kind=need_kind,
                organisation_id=organisation_id,
                organisation_name=name,
                organisation_kind=kind,
                contact_name="Responsable innovation",
                contact_email=f"innovation{start + len(rows)}@demo.example.ma",
                region_id=region_id,
                urgency=rng.choice(list(Need.Urgency.values)),
                budget_band=rng.choice(list(Need.BudgetBand.values)),
                status=status,
                consent_at=CONSENT,
                follow_token=_token(rng),
                expires_on=submitted + timedelta(days=180 + (180 if rng.random() < 0.2 else 0)),
                is_demo=True,
                **_dates(status, submitted, age),
            )
            need.refresh_search_text()
            rows.append(need)
            recorded.append(_moment(submitted, age % 9))
            chosen_themes.append(theme.pk)
        saved = Need.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        # Recorded on the day it was submitted (creating rows stamps them with today).
        for need, moment in zip(saved, recorded, strict=True):
            need.created_at = moment
        Need.objects.bulk_update(saved, ["created_at"], batch_size=BATCH_SIZE)
        theme_links.objects.bulk_create(
            [
                theme_links(need_id=need.pk, theme_id=theme_id)
                for need, theme_id in zip(saved, chosen_themes, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        created += len(saved)
        out(f"  {created:,} / {total:,} needs")
    return {"needs": created}


@seed_cleanup(order=STEP_ORDER)
def delete_needs_demo(*, out: Output) -> dict[str, int]:
    return {"needs": delete_fast(Need.objects.filter(is_demo=True))}
