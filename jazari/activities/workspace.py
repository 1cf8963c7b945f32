"""The activities part of the workspace: run an activity (publish, cancel, sessions, registrations and
wait-list), take attendance on a phone, issue and revoke certificates."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jazari.accounts.permissions import visible_to
from jazari.activities.filters import ActivityFilter
from jazari.activities.forms import ActivityForm, CheckInForm, SessionForm
from jazari.activities.models import Activity, Attendance, Certificate, Registration, Session
from jazari.activities.services import (
    activity_cancel,
    attendance_record,
    certificate_revoke,
    registration_cancel,
)
from jazari.core.exports import Column
from jazari.core.forms import bootstrap_fields
from jazari.core.jobs import job_start
from jazari.network.workspace import ManagedList, register_managed_list

register_managed_list(
    ManagedList(
        slug="activities",
        model=Activity,
        title=gettext_lazy("Activities"),
        filterset=ActivityFilter,
        form=ActivityForm,
        lookup="public_id",
        key=lambda row: row.public_id,
        related=("organiser", "region"),
        manage_url=lambda row: reverse("activities_workspace:manage", kwargs={"public_id": row.public_id}),
        columns=[
            Column.attribute(gettext_lazy("Title"), "title"),
            Column.attribute(gettext_lazy("Kind"), "get_kind_display"),
            Column.attribute(gettext_lazy("Organising institute"), "organiser.name"),
            Column.attribute(gettext_lazy("Starts"), "starts_at"),
            Column.attribute(gettext_lazy("Status"), "get_status_display"),
            Column.attribute(gettext_lazy("Capacity"), "capacity"),
        ],
    )
)


def _activity(request: HttpRequest, public_id: str, action: str = "change") -> Activity:
    """The activity if it lies in the user's scope (else 404) and the user may `action` it (else 403)."""
    activities = visible_to(Activity.objects.select_related("organiser", "region"), request.user)
    activity = get_object_or_404(activities, public_id=public_id)
    if not request.user.has_perm(f"activities.{action}_activity", activity):
        raise PermissionDenied
    return activity


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@login_required
def manage(request: HttpRequest, public_id: str) -> HttpResponse:
    activity = _activity(request, public_id, "view")
    registrations = activity.registrations.select_related("person").order_by("status", "created_at", "pk")
    certificates = Certificate.objects.filter(registration__activity=activity).select_related(
        "registration__person"
    )
    return render(
        request,
        "activities/workspace/manage.html",
        {
            "activity": activity,
            "sessions": activity.sessions.all(),
            "registrations": registrations,
            "certificates": certificates,
            "session_form": bootstrap_fields(SessionForm()),
            "may_change": request.user.has_perm("activities.change_activity", activity),
        },
    )


@login_required
@require_POST
def publish(request: HttpRequest, public_id: str) -> HttpResponse:
    activity = _activity(request, public_id)
    if activity.status != Activity.Status.DRAFT:
        messages.error(request, _("Only a draft can be published."))
    else:
        activity.status = Activity.Status.PUBLISHED
        activity.save()
        messages.success(request, _("The activity is published."))
    return redirect("activities_workspace:manage", public_id=public_id)


@login_required
@require_POST
def cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    activity = _activity(request, public_id)
    if activity.status == Activity.Status.CANCELLED:
        messages.info(request, _("The activity was already cancelled."))
    else:
        told = activity_cancel(activity=activity, base_url=_base_url(request))
        messages.success(
            request,
            _("The activity is cancelled; %(count)s registrants were told by email.") % {"count": told},
        )
    return redirect("activities_workspace:manage", public_id=public_id)


@login_required
@require_POST
def session_add(request: HttpRequest, public_id: str) -> HttpResponse:
    activity = _activity(request, public_id)
    form = bootstrap_fields(SessionForm(request.POST))
    if form.is_valid():
        form.instance.activity = activity
        form.save()
        messages.success(request, _("The session was added."))
    else:
        errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, _("The session was not added: %(errors)s") % {"errors": errors})
    return redirect("activities_workspace:manage", public_id=public_id)


