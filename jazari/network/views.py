"""The public portal: no log-in, nothing that a person did not agree to publish.

Every list is a FilterSet from `filters.py` (the same one the API uses), paged by 25, sortable, and
downloadable as CSV or XLSX with the same filters (`?export=csv|xlsx`). Figures per region are counted with
one grouped query per kind of row, so no page issues more queries when the registry grows.
"""

from collections.abc import Mapping
from typing import Any

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Count, Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jazari.core.exports import EXPORT_FORMATS, Column, export_response
from jazari.core.sections import home_sections
from jazari.network.filters import InstituteFilter, OrganisationFilter, PersonFilter
from jazari.network.models import Institute, Organisation, Person, Region
from jazari.network.templatetags.portal_tags import join_names
from jazari.network.tiles import DEFAULT_FIGURE, FIGURES, RegionFigures, per_100k, tile_map

PAGE_SIZE = 25
REGION_PAGE_SIZE = 10


# --- Figures per region -------------------------------------------------------------------------------------


def _counts_by_region(queryset: QuerySet[Any]) -> dict[int | None, int]:
    """How many rows of `queryset` each region has (key None: rows without a region), in one query."""
    return dict(queryset.order_by().values_list("region_id").annotate(total=Count("pk")))


def region_counts() -> dict[str, dict[int | None, int]]:
    """Institutes, organisations and public experts per region id, in three queries."""
    return {
        "institutes": _counts_by_region(Institute.objects.all()),
        "organisations": _counts_by_region(Organisation.objects.all()),
        "experts": _counts_by_region(Person.objects.public()),
    }


def region_figures(counts: dict[str, dict[int | None, int]] | None = None) -> list[RegionFigures]:
    """The public figures of the 12 regions, in four queries however many rows the registry holds."""
    counts = counts or region_counts()
    return [
        RegionFigures(
            code=region.code,
            name=region.name,
            population=region.population_2024,
            institutes=counts["institutes"].get(region.pk, 0),
            organisations=counts["organisations"].get(region.pk, 0),
            experts=counts["experts"].get(region.pk, 0),
            capital=region.capital,
            url=region.get_absolute_url(),
        )
        for region in Region.objects.order_by("code")
    ]


def home(request: HttpRequest) -> HttpResponse:
    """What the network is for, its key figures, and the tile map of the regions coloured by one figure."""
    counts = region_counts()
    regions = region_figures(counts)
    status_labels = dict(Institute.Status.choices)
    institutes_by_status = list(
        Institute.objects.order_by("status").values_list("status").annotate(total=Count("pk"))
    )
    figure = request.GET.get("figure", DEFAULT_FIGURE)
    if figure not in FIGURES:
        figure = DEFAULT_FIGURE
    figures = {
        "regions_covered": sum(1 for region in regions if region.institutes),
        "regions_total": len(regions),
        "institutes": sum(total for _status, total in institutes_by_status),
        "organisations": sum(counts["organisations"].values()),
        "experts": sum(counts["experts"].values()),
    }
    return render(
        request,
        "network/home.html",
        {
            "figures": figures,
            "institutes_by_status": [
                {"label": status_labels.get(status, status), "total": total}
                for status, total in institutes_by_status
            ],
            "regions": regions,
            "map": tile_map(regions, figure),
            "figure_choices": [(key, choice.label) for key, choice in FIGURES.items()],
            "sections": home_sections(request),
        },
    )


# --- Lists: filters, sorting, pages and exports -------------------------------------------------------------


def _prepare_form(filterset: django_filters.FilterSet, sorts: Mapping[str, Promise]) -> None:
    """Bootstrap classes, a search box, "All" as the empty choice, and sort options in the active language."""
    for name, field in filterset.form.fields.items():
        is_select = isinstance(field.widget, forms.Select)
        field.widget.attrs["class"] = "form-select" if is_select else "form-control"
        if is_select and name != "ordering":
            field.empty_label = _("All")
            if not isinstance(field, forms.ModelChoiceField):
                # django-filter's widget keeps the choices it was built with: give it fresh ones.
                field.choices = [choice for choice in field.choices if choice[0] != ""]
    filterset.form.fields["q"].widget.input_type = "search"
    ordering = filterset.form.fields["ordering"]
    ordering.empty_label = _("Default order")
    choices: list[tuple[str, Any]] = []
    for key, label in sorts.items():
        choices += [(key, label), (f"-{key}", _("%(label)s (descending)") % {"label": label})]
    ordering.choices = choices


def _is_filtered(filterset: django_filters.FilterSet) -> bool:
    return any(filterset.data.get(name) for name in filterset.filters if name != "ordering")


def _list_page(
    request: HttpRequest,
    filterset: django_filters.FilterSet,
    *,
    sorts: Mapping[str, Promise],
    columns: list[Column],
    filename: str,
    export_rows: QuerySet[Any],
    template: str,
) -> HttpResponseBase:
    """A filtered, sorted, paged list, or its download when `?export=` names a format."""
    file_format = request.GET.get("export", "")
    if file_format in EXPORT_FORMATS:
        return export_response(rows=export_rows, columns=columns, filename=filename, file_format=file_format)
    _prepare_form(filterset, sorts)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {"filterset": filterset, "page": page, "is_filtered": _is_filtered(filterset), "sorts": sorts},
    )


