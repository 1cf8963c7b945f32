"""The workspace: what a signed-in user manages, inside the scopes of their memberships.

Each managed list is described once (`ManagedList`): its model, filters, columns, form and how a row is
addressed. The same views then serve institutes, organisations, people and affiliations: list with
filters, sorting, pagination and export; create; edit; history.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jazari.accounts.permissions import EDIT_ROLES, memberships, visible_to
from jazari.core.exports import EXPORT_FORMATS, Column, export_response
from jazari.core.forms import bootstrap_fields
from jazari.core.sections import workspace_tools
from jazari.network.filters import AffiliationFilter, InstituteFilter, OrganisationFilter, PersonFilter
from jazari.network.forms import AffiliationForm, InstituteForm, OrganisationForm, PersonForm
from jazari.network.models import Affiliation, Institute, Organisation, Person

PAGE_SIZE = 25


@dataclass(frozen=True)
class ManagedList:
    """How the workspace shows and edits one kind of record."""

    slug: str
    model: type[models.Model]
    title: Any
    filterset: type[django_filters.FilterSet]
    form: type[Any]
    lookup: str  # the field that addresses one row in URLs
    columns: list[Column]
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    creatable: bool = True
    key: Callable[[Any], Any] = field(default=lambda row: row.pk)
    manage_url: Callable[[Any], str] | None = None  # a page with more than the form (sessions, attendance...)

    def perm(self, action: str) -> str:
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"

    def queryset(self, user: Any) -> models.QuerySet[Any]:
        queryset = self.model._default_manager.select_related(*self.related).prefetch_related(*self.prefetch)
        return visible_to(queryset, user)


def _person_name(person: Person) -> str:
    return f"{person.full_name} {person.full_name_ar}".strip()


LISTS: dict[str, ManagedList] = {
    managed.slug: managed
    for managed in [
        ManagedList(
            slug="institutes",
            model=Institute,
            title=_("Institutes"),
            filterset=InstituteFilter,
            form=InstituteForm,
            lookup="slug",
            key=lambda row: row.slug,
            related=("region",),
            columns=[
                Column.attribute(_("Name"), "name"),
                Column.attribute(_("Kind"), "get_kind_display"),
                Column.attribute(_("Region"), "region.name"),
                Column.attribute(_("City"), "city"),
                Column.attribute(_("Status"), "get_status_display"),
                Column.attribute(_("Status since"), "status_date"),
            ],
        ),
        ManagedList(
            slug="organisations",
            model=Organisation,
            title=_("Organisations"),
            filterset=OrganisationFilter,
            form=OrganisationForm,
            lookup="public_id",
            key=lambda row: row.public_id,
            related=("region", "sector"),
            columns=[
                Column.attribute(_("Name"), "name"),
                Column.attribute(_("Name (Arabic)"), "name_ar"),
                Column.attribute(_("Kind"), "get_kind_display"),
                Column.attribute(_("Region"), "region.name"),
                Column.attribute(_("City"), "city"),
                Column.attribute(_("Role in the network"), "get_network_role_display"),
            ],
        ),
        ManagedList(
            slug="people",
            model=Person,
            title=_("People"),
            filterset=PersonFilter,
            form=PersonForm,
            lookup="public_id",
            key=lambda row: row.public_id,
            related=("region",),
            columns=[
                Column(_("Name"), _person_name),
                Column.attribute(_("Region"), "region.name"),
                Column.attribute(_("Email address"), "email"),
                Column.attribute(_("Languages spoken"), "languages"),
                Column.attribute(_("Public profile"), "consent_public_profile"),
            ],
        ),
        ManagedList(
            slug="affiliations",
            model=Affiliation,
            title=_("Affiliations"),
            filterset=AffiliationFilter,
            form=AffiliationForm,
            lookup="pk",
            related=("person", "institute", "organisation"),
            creatable=False,  # created from a person's page
            columns=[
                Column(_("Person"), lambda row: _person_name(row.person)),
                Column.attribute(_("Role"), "get_role_display"),
                Column(_("Institute or organisation"), lambda row: str(row.institute or row.organisation)),
                Column.attribute(_("Start"), "start_date"),
                Column.attribute(_("End"), "end_date"),
            ],
        ),
    ]
}


def _manage(managed: ManagedList, row: Any) -> str:
    return managed.manage_url(row) if managed.manage_url else ""


def register_managed_list(managed: ManagedList) -> None:
    """Let an app above `network` (activities, projects, ...) add its own list to the workspace."""
    LISTS[managed.slug] = managed


def _managed(kind: str) -> ManagedList:
    if kind not in LISTS:
        raise Http404
    return LISTS[kind]


def _object(request: HttpRequest, managed: ManagedList, key: str, action: str) -> Any:
    """The row addressed by `key`, if the user may `action` it: 404 outside their scope, 403 inside without
    the right."""
    try:
        obj = get_object_or_404(managed.queryset(request.user), **{managed.lookup: key})
    except (ValueError, TypeError):
        raise Http404 from None
    if not request.user.has_perm(managed.perm(action), obj):
        raise PermissionDenied
    return obj


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What this user may manage, from their memberships."""
    editable_institutes = visible_to(Institute.objects.select_related("region"), request.user, EDIT_ROLES)
    counts = {slug: managed.queryset(request.user).count() for slug, managed in LISTS.items()}
    return render(
        request,
        "network/workspace/home.html",
        {
            "memberships": memberships(request.user),
            "editable_institutes": editable_institutes,
            "lists": [(LISTS[slug], counts[slug]) for slug in LISTS],
            "tools": workspace_tools(request.user),
        },
    )


