"""Lists in the API: the list's FilterSet applied to the query string, then one page of the result.

Routers use django-ninja's own decorator; `settings.NINJA_PAGINATION_CLASS` points it here, so an app's
`api.py` never imports this package:

    @router.get("/institutes", response=list[InstituteOut])
    @paginate(filterset=InstituteFilter)
    def institute_list(request): ...

A list whose schema reads `.values()` rows names the function that turns the filtered queryset into them,
`@paginate(filterset=..., rows=...)`: the count is then taken before the joins the rows need.

The FilterSet is the same one the pages use (`<app>/filters.py`): its filters become the documented query
parameters, and it decides what a value means and whether it is valid. Every list answers
`{"count", "page", "page_size", "next", "previous", "results"}` with two queries whatever its length:
one count and one page (plus one per prefetched relation).
"""

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import django_filters
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet
from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import PaginationBase
from pydantic import AfterValidator, GetJsonSchemaHandler, WithJsonSchema, create_model

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class PageInput(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Rows per page, from 1 to {MAX_PAGE_SIZE}.",
    )


# What a filter's value may be, declared and checked alike: not empty (to leave a list unfiltered, leave the
# parameter out) and without a null character (which cannot be sent to PostgreSQL, even in a lookup).
NO_NULL_CHARACTER = "^[^\\x00]+$"
ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
YEARS = (1, 9999)


def _checked(value: str | None) -> str | None:
    if value is None:
        return None
    if not value:
        raise ValueError("leave the parameter out rather than empty")
    if "\x00" in value:
        raise ValueError("null characters are not allowed")
    return value


def _iso_date(value: str | None) -> str | None:
    if value is not None:
        if not re.match(ISO_DATE, value):
            raise ValueError("a date is written YYYY-MM-DD")
        date.fromisoformat(value)  # a real day: a ValueError otherwise
    return value


def _year(value: int | None) -> str | None:
    return None if value is None else str(value)


def _choice_values(choices: Any) -> list[str]:
    if callable(choices):
        choices = choices()
    return [str(value) for value, _label in choices if value != ""]


@dataclass(frozen=True)
class FilterValues:
    """The values a model choice filter takes (codes, short names), read from the database each time the
    OpenAPI document is written, so that it lists the regions, themes or institutes that exist."""

    definition: django_filters.ModelChoiceFilter
    description: str

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        queryset = self.definition.get_queryset(None)
        key = self.definition.extra.get("to_field_name") or "pk"
        values = [str(value) for value in queryset.order_by(key).values_list(key, flat=True)]
        return {"type": "string", "enum": values, "description": self.description}


@dataclass(frozen=True)
class OneOf:
    """A check that the value is one of `values`, as the schema says (the FilterSet reads more)."""

    values: tuple[str, ...]

    def __call__(self, value: str | None) -> str | None:
        if value is not None and value not in self.values:
            raise ValueError(f"expected one of: {', '.join(self.values)}")
        return value


@dataclass(frozen=True)
class Matches:
    """A check that the value matches `pattern`, searched as JSON Schema searches a pattern."""

    pattern: str

    def __call__(self, value: str | None) -> str | None:
        if value is not None and not re.search(self.pattern, value):
            raise ValueError(f"expected the pattern {self.pattern}")
        return value


def _filter_field(name: str, definition: django_filters.Filter) -> tuple[Any, Any]:
    """A documented query parameter for one filter, declared as it is checked: its values where the filter has
    choices, a date or a year where it takes one, the pattern it matches; the FilterSet then decides what
    the value means."""
    with translation.override("en"):  # the API is documented in English, whatever the request's language
        description = str(definition.label or name)
    checks: list[Any] = [AfterValidator(_checked)]
    schema: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": NO_NULL_CHARACTER}
    if isinstance(definition, django_filters.ModelChoiceFilter):
        description += f" (its {definition.extra.get('to_field_name') or 'id'})"
        choice: Any = Annotated[str | None, *checks, FilterValues(definition, description)]
        return choice, Field(None, description=description)
    if isinstance(definition, django_filters.NumberFilter):
        low, high = YEARS
        year = Annotated[
            Annotated[int, Field(ge=low, le=high)] | None,
            AfterValidator(_year),
            WithJsonSchema({"type": "integer", "minimum": low, "maximum": high, "description": description}),
        ]
        return year, Field(None, description=description)
    if isinstance(definition, django_filters.ChoiceFilter):  # OrderingFilter included
        schema = {"type": "string", "enum": _choice_values(definition.extra["choices"])}
    elif isinstance(definition, django_filters.BooleanFilter):
        schema = {"type": "string", "enum": ["true", "false"]}
        checks.append(AfterValidator(OneOf(("true", "false"))))
    elif isinstance(definition, django_filters.DateFilter):
        schema = {"type": "string", "format": "date", "pattern": ISO_DATE}
        checks.append(AfterValidator(_iso_date))
    else:
        for validator in definition.extra.get("validators", []):
            if isinstance(validator, RegexValidator) and not validator.inverse_match:
                pattern = re.compile(validator.regex).pattern
                schema["pattern"] = pattern
                checks.append(AfterValidator(Matches(pattern)))
    schema["description"] = description
    text: Any = Annotated[str | None, *checks, WithJsonSchema(schema)]
    return text, Field(None, description=description)


