"""Filters of the activity lists, shared by the public pages, the workspace and the API."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jazari.activities.models import Activity
from jazari.core.models import Theme
from jazari.core.search import search_filter
from jazari.network.filters import LANGUAGE_CHOICES, RegionFilter
from jazari.network.models import Institute


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    region = RegionFilter()
    institute = django_filters.ModelChoiceFilter(
        label=_("Institute"),
        queryset=lambda request: Institute.objects.order_by("slug"),
        to_field_name="slug",
        field_name="organiser",
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Activity.Kind.choices)
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=lambda request: Theme.objects.order_by("code"), to_field_name="code",
        field_name="themes",
    )  # fmt: skip
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=LANGUAGE_CHOICES, method="filter_language"
    )
    starts_after = django_filters.DateFilter(
        label=_("From"),
        field_name="starts_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    starts_before = django_filters.DateFilter(
        label=_("Until"),
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    open = django_filters.BooleanFilter(
        label=_("Open for registration"), method="filter_open", widget=forms.CheckboxInput
    )

    class Meta:
        model = Activity
        fields = [
            "q",
            "region",
            "institute",
            "kind",
            "theme",
            "language",
            "starts_after",
            "starts_before",
            "open",
        ]

    def filter_search(self, queryset: QuerySet[Activity], name: str, value: str) -> QuerySet[Activity]:
        return search_filter(queryset, value)

    def filter_language(self, queryset: QuerySet[Activity], name: str, value: str) -> QuerySet[Activity]:
        return queryset.filter(languages__regex=rf"(^|\s){value}(\s|$)")

    def filter_open(self, queryset: QuerySet[Activity], name: str, value: Any) -> QuerySet[Activity]:
        if not value:
            return queryset
        now = timezone.now()
        return queryset.filter(
            status=Activity.Status.PUBLISHED, registration_opens_at__lte=now, registration_closes_at__gt=now
        )
