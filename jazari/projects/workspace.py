"""The projects part of the workspace: the portfolio (funnel of projects per stage, by region and theme;
overdue deliverables), a project's page (timeline of stage gates, participants, deliverables, the stage-gate
decision), a deliverable's page (versions, submission, review, publication) and the desk where the hub
qualifies, assigns and answers a need."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jazari.accounts.permissions import EDIT_ROLES, visible_to
from jazari.core.exports import Column
from jazari.core.models import Theme
from jazari.needs.models import Need
from jazari.needs.services import NeedChangeRefused, need_change_status, need_renew
from jazari.network.models import Institute, Region
from jazari.network.workspace import ManagedList, register_managed_list
from jazari.projects.files import FileRefused
from jazari.projects.filters import DeliverableFilter, ProjectFilter
from jazari.projects.forms import (
    DeliverableForm,
    NeedAssignForm,
    ParticipantForm,
    ProjectDeliverableForm,
    ProjectForm,
    ReviewForm,
    StageGateForm,
    VersionUploadForm,
)
from jazari.projects.models import STAGE_ORDER, Deliverable, Project, Stage, StageGate
from jazari.projects.services import (
    ActionRefused,
    activity_from_need,
    deliverable_add_version,
    deliverable_publish,
    deliverable_review,
    deliverable_submit,
    need_assign,
    project_change_stage,
    project_from_need,
)

OVERDUE_SHOWN = 20

register_managed_list(
    ManagedList(
        slug="projects",
        model=Project,
        title=gettext_lazy("Projects"),
        filterset=ProjectFilter,
        form=ProjectForm,
        lookup="public_id",
        key=lambda row: row.public_id,
        related=("lead_institute", "region"),
        manage_url=lambda row: reverse("projects_workspace:project", kwargs={"public_id": row.public_id}),
        columns=[
            Column.attribute(gettext_lazy("Title"), "title"),
            Column.attribute(gettext_lazy("Kind"), "get_kind_display"),
            Column.attribute(gettext_lazy("Lead institute"), "lead_institute.name"),
            Column.attribute(gettext_lazy("Region"), "region.name"),
            Column.attribute(gettext_lazy("Stage"), "get_stage_display"),
            Column.attribute(gettext_lazy("TRL"), "trl"),
            Column.attribute(gettext_lazy("Public"), "is_public"),
        ],
    )
)
register_managed_list(
    ManagedList(
        slug="deliverables",
        model=Deliverable,
        title=gettext_lazy("Deliverables"),
        filterset=DeliverableFilter,
        form=DeliverableForm,
        lookup="public_id",
        key=lambda row: row.public_id,
        related=("institute", "project"),
        manage_url=lambda row: reverse("projects_workspace:deliverable", kwargs={"public_id": row.public_id}),
        columns=[
            Column.attribute(gettext_lazy("Title"), "title"),
            Column.attribute(gettext_lazy("Kind"), "get_kind_display"),
            Column.attribute(gettext_lazy("Project"), "project.title"),
            Column.attribute(gettext_lazy("Institute"), "institute.name"),
            Column.attribute(gettext_lazy("Due on"), "due_on"),
            Column.attribute(gettext_lazy("Status"), "get_status_display"),
            Column.attribute(gettext_lazy("Overdue"), "is_overdue"),
        ],
    )
)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _funnel(projects: Any, dimension: str, labels: dict[Any, str]) -> list[dict[str, Any]]:
    """Projects per stage for each value of `dimension`: one aggregate query, whatever the number of rows."""
    counts: dict[Any, dict[str, int]] = {}
    for row in projects.order_by().values(dimension, "stage").annotate(n=Count("pk", distinct=True)):
        counts.setdefault(row[dimension], {})[row["stage"]] = row["n"]
    return [
        {
            "label": labels.get(key, "—"),
            "cells": [values.get(stage, 0) for stage in STAGE_ORDER],
            "total": sum(values.values()),
        }
        for key, values in sorted(counts.items(), key=lambda item: labels.get(item[0], ""))
    ]


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    """The funnel of the projects in the user's scope, per stage, by region and by theme; overdue
    deliverables."""
    if not request.user.has_perm("projects.view_project"):
        raise PermissionDenied
    projects = visible_to(Project.objects.all(), request.user)
    by_stage = dict(projects.order_by().values_list("stage").annotate(n=Count("pk")))
    regions = {region.pk: region.name for region in Region.objects.all()}
    themes = {theme.pk: theme.name for theme in Theme.objects.all()}
    overdue = visible_to(Deliverable.objects.overdue(), request.user).select_related("project", "institute")
    return render(
        request,
        "projects/workspace/portfolio.html",
        {
            "stages": [(stage, label, by_stage.get(stage, 0)) for stage, label in Stage.choices],
            "stage_labels": [label for _stage, label in Stage.choices],
            "total": sum(by_stage.values()),
            "by_region": _funnel(projects, "region", regions),
            "by_theme": _funnel(projects, "themes", themes),
            "overdue": overdue.order_by("due_on", "pk")[:OVERDUE_SHOWN],
            "overdue_count": overdue.count(),
            "needs_waiting": visible_to(
                Need.objects.filter(status=Need.Status.SUBMITTED), request.user
            ).count(),
        },
    )


def _project(request: HttpRequest, public_id: str, action: str = "view") -> Project:
    project = get_object_or_404(
        visible_to(Project.objects.select_related("lead_institute", "region"), request.user),
        public_id=public_id,
    )
    if not request.user.has_perm(f"projects.{action}", project):
        raise PermissionDenied
    return project


@login_required
def project_manage(request: HttpRequest, public_id: str) -> HttpResponse:
    """A project's page in the workspace: its timeline, participants, deliverables and the stage gate."""
    project = _project(request, public_id, "view_project")
    may_decide = request.user.has_perm("projects.decide_stagegate", project)
    gates = (
        project.gates.select_related("decided_by").prefetch_related("evidence").order_by("decided_at", "pk")
    )
    return render(
        request,
        "projects/workspace/project.html",
        {
            "project": project,
            "gates": gates,
            "participants": project.participants.select_related("institute", "organisation", "person"),
            "deliverables": project.deliverables.order_by("due_on", "pk"),
            "needs": project.needs.order_by("created_at"),
            "may_change": request.user.has_perm("projects.change_project", project),
            "may_decide": may_decide,
            "gate_form": StageGateForm(project=project)
            if may_decide and project.stage != Stage.CLOSED
            else None,
            "deliverable_form": ProjectDeliverableForm(),
            "participant_form": ParticipantForm(),
            "stage_order": [label for _stage, label in Stage.choices],
        },
    )


