"""One filter definition per list, shared by the pages, the exports and the API."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jazari.core.models import Skill, Theme
from jazari.core.search import search_filter
from jazari.network.models import Affiliation, Institute, Organisation, Person, Region

LANGUAGE_CHOICES = [("ar", _("Arabic")), ("zgh", _("Amazigh")), ("fr", _("French")), ("en", _("English"))]


def _regions(request: Any = None) -> QuerySet[Region]:
    return Region.objects.order_by("code")


def _themes(request: Any = None) -> QuerySet[Theme]:
    return Theme.objects.order_by("code")


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a free-text `q` over the model's normalised search column."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search_filter(queryset, value)


class InstituteFilter(SearchFilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=_regions, to_field_name="code", field_name="region"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Institute.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Institute.Status.choices)
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=_themes, to_field_name="code", field_name="themes"
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name_fr", "name"),
            ("region__code", "region"),
            ("status", "status"),
            ("status_date", "date"),
        ),
    )

    class Meta:
        model = Institute
        fields = ["q", "region", "kind", "status", "theme"]


class OrganisationFilter(SearchFilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=_regions, to_field_name="code", field_name="region"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organisation.Kind.choices)
    network_role = django_filters.ChoiceFilter(
        label=_("Role in the network"), choices=Organisation.NetworkRole.choices[1:]
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=_themes, to_field_name="code", field_name="sector"
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("name", "name"), ("region__code", "region"), ("kind", "kind"))
    )

    class Meta:
        model = Organisation
        fields = ["q", "region", "kind", "network_role", "sector"]


class PersonFilter(SearchFilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=_regions, to_field_name="code", field_name="region"
    )
    skill = django_filters.ModelChoiceFilter(
        label=_("Skill"),
        queryset=lambda request: Skill.objects.order_by("code"),
        to_field_name="code",
        field_name="skills",
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=_themes, to_field_name="code", field_name="themes"
    )
    language = django_filters.ChoiceFilter(
        label=_("Language spoken"), choices=LANGUAGE_CHOICES, method="filter_language"
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("family_name", "name"), ("region__code", "region"))
    )

    class Meta:
        model = Person
        fields = ["q", "region", "skill", "theme", "language"]

    def filter_language(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        # `languages` holds codes separated by spaces: match a whole code, not a piece of another one.
        return queryset.filter(languages__regex=rf"(^|\s){value}(\s|$)")


class AffiliationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    institute = django_filters.ModelChoiceFilter(
        label=_("Institute"),
        queryset=lambda request: Institute.objects.order_by("slug"),
        to_field_name="slug",
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Affiliation.Role.choices)
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("person__family_name", "person"), ("start_date", "start"), ("role", "role")),
    )

    class Meta:
        model = Affiliation
        fields = ["q", "institute", "role"]

    def filter_search(self, queryset: QuerySet[Affiliation], name: str, value: str) -> QuerySet[Affiliation]:
        return search_filter(queryset, value, field="person__search_text")
