"""Writes of the indicators app: storing a quarter's computed values, entering and validating reported
values, and the institute quarterly report workflow."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jazari.indicators.models import Indicator, InstituteReport, Observation, ScopeKind, scope_key
from jazari.indicators.periods import Quarter
from jazari.indicators.registry import Cell, compute_all

Progress = Callable[[float, str], None]


def _observation(indicator: Indicator, quarter: Quarter, kind: str, cell: Cell, **scope: Any) -> Observation:
    observation = Observation(
        indicator=indicator,
        scope_kind=kind,
        period=str(quarter),
        period_end=quarter.end,
        value=cell.value,
        numerator=cell.numerator,
        denominator=cell.denominator,
        people=cell.smallest_group,
        kind=Indicator.Kind.COMPUTED,
        **scope,
    )
    observation.scope_key = scope_key(kind, scope.get("region_id"), scope.get("institute_id"))
    return observation


@transaction.atomic
def observations_compute(*, quarter: Quarter, progress: Progress | None = None) -> int:
    """Compute every computed indicator for `quarter` and store it, replacing what was stored before.

    Returns the number of values stored. The numbers come from the data as of the quarter's end, so
    computing a quarter again gives the same values unless past data were corrected.
    """
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(kind="computed")}
    codes = [code for code in indicators]
    figures = compute_all(quarter, codes)
    if progress:
        progress(50, _("Computed %(count)s indicators.") % {"count": len(figures)})
    rows = []
    for code, figure in figures.items():
        indicator = indicators[code]
        if figure.national is not None:
            rows.append(_observation(indicator, quarter, ScopeKind.NATIONAL, figure.national))
        rows += [
            _observation(indicator, quarter, ScopeKind.REGION, cell, region_id=pk)
            for pk, cell in figure.regions.items()
        ]
        rows += [
            _observation(indicator, quarter, ScopeKind.INSTITUTE, cell, institute_id=pk)
            for pk, cell in figure.institutes.items()
        ]
    Observation.objects.filter(period=str(quarter), kind=Indicator.Kind.COMPUTED).delete()
    Observation.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@transaction.atomic
def observation_report(
    *,
    indicator: Indicator,
    quarter: Quarter,
    value: Decimal,
    evidence_url: str = "",
    evidence_note: str = "",
    user: Any,
    region: Any = None,
) -> Observation:
    """Enter (or correct) a reported value; it waits for the hub's validation before it counts."""
    if indicator.kind != Indicator.Kind.REPORTED:
        raise ValidationError(_("Only a reported indicator takes entered values; this one is computed."))
    if not evidence_url and not evidence_note:
        raise ValidationError(_("Give the evidence of the value: a link to the source or its description."))
    if value < 0:
        raise ValidationError(_("The value cannot be negative."))
    kind = ScopeKind.REGION if region is not None else ScopeKind.NATIONAL
    key = scope_key(kind, getattr(region, "pk", None))
    observation = Observation.objects.filter(indicator=indicator, period=str(quarter), scope_key=key).first()
    observation = observation or Observation(
        indicator=indicator, period=str(quarter), scope_kind=kind, region=region
    )
    observation.kind = Indicator.Kind.REPORTED
    observation.value = value
    observation.evidence_url = evidence_url
    observation.evidence_note = evidence_note
    observation.entered_by = user
    observation.validated_by = None
    observation.validated_at = None
    observation.full_clean(exclude=["scope_key", "period_end"])
    observation.save()
    return observation


@transaction.atomic
def observation_validate(*, observation: Observation, user: Any) -> Observation:
    """The hub accepts a reported value: from now on it counts on the dashboard and in reports."""
    if observation.kind != Indicator.Kind.REPORTED:
        raise ValidationError(_("Computed values need no validation."))
    if observation.entered_by_id is not None and observation.entered_by_id == user.pk:
        raise ValidationError(_("Someone other than the person who entered a value must validate it."))
    observation.validated_by = user
    observation.validated_at = timezone.now()
    observation.save()
    return observation


# --- Institute quarterly reports -------------------------------------------------------------------------


def report_for(*, institute: Any, quarter: Quarter) -> InstituteReport:
    report, _created = InstituteReport.objects.get_or_create(institute=institute, period=str(quarter))
    return report


@transaction.atomic
def report_submit(*, report: InstituteReport, narrative: str, user: Any) -> InstituteReport:
    """The institute's manager sends the report to the hub."""
    if report.status in (InstituteReport.Status.SUBMITTED, InstituteReport.Status.VALIDATED):
        raise ValidationError(_("This report was already submitted."))
    if not narrative.strip():
        raise ValidationError(_("Write the narrative of the quarter before submitting the report."))
    if report.quarter.end >= timezone.localdate():
        raise ValidationError(_("A quarter's report can be submitted once the quarter is over."))
    report.narrative = narrative.strip()
    report.status = InstituteReport.Status.SUBMITTED
    report.submitted_by = user
    report.submitted_at = timezone.now()
    report.save()
    return report


@transaction.atomic
def report_review(*, report: InstituteReport, user: Any, accept: bool, comment: str = "") -> InstituteReport:
    """The hub validates the report, or returns it to the institute with comments."""
    if report.status != InstituteReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be validated or returned."))
    if not accept and not comment.strip():
        raise ValidationError(_("Say what must change: a returned report needs comments."))
    report.status = InstituteReport.Status.VALIDATED if accept else InstituteReport.Status.RETURNED
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.review_comment = comment.strip()
    report.save()
    return report


def reports_remind(*, quarter: Quarter, today: Any, base_url: str = "") -> int:
    """Email the managers of each institute whose report for `quarter` is overdue; returns the emails sent.

    An institute owes a report once its founding agreement is signed and until it closes. Each report is
    reminded at most once a week.
    """
    from django.core.mail import EmailMessage
    from django.urls import reverse
    from django.utils import translation

    from jazari.accounts.models import Membership, Role
    from jazari.network.models import Institute

    owing = Institute.objects.exclude(status__in=(Institute.Status.PLANNED, Institute.Status.CLOSED))
    reports = {
        r.institute_id: r for r in InstituteReport.objects.filter(period=str(quarter), institute__in=owing)
    }
    managers: dict[int, list[str]] = {}
    for membership in Membership.objects.filter(
        role=Role.MANAGER, institute__in=owing, user__is_active=True
    ).select_related("user"):
        if membership.institute_id is not None:
            managers.setdefault(membership.institute_id, []).append(membership.user.email)
    sent = 0
    week_ago = timezone.now() - timedelta(days=7)
    for institute in owing.order_by("slug"):
        report = reports.get(institute.pk) or InstituteReport(institute=institute, period=str(quarter))
        if not report.is_overdue(today) or not managers.get(institute.pk):
            continue
        if report.reminded_at is not None and report.reminded_at > week_ago:
            continue
        with translation.override("fr"):
            link = base_url + reverse(
                "indicators_workspace:report_detail", kwargs={"slug": institute.slug, "period": str(quarter)}
            )
            subject = _("Quarterly report %(quarter)s overdue: %(institute)s") % {
                "quarter": quarter,
                "institute": institute.name,
            }
            body = _(
                "The quarterly report of %(institute)s for %(quarter)s was due on %(due)s and has not been "
                "submitted yet. Write and submit it here: %(link)s"
            ) % {
                "institute": institute.name,
                "quarter": quarter,
                "due": report.due_date.isoformat(),
                "link": link,
            }
        EmailMessage(subject=subject, body=body, to=managers[institute.pk]).send()
        report.reminded_at = timezone.now()
        report.save()
        sent += 1
    return sent