@login_required
@require_POST
def stage_gate(request: HttpRequest, public_id: str) -> HttpResponse:
    project = _project(request, public_id, "decide_stagegate")
    form = StageGateForm(request.POST, project=project)
    if not form.is_valid():
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("The decision was not recorded: %(errors)s") % {"errors": errors})
        return redirect("projects_workspace:project", public_id=public_id)
    data = form.cleaned_data
    try:
        gate = project_change_stage(
            project=project,
            to_stage=data["to_stage"],
            decision=data["decision"],
            decided_by=request.user,
            evidence=data["evidence"],
            to_trl=data["to_trl"],
            note=data["note"],
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if gate.decision == StageGate.Decision.APPROVED:
            messages.success(
                request,
                _("Stage gate approved: the project is now at the stage “%(stage)s”, TRL %(trl)s.")
                % {"stage": gate.get_to_stage_display(), "trl": gate.to_trl},
            )
        else:
            messages.success(
                request,
                _("The decision “%(decision)s” was recorded.") % {"decision": gate.get_decision_display()},
            )
    return redirect("projects_workspace:project", public_id=public_id)


@login_required
@require_POST
def participant_add(request: HttpRequest, public_id: str) -> HttpResponse:
    project = _project(request, public_id, "change_project")
    form = ParticipantForm(request.POST)
    if form.is_valid():
        form.instance.project = project
        form.save()
        messages.success(request, _("The participant was added."))
    else:
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("The participant was not added: %(errors)s") % {"errors": errors})
    return redirect("projects_workspace:project", public_id=public_id)


@login_required
@require_POST
def deliverable_add(request: HttpRequest, public_id: str) -> HttpResponse:
    project = _project(request, public_id, "change_project")
    form = ProjectDeliverableForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("The deliverable was not added: %(errors)s") % {"errors": errors})
        return redirect("projects_workspace:project", public_id=public_id)
    form.instance.project = project
    form.instance.institute = project.lead_institute
    deliverable = form.save()
    deliverable.authors.add(request.user)
    messages.success(request, _("The deliverable was added; upload its file, then submit it for review."))
    return redirect("projects_workspace:deliverable", public_id=deliverable.public_id)


