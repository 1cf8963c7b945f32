"""The indicators part of the workspace: institute quarterly reports (write, submit, validate or return, with
overdue ones flagged), reported values and their validation, the quarterly computation and the
steering-committee report."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jazari.accounts.permissions import visible_to
from jazari.core.exports import EXPORT_FORMATS, Column, export_response
from jazari.core.forms import bootstrap_fields
from jazari.core.jobs import job_start
from jazari.core.models import Job
from jazari.indicators.filters import InstituteReportFilter, ReportedValueFilter
from jazari.indicators.forms import InstituteReportForm, NarrativeForm, ReportedValueForm, ReviewForm
from jazari.indicators.models import Indicator, InstituteReport, Observation, ScopeKind
from jazari.indicators.periods import InvalidQuarter, Quarter
from jazari.indicators.services import (
    observation_report,
    observation_validate,
    report_review,
    report_submit,
)
from jazari.network.models import Institute
from jazari.network.workspace import ManagedList, register_managed_list

PAGE_SIZE = 25
STEERING_KIND = "indicators.steering_report"

register_managed_list(
    ManagedList(
        slug="institute-reports",
        model=InstituteReport,
        title=gettext_lazy("Institute quarterly reports"),
        filterset=InstituteReportFilter,
        form=InstituteReportForm,
        lookup="pk",
        related=("institute",),
        creatable=False,
        manage_url=lambda row: reverse(
            "indicators_workspace:report_detail", kwargs={"slug": row.institute.slug, "period": row.period}
        ),
        columns=[
            Column.attribute(gettext_lazy("Institute"), "institute.name"),
            Column.attribute(gettext_lazy("Quarter"), "period"),
            Column.attribute(gettext_lazy("Status"), "get_status_display"),
            Column.attribute(gettext_lazy("Due"), "due_date"),
            Column(gettext_lazy("Overdue"), lambda row: row.is_overdue(timezone.localdate())),
            Column.attribute(gettext_lazy("Submitted on"), "submitted_at"),
        ],
    )
)


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def expected_reports(institutes: list[Institute], quarter: Quarter, today: date) -> list[dict[str, Any]]:
    """Each institute's report for `quarter`: the one written, or a note that none was started, with its
    overdue flag. Institutes still planned or closed owe no report."""
    owing = [i for i in institutes if i.status not in (Institute.Status.PLANNED, Institute.Status.CLOSED)]
    reports = {
        report.institute_id: report
        for report in InstituteReport.objects.filter(institute__in=owing, period=str(quarter))
    }
    rows = []
    for institute in owing:
        report = reports.get(institute.pk) or InstituteReport(institute=institute, period=str(quarter))
        rows.append({"institute": institute, "report": report, "overdue": report.is_overdue(today)})
    return rows


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    """The quarterly reports of the institutes the user reaches, overdue ones first."""
    if not request.user.has_perm("indicators.view_institutereport"):
        raise PermissionDenied
    try:
        quarter = (
            Quarter.parse(request.GET["period"]) if request.GET.get("period") else Quarter.last_finished()
        )
    except InvalidQuarter:
        messages.error(request, _("The quarter must be written as YYYY-Qn, for example 2026-Q3."))
        quarter = Quarter.last_finished()
    institutes = list(visible_to(Institute.objects.select_related("region"), request.user).order_by("slug"))
    rows = expected_reports(institutes, quarter, timezone.localdate())
    rows.sort(key=lambda row: (not row["overdue"], row["institute"].slug))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/workspace/reports.html",
        {
            "quarter": quarter,
            "quarters": Quarter.last_finished().back(6)[::-1],
            "page": page,
            "overdue": sum(1 for row in rows if row["overdue"]),
            "may_review": request.user.has_perm("indicators.review_institutereport"),
        },
    )


def _report(request: HttpRequest, slug: str, period: str) -> InstituteReport:
    """The report if its institute lies in the user's scope (else 404); an unsaved one if not started."""
    institute = get_object_or_404(
        visible_to(Institute.objects.select_related("region"), request.user), slug=slug
    )
    try:
        quarter = Quarter.parse(period)
    except InvalidQuarter:
        raise Http404 from None
    report = InstituteReport.objects.filter(institute=institute, period=str(quarter)).first()
    return report or InstituteReport(institute=institute, period=str(quarter))


