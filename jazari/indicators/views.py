"""The strategy dashboard, the methodology and the open data: public pages, read from stored observations.

Anonymous visitors read public figures, with cells about fewer than 5 people suppressed; a signed-in role
reads the exact figures of the scopes it reaches (see `dashboard.Viewer`).
"""

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from jazari.core.exports import csv_lines
from jazari.indicators import dashboard
from jazari.indicators.models import Indicator, Observation, Priority, ScopeKind, Target
from jazari.indicators.privacy import SUPPRESSED, public_observation
from jazari.indicators.reference import POPULATION_SHARE_SOURCE
from jazari.network.models import Institute, Region


def _link(request: HttpRequest, **changes: Any) -> str:
    params: dict[str, str] = {
        key: str(value) for key, value in request.GET.items() if key not in ("region", "institute")
    }
    params.update({key: value for key, value in changes.items() if value})
    return f"{request.path}?{urlencode(params)}" if params else request.path


def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The five priorities for a quarter and a scope, with the trend, the comparison and the map of one
    indicator; every chart has its table."""
    periods = dashboard.available_periods()
    quarter = dashboard.period_from(request.GET, periods)
    if quarter is None:
        return render(
            request,
            "indicators/dashboard_error.html",
            {"message": _("The quarter must be written as YYYY-Qn, for example 2026-Q3.")},
            status=400,
        )
    try:
        scope = dashboard.scope_from(request.GET)
    except dashboard.UnknownScope as error:
        return render(
            request,
            "indicators/dashboard_error.html",
            {"message": _("No region or institute is known by “%(name)s”.") % {"name": error.args[0]}},
            status=404,
        )
    viewer = dashboard.Viewer(request.user)
    data = dashboard.build(
        quarter=quarter, scope=scope, viewer=viewer, focus_code=request.GET.get("indicator")
    )
    comparison = data["comparison"]
    tile_map = dashboard.indicator_map(
        comparison, data["focus"], lambda region: _link(request, region=region.code) + "#map"
    )
    regions = list(Region.objects.order_by("code"))
    region_institutes = []
    if scope.parent_region is not None:
        region_institutes = list(Institute.objects.filter(region=scope.parent_region).order_by("slug"))
    return render(
        request,
        "indicators/dashboard.html",
        {
            **data,
            "quarter": quarter,
            "periods": periods,
            "scope": scope,
            "viewer": viewer,
            "regions": regions,
            "region_institutes": region_institutes,
            "trend_chart": dashboard.trend_chart(data),
            "comparison_chart": dashboard.comparison_chart(data),
            "map": tile_map,
            "national_url": _link(request),
            "region_url": _link(request, region=scope.parent_region.code) if scope.parent_region else "",
            "comparison_links": {
                code: _link(request, **{comparison.url_parameter: code})
                for _obj, code, _value in comparison.rows
            }
            if comparison
            else {},
            "pending": dashboard.pending_reported() if viewer.national else None,
            "to_come": dashboard.TO_COME,
        },
    )


def methodology(request: HttpRequest) -> HttpResponse:
    """Every indicator's definition, every target with its source, and how status and privacy work."""
    priorities = Priority.objects.prefetch_related("indicators").order_by("position")
    targets = (
        Target.objects.select_related("indicator", "region", "institute")
        .filter(scope_kind=ScopeKind.NATIONAL)
        .order_by("indicator__position", "year")
    )
    regional = Target.objects.filter(scope_kind=ScopeKind.REGION).select_related("indicator", "region")
    return render(
        request,
        "indicators/methodology.html",
        {
            "priorities": priorities,
            "targets": targets,
            "regional_targets": regional.order_by("indicator__position", "region__code"),
            "population_share": POPULATION_SHARE_SOURCE,
            "on_track": int(dashboard.ON_TRACK * 100),
            "at_risk": int(dashboard.AT_RISK * 100),
        },
    )


# --- Open data ---------------------------------------------------------------------------------------------

OPEN_DATA_FORMATS = ("csv", "json")


def _data_dictionary() -> list[tuple[str, Any]]:
    """The columns of every open-data file and what they mean."""
    return [
        ("indicator", _("Code of the indicator (see the methodology).")),
        ("period", _("Quarter, as YYYY-Qn.")),
        ("period_end", _("Last day of the quarter (ISO 8601): the figure counts what happened up to it.")),
        ("scope", _("national, region or institute.")),
        (
            "scope_code",
            _("MA for the nation, the ISO code of a region (MA-01 … MA-12), or an institute's short name."),
        ),
        ("scope_name", _("Name of the nation, region or institute.")),
        ("value", _("The value in the indicator's unit; empty when suppressed.")),
        (
            "status",
            _("ok, or suppressed when the figure is about fewer than 5 people (the value is then empty)."),
        ),
        ("numerator", _("For a share or a rate: what was counted; empty when suppressed.")),
        ("denominator", _("For a share or a rate: what it was divided by; empty when suppressed.")),
        ("unit", _("Unit of the value.")),
        ("kind", _("computed from platform data, or reported with evidence and validated by the hub.")),
    ]


def _open_rows(indicator: Indicator) -> list[dict[str, Any]]:
    """Every counted value of a public indicator, as open data: suppressed cells carry no number."""
    observations = (
        Observation.objects.counted()
        .filter(indicator=indicator)
        .select_related("region", "institute")
        .order_by("period", "scope_kind", "region__code", "institute__slug")
    )
    rows = []
    for observation in observations:
        cell = public_observation(observation)  # open data is public: never revealed
        place = observation.region or observation.institute
        rows.append(
            {
                "indicator": indicator.code,
                "period": observation.period,
                "period_end": observation.period_end.isoformat(),
                "scope": observation.scope_kind,
                "scope_code": getattr(observation.region, "code", None)
                or getattr(observation.institute, "slug", None)
                or "MA",
                "scope_name": str(place) if place else str(_("Morocco")),
                "value": _plain(cell.value),
                "status": cell.status,
                "numerator": _plain(cell.numerator),
                "denominator": _plain(cell.denominator),
                "unit": indicator.unit,
                "kind": observation.kind,
            }
        )
    return rows


def _plain(value: Decimal | None) -> str | None:
    """A decimal without trailing zeros, as text (JSON numbers would lose precision)."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def open_data(request: HttpRequest) -> HttpResponse:
    indicators = Indicator.objects.filter(is_public=True).select_related("priority")
    return render(
        request,
        "indicators/open_data.html",
        {"indicators": indicators, "dictionary": _data_dictionary(), "suppressed": SUPPRESSED},
    )


def open_data_file(request: HttpRequest, code: str, file_format: str) -> HttpResponse | StreamingHttpResponse:
    """One public indicator as CSV or JSON, with the same columns as the data dictionary."""
    if file_format not in OPEN_DATA_FORMATS:
        raise Http404
    indicator = get_object_or_404(Indicator, code=code, is_public=True)
    rows = _open_rows(indicator)
    columns = [name for name, _meaning in _data_dictionary()]
    if file_format == "json":
        return JsonResponse(
            {
                "indicator": {
                    "code": indicator.code,
                    "name": indicator.name,
                    "definition": indicator.definition,
                    "unit": indicator.unit,
                    "kind": indicator.kind,
                    "priority": indicator.priority.code,
                    "methodology": request.build_absolute_uri(reverse("methodology")) + f"#{indicator.code}",
                },
                "dictionary": {name: str(meaning) for name, meaning in _data_dictionary()},
                "observations": rows,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    lines = csv_lines(columns, ([row[column] for column in columns] for row in rows))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="jazari-{indicator.code}.csv"'
    return response