def _deliverable(request: HttpRequest, public_id: str, action: str = "view_deliverable") -> Deliverable:
    deliverable = get_object_or_404(
        visible_to(Deliverable.objects.select_related("project", "institute"), request.user).prefetch_related(
            "authors"
        ),
        public_id=public_id,
    )
    if not request.user.has_perm(f"projects.{action}", deliverable):
        raise PermissionDenied
    return deliverable


@login_required
def deliverable_manage(request: HttpRequest, public_id: str) -> HttpResponse:
    deliverable = _deliverable(request, public_id)
    is_author = deliverable.is_author(request.user)
    may_review = request.user.has_perm("projects.review_deliverable", deliverable)
    return render(
        request,
        "projects/workspace/deliverable.html",
        {
            "deliverable": deliverable,
            "versions": deliverable.versions.select_related("uploaded_by").order_by("-number"),
            "reviews": deliverable.reviews.select_related("reviewer").order_by("created_at"),
            "authors": deliverable.authors.all(),
            "is_author": is_author,
            "may_change": request.user.has_perm("projects.change_deliverable", deliverable),
            "may_review": may_review and deliverable.status == Deliverable.Status.SUBMITTED,
            "may_publish": request.user.has_perm("projects.publish_deliverable", deliverable),
            "upload_form": VersionUploadForm(),
            "review_form": ReviewForm(),
        },
    )


@login_required
@require_POST
def version_upload(request: HttpRequest, public_id: str) -> HttpResponse:
    deliverable = _deliverable(request, public_id, "change_deliverable")
    form = VersionUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("The file was not kept: %(errors)s") % {"errors": errors})
        return redirect("projects_workspace:deliverable", public_id=public_id)
    upload = form.cleaned_data["file"]
    try:
        version = deliverable_add_version(
            deliverable=deliverable,
            upload=upload,
            name=upload.name,
            size=upload.size,
            uploaded_by=request.user,
            note=form.cleaned_data["note"],
        )
    except (FileRefused, ActionRefused) as refusal:
        messages.error(request, _("The file was not kept: %(reason)s") % {"reason": refusal})
    else:
        messages.success(request, _("Version %(number)s was uploaded.") % {"number": version.number})
    return redirect("projects_workspace:deliverable", public_id=public_id)


@login_required
@require_POST
def submit(request: HttpRequest, public_id: str) -> HttpResponse:
    deliverable = _deliverable(request, public_id, "change_deliverable")
    try:
        deliverable_submit(deliverable=deliverable, by=request.user, base_url=_base_url(request))
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The deliverable was submitted; its reviewers were told by email."))
    return redirect("projects_workspace:deliverable", public_id=public_id)


@login_required
@require_POST
def review(request: HttpRequest, public_id: str) -> HttpResponse:
    """Review a deliverable; its authors are refused (403) whatever their role."""
    deliverable = _deliverable(request, public_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("projects_workspace:deliverable", public_id=public_id)
    try:
        reviewed = deliverable_review(
            deliverable=deliverable,
            reviewer=request.user,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        )
    except ActionRefused as refusal:
        if not request.user.has_perm("projects.review_deliverable", deliverable):
            messages.error(request, str(refusal))
            response = deliverable_manage(request, public_id)
            response.status_code = 403
            return response
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Your review was recorded: %(decision)s.") % {"decision": reviewed.get_decision_display()},
        )
    return redirect("projects_workspace:deliverable", public_id=public_id)


