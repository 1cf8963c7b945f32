"""Filters of the need lists, shared by the workspace, its exports and the API."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jazari.core.models import Theme
from jazari.core.search import search_filter
from jazari.needs.models import Need
from jazari.network.filters import RegionFilter


class NeedFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    region = RegionFilter()
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Need.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Need.Kind.choices)
    urgency = django_filters.ChoiceFilter(label=_("Urgency"), choices=Need.Urgency.choices)
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=lambda request: Theme.objects.order_by("code"),
        to_field_name="code",
        field_name="themes",
    )
    expired = django_filters.BooleanFilter(
        label=_("Expired"), method="filter_expired", widget=forms.CheckboxInput
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("created_at", "submitted"),
            ("expires_on", "expiry"),
            ("title", "title"),
            ("status", "status"),
        ),
    )

    class Meta:
        model = Need
        fields = ["q", "region", "status", "kind", "urgency", "theme", "expired"]

    def filter_search(self, queryset: QuerySet[Need], name: str, value: str) -> QuerySet[Need]:
        return search_filter(queryset, value)

    def filter_expired(self, queryset: QuerySet[Need], name: str, value: Any) -> QuerySet[Need]:
        if not value:
            return queryset
        return queryset.filter(status__in=Need.OPEN_STATUSES, expires_on__lt=timezone.localdate())
