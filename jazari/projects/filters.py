"""Filters of the project and deliverable lists, shared by the public catalogue, the workspace, the exports
and the API."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jazari.core.models import Theme
from jazari.core.search import search_filter
from jazari.network.filters import RegionFilter
from jazari.network.models import Institute
from jazari.projects.models import Deliverable, Licence, Project, Stage

TRL_CHOICES = [(str(level), str(level)) for level in range(1, 10)]


def _themes(request: Any = None) -> QuerySet[Theme]:
    return Theme.objects.order_by("code")


def _institutes(request: Any = None) -> QuerySet[Institute]:
    return Institute.objects.order_by("slug")


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices)
    trl = django_filters.ChoiceFilter(label=_("TRL"), choices=TRL_CHOICES, field_name="trl")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Project.Kind.choices)
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=_themes, to_field_name="code", field_name="themes"
    )
    region = RegionFilter()
    institute = django_filters.ModelChoiceFilter(
        label=_("Lead institute"), queryset=_institutes, to_field_name="slug", field_name="lead_institute"
    )
    licence = django_filters.ChoiceFilter(label=_("Licence"), choices=[c for c in Licence.choices if c[0]])
    open_source = django_filters.BooleanFilter(
        label=_("Open source"),
        field_name="is_open_source",
        widget=forms.CheckboxInput,
        method="filter_open_source",
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("created_at", "created"), ("title", "title"), ("trl", "trl"), ("stage", "stage")),
    )

    class Meta:
        model = Project
        fields = ["q", "stage", "trl", "kind", "theme", "region", "institute", "licence", "open_source"]

    def filter_search(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return search_filter(queryset, value)

    def filter_open_source(self, queryset: QuerySet[Project], name: str, value: Any) -> QuerySet[Project]:
        return queryset.filter(is_open_source=True) if value else queryset


class DeliverableFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Deliverable.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Deliverable.Kind.choices)
    institute = django_filters.ModelChoiceFilter(
        label=_("Institute"), queryset=_institutes, to_field_name="slug", field_name="institute"
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="filter_overdue", widget=forms.CheckboxInput
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("due_on", "due"), ("title", "title"), ("status", "status"))
    )

    class Meta:
        model = Deliverable
        fields = ["q", "status", "kind", "institute", "overdue"]

    def filter_search(self, queryset: QuerySet[Deliverable], name: str, value: str) -> QuerySet[Deliverable]:
        return search_filter(queryset, value)

    def filter_overdue(self, queryset: QuerySet[Deliverable], name: str, value: Any) -> QuerySet[Deliverable]:
        if not value:
            return queryset
        return queryset.filter(status__in=Deliverable.UNFINISHED, due_on__lt=timezone.localdate())
