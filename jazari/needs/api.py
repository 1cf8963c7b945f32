"""Needs in the API: the needs in the caller's scopes (the hub sees all), with the same filters as the
workspace list. Needs carry contact details, so nothing here is open to anonymous callers."""

from datetime import date, datetime
from uuid import UUID

from django.db import models
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from jazari.accounts.permissions import visible_to
from jazari.needs.filters import NeedFilter
from jazari.needs.models import Need
from jazari.network.api import values_of

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
