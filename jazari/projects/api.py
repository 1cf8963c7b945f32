"""Projects in the API: public projects for everyone and the internal ones of the caller's scopes, their
stage gates and deliverables, the download of a deliverable's file, reviews, stage decisions and the hub's
assignment of needs.

The same rules as the pages, through the same helpers (`access.py`) and services: an internal deliverable
is "not found" for whoever may not read it; an author reviewing their own deliverable is refused (403).
"""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.errors import ValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import field_validator

from jazari.accounts.api import ANYONE
from jazari.accounts.permissions import visible_to
from jazari.needs.models import Need
from jazari.network.api import CodeOf, plain_text, values_of
from jazari.network.models import Institute
from jazari.projects.access import readable_deliverables, readable_projects
from jazari.projects.files import FileRefused
from jazari.projects.filters import DeliverableFilter, ProjectFilter
from jazari.projects.models import (
    Deliverable,
    DeliverableReview,
    DeliverableVersion,
    Match,
    Project,
    Stage,
    StageGate,
)
from jazari.projects.services import (
    ActionRefused,
    deliverable_add_version,
    deliverable_review,
    deliverable_submit,
    need_assign,
    project_change_stage,
)
from jazari.projects.views import file_response

router = Router(tags=["projects"])


class ProjectOut(Schema):
    public_id: UUID
    title: str
    title_ar: str
    summary: str
    kind: str = Field(json_schema_extra=values_of(Project, "kind"))
    lead_institute: str = Field(description="Short name of the lead institute.")
    region: str = Field(description="Region code.")
    themes: list[str] = Field(description="Theme codes.")
    stage: str = Field(json_schema_extra=values_of(Project, "stage"))
    trl: int
    target_trl: int
    starts_on: date | None
    ends_on: date | None
    licence: str = Field(json_schema_extra=values_of(Project, "licence"))
    source_url: str
    is_open_source: bool
    is_public: bool

    @staticmethod
    def resolve_lead_institute(project: Project) -> str:
        return project.lead_institute.slug

    @staticmethod
    def resolve_region(project: Project) -> str:
        return project.region.code

    @staticmethod
    def resolve_themes(project: Project) -> list[str]:
        return [theme.code for theme in project.themes.all()]


class StageGateOut(Schema):
    from_stage: str = Field(json_schema_extra=values_of(StageGate, "from_stage"))
    to_stage: str = Field(json_schema_extra=values_of(StageGate, "to_stage"))
    from_trl: int
    to_trl: int
    decision: str = Field(json_schema_extra=values_of(StageGate, "decision"))
    decided_at: datetime
    note: str
    evidence: list[UUID] = Field(description="Public identifiers of the deliverables given as evidence.")

    @staticmethod
    def resolve_evidence(gate: StageGate) -> list[UUID]:
        return [deliverable.public_id for deliverable in gate.evidence.all()]


class VersionOut(Schema):
    number: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime
    download_url: str

    @staticmethod
    def resolve_download_url(version: DeliverableVersion) -> str:
        return f"/api/v1/deliverables/{version.deliverable.public_id}/versions/{version.number}/file"


class DeliverableOut(Schema):
    public_id: UUID
    title: str
    kind: str = Field(json_schema_extra=values_of(Deliverable, "kind"))
    project: UUID | None
    institute: str
    status: str = Field(json_schema_extra=values_of(Deliverable, "status"))
    due_on: date | None
    is_overdue: bool
    is_public: bool
    versions: list[VersionOut]

    @staticmethod
    def resolve_project(deliverable: Deliverable) -> UUID | None:
        return deliverable.project.public_id if deliverable.project else None

    @staticmethod
    def resolve_institute(deliverable: Deliverable) -> str:
        return deliverable.institute.slug

    @staticmethod
    def resolve_versions(deliverable: Deliverable) -> list[DeliverableVersion]:
        return list(deliverable.versions.all())


class ReviewIn(Schema):
    decision: str = Field(json_schema_extra=values_of(DeliverableReview, "decision"))
    comment: Annotated[str, plain_text(max_length=5000)] = ""

    @field_validator("decision")
    @classmethod
    def _known_decision(cls, value: str) -> str:
        if value not in DeliverableReview.Decision.values:
            raise ValueError("approved or changes_requested")
        return value


class ReviewOut(Schema):
    decision: str = Field(json_schema_extra=values_of(DeliverableReview, "decision"))
    comment: str
    created_at: datetime
    deliverable_status: str = Field(json_schema_extra=values_of(Deliverable, "status"))

    @staticmethod
    def resolve_deliverable_status(review: DeliverableReview) -> str:
        return review.deliverable.status


