"""The registry of indicators: each one is declared once, in code, with its definition.

A computed indicator is a small function registered with `@indicator(...)`. It receives the `Snapshot` of
a quarter and returns its `Figures`: the value for the nation, for each region and for each institute, all
at once, so that the whole set is computed with a few grouped queries rather than one query per scope.
Functions that need the same grouped counts share them through `Snapshot.memo`.

A reported indicator (AI jobs, GDP contribution, ...) is declared with `reported_indicator(...)`: its values
are entered with their evidence and count once the hub has validated them.

Adding an indicator is one more registered function, with its definition and its test; `jazari
load_indicators` then writes it to the database.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.utils.functional import Promise

from jazari.indicators.periods import Quarter
from jazari.network.models import Region

T = TypeVar("T")

REGION = "region"
INSTITUTE = "institute"
GENDER = "gender"


@dataclass(frozen=True)
class Cell:
    """One value, with what it was computed from, and how many people it is about (for suppression)."""

    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    people: int | None = None
    # Smallest group of people the figure would reveal (a share reveals its numerator and its complement).
    smallest_group: int | None = None


@dataclass
class Figures:
    """An indicator's values for one quarter: nation, regions and institutes (keyed by primary key)."""

    national: Cell | None = None
    regions: dict[int, Cell] = field(default_factory=dict)
    institutes: dict[int, Cell] = field(default_factory=dict)


@dataclass(frozen=True)
class RegionFacts:
    pk: int
    code: str
    population: int


class Snapshot:
    """What every indicator of one quarter reads: the regions, the institutes, and shared grouped counts."""

    def __init__(self, quarter: Quarter) -> None:
        self.quarter = quarter
        self.cutoff = quarter.cutoff
        self._memo: dict[str, Any] = {}
        self.regions = [
            RegionFacts(pk, code, population)
            for pk, code, population in Region.objects.order_by("code").values_list(
                "pk", "code", "population_2024"
            )
        ]

    @property
    def population(self) -> int:
        return sum(region.population for region in self.regions)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """The result of `compute`, run once per snapshot however many indicators ask for it."""
        if key not in self._memo:
            self._memo[key] = compute()
        result: T = self._memo[key]
        return result


Compute = Callable[[Snapshot], Figures]


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator as declared in code; `jazari load_indicators` writes it to the Indicator table."""

    code: str
    priority: str
    name: Promise
    definition: Promise
    unit: str
    kind: str
    direction: str = "higher"
    breakdowns: tuple[str, ...] = ()
    counts_people: bool = False
    # Regional targets default to the region's share of the population (for counts that add up).
    regional_share: bool = False
    decimals: int = 0
    public: bool = True
    compute: Compute | None = None


REGISTRY: dict[str, IndicatorSpec] = {}


def _register(spec: IndicatorSpec) -> IndicatorSpec:
    if spec.code in REGISTRY:
        raise ValueError(f"indicator {spec.code!r} is declared twice")
    REGISTRY[spec.code] = spec
    return spec


def indicator(
    code: str,
    *,
    priority: str,
    name: Promise,
    definition: Promise,
    unit: str,
    direction: str = "higher",
    breakdowns: tuple[str, ...] = (),
    counts_people: bool = False,
    regional_share: bool = False,
    decimals: int = 0,
) -> Callable[[Compute], Compute]:
    """Register `function` as the computation of a computed indicator."""

    def register(function: Compute) -> Compute:
        _register(
            IndicatorSpec(
                code=code,
                priority=priority,
                name=name,
                definition=definition,
                unit=unit,
                kind="computed",
                direction=direction,
                breakdowns=breakdowns,
                counts_people=counts_people,
                regional_share=regional_share,
                decimals=decimals,
                compute=function,
            )
        )
        return function

    return register


def reported_indicator(
    code: str,
    *,
    priority: str,
    name: Promise,
    definition: Promise,
    unit: str,
    breakdowns: tuple[str, ...] = (),
    regional_share: bool = False,
) -> IndicatorSpec:
    """Declare an indicator whose values are entered with evidence and validated by the hub."""
    return _register(
        IndicatorSpec(
            code=code,
            priority=priority,
            name=name,
            definition=definition,
            unit=unit,
            kind="reported",
            breakdowns=breakdowns,
            regional_share=regional_share,
        )
    )


def registered() -> list[IndicatorSpec]:
    """Every declared indicator, in declaration order (the order of the dashboard).

    The declaring modules (`computed`, `reported`) register their indicators when the app is ready
    (`IndicatorsConfig.ready`); this module never imports them."""
    return list(REGISTRY.values())


def compute_all(quarter: Quarter, codes: list[str] | None = None) -> dict[str, Figures]:
    """The figures of every computed indicator (or of `codes`) for `quarter`, sharing one snapshot."""
    snapshot = Snapshot(quarter)
    return {
        spec.code: spec.compute(snapshot)
        for spec in registered()
        if spec.compute is not None and (codes is None or spec.code in codes)
    }


# --- Helpers for the computations --------------------------------------------------------------------------


def count_cell(count: int | None, *, people: bool) -> Cell:
    number = int(count or 0)
    return Cell(
        value=Decimal(number),
        people=number if people else None,
        smallest_group=number if people else None,
    )


def share_cell(part: int, whole: int, *, people: bool) -> Cell | None:
    """A percentage with two decimals; none when the whole is zero."""
    if not whole:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))
    return Cell(
        value=value,
        numerator=Decimal(part),
        denominator=Decimal(whole),
        people=whole if people else None,
        smallest_group=min(part, whole - part) if people else None,
    )


def grouped(rows: Any, key: str, **values: str) -> dict[int, dict[str, Any]]:
    """Rows of a GROUP BY query as {group key: {name: value}}."""
    return {row[key]: {name: row[column] for name, column in values.items()} for row in rows if row[key]}