INSTITUTE_SORTS: dict[str, Promise] = {
    "name": _("Name"),
    "region": _("Region"),
    "status": _("Status"),
    "date": _("Status since"),
}
INSTITUTE_COLUMNS = [
    Column.attribute(_("Short name"), "slug"),
    Column.attribute(_("Name"), "name"),
    Column.attribute(_("Kind"), "get_kind_display"),
    Column.attribute(_("Region code"), "region.code"),
    Column.attribute(_("Region"), "region.name"),
    Column.attribute(_("City"), "city"),
    Column.attribute(_("Status"), "get_status_display"),
    Column.attribute(_("Status since"), "status_date"),
    Column(_("Themes"), lambda institute: join_names(institute.themes.all())),
    Column.attribute(_("Coordinated by"), "parent.name"),
    Column.attribute(_("Contact email"), "contact_email"),
    Column.attribute(_("Website"), "website"),
]


def institute_list(request: HttpRequest) -> HttpResponseBase:
    """The institutes of the network, by region, kind, status, theme or a search."""
    filterset = InstituteFilter(
        request.GET, queryset=Institute.objects.select_related("region"), request=request
    )
    return _list_page(
        request,
        filterset,
        sorts=INSTITUTE_SORTS,
        columns=INSTITUTE_COLUMNS,
        filename="institutes",
        export_rows=filterset.qs.select_related("parent").prefetch_related("themes"),
        template="network/institute_list.html",
    )


def institute_detail(request: HttpRequest, slug: str) -> HttpResponse:
    institute = get_object_or_404(Institute.objects.select_related("region", "parent"), slug=slug)
    partnerships = institute.partnerships.select_related("organisation").order_by(
        "role", "organisation__name"
    )
    return render(
        request,
        "network/institute_detail.html",
        {
            "institute": institute,
            "partnerships": partnerships,
            "themes": institute.themes.order_by("code"),
            "focus_areas": [line.strip() for line in institute.focus.splitlines() if line.strip()],
            "children": institute.children.select_related("region").order_by("region__code", "slug"),
        },
    )


ORGANISATION_SORTS: dict[str, Promise] = {"name": _("Name"), "region": _("Region"), "kind": _("Kind")}
ORGANISATION_COLUMNS = [
    Column.attribute(_("Name"), "name"),
    Column.attribute(_("Name (Arabic)"), "name_ar"),
    Column.attribute(_("Acronym"), "acronym"),
    Column.attribute(_("Kind"), "get_kind_display"),
    Column.attribute(_("Region code"), "region.code"),
    Column.attribute(_("Region"), "region.name"),
    Column.attribute(_("City"), "city"),
    Column.attribute(_("Sector"), "sector.name"),
    Column.attribute(_("Size"), "get_size_band_display"),
    Column.attribute(_("Role in the network"), "get_network_role_display"),
    Column.attribute(_("Website"), "website"),
]


def organisation_list(request: HttpRequest) -> HttpResponseBase:
    """The directory of partner organisations."""
    queryset = Organisation.objects.select_related("region", "sector")
    filterset = OrganisationFilter(request.GET, queryset=queryset, request=request)
    return _list_page(
        request,
        filterset,
        sorts=ORGANISATION_SORTS,
        columns=ORGANISATION_COLUMNS,
        filename="organisations",
        export_rows=filterset.qs,
        template="network/organisation_list.html",
    )


EXPERT_SORTS: dict[str, Promise] = {"name": _("Name"), "region": _("Region")}
# Never the email address, the gender or the consent flags: only what the person agreed to publish.
EXPERT_COLUMNS = [
    Column.attribute(_("Given name"), "given_name"),
    Column.attribute(_("Family name"), "family_name"),
    Column.attribute(_("Name in Arabic script"), "full_name_ar"),
    Column.attribute(_("Region code"), "region.code"),
    Column.attribute(_("Region"), "region.name"),
    Column(_("Skills"), lambda person: join_names(person.skills.all())),
    Column(_("Themes"), lambda person: join_names(person.themes.all())),
    Column.attribute(_("Languages spoken"), "languages"),
    Column.attribute(_("Expertise keywords"), "keywords"),
]


def expert_list(request: HttpRequest) -> HttpResponseBase:
    """The public directory of experts: only people who consented to a public profile, ever."""
    experts = Person.objects.public().select_related("region").prefetch_related("skills", "themes")
    filterset = PersonFilter(request.GET, queryset=experts, request=request)
    return _list_page(
        request,
        filterset,
        sorts=EXPERT_SORTS,
        columns=EXPERT_COLUMNS,
        filename="experts",
        export_rows=filterset.qs,
        template="network/expert_list.html",
    )


# --- Regions ------------------------------------------------------------------------------------------------


def region_list(request: HttpRequest) -> HttpResponse:
    return render(request, "network/region_list.html", {"regions": region_figures()})


def _region_page(request: HttpRequest, queryset: QuerySet[Any], parameter: str) -> Page[Model]:
    return Paginator(queryset, REGION_PAGE_SIZE).get_page(request.GET.get(parameter))


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A region: its population, its institutes and organisations, and its figures per 100,000 inhabitants."""
    region = get_object_or_404(Region, code=code)
    institutes = _region_page(request, region.institutes.order_by("slug"), "institutes_page")
    organisations = _region_page(
        request, region.organisations.select_related("sector").order_by("name"), "organisations_page"
    )
    experts = Person.objects.public().filter(region=region).count()
    population = region.population_2024
    counts = [
        (_("Institutes"), institutes.paginator.count),
        (_("Partner organisations"), organisations.paginator.count),
        (_("Experts with a public profile"), experts),
    ]
    return render(
        request,
        "network/region_detail.html",
        {
            "region": region,
            "institutes": institutes,
            "organisations": organisations,
            "figures": [
                {"label": label, "count": count, "per100k": per_100k(count, population)}
                for label, count in counts
            ],
        },
    )