class StageGateIn(Schema):
    to_stage: str = Field(json_schema_extra=values_of(StageGate, "to_stage"))
    decision: str = Field(json_schema_extra=values_of(StageGate, "decision"))
    to_trl: int | None = Field(None, ge=1, le=9)
    evidence: list[UUID] = Field([], max_length=100)
    note: Annotated[str, plain_text(max_length=5000)] = ""


class MatchIn(Schema):
    institute: Annotated[str, CodeOf(Institute, field="slug")] | None = Field(
        None, description="Short name of an institute."
    )
    project: UUID | None = None
    note: Annotated[str, plain_text(max_length=5000, blank=False)]


class MatchOut(Schema):
    need: UUID
    institute: str | None
    project: UUID | None
    note: str
    created_at: datetime

    @staticmethod
    def resolve_need(match: Match) -> UUID:
        return match.need.public_id

    @staticmethod
    def resolve_institute(match: Match) -> str | None:
        return match.institute.slug if match.institute else None

    @staticmethod
    def resolve_project(match: Match) -> UUID | None:
        return match.project.public_id if match.project else None


def _projects(request: HttpRequest) -> models.QuerySet[Project]:
    base = Project.objects.select_related("lead_institute", "region").prefetch_related("themes")
    return readable_projects(request.user, base)


def _project(request: HttpRequest, public_id: UUID) -> Project:
    project = _projects(request).filter(public_id=public_id).first()
    if project is None:
        raise Http404
    return project


def _deliverables(request: HttpRequest) -> models.QuerySet[Deliverable]:
    versions = models.Prefetch("versions", DeliverableVersion.objects.select_related("deliverable"))
    base = Deliverable.objects.select_related("project", "institute").prefetch_related(versions)
    return readable_deliverables(request.user, base)


def _deliverable(request: HttpRequest, public_id: UUID) -> Deliverable:
    deliverable = _deliverables(request).filter(public_id=public_id).first()
    if deliverable is None:
        raise Http404
    return deliverable


def _refused(refusal: ActionRefused) -> Any:
    return ValidationError([{"loc": ["body"], "msg": str(refusal), "type": "value_error"}])


@router.get("/projects", response=list[ProjectOut], auth=ANYONE, summary="List the projects")
@paginate(filterset=ProjectFilter)
def project_list(request: HttpRequest) -> models.QuerySet[Project]:
    """Public projects for everyone; with the caller's session or token, the internal ones of their scopes."""
    return _projects(request).order_by("-created_at", "pk")


@router.get("/projects/{uuid:public_id}", response=ProjectOut, auth=ANYONE, summary="One project")
def project_detail(request: HttpRequest, public_id: UUID) -> Project:
    return _project(request, public_id)


@router.get(
    "/projects/{uuid:public_id}/gates", response=list[StageGateOut], auth=ANYONE, summary="Its stage gates"
)
def project_gates(request: HttpRequest, public_id: UUID) -> models.QuerySet[StageGate]:
    project = _project(request, public_id)
    return project.gates.prefetch_related("evidence").order_by("decided_at", "pk")


@router.post(
    "/projects/{uuid:public_id}/gates", response={201: StageGateOut}, summary="Record a stage decision"
)
def project_gate_create(request: HttpRequest, public_id: UUID, payload: StageGateIn) -> Status:
    """Needs `projects.decide_stagegate` (a manager of the lead institute, or the hub). An approved
    decision moves the project; approving needs evidence (approved deliverables of the project)."""
    project = _project(request, public_id)
    if not request.user.has_perm("projects.decide_stagegate", project):
        raise PermissionDenied(_("Only a manager of the lead institute or the hub decides stage gates."))
    if payload.to_stage not in Stage.values or payload.decision not in StageGate.Decision.values:
        raise _refused(ActionRefused(_("Unknown stage or decision.")))
    evidence = list(project.deliverables.filter(public_id__in=payload.evidence))
    if len(evidence) != len(set(payload.evidence)):
        raise _refused(ActionRefused(_("Some evidence is not a deliverable of this project.")))
    try:
        gate = project_change_stage(
            project=project,
            to_stage=payload.to_stage,
            decision=payload.decision,
            decided_by=request.user,
            evidence=evidence,
            to_trl=payload.to_trl,
            note=payload.note,
        )
    except ActionRefused as refusal:
        raise _refused(refusal) from None
    return Status(201, gate)


@router.get(
    "/projects/{uuid:public_id}/deliverables",
    response=list[DeliverableOut],
    auth=ANYONE,
    summary="Its deliverables the caller may read",
)
def project_deliverables(request: HttpRequest, public_id: UUID) -> models.QuerySet[Deliverable]:
    project = _project(request, public_id)
    return _deliverables(request).filter(project=project).order_by("due_on", "pk")


