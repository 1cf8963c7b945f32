"""Deterministic synthetic demo data, seeded by `jazari seed`.

Each app that has demo data keeps a `seed` module that registers its own steps here, so `core` never
imports the other apps:

- `@seed_step(name, order)` adds a function that creates that app's demo rows and returns what it created;
- `@seed_cleanup(order)` adds a function that deletes that app's demo rows, fast, before a new seeding.

Steps run from the lowest order to the highest, cleanups the other way round, so rows pointing at other
demo rows are created after them and deleted before them. Each step draws from its own random generator,
seeded with the seed and the step name, so one step's data do not change when another step changes.
"""

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection, models, transaction
from django.utils.module_loading import autodiscover_modules
from simple_history.models import HistoricalChanges

from jazari.core.models import DemoDataset

Output = Callable[[str], None]


@dataclass(frozen=True)
class Scale:
    """How much demo data to create: a whole country's network of organisations and people."""

    name: str
    organisations: int
    people: int


SCALES: dict[str, Scale] = {
    "small": Scale(name="small", organisations=400, people=3_000),
    "national": Scale(name="national", organisations=20_000, people=300_000),
    "stress": Scale(name="stress", organisations=60_000, people=1_000_000),
}


class SeedStepFunction(Protocol):
    def __call__(self, *, scale: Scale, rng: random.Random, out: Output) -> dict[str, int]: ...


class SeedCleanupFunction(Protocol):
    def __call__(self, *, out: Output) -> dict[str, int]: ...


@dataclass(frozen=True)
class SeedStep:
    """One app's part of the demo data, run in `order` with a random generator of its own."""

    name: str
    order: int
    function: SeedStepFunction


@dataclass(frozen=True)
class SeedCleanup:
    """One app's removal of its demo rows, run before a new seeding (highest order first)."""

    name: str
    order: int
    function: SeedCleanupFunction


_steps: dict[str, SeedStep] = {}
_cleanups: dict[str, SeedCleanup] = {}


def seed_step(name: str, order: int) -> Callable[[SeedStepFunction], SeedStepFunction]:
    """Register a function that creates one app's demo data; registering the same name again replaces it."""

    def register(function: SeedStepFunction) -> SeedStepFunction:
        _steps[name] = SeedStep(name=name, order=order, function=function)
        return function

    return register


def seed_cleanup(order: int) -> Callable[[SeedCleanupFunction], SeedCleanupFunction]:
    """Register a function that deletes one app's demo rows; give it the order of the matching step."""

    def register(function: SeedCleanupFunction) -> SeedCleanupFunction:
        name = f"{function.__module__}.{getattr(function, '__qualname__', repr(function))}"
        _cleanups[name] = SeedCleanup(name=name, order=order, function=function)
        return function

    return register


def registered_steps() -> list[SeedStep]:
    """The seeding steps of every installed app, in the order they run."""
    autodiscover_modules("seed")
    return sorted(_steps.values(), key=lambda step: (step.order, step.name))


def registered_cleanups() -> list[SeedCleanup]:
    """The demo-row deletions of every installed app, in the order they run (the reverse of seeding)."""
    autodiscover_modules("seed")
    return sorted(_cleanups.values(), key=lambda cleanup: (-cleanup.order, cleanup.name))


def step_random(seed: int, step_name: str) -> random.Random:
    """The random generator of one step: the same seed and step name always give the same data."""
    return random.Random(f"{seed}:{step_name}")


def _follows_deletion(relation: Any) -> bool:
    """Whether rows pointing at a deleted row must go with it: cascades, and simple_history's history
    tables of many-to-many fields, which point at their historical rows without a database constraint."""
    on_delete = relation.on_delete
    if on_delete is models.CASCADE:
        return True
    return (
        on_delete is models.DO_NOTHING
        and issubclass(relation.related_model, HistoricalChanges)
        and relation.field.name == "history"
    )


