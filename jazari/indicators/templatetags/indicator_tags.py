"""Showing an indicator's value: with its decimals, or the mark of a suppressed cell."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from jazari.indicators.privacy import PublicValue

register = template.Library()


def formatted(value: Decimal | None, decimals: int) -> str:
    if value is None:
        return "–"
    quantum = Decimal(1).scaleb(-decimals)
    return number_format(value.quantize(quantum), decimal_pos=decimals, force_grouping=True)


@register.simple_tag
def indicator_value(cell: PublicValue | None, indicator: Any) -> SafeString:
    """The value, or a badge saying it was suppressed (fewer than 5 people), never the number."""
    if cell is None or (cell.value is None and not cell.suppressed):
        return format_html('<span class="text-body-secondary">{}</span>', "–")
    if cell.suppressed:
        return format_html(
            '<span class="badge text-bg-light border" title="{}">{}</span>',
            _("Fewer than 5 people: not shown, to protect their privacy."),
            _("suppressed"),
        )
    return format_html("<bdi>{}</bdi>", formatted(cell.value, indicator.decimals))


@register.simple_tag
def indicator_number(value: Decimal | None, indicator: Any) -> str:
    return formatted(value, indicator.decimals)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def index(sequence: Any, position: int) -> Any:
    return sequence[position]