@router.get("/deliverables", response=list[DeliverableOut], auth=ANYONE, summary="List the deliverables")
@paginate(filterset=DeliverableFilter)
def deliverable_list(request: HttpRequest) -> models.QuerySet[Deliverable]:
    """Published public deliverables for everyone; with the caller's session or token, those of their
    scopes too."""
    return _deliverables(request).order_by("due_on", "pk")


@router.get("/deliverables/{uuid:public_id}", response=DeliverableOut, auth=ANYONE, summary="One deliverable")
def deliverable_detail(request: HttpRequest, public_id: UUID) -> Deliverable:
    return _deliverable(request, public_id)


@router.get(
    "/deliverables/{uuid:public_id}/versions/{int:number}/file",
    auth=ANYONE,
    summary="Download a version's file",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as an attachment, in its own type (PDF, spreadsheet, archive...).",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def deliverable_file(request: HttpRequest, public_id: UUID, number: int) -> FileResponse:
    """The same check as the page's link: an internal file is "not found" for whoever may not read it."""
    deliverable = _deliverable(request, public_id)
    version = deliverable.versions.filter(number=number).select_related("deliverable").first()
    if version is None:
        raise Http404
    return file_response(version)


@router.post(
    "/deliverables/{uuid:public_id}/versions", response={201: VersionOut}, summary="Upload a new version"
)
def deliverable_version_create(
    request: HttpRequest, public_id: UUID, file: File[UploadedFile], note: Form[str] = ""
) -> Status:
    """Needs `projects.change_deliverable`. The type is read from the content and must agree with the
    name; a file over the size limit or of another type is refused (422) and nothing is kept."""
    deliverable = _deliverable(request, public_id)
    if not request.user.has_perm("projects.change_deliverable", deliverable):
        raise PermissionDenied(_("Only the editors of the deliverable's institute may add a version."))
    try:
        version = deliverable_add_version(
            deliverable=deliverable,
            upload=file,
            name=file.name or "",
            size=file.size or 0,
            uploaded_by=request.user,
            note=note[:300],
        )
    except (FileRefused, ActionRefused) as refusal:
        raise ValidationError(
            [{"loc": ["body", "file"], "msg": str(refusal), "type": "value_error"}]
        ) from None
    return Status(201, version)


@router.post(
    "/deliverables/{uuid:public_id}/submit",
    response=DeliverableOut,
    summary="Submit a deliverable for review",
)
def deliverable_submit_view(request: HttpRequest, public_id: UUID) -> Deliverable:
    deliverable = _deliverable(request, public_id)
    if not request.user.has_perm("projects.change_deliverable", deliverable):
        raise PermissionDenied(_("Only the editors of the deliverable's institute may submit it."))
    try:
        deliverable_submit(
            deliverable=deliverable, by=request.user, base_url=request.build_absolute_uri("/").rstrip("/")
        )
    except ActionRefused as refusal:
        raise _refused(refusal) from None
    return _deliverable(request, public_id)


@router.post(
    "/deliverables/{uuid:public_id}/reviews", response={201: ReviewOut}, summary="Review a deliverable"
)
def deliverable_review_create(request: HttpRequest, public_id: UUID, payload: ReviewIn) -> Status:
    """Needs `projects.review_deliverable`: a manager of its institute or the hub, **never one of its
    authors** (403)."""
    deliverable = _deliverable(request, public_id)
    if not request.user.has_perm("projects.review_deliverable", deliverable):
        if deliverable.is_author(request.user):
            raise PermissionDenied(_("You are an author of this deliverable: another person must review it."))
        raise PermissionDenied(_("Only a manager of the deliverable's institute or the hub may review it."))
    try:
        review = deliverable_review(
            deliverable=deliverable, reviewer=request.user, decision=payload.decision, comment=payload.comment
        )
    except ActionRefused as refusal:
        raise _refused(refusal) from None
    return Status(201, review)


@router.post("/needs/{uuid:public_id}/matches", response={201: MatchOut}, summary="Assign a need (the hub)")
def need_match_create(request: HttpRequest, public_id: UUID, payload: MatchIn) -> Status:
    need = visible_to(Need.objects.all(), request.user).filter(public_id=public_id).first()
    if need is None:
        raise Http404
    if not request.user.has_perm("needs.qualify_need", need):
        raise PermissionDenied(_("Only the hub assigns needs."))
    institute = Institute.objects.filter(slug=payload.institute).first() if payload.institute else None
    project = Project.objects.filter(public_id=payload.project).first() if payload.project else None
    if (payload.institute and institute is None) or (payload.project and project is None):
        raise _refused(ActionRefused(_("Unknown institute or project.")))
    try:
        match = need_assign(
            need=need, by=request.user, note=payload.note, institute=institute, project=project
        )
    except ActionRefused as refusal:
        raise _refused(refusal) from None
    except ValueError as refusal:  # a status change the need does not allow
        raise _refused(ActionRefused(str(refusal))) from None
    return Status(201, match)