def delete_fast(queryset: models.QuerySet[Any], _path: tuple[type[models.Model], ...] = ()) -> int:
    """Delete the rows of `queryset` with a few SQL statements, whatever their number.

    Unlike `QuerySet.delete()`, no row is loaded, no signal is sent and no history is written. What
    Django would do to rows pointing at them is done in SQL too: cascading rows are deleted the same
    way, SET_NULL links are cleared, links of many-to-many fields are removed, and a protected link
    stops the deletion. Returns the number of rows of `queryset` deleted.
    """
    model = queryset.model
    if model in _path:
        raise RuntimeError(f"cannot delete {model.__name__} fast: its cascades loop back to it")
    path = (*_path, model)
    using = queryset.db
    for many_to_many in model._meta.many_to_many:
        through = many_to_many.remote_field.through
        if through._meta.auto_created:
            lookup = f"{many_to_many.m2m_field_name()}__in"
            through._default_manager.using(using).filter(**{lookup: queryset.values("pk")})._raw_delete(using)
    for relation in model._meta.related_objects:
        related_model = relation.related_model
        if relation.many_to_many:
            through = relation.through
            if through._meta.auto_created:
                lookup = f"{relation.field.m2m_reverse_field_name()}__in"
                rows = through._default_manager.using(using).filter(**{lookup: queryset.values("pk")})
                rows._raw_delete(using)
            continue  # an explicit through model shows up below as a foreign key
        target = relation.field.target_field.attname
        pointing = related_model._default_manager.using(using).filter(
            **{f"{relation.field.name}__in": queryset.values(target)}
        )
        if _follows_deletion(relation):
            delete_fast(pointing, path)
        elif relation.on_delete is models.SET_NULL:
            pointing.update(**{relation.field.name: None})
        elif relation.on_delete is models.DO_NOTHING:
            continue
        elif pointing.exists():
            raise RuntimeError(
                f"cannot delete {model.__name__} rows: {related_model.__name__} rows still point at them"
            )
    return queryset._raw_delete(using)


@dataclass
class SeedResult:
    """What a run of `jazari seed` did: whether it seeded, and how many rows each step created."""

    scale: Scale
    seed: int
    seeded: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)


def run_seed(
    *,
    scale_name: str,
    seed: int,
    force: bool = False,
    out: Output = print,
    scales: Mapping[str, Scale] | None = None,
) -> SeedResult:
    """Fill the database with the demo data of a scale and seed, replacing any earlier demo data.

    The same scale and seed always give the same rows. When they are already in the database, nothing is
    done unless `force` is given. The earlier demo rows are deleted and the new ones written in one
    transaction, so a failure leaves the database as it was.
    """
    scale = (scales or SCALES)[scale_name]
    present = DemoDataset.objects.filter(scale=scale.name, seed=seed).first()
    if present is not None and not force:
        out(
            f"The demo data of scale {scale.name} with seed {seed} are already present "
            f"(seeded on {present.created_at:%Y-%m-%d %H:%M}); nothing to do. Use --force to seed again."
        )
        return SeedResult(scale=scale, seed=seed, seeded=False, counts=present.counts)

    result = SeedResult(scale=scale, seed=seed, seeded=True)
    with transaction.atomic():
        for cleanup in registered_cleanups():
            for label, number in cleanup.function(out=out).items():
                result.deleted[label] = result.deleted.get(label, 0) + number
        DemoDataset.objects.all().delete()
        if any(result.deleted.values()):
            removed = ", ".join(f"{number:,} {label}" for label, number in result.deleted.items() if number)
            out(f"Removed the earlier demo data: {removed}.")
        for step in registered_steps():
            out(f"Seeding {step.name} ({scale.name}, seed {seed})…")
            result.counts[step.name] = step.function(scale=scale, rng=step_random(seed, step.name), out=out)
        DemoDataset.objects.create(scale=scale.name, seed=seed, counts=result.counts)
    _refresh_planner_statistics()
    return result


def _refresh_planner_statistics() -> None:
    """Tell PostgreSQL's planner about the rows just written. It plans joins from statistics that autovacuum
    refreshes only a while after a bulk write; until then, whatever the tables held before (empty after
    `migrate`, a few rows in a test) can make it join thousands of rows by nested loops, for minutes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
