"""One filter definition per list, shared by the pages, the exports and the API."""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
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


_REGION_CODES: set[str] = set()


def region_code_exists(code: str) -> bool:
    """Whether a region has this code. The twelve codes are read once per process, and again whenever an
    unknown code comes, so a region added since is found; regions are never deleted (they are protected)."""
    if code not in _REGION_CODES:
        _REGION_CODES.update(Region.objects.values_list("code", flat=True))
    return code in _REGION_CODES


class RegionCodeField(forms.ModelChoiceField):
    """A region chosen by its code (the choices are still the regions, for the select). Its value is the code
    itself: the list is then filtered through its region's code, a join its query often makes anyway, rather
    than after a query that looks the region up."""

    def to_python(self, value: Any) -> str | None:
        """The code, checked as `ModelChoiceField.to_python` checks a choice (same errors), but without a
        query."""
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        code = value.code if isinstance(value, Region) else str(value)
        if not region_code_exists(code):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return code


class RegionFilter(django_filters.ModelChoiceFilter):
    """The filter of a list by region code, for every list that has one; `field_name` is the path to the
    region ("region" by default, "institute__region"...)."""

    field_class = RegionCodeField

    def __init__(self, *, field_name: str = "region", **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Region"))
        super().__init__(field_name=f"{field_name}__code", queryset=_regions, to_field_name="code", **kwargs)


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a free-text `q` over the model's normalised search column."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search_filter(queryset, value)


class InstituteFilter(SearchFilterSet):
    region = RegionFilter()
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
    region = RegionFilter()
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
    region = RegionFilter()
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
