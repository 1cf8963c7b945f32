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
from collections.abc import Callable
from typing import Annotated, Any

import django_filters
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet
from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import PaginationBase
from pydantic import AfterValidator, WithJsonSchema, create_model

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


def _no_null_character(value: str | None) -> str | None:
    # A NUL cannot be sent to PostgreSQL, even in a lookup: refuse it before the FilterSet queries with it.
    if value is not None and "\x00" in value:
        raise ValueError("null characters are not allowed")
    return value


def _choice_values(choices: Any) -> list[str]:
    if callable(choices):
        choices = choices()
    return [str(value) for value, _label in choices if value != ""]


def _filter_field(name: str, definition: django_filters.Filter) -> tuple[Any, Any]:
    """A documented query parameter for one filter: a string, and its values where the filter has choices.
    Only the FilterSet validates the value."""
    with translation.override("en"):  # the API is documented in English, whatever the request's language
        description = str(definition.label or name)
    schema: dict[str, Any] = {"type": "string"}
    if isinstance(definition, django_filters.ModelChoiceFilter):
        description += f" (its {definition.extra.get('to_field_name') or 'id'})"
    elif isinstance(definition, django_filters.ChoiceFilter):  # OrderingFilter included
        schema["enum"] = _choice_values(definition.extra["choices"])
    schema["description"] = description
    parameter = Annotated[str | None, AfterValidator(_no_null_character), WithJsonSchema(schema)]
    return parameter, Field(None, description=description)


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
