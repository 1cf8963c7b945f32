"""Strategy indicators in the API: indicators, targets and observations, filtered by priority, scope and
period. Public reads: an observation about fewer than 5 people comes with `value: null, suppressed: true`,
unless the caller's role reaches its scope (see `dashboard.Viewer`); reported values count once validated."""

from datetime import date
from typing import Any

from django.db import models
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from jazari.accounts.api import ANYONE
from jazari.indicators.dashboard import Viewer
from jazari.indicators.filters import IndicatorFilter, ObservationFilter, TargetFilter
from jazari.indicators.models import Indicator, Observation, Target
from jazari.indicators.privacy import PublicValue, public_observation
from jazari.network.api import values_of

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    code: str
    priority: str = Field(description="Code of the priority.")
    name_fr: str
    name_ar: str
    name_en: str
    definition_fr: str
    definition_ar: str
    definition_en: str
    unit: str
    direction: str = Field(json_schema_extra=values_of(Indicator, "direction"))
    kind: str = Field(json_schema_extra=values_of(Indicator, "kind"))
    breakdowns: list[str]

    @staticmethod
    def resolve_priority(indicator: Indicator) -> str:
        return indicator.priority.code


def _scope_code(row: Any) -> str | None:
    if row.region_id:
        return str(row.region.code)
    if row.institute_id:
        return str(row.institute.slug)
    return None


class TargetOut(Schema):
    indicator: str
    scope: str = Field(json_schema_extra=values_of(Target, "scope_kind"))
    scope_code: str | None = Field(description="Region code or institute short name; null for the nation.")
    year: int
    value: str = Field(description="Decimal, as text.")
    baseline_year: int
    source: str

    @staticmethod
    def resolve_indicator(target: Target) -> str:
        return target.indicator.code

    @staticmethod
    def resolve_scope(target: Target) -> str:
        return target.scope_kind

    @staticmethod
    def resolve_scope_code(target: Target) -> str | None:
        return _scope_code(target)

    @staticmethod
    def resolve_value(target: Target) -> str:
        return format(target.value.normalize(), "f")


def _public(observation: Observation, request: HttpRequest) -> PublicValue:
    viewer = getattr(request, "_indicators_viewer", None)
    if viewer is None:
        viewer = request._indicators_viewer = Viewer(request.user)  # type: ignore[attr-defined]
    reveal = viewer.reveals(
        observation.scope_kind,
        observation.region_id or observation.institute_id,
        observation.institute.region_id if observation.institute is not None else None,
    )
    return public_observation(observation, reveal=reveal)


class ObservationOut(Schema):
    indicator: str
    period: str
    period_end: date
    scope: str = Field(json_schema_extra=values_of(Observation, "scope_kind"))
    scope_code: str | None = Field(description="Region code or institute short name; null for the nation.")
    value: str | None = Field(description="Decimal as text; null when suppressed.")
    suppressed: bool = Field(description="True when the figure is about fewer than 5 people: no value given.")
    kind: str = Field(json_schema_extra=values_of(Observation, "kind"))

    @staticmethod
    def resolve_indicator(observation: Observation) -> str:
        return observation.indicator.code

    @staticmethod
    def resolve_scope(observation: Observation) -> str:
        return observation.scope_kind

    @staticmethod
    def resolve_scope_code(observation: Observation) -> str | None:
        return _scope_code(observation)

    @staticmethod
    def resolve_value(observation: Observation, context: Any) -> str | None:
        return _public(observation, context["request"]).as_json()["value"]

    @staticmethod
    def resolve_suppressed(observation: Observation, context: Any) -> bool:
        return _public(observation, context["request"]).suppressed


@router.get("/indicators", response=list[IndicatorOut], auth=ANYONE, summary="List the indicators")
@paginate(filterset=IndicatorFilter)
def indicator_list(request: HttpRequest) -> models.QuerySet[Indicator]:
    return (
        Indicator.objects.filter(is_public=True)
        .select_related("priority")
        .order_by("priority__position", "position")
    )


@router.get("/indicators/targets", response=list[TargetOut], auth=ANYONE, summary="List the targets")
@paginate(filterset=TargetFilter)
def target_list(request: HttpRequest) -> models.QuerySet[Target]:
    return (
        Target.objects.filter(indicator__is_public=True)
        .select_related("indicator", "region", "institute")
        .order_by("indicator__code", "scope_kind", "region__code", "institute__slug", "year")
    )


@router.get(
    "/indicators/observations", response=list[ObservationOut], auth=ANYONE, summary="List the observations"
)
@paginate(filterset=ObservationFilter)
def observation_list(request: HttpRequest) -> models.QuerySet[Observation]:
    return (
        Observation.objects.counted()
        .filter(indicator__is_public=True)
        .select_related("indicator", "region", "institute")
        .order_by("period", "indicator__code", "scope_key", "pk")
    )
