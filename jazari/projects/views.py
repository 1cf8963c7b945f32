"""Public pages of projects: the catalogue of public projects and reusable components, a project's page with
its public deliverables, and the download of a deliverable's file (checked on every request)."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from jazari.core.exports import EXPORT_FORMATS, Column, export_response
from jazari.core.forms import bootstrap_fields
from jazari.projects.access import readable_deliverables, readable_projects
from jazari.projects.filters import ProjectFilter
from jazari.projects.models import DeliverableVersion, Project

PAGE_SIZE = 20

CATALOGUE_COLUMNS = [
    Column.attribute(_("Title"), "title"),
    Column.attribute(_("Kind"), "get_kind_display"),
    Column.attribute(_("Stage"), "get_stage_display"),
    Column.attribute(_("TRL"), "trl"),
    Column.attribute(_("Lead institute"), "lead_institute.name"),
    Column.attribute(_("Region"), "region.code"),
    Column.attribute(_("Licence"), "licence"),
    Column.attribute(_("Open source"), "is_open_source"),
    Column.attribute(_("Source repository"), "source_url"),
]


def project_list(request: HttpRequest) -> HttpResponseBase:
    """The public catalogue; `?kind=component` lists the reusable components."""
    base = Project.objects.public().select_related("lead_institute", "region").order_by("-created_at", "pk")
    filters = ProjectFilter(request.GET, queryset=base, request=request)
    bootstrap_fields(filters.form)
    rows = filters.qs if filters.is_valid() else base.none()
    export = request.GET.get("export")
    if export in EXPORT_FORMATS:
        return export_response(rows=rows, columns=CATALOGUE_COLUMNS, filename="projects", file_format=export)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/list.html", {"filters": filters, "page": page})


def project_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    project = get_object_or_404(
        readable_projects(request.user, Project.objects.select_related("lead_institute", "region")),
        public_id=public_id,
    )
    deliverables = readable_deliverables(request.user, project.deliverables.all()).prefetch_related(
        "versions"
    )
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "themes": project.themes.all(),
            "participants": project.participants.select_related("institute", "organisation"),
            "gates": project.gates.filter(decision="approved").order_by("decided_at"),
            "deliverables": deliverables,
            "may_manage": request.user.has_perm("projects.change_project", project),
        },
    )


def deliverable_download(request: HttpRequest, public_id: str, number: int) -> FileResponse:
    """A deliverable's file, for whoever may read the deliverable; anyone else gets "not found" (an internal
    file's existence is not revealed)."""
    version = (
        DeliverableVersion.objects.select_related("deliverable")
        .filter(
            deliverable__in=readable_deliverables(request.user),
            deliverable__public_id=public_id,
            number=number,
        )
        .first()
    )
    if version is None:
        raise Http404
    return file_response(version)


def file_response(version: DeliverableVersion) -> FileResponse:
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=version.original_name, content_type=version.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
