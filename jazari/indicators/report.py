"""The quarterly steering-committee report: PDF in an Arabic and a French edition (WeasyPrint, charts drawn as
SVG), and an XLSX workbook, all from the observations stored for the quarter, so a report made again later
gives the same numbers. Public figures only: cells about fewer than 5 people are suppressed.

Fonts come from the system's packages (Noto Naskh Arabic, DejaVu), never from the network.
"""

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from jazari.core.exports import xlsx_row
from jazari.indicators import dashboard
from jazari.indicators.models import Indicator, Observation, ScopeKind
from jazari.indicators.periods import Quarter
from jazari.indicators.privacy import PublicValue, public_observation
from jazari.network.models import Region

EDITIONS = ("ar", "fr")
BAR_WIDTH = 260


@dataclass
class RegionalRow:
    region: Region
    values: list[PublicValue]
    bar: int  # length of the bar of the first indicator, in SVG units


def regional_table(quarter: Quarter) -> tuple[list[Indicator], list[RegionalRow]]:
    """The public indicators with a regional breakdown, for each of the 12 regions, in three queries."""
    indicators = [
        indicator
        for indicator in Indicator.objects.filter(is_public=True, kind=Indicator.Kind.COMPUTED).order_by(
            "priority__position", "position"
        )
        if "region" in indicator.breakdowns
    ]
    observations = {
        (o.indicator_id, o.region_id): o
        for o in Observation.objects.counted().filter(
            period=str(quarter), scope_kind=ScopeKind.REGION, indicator__in=indicators
        )
    }
    regions = list(Region.objects.order_by("code"))
    rows = [
        RegionalRow(
            region=region,
            values=[public_observation(observations.get((i.pk, region.pk))) for i in indicators],
            bar=0,
        )
        for region in regions
    ]
    if rows and indicators:
        largest = max((row.values[0].value or Decimal(0) for row in rows), default=Decimal(0))
        for row in rows:
            value = row.values[0].value or Decimal(0)
            row.bar = int(BAR_WIDTH * value / largest) if largest else 0
    return indicators, rows


def report_data(quarter: Quarter) -> dict[str, Any]:
    """What both editions and the workbook show, read as a public visitor reads it."""
    data = dashboard.build(
        quarter=quarter,
        scope=dashboard.Scope(ScopeKind.NATIONAL),
        viewer=dashboard.Viewer(AnonymousUser()),
        focus_code=None,
    )
    indicators, regions = regional_table(quarter)
    return {
        "quarter": quarter,
        "blocks": data["blocks"],
        "regional_indicators": indicators,
        "regions": regions,
        "to_come": dashboard.TO_COME,
        "made_on": timezone.localdate(),
        "bar_width": BAR_WIDTH,
    }


def steering_pdf(quarter: Quarter, language: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes time that most requests do not need

    with translation.override(language):
        html = render_to_string("indicators/steering_pdf.html", report_data(quarter))
    return bytes(HTML(string=html).write_pdf())


def _cell(value: PublicValue) -> Any:
    if value.suppressed:
        return _("suppressed")
    return None if value.value is None else float(value.value)


def steering_xlsx(quarter: Quarter, language: str = "fr") -> bytes:
    """The workbook: the indicators of the five priorities, then the figures by region."""
    with translation.override(language):
        data = report_data(quarter)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Indicators")[:31]
        sheet.sheet_view.rightToLeft = language == "ar"
        xlsx_row(
            sheet,
            [
                _("Priority"),
                _("Code"),
                _("Indicator"),
                _("Unit"),
                _("Value"),
                _("Expected now"),
                _("Target"),
                _("Target year"),
                _("Status"),
            ],
        )
        for block in data["blocks"]:
            for row in block.rows:
                xlsx_row(
                    sheet,
                    [
                        block.priority.name,
                        row.indicator.code,
                        row.indicator.name,
                        row.indicator.unit_label,
                        _cell(row.current),
                        None if row.expected is None else float(row.expected),
                        None if row.target is None else float(row.target.value),
                        None if row.target is None else row.target.year,
                        str(row.status_label),
                    ],
                )
        regions = workbook.create_sheet(_("Regions")[:31])
        regions.sheet_view.rightToLeft = language == "ar"
        xlsx_row(
            regions, [_("Region code"), _("Region")] + [str(i.name) for i in data["regional_indicators"]]
        )
        for row in data["regions"]:
            xlsx_row(regions, [row.region.code, row.region.name] + [_cell(value) for value in row.values])
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()
