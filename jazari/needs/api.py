"""Needs in the API: the needs in the caller's scopes (the hub sees all), with the same filters as the
workspace list. Needs carry contact details, so nothing here is open to anonymous callers."""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from jazari.accounts.permissions import visible_to
from jazari.needs.filters import NeedFilter
from jazari.needs.models import Need
from jazari.needs.services import NeedChangeRefused, need_change_status, need_renew
from jazari.network.api import plain_text, values_of

router = Router(tags=["needs"])


class NeedOut(Schema):
    public_id: UUID
    title: str
    description: str
    language: str
    kind: str = Field(json_schema_extra=values_of(Need, "kind"))
    status: str = Field(json_schema_extra=values_of(Need, "status"))
    urgency: str = Field(json_schema_extra=values_of(Need, "urgency"))
    budget_band: str = Field(json_schema_extra=values_of(Need, "budget_band"))
    organisation_name: str
    region: str = Field(description="Region code.")
    themes: list[str] = Field(description="Theme codes.")
    created_at: datetime
    expires_on: date
    is_expired: bool
    projects: list[UUID] = Field(description="Public identifiers of the projects answering the need.")

    @staticmethod
    def resolve_region(need: Need) -> str:
        return need.region.code

    @staticmethod
    def resolve_themes(need: Need) -> list[str]:
        return [theme.code for theme in need.themes.all()]

    @staticmethod
    def resolve_projects(need: Need) -> list[UUID]:
        return [project.public_id for project in need.projects.all()]


def _needs(request: HttpRequest) -> models.QuerySet[Need]:
    base = Need.objects.select_related("region").prefetch_related("themes", "projects")
    return visible_to(base, request.user)


@router.get("/needs", response=list[NeedOut], summary="List the needs in the caller's scopes")
@paginate(filterset=NeedFilter)
def need_list(request: HttpRequest) -> models.QuerySet[Need]:
    return _needs(request).order_by("-created_at", "pk")


@router.get("/needs/{uuid:public_id}", response=NeedOut, summary="One need")
def need_detail(request: HttpRequest, public_id: UUID) -> Need:
    need = _needs(request).filter(public_id=public_id).first()
    if need is None:
        raise Http404
    return need


class NeedStatusIn(Schema):
    status: str = Field(
        description="The new status, or `renew` to keep the need open longer.",
        json_schema_extra={"enum": [*Need.Status.values, "renew"]},
        max_length=20,
    )
    note: Annotated[str, plain_text(max_length=1000)] = ""


@router.post("/needs/{uuid:public_id}/status", response=NeedOut, summary="Change a need's status (the hub)")
def need_status(request: HttpRequest, public_id: UUID, payload: NeedStatusIn) -> Need:
    """Only the allowed next statuses are accepted; the submitter is told by email."""
    need = need_detail(request, public_id)
    if not request.user.has_perm("needs.qualify_need", need):
        raise PermissionDenied(_("Only the hub qualifies, rejects and closes needs."))
    try:
        if payload.status == "renew":
            need_renew(need=need)
        elif payload.status not in Need.Status.values:
            raise NeedChangeRefused(_("Choose a status."))
        else:
            base_url = request.build_absolute_uri("/").rstrip("/")
            need_change_status(need=need, status=payload.status, note=payload.note, base_url=base_url)
    except NeedChangeRefused as refusal:
        raise ValidationError(
            [{"loc": ["body", "status"], "msg": str(refusal), "type": "value_error"}]
        ) from None
    return need_detail(request, public_id)
