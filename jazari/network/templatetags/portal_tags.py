"""Small helpers of the public portal's templates: sortable column headers, paging with a named parameter,
and organisation names in the active language."""

from typing import Any

from django import template
from django.utils import translation
from django.utils.translation import pgettext

from jazari.network.filters import LANGUAGE_CHOICES

register = template.Library()


@register.simple_tag(takes_context=True)
def query_param(context: dict[str, Any], name: str, value: Any) -> str:
    """The current query string with one parameter, named at run time, set to `value`."""
    query = context["request"].GET.copy()
    query[name] = value
    return str(query.urlencode())


@register.inclusion_tag("network/partials/sort_header.html", takes_context=True)
def sort_header(context: dict[str, Any], field: str, label: str) -> dict[str, Any]:
    """A column header that sorts the list by `field`, and the other way round when it already does."""
    request = context["request"]
    current = request.GET.get("ordering", "")
    direction = "ascending" if current == field else "descending" if current == f"-{field}" else ""
    query = request.GET.copy()
    query["ordering"] = f"-{field}" if direction == "ascending" else field
    query.pop("page", None)
    return {"label": label, "direction": direction, "query": query.urlencode()}


@register.filter
def organisation_name(organisation: Any) -> str:
    """The Arabic name on Arabic pages when there is one, the registered name otherwise."""
    name_ar = str(getattr(organisation, "name_ar", ""))
    if name_ar and translation.get_language_bidi():
        return name_ar
    return str(organisation.name)


@register.filter
def other_name(organisation: Any) -> str:
    """The name not shown by `organisation_name`, to show beside it (empty when the same or unknown)."""
    name_ar = getattr(organisation, "name_ar", "")
    if not name_ar:
        return ""
    return str(organisation.name) if translation.get_language_bidi() else str(name_ar)


@register.filter
def language_names(codes: str) -> str:
    """Language codes as names in the active language ("ar fr" gives "Arabic, French"); unknown codes stay."""
    names = dict(LANGUAGE_CHOICES)
    return join_names(str(names.get(code, code)) for code in (codes or "").split())


@register.filter
def join_names(items: Any) -> str:
    """The names of `items` (themes, skills...), separated as the active language separates a list."""
    separator = pgettext("separator between the items of a list", ", ")
    return separator.join(str(getattr(item, "name", item)) for item in items)