def filter_input(filterset: type[django_filters.FilterSet]) -> type[Schema]:
    """The query string of a filtered list: the FilterSet's filters, then `page` and `page_size`."""
    fields = {name: _filter_field(name, definition) for name, definition in filterset.base_filters.items()}
    model: type[Schema] = create_model(  # type: ignore[call-overload]
        f"{filterset.__name__}Query", __base__=PageInput, **fields
    )
    return model


@functools.cache
def _narrowed(filterset: type[FilterSet], names: frozenset[str]) -> type[FilterSet]:
    """`filterset` with only the filters in `names`. A filter without a value leaves the rows as they are, so
    the result is the same; but a FilterSet copies every filter and form field it has on each use, which
    costs more than the query of a page.

    Its form class is built once too (a FilterSet builds a new class on each use): the lists' filters take
    their choices from querysets that do not depend on the request, and each form copies its fields, whose
    querysets are read afresh."""
    kept = {name: definition for name, definition in filterset.base_filters.items() if name in names}
    narrowed: type[FilterSet] = type(filterset.__name__, (filterset,), {})
    narrowed.base_filters = kept
    form_class = narrowed(queryset=filterset._meta.model._default_manager.none()).get_form_class()
    narrowed.get_form_class = lambda self: form_class
    return narrowed


def apply_filterset(
    filterset: type[django_filters.FilterSet], params: Schema, queryset: QuerySet[Any], request: HttpRequest
) -> QuerySet[Any]:
    """The rows the FilterSet keeps. A value it refuses (an unknown region code...) is a 422, not ignored."""
    data = {
        name: value for name in filterset.base_filters if (value := getattr(params, name, None)) is not None
    }
    narrowed = _narrowed(filterset, frozenset(data))  # type: ignore[arg-type]
    bound = narrowed(data, queryset=queryset, request=request)
    if not bound.is_valid():
        raise ValidationError(
            [
                {"loc": ("query", name), "msg": str(message), "type": error.code or "invalid"}
                for name, errors in bound.errors.as_data().items()
                for error in errors
                for message in error.messages
            ]
        )
    return bound.qs


def with_last_sort_key(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Sort by the primary key last, so that pages neither repeat nor skip rows with equal sort values."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    return queryset.order_by(*ordering, "pk")


class FilteredPagePagination(PaginationBase):
    """Filters with the list's FilterSet (if any), then cuts the result into numbered pages."""

    class Output(Schema):
        count: int = Field(description="Rows in the whole list, on every page.")
        page: int
        page_size: int
        next: str | None = Field(description="Address of the next page; null on the last one.")
        previous: str | None = Field(description="Address of the previous page; null on the first one.")
        results: list[Any]

    items_attribute = "results"

    def __init__(
        self,
        *,
        filterset: type[django_filters.FilterSet] | None = None,
        rows: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.filterset = filterset
        self.rows = rows
        self.Input = filter_input(filterset) if filterset else PageInput  # type: ignore[assignment]
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        if self.filterset is not None:
            queryset = apply_filterset(self.filterset, pagination, queryset, request)
        count = queryset.count()
        page, size = pagination.page, pagination.page_size
        last_page = max(1, math.ceil(count / size))
        if page > last_page:
            raise Http404(
                _("There is no page %(page)s: this list has %(pages)s.") % {"page": page, "pages": last_page}
            )
        start = (page - 1) * size
        return {
            "count": count,
            "page": page,
            "page_size": size,
            "next": self._page_url(request, page + 1) if page < last_page else None,
            "previous": self._page_url(request, page - 1) if page > 1 else None,
            "results": list(self._rows(with_last_sort_key(queryset))[start : start + size]),
        }

    def _rows(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return self.rows(queryset) if self.rows else queryset

    @staticmethod
    def _page_url(request: HttpRequest, page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