@login_required
def object_list(request: HttpRequest, kind: str) -> HttpResponseBase:
    managed = _managed(kind)
    if not request.user.has_perm(managed.perm("view")):
        raise PermissionDenied
    filters = managed.filterset(request.GET, queryset=managed.queryset(request.user), request=request)
    bootstrap_fields(filters.form)
    rows = filters.qs if filters.is_valid() else managed.queryset(request.user).none()
    export = request.GET.get("export")
    if export in EXPORT_FORMATS:
        return export_response(rows=rows, columns=managed.columns, filename=managed.slug, file_format=export)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "managed": managed,
        "filters": filters,
        "page": page,
        "rows": [
            (row, managed.key(row), [column.value(row) for column in managed.columns], _manage(managed, row))
            for row in page
        ],
        "headers": [column.header for column in managed.columns],
        "may_add": managed.creatable and request.user.has_perm(managed.perm("add")),
    }
    template = (
        "network/workspace/partials/results.html"
        if getattr(request, "htmx", False)
        else "network/workspace/list.html"
    )
    return render(request, template, context)


@login_required
def object_create(request: HttpRequest, kind: str) -> HttpResponse:
    managed = _managed(kind)
    if not managed.creatable or not request.user.has_perm(managed.perm("add")):
        raise PermissionDenied
    form = managed.form(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = form.save()
        messages.success(request, _("“%(name)s” was created.") % {"name": obj})
        return redirect(reverse("workspace:list", kwargs={"kind": kind}))
    return render(request, "network/workspace/form.html", {"managed": managed, "form": form, "obj": None})


@login_required
def object_edit(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    managed = _managed(kind)
    obj = _object(request, managed, key, "change")
    form = managed.form(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Your changes to “%(name)s” were saved.") % {"name": obj})
        return redirect(reverse("workspace:list", kwargs={"kind": kind}))
    affiliations = obj.affiliations.select_related("institute", "organisation") if kind == "people" else None
    return render(
        request,
        "network/workspace/form.html",
        {"managed": managed, "form": form, "obj": obj, "key": key, "affiliations": affiliations},
    )


@login_required
def object_history(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """Who changed what and when, with the fields each change touched."""
    managed = _managed(kind)
    obj = _object(request, managed, key, "view")
    # One more than shown, so that the oldest change shown is compared with the record before it.
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:101])
    changes = [
        {"record": record, "changed": _changed_fields(managed.model, record, previous)}
        for record, previous in itertools.pairwise([*records, None])
    ][:100]
    return render(
        request, "network/workspace/history.html", {"managed": managed, "obj": obj, "changes": changes}
    )


def _changed_fields(model: type[models.Model], record: Any, previous: Any) -> list[dict[str, Any]]:
    """The fields that `record` changed since `previous`, none for a record's first known state.

    Records written in bulk (seeded or imported) may have no history at all, or a history that starts
    with a change rather than a creation: either way the page shows what is known."""
    if previous is None:
        return []
    return [
        {
            "field": getattr(model._meta.get_field(change.field), "verbose_name", change.field),
            "old": change.old,
            "new": change.new,
        }
        for change in record.diff_against(previous).changes
    ]


@login_required
def affiliation_create(request: HttpRequest, key: str) -> HttpResponse:
    """Affiliate a person, from their page, to an institute or organisation the user edits."""
    managed = LISTS["people"]
    person = _object(request, managed, key, "change")
    form = AffiliationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.person = person
        form.save()
        messages.success(request, _("The affiliation was added."))
        return redirect(reverse("workspace:edit", kwargs={"kind": "people", "key": key}))
    return render(
        request,
        "network/workspace/form.html",
        {"managed": LISTS["affiliations"], "form": form, "obj": None, "person": person},
    )