@login_required
@require_POST
def publish(request: HttpRequest, public_id: str) -> HttpResponse:
    deliverable = _deliverable(request, public_id)
    try:
        deliverable_publish(deliverable=deliverable, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The deliverable is published."))
    return redirect("projects_workspace:deliverable", public_id=public_id)


# --- The need desk ----------------------------------------------------------------------------------------


def _need(request: HttpRequest, public_id: str) -> Need:
    try:
        return get_object_or_404(
            visible_to(Need.objects.select_related("region"), request.user), public_id=public_id
        )
    except (ValueError, TypeError):
        raise Http404 from None


def _answering_institutes(request: HttpRequest, need: Need) -> Any:
    """The institutes the user may open a project or activity for: those they edit (all, for the hub)."""
    return visible_to(Institute.objects.order_by("slug"), request.user, EDIT_ROLES)


@login_required
def need_desk(request: HttpRequest, public_id: str) -> HttpResponse:
    need = _need(request, public_id)
    may_qualify = request.user.has_perm("needs.qualify_need", need)
    return render(
        request,
        "projects/workspace/need.html",
        {
            "need": need,
            "themes": need.themes.all(),
            "matches": need.matches.select_related(
                "institute", "organisation", "project", "person", "made_by"
            ),
            "projects": need.projects.select_related("lead_institute"),
            "may_qualify": may_qualify,
            "assign_form": NeedAssignForm() if may_qualify and need.is_open else None,
            "statuses": [(s, Need.Status(s).label) for s in Need.TRANSITIONS.get(need.status, ())],
            "institutes": _answering_institutes(request, need) if need.is_open else [],
        },
    )


@login_required
@require_POST
def need_status(request: HttpRequest, public_id: str) -> HttpResponse:
    need = _need(request, public_id)
    if not request.user.has_perm("needs.qualify_need", need):
        raise PermissionDenied
    try:
        if request.POST.get("status") == "renew":
            need_renew(need=need)
            messages.success(request, _("The need stays open until %(date)s.") % {"date": need.expires_on})
        else:
            status = request.POST.get("status", "")
            if status not in Need.Status.values:
                raise NeedChangeRefused(_("Choose a status."))
            need = need_change_status(
                need=need,
                status=status,
                note=request.POST.get("note", "")[:1000],
                base_url=_base_url(request),
            )
            messages.success(
                request, _("The need is now “%(status)s”.") % {"status": need.get_status_display()}
            )
    except NeedChangeRefused as refusal:
        messages.error(request, str(refusal))
    return redirect("projects_workspace:need", public_id=public_id)


@login_required
@require_POST
def need_assign_view(request: HttpRequest, public_id: str) -> HttpResponse:
    need = _need(request, public_id)
    if not request.user.has_perm("needs.qualify_need", need):
        raise PermissionDenied
    form = NeedAssignForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("The need was not assigned: %(errors)s") % {"errors": errors})
        return redirect("projects_workspace:need", public_id=public_id)
    data = form.cleaned_data
    try:
        match = need_assign(
            need=need,
            by=request.user,
            note=data["note"],
            institute=data["institute"],
            project=data["project"],
            organisation=data["organisation"],
            person=data["person"],
            base_url=_base_url(request),
        )
    except (ActionRefused, NeedChangeRefused) as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The need is assigned to %(answer)s.") % {"answer": match.answer})
    return redirect("projects_workspace:need", public_id=public_id)


def _chosen_institute(request: HttpRequest, need: Need) -> Institute | None:
    slug = request.POST.get("institute", "")
    return _answering_institutes(request, need).filter(slug=slug).first()


@login_required
@require_POST
def need_open_project(request: HttpRequest, public_id: str) -> HttpResponse:
    """Turn the need into a project of an institute the user edits."""
    need = _need(request, public_id)
    institute = _chosen_institute(request, need)
    if institute is None or not request.user.has_perm("projects.add_project", institute):
        messages.error(request, _("Choose one of the institutes you manage."))
        return redirect("projects_workspace:need", public_id=public_id)
    try:
        project = project_from_need(
            need=need, institute=institute, by=request.user, base_url=_base_url(request)
        )
    except (ActionRefused, NeedChangeRefused) as refusal:
        messages.error(request, str(refusal))
        return redirect("projects_workspace:need", public_id=public_id)
    messages.success(
        request, _("The project “%(title)s” answers this need; complete it.") % {"title": project.title}
    )
    return redirect("projects_workspace:project", public_id=project.public_id)


@login_required
@require_POST
def need_open_activity(request: HttpRequest, public_id: str) -> HttpResponse:
    """Turn the need into a co-design session of an institute the user edits."""
    need = _need(request, public_id)
    institute = _chosen_institute(request, need)
    if institute is None or not request.user.has_perm("activities.add_activity", institute):
        messages.error(request, _("Choose one of the institutes you manage."))
        return redirect("projects_workspace:need", public_id=public_id)
    try:
        activity = activity_from_need(
            need=need, institute=institute, by=request.user, base_url=_base_url(request)
        )
    except (ActionRefused, NeedChangeRefused) as refusal:
        messages.error(request, str(refusal))
        return redirect("projects_workspace:need", public_id=public_id)
    messages.success(request, _("A draft co-design session was opened; set its date and publish it."))
    return redirect("activities_workspace:manage", public_id=activity.public_id)