@login_required
def report_detail(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    """Read, write and submit (the institute's managers) or review (the hub) one quarterly report."""
    report = _report(request, slug, period)
    may_write = request.user.has_perm("indicators.add_institutereport", report.institute)
    may_review = request.user.has_perm("indicators.review_institutereport")
    narrative_form = bootstrap_fields(NarrativeForm(initial={"narrative": report.narrative}))
    review_form = bootstrap_fields(ReviewForm())
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("save", "submit"):
                if not may_write:
                    raise PermissionDenied
                narrative_form = bootstrap_fields(NarrativeForm(request.POST))
                if narrative_form.is_valid():
                    _write(
                        request, report, narrative_form.cleaned_data["narrative"], submit=action == "submit"
                    )
                    return redirect(request.path)
            elif action == "review":
                if not may_review:
                    raise PermissionDenied
                review_form = bootstrap_fields(ReviewForm(request.POST))
                if review_form.is_valid():
                    _review(request, report, review_form.cleaned_data)
                    return redirect(request.path)
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as error:
            messages.error(request, _errors(error))
    return render(
        request,
        "indicators/workspace/report_detail.html",
        {
            "report": report,
            "observations": _report_observations(report),
            "narrative_form": narrative_form,
            "review_form": review_form,
            "may_write": may_write
            and report.status in (InstituteReport.Status.DRAFT, InstituteReport.Status.RETURNED),
            "may_review": may_review and report.status == InstituteReport.Status.SUBMITTED,
            "overdue": report.is_overdue(timezone.localdate()),
            "history": report.history.select_related("history_user").order_by("-history_date")[:20]
            if report.pk
            else [],
        },
    )


def _review(request: HttpRequest, report: InstituteReport, decision: dict[str, Any]) -> None:
    """Validate the report, or return it to the institute with the reviewer's comments."""
    accept = decision["decision"] == "validate"
    report_review(report=report, user=request.user, accept=accept, comment=decision["comment"])
    messages.success(
        request,
        _("The report is validated.")
        if accept
        else _("The report is returned to the institute with your comments."),
    )


def _report_observations(report: InstituteReport) -> Any:
    """The institute's counted figures of the report's quarter, in the order of the indicators."""
    return (
        Observation.objects.counted()
        .filter(scope_kind=ScopeKind.INSTITUTE, institute=report.institute, period=report.period)
        .select_related("indicator")
        .order_by("indicator__position")
    )


def _write(request: HttpRequest, report: InstituteReport, narrative: str, *, submit: bool) -> None:
    with transaction.atomic():
        if submit:
            if report.pk is None:
                report.save()
            report_submit(report=report, narrative=narrative, user=request.user)
            messages.success(request, _("The report is submitted to the hub."))
        else:
            report.narrative = narrative
            report.save()
            messages.success(request, _("The draft is saved."))


@login_required
def reported(request: HttpRequest) -> HttpResponseBase:
    """The hub enters reported values with their evidence and validates those entered by others."""
    if not request.user.has_perm("indicators.add_observation"):
        raise PermissionDenied
    form = bootstrap_fields(ReportedValueForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            observation_report(
                indicator=data["indicator"],
                quarter=data["quarter"],
                value=data["value"],
                region=data["region"],
                evidence_url=data["evidence_url"],
                evidence_note=data["evidence_note"],
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request, _("The value is recorded; it counts once another coordinator validates it.")
            )
            return redirect("indicators_workspace:reported")
    reported_rows = (
        Observation.objects.filter(kind=Indicator.Kind.REPORTED)
        .select_related("indicator", "region", "entered_by", "validated_by")
        .order_by("validated_at", "-period", "indicator__code")
    )
    filters = ReportedValueFilter(request.GET, queryset=reported_rows, request=request)
    bootstrap_fields(filters.form)
    rows = filters.qs if filters.is_valid() else reported_rows.none()
    export = request.GET.get("export")
    if export in EXPORT_FORMATS:
        return export_response(
            rows=rows, columns=REPORTED_COLUMNS, filename="reported-values", file_format=export
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "indicators/workspace/reported.html", {"form": form, "page": page, "filters": filters}
    )


REPORTED_COLUMNS = [
    Column.attribute(gettext_lazy("Indicator"), "indicator.code"),
    Column.attribute(gettext_lazy("Quarter"), "period"),
    Column.attribute(gettext_lazy("Region"), "region.code"),
    Column(gettext_lazy("Value"), lambda row: float(row.value)),
    Column.attribute(gettext_lazy("Evidence (link)"), "evidence_url"),
    Column.attribute(gettext_lazy("Evidence (description)"), "evidence_note"),
    Column.attribute(gettext_lazy("Validated on"), "validated_at"),
]


@login_required
@require_POST
def reported_validate(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("indicators.validate_observation"):
        raise PermissionDenied
    observation = get_object_or_404(Observation, pk=pk, kind=Indicator.Kind.REPORTED)
    try:
        observation_validate(observation=observation, user=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The value is validated: it now counts on the dashboard."))
    return redirect("indicators_workspace:reported")


@login_required
@require_POST
def compute(request: HttpRequest) -> HttpResponse:
    """Compute and store a quarter in the background; the job page shows the progress."""
    if not request.user.has_perm("indicators.add_observation"):
        raise PermissionDenied
    try:
        quarter = Quarter.parse(request.POST.get("period", ""))
    except InvalidQuarter:
        messages.error(request, _("The quarter must be written as YYYY-Qn, for example 2026-Q3."))
        return redirect("indicators_workspace:steering")
    with transaction.atomic():
        job = job_start(
            kind="indicators.compute_quarter", owner=request.user, parameters={"quarter": str(quarter)}
        )
    return redirect(job.get_absolute_url())


@login_required
def steering(request: HttpRequest) -> HttpResponse:
    """The steering-committee report of a quarter (PDF in Arabic and French, XLSX), made in the background."""
    if not request.user.has_perm("indicators.add_observation"):
        raise PermissionDenied
    if request.method == "POST":
        try:
            quarter = Quarter.parse(request.POST.get("period", ""))
        except InvalidQuarter:
            messages.error(request, _("The quarter must be written as YYYY-Qn, for example 2026-Q3."))
        else:
            with transaction.atomic():
                job = job_start(kind=STEERING_KIND, owner=request.user, parameters={"quarter": str(quarter)})
            return redirect(job.get_absolute_url())
    jobs = Job.objects.filter(kind=STEERING_KIND).order_by("-created_at")[:10]
    return render(
        request,
        "indicators/workspace/steering.html",
        {"jobs": jobs, "quarters": Quarter.last_finished().back(8)[::-1]},
    )


@login_required
def steering_file(request: HttpRequest, public_id: str, name: str) -> FileResponse:
    """One file of a steering-committee report, for the hub."""
    if not request.user.has_perm("indicators.add_observation"):
        raise PermissionDenied
    job = get_object_or_404(Job, public_id=public_id, kind=STEERING_KIND, status=Job.Status.SUCCEEDED)
    files = job.parameters.get("files", {})
    if name not in files or not default_storage.exists(files[name]):
        raise Http404
    return FileResponse(default_storage.open(files[name], "rb"), as_attachment=True, filename=name)
