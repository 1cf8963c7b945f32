"""Filters of the indicator lists, shared by the pages and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jazari.indicators.models import (
    QUARTER_FORMAT,
    Indicator,
    InstituteReport,
    Observation,
    Priority,
    ScopeKind,
    Target,
)
from jazari.network.filters import RegionFilter
from jazari.network.models import Institute


class IndicatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    priority = django_filters.ChoiceFilter(
        label=_("Priority"), field_name="priority__code", choices=Priority.Code.choices
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Indicator.Kind.choices)

    class Meta:
        model = Indicator
        fields = ["q", "priority", "kind"]

    def filter_search(self, queryset: QuerySet[Indicator], name: str, value: str) -> QuerySet[Indicator]:
        return queryset.filter(
            Q(code__icontains=value)
            | Q(name_fr__icontains=value)
            | Q(name_ar__icontains=value)
            | Q(name_en__icontains=value)
        )


class _ScopedFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(label=_("Indicator code"), field_name="indicator__code")
    priority = django_filters.ChoiceFilter(
        label=_("Priority"), field_name="indicator__priority__code", choices=Priority.Code.choices
    )
    scope = django_filters.ChoiceFilter(label=_("Scope"), field_name="scope_kind", choices=ScopeKind.choices)
    region = RegionFilter()
    institute = django_filters.ModelChoiceFilter(
        label=_("Institute"),
        queryset=lambda request: Institute.objects.order_by("slug"),
        to_field_name="slug",
    )


class TargetFilter(_ScopedFilter):
    year = django_filters.NumberFilter(label=_("Target year"))

    class Meta:
        model = Target
        fields = ["indicator", "priority", "scope", "region", "institute", "year"]


class ObservationFilter(_ScopedFilter):
    period = django_filters.CharFilter(label=_("Quarter (YYYY-Qn)"), validators=[QUARTER_FORMAT])
    period_from = django_filters.CharFilter(
        label=_("From the quarter (YYYY-Qn)"),
        field_name="period",
        lookup_expr="gte",
        validators=[QUARTER_FORMAT],
    )
    period_to = django_filters.CharFilter(
        label=_("Up to the quarter (YYYY-Qn)"),
        field_name="period",
        lookup_expr="lte",
        validators=[QUARTER_FORMAT],
    )

    class Meta:
        model = Observation
        fields = [
            "indicator",
            "priority",
            "scope",
            "region",
            "institute",
            "period",
            "period_from",
            "period_to",
        ]


class InstituteReportFilter(django_filters.FilterSet):
    """The institutes' quarterly reports in the workspace list."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    region = RegionFilter(field_name="institute__region")
    period = django_filters.CharFilter(label=_("Quarter (YYYY-Qn)"), validators=[QUARTER_FORMAT])
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InstituteReport.Status.choices)
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("period", "period"), ("institute__slug", "institute"), ("status", "status")),
    )

    class Meta:
        model = InstituteReport
        fields = ["q", "region", "period", "status"]

    def filter_search(
        self, queryset: QuerySet[InstituteReport], name: str, value: str
    ) -> QuerySet[InstituteReport]:
        return queryset.filter(
            Q(institute__slug__icontains=value) | Q(institute__name_fr__icontains=value)
            | Q(institute__name_ar__icontains=value) | Q(narrative__icontains=value)
        )  # fmt: skip


class ReportedValueFilter(django_filters.FilterSet):
    """The reported values in the hub's workspace: by indicator, quarter and validation."""

    indicator = django_filters.ModelChoiceFilter(
        label=_("Indicator"),
        queryset=lambda request: Indicator.objects.filter(kind=Indicator.Kind.REPORTED),
        to_field_name="code",
    )
    period = django_filters.CharFilter(label=_("Quarter (YYYY-Qn)"), validators=[QUARTER_FORMAT])
    pending = django_filters.BooleanFilter(
        label=_("Awaiting validation"), field_name="validated_at", lookup_expr="isnull"
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("period", "period"), ("indicator__code", "indicator"), ("validated_at", "validated")),
    )

    class Meta:
        model = Observation
        fields = ["indicator", "period", "pending"]