@login_required
@require_POST
def registration_cancel_by_manager(
    request: HttpRequest, public_id: str, registration_id: str
) -> HttpResponse:
    activity = _activity(request, public_id)
    registration = get_object_or_404(activity.registrations, public_id=registration_id)
    promoted = registration_cancel(registration=registration, base_url=_base_url(request))
    if promoted is not None:
        messages.success(
            request,
            _("The registration is cancelled; %(name)s moved up from the wait-list.")
            % {"name": promoted.person},
        )
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect("activities_workspace:manage", public_id=public_id)


def _session(request: HttpRequest, session_id: int) -> Session:
    session = get_object_or_404(
        visible_to(Session.objects.select_related("activity__organiser"), request.user), pk=session_id
    )
    if not request.user.has_perm("activities.change_activity", session.activity):
        raise PermissionDenied
    return session


@login_required
def attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    """Attendance of one session, made for a phone: one tap per person, or a scanned check-in code."""
    session = _session(request, session_id)
    form = bootstrap_fields(CheckInForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        _check_in(request, session, form.cleaned_data["code"])
        return redirect("activities_workspace:attendance", session_id=session.pk)
    return render(request, "activities/workspace/attendance.html", _attendance_context(session, form))


def _attendance_context(session: Session, form: Any = None) -> dict[str, Any]:
    registrations = (
        session.activity.registrations.filter(status__in=Registration.HOLDS_A_PLACE)
        .select_related("person")
        .order_by("person__family_name", "person__given_name")
    )
    present = set(session.attendance.filter(present=True).values_list("person_id", flat=True))
    return {
        "session": session,
        "activity": session.activity,
        "form": form,
        "people": [(registration, registration.person_id in present) for registration in registrations],
        "present_count": len(present),
    }


def _check_in(request: HttpRequest, session: Session, code: str) -> None:
    registration = (
        session.activity.registrations.filter(public_id=code.strip(), status__in=Registration.HOLDS_A_PLACE)
        .select_related("person")
        .first()
        if _is_uuid(code)
        else None
    )
    if registration is None:
        messages.error(request, _("This code does not belong to a registered participant of this activity."))
        return
    attendance_record(
        session=session, person=registration.person, present=True, method=Attendance.Method.QR_CODE
    )
    messages.success(request, _("%(name)s is checked in.") % {"name": registration.person})


def _is_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text.strip())
    except ValueError:
        return False
    return True


@login_required
@require_POST
def attendance_toggle(request: HttpRequest, session_id: int, registration_id: str) -> HttpResponse:
    """Mark one person present or absent; answers the updated row for htmx, or goes back to the page."""
    session = _session(request, session_id)
    registration = get_object_or_404(
        session.activity.registrations.select_related("person"),
        public_id=registration_id,
        status__in=Registration.HOLDS_A_PLACE,
    )
    present = request.POST.get("present") == "1"
    attendance_record(
        session=session, person=registration.person, present=present, method=Attendance.Method.MANUAL
    )
    if getattr(request, "htmx", False):
        return render(
            request,
            "activities/workspace/partials/attendance_row.html",
            {"session": session, "registration": registration, "present": present},
        )
    return redirect("activities_workspace:attendance", session_id=session.pk)


@login_required
@require_POST
def certificates_issue(request: HttpRequest, public_id: str) -> HttpResponse:
    """Issue the certificates of a cohort in the background; the job page shows the progress."""
    activity = _activity(request, public_id)
    if activity.programme is None:
        messages.error(request, _("Only a training that runs a programme gives certificates."))
        return redirect("activities_workspace:manage", public_id=public_id)
    with transaction.atomic():
        job = job_start(
            kind="activities.issue_certificates", owner=request.user, parameters={"activity": activity.pk}
        )
    return redirect(job.get_absolute_url())


@login_required
@require_POST
def certificate_revoke_view(request: HttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(
        visible_to(Certificate.objects.select_related("registration__activity"), request.user), code=code
    )
    activity = certificate.registration.activity
    if not request.user.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Give the reason of the revocation: it is shown on the verification page."))
    elif certificate.revoked_at is not None:
        messages.info(request, _("This certificate was already revoked."))
    else:
        certificate_revoke(certificate=certificate, reason=reason[:250])
        messages.success(request, _("The certificate %(code)s is revoked.") % {"code": certificate.code})
    return redirect("activities_workspace:manage", public_id=activity.public_id)
