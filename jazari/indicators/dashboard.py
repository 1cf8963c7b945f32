"""What the strategy dashboard shows, read from the stored observations with a fixed number of queries.

For a quarter and a scope (the nation, a region or an institute): the five priorities with their indicators,
each with its value, its target, the value the trajectory expects at the end of the quarter and a status;
the trend of one indicator over the last quarters, its comparison across regions (or across the institutes
of a region) and the tile map coloured by it.

Status: the progress made since the baseline, compared with the progress the straight line from the baseline
to the target expects by the end of the quarter. At least 90 % of the expected progress is *on track*, at
least 60 % *at risk*, less *off track*.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jazari.accounts.models import ScopeKind as MembershipScope
from jazari.accounts.permissions import READ_ROLES, holds_national_role, memberships
from jazari.indicators.models import Indicator, Observation, Priority, ScopeKind, Target, scope_key
from jazari.indicators.periods import InvalidQuarter, Quarter
from jazari.indicators.privacy import PublicValue, public_observation
from jazari.network.models import Institute, Region
from jazari.network.tiles import (
    LAYOUT,
    TILE_GAP,
    TILE_SIZE,
    Figure,
    Tile,
    TileMap,
    legend_for,
    short_label,
    step_bounds,
    step_of,
)

ON_TRACK = Decimal("0.9")
AT_RISK = Decimal("0.6")
TREND_QUARTERS = 8
# Indicators of the roadmap whose data the platform does not record yet: the models a project uses and the
# languages it works on (with the evaluation part), the public register of AI systems. Each will be one more
# registered function when those parts exist.
TO_COME = {
    "independence": [
        _("Projects on open-weight or nationally hosted models"),
        _("Projects on Moroccan languages"),
    ],
    "trust": [
        _("AI systems in the public register, and the share with an impact assessment"),
    ],
}
STATUS_LABELS = {"on_track": _("On track"), "at_risk": _("At risk"), "off_track": _("Off track")}


class UnknownScope(LookupError):
    pass


@dataclass(frozen=True)
class Scope:
    kind: str
    region: Region | None = None
    institute: Institute | None = None

    @property
    def key(self) -> str:
        return scope_key(self.kind, getattr(self.region, "pk", None), getattr(self.institute, "pk", None))

    @property
    def label(self) -> str:
        return str(self.institute or self.region or ScopeKind.NATIONAL.label)

    @property
    def parent_region(self) -> Region | None:
        return self.institute.region if self.institute else self.region


def scope_from(params: Any) -> Scope:
    """The scope named by `?institute=<slug>` or `?region=<code>`, else the nation."""
    slug, code = params.get("institute", "").strip(), params.get("region", "").strip()
    if slug:
        institute = Institute.objects.select_related("region").filter(slug=slug).first()
        if institute is None:
            raise UnknownScope(slug)
        return Scope(ScopeKind.INSTITUTE, institute=institute)
    if code:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise UnknownScope(code)
        return Scope(ScopeKind.REGION, region=region)
    return Scope(ScopeKind.NATIONAL)


class Viewer:
    """A signed-in role reads the exact figures of the scopes it reaches, others public ones."""

    def __init__(self, user: Any) -> None:
        self.national = holds_national_role(user, READ_ROLES)
        held = [m for m in memberships(user) if m.role in READ_ROLES]
        self.regions = {m.region_id for m in held if m.scope_kind == MembershipScope.REGION}
        self.institutes = {m.institute_id for m in held if m.scope_kind == MembershipScope.INSTITUTE}
        self.is_member = self.national or bool(held)

    def reveals(self, kind: str, pk: int | None, region_id: int | None = None) -> bool:
        if self.national:
            return True
        if kind == ScopeKind.REGION:
            return pk in self.regions
        if kind == ScopeKind.INSTITUTE:
            return pk in self.institutes or region_id in self.regions
        return False


def status_of(value: Decimal, baseline: Decimal, expected: Decimal, direction: str) -> str | None:
    """On track, at risk or off track (see the module's docstring); None before the trajectory starts."""
    if direction == Indicator.Direction.LOWER:
        value, baseline, expected = -value, -baseline, -expected
    if value >= expected:
        return "on_track"
    if expected == baseline:
        return None
    progress = (value - baseline) / (expected - baseline)
    if progress >= ON_TRACK:
        return "on_track"
    return "at_risk" if progress >= AT_RISK else "off_track"


@dataclass
class IndicatorRow:
    indicator: Indicator
    current: PublicValue
    target: Target | None = None
    baseline: Decimal | None = None
    expected: Decimal | None = None
    status: str | None = None
    pending: bool = False

    @property
    def status_label(self) -> Any:
        return STATUS_LABELS.get(self.status or "", "")


@dataclass
class PriorityBlock:
    priority: Priority
    rows: list[IndicatorRow] = field(default_factory=list)


@dataclass
class Comparison:
    """One indicator across the regions of the country, or the institutes of a region."""

    label: str
    url_parameter: str
    rows: list[tuple[Any, str, PublicValue]]


def available_periods() -> list[Quarter]:
    periods = Observation.objects.order_by("-period").values_list("period", flat=True).distinct()
    return [Quarter.parse(period) for period in periods]


def period_from(params: Any, periods: list[Quarter]) -> Quarter | None:
    text = params.get("period", "").strip()
    if text:
        try:
            return Quarter.parse(text)
        except InvalidQuarter:
            return None
    return periods[0] if periods else Quarter.last_finished()


def _expected(target: Target, baseline: Decimal, quarter: Quarter) -> Decimal:
    return target.expected_at(quarter.end, baseline)


def build(*, quarter: Quarter, scope: Scope, viewer: Viewer, focus_code: str | None) -> dict[str, Any]:
    """Everything the dashboard page shows, in seven queries whatever the amount of data."""
    indicators = _public_indicators(scope)
    by_code = {indicator.code: indicator for indicator in indicators}
    focus = by_code.get(focus_code or "") or next(iter(by_code.values()), None)
    targets = {
        target.indicator_id: target
        for target in Target.objects.filter(
            scope_kind=scope.kind, region=scope.region, institute=scope.institute
        ).order_by("year")
    }
    trend_periods = [str(each) for each in quarter.back(TREND_QUARTERS)]
    counted, pending = _observations(quarter, scope, indicators, trend_periods, targets)
    reveal = viewer.reveals(
        scope.kind,
        getattr(scope.region or scope.institute, "pk", None),
        getattr(scope.parent_region, "pk", None),
    )
    blocks = {priority.pk: PriorityBlock(priority) for priority in Priority.objects.order_by("position")}
    for indicator in indicators:
        row = _row(indicator, quarter, counted, pending, targets.get(indicator.pk), reveal)
        blocks[indicator.priority_id].rows.append(row)
    trend = []
    if focus is not None:
        trend = [
            (period, public_observation(counted.get((focus.pk, period)), reveal=reveal))
            for period in trend_periods
        ]
    return {
        "blocks": list(blocks.values()),
        "indicators": indicators,
        "focus": focus,
        "focus_target": targets.get(focus.pk) if focus else None,
        "trend": trend,
        "comparison": _comparison(quarter, scope, viewer, focus),
    }


def _public_indicators(scope: Scope) -> list[Indicator]:
    indicators = (
        Indicator.objects.select_related("priority")
        .filter(is_public=True)
        .order_by("priority__position", "position")
    )
    return [indicator for indicator in indicators if indicator.supports(scope.kind)]


def _observations(
    quarter: Quarter,
    scope: Scope,
    indicators: list[Indicator],
    trend_periods: list[str],
    targets: dict[int, Target],
) -> tuple[dict[tuple[int, str], Observation], set[int]]:
    """The counted observations of the trend and of the targets' baselines, by (indicator, period); and the
    indicators whose value for `quarter` awaits validation."""
    baseline_periods = {f"{target.baseline_year}-Q4" for target in targets.values()}
    observations = (
        Observation.objects.filter(scope_key=scope.key, period__in=set(trend_periods) | baseline_periods)
        .filter(indicator__in=indicators)
        .order_by("period")
    )
    counted: dict[tuple[int, str], Observation] = {}
    pending: set[int] = set()
    for observation in observations:
        if observation.is_counted:
            counted[(observation.indicator_id, observation.period)] = observation
        elif observation.period == str(quarter):
            pending.add(observation.indicator_id)
    return counted, pending


def _row(
    indicator: Indicator,
    quarter: Quarter,
    counted: dict[tuple[int, str], Observation],
    pending: set[int],
    target: Target | None,
    reveal: bool,
) -> IndicatorRow:
    """One indicator's line: its public value, and against its target the expected value and the status."""
    current = counted.get((indicator.pk, str(quarter)))
    row = IndicatorRow(
        indicator=indicator,
        current=public_observation(current, reveal=reveal),
        pending=indicator.pk in pending,
    )
    if target is not None:
        row.target = target
        start = counted.get((indicator.pk, f"{target.baseline_year}-Q4"))
        row.baseline = (
            target.baseline_value
            if target.baseline_value is not None
            else (start.value if start is not None else Decimal(0))
        )
        row.expected = _expected(target, row.baseline, quarter)
        if row.current.value is not None:
            row.status = status_of(row.current.value, row.baseline, row.expected, indicator.direction)
    return row


def chart_number(value: Any) -> float | None:
    return None if value is None else float(value)


def trend_chart(data: dict[str, Any]) -> dict[str, Any]:
    """The data of the focus indicator's trend chart, with the target's trajectory from its baseline on."""
    focus = data["focus"]
    focus_row = next((row for block in data["blocks"] for row in block.rows if row.indicator == focus), None)
    chart: dict[str, Any] = {
        "kind": "trend",
        "name": str(focus.name) if focus else "",
        "labels": [period for period, _value in data["trend"]],
        "values": [chart_number(value.value) for _period, value in data["trend"]],
        "expectedName": _("Target trajectory"),
        "expected": [],
    }
    if focus_row is not None and focus_row.target is not None and focus_row.baseline is not None:
        # The trajectory starts at the baseline: no expected value before it.
        target, baseline = focus_row.target, focus_row.baseline
        chart["expected"] = [
            float(target.expected_at(Quarter.parse(period).end, baseline))
            if Quarter.parse(period).year > target.baseline_year or period == f"{target.baseline_year}-Q4"
            else None
            for period, _value in data["trend"]
        ]
    return chart


def comparison_chart(data: dict[str, Any]) -> dict[str, Any] | None:
    """The data of the bar chart comparing the focus indicator across regions or institutes."""
    comparison, focus = data["comparison"], data["focus"]
    if comparison is None:
        return None
    return {
        "kind": "bars",
        "name": str(focus.name) if focus else "",
        "labels": [code for _obj, code, _value in comparison.rows],
        "values": [chart_number(value.value) for _obj, _code, value in comparison.rows],
    }


def _comparison(quarter: Quarter, scope: Scope, viewer: Viewer, focus: Indicator | None) -> Comparison | None:
    """The focus indicator in each region (nation) or in each institute of the region (region, institute)."""
    if focus is None:
        return None
    observations = Observation.objects.counted().filter(indicator=focus, period=str(quarter))
    if scope.kind == ScopeKind.NATIONAL:
        if ScopeKind.REGION not in focus.breakdowns:
            return None
        regions = list(Region.objects.order_by("code"))
        values = {o.region_id: o for o in observations.filter(scope_kind=ScopeKind.REGION)}
        rows: list[tuple[Any, str, PublicValue]] = [
            (
                region,
                region.code,
                public_observation(values.get(region.pk), reveal=viewer.reveals(ScopeKind.REGION, region.pk)),
            )
            for region in regions
        ]
        return Comparison(label=str(_("Regions")), url_parameter="region", rows=rows)
    if ScopeKind.INSTITUTE not in focus.breakdowns:
        return None
    region = scope.parent_region
    institutes = list(Institute.objects.filter(region=region).order_by("slug"))
    values = {
        o.institute_id: o
        for o in observations.filter(scope_kind=ScopeKind.INSTITUTE, institute__region=region)
    }
    rows = [
        (
            institute,
            institute.slug,
            public_observation(
                values.get(institute.pk),
                reveal=viewer.reveals(ScopeKind.INSTITUTE, institute.pk, institute.region_id),
            ),
        )
        for institute in institutes
    ]
    return Comparison(label=str(_("Institutes")), url_parameter="institute", rows=rows)


def indicator_map(comparison: Comparison | None, focus: Indicator | None, url: Any) -> TileMap | None:
    """The tile map of the regions coloured by the focus indicator; a suppressed region stays uncoloured."""
    if comparison is None or focus is None or comparison.url_parameter != "region":
        return None
    whole = focus.unit not in ("percent", "index", "per 100,000", "days")
    figure = Figure(key=focus.code, label=focus.name, whole=whole)  # type: ignore[arg-type]
    placed = [(region, value) for region, _code, value in comparison.rows if region.code in LAYOUT]
    start, bounds = step_bounds(float(value.value or 0) for _region, value in placed)
    tiles = []
    for region, value in placed:
        place = LAYOUT[region.code]
        if value.suppressed:
            label = str(_("suppressed"))
        elif value.value is None:
            label = "–"
        else:
            label = _number(value.value, whole)
        tiles.append(
            Tile(
                code=region.code,
                name=region.name,
                short_label=short_label(region.code),
                value_label=label,
                step=step_of(float(value.value or 0), bounds),
                x=place.column * (TILE_SIZE + TILE_GAP),
                y=place.row * (TILE_SIZE + TILE_GAP),
                url=url(region),
            )
        )
    return TileMap(figure=figure, tiles=tiles, legend=legend_for(start, bounds, whole))


def _number(value: Decimal, whole: bool) -> str:
    from django.utils.formats import number_format

    if whole:
        return number_format(int(value), force_grouping=True)
    return number_format(value.quantize(Decimal("0.01")), decimal_pos=2, force_grouping=True)


def pending_reported() -> int:
    """Reported values waiting for the hub's validation."""
    return Observation.objects.filter(Q(kind=Indicator.Kind.REPORTED), validated_at__isnull=True).count()
