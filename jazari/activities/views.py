"""Public pages of activities: list and month calendar, an activity, registering, managing a registration
through its private link, iCalendar feeds and the public verification of certificates."""

import calendar
from datetime import date, datetime, time, timedelta
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jazari.activities.calendar import feed_ics
from jazari.activities.codes import normalize_code
from jazari.activities.filters import ActivityFilter
from jazari.activities.models import Activity, ActivityQuerySet, Certificate, Registration
from jazari.activities.pdf import certificate_pdf
from jazari.activities.services import (
    RegistrationRefused,
    person_for_registration,
    places_taken,
    registration_cancel,
    registration_create,
)
from jazari.core.forms import bootstrap_fields
from jazari.core.middleware import private_link
from jazari.core.ratelimit import RateLimit
from jazari.core.validators import PLAIN_TEXT
from jazari.network.models import Institute, Region

FEED_DAYS_BACK = 90
REGISTRATIONS = RateLimit("activities.register", limit=lambda: settings.REGISTRATIONS_PER_HOUR)
CERTIFICATE_CHECKS = RateLimit("activities.verify", limit=lambda: settings.CERTIFICATE_CHECKS_PER_HOUR)


def _public() -> ActivityQuerySet:
    return Activity.objects.public().select_related("organiser", "region")


def activity_list(request: HttpRequest) -> HttpResponse:
    filters = ActivityFilter(request.GET, queryset=_public().order_by("starts_at"), request=request)
    bootstrap_fields(filters.form)
    rows = filters.qs if filters.is_valid() else _public().none()
    if not request.GET:
        rows = rows.filter(ends_at__gte=timezone.now())  # by default, what is still to come
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "activities/list.html", {"filters": filters, "page": page})


def activity_calendar(request: HttpRequest) -> HttpResponse:
    """A month grid of public activities (`?month=2026-12`), with the same filters as the list."""
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    days_in_month = calendar.monthrange(first.year, first.month)[1]
    last = first.replace(day=days_in_month)
    zone = timezone.get_current_timezone()
    filters = ActivityFilter(request.GET, queryset=_public(), request=request)
    bootstrap_fields(filters.form)
    rows = filters.qs if filters.is_valid() else _public().none()
    rows = rows.filter(
        starts_at__lt=datetime.combine(last + timedelta(days=1), time.min, zone),
        ends_at__gte=datetime.combine(first, time.min, zone),
    ).order_by("starts_at")
    by_day: dict[date, list[Activity]] = {}
    for activity in rows:
        day = max(timezone.localtime(activity.starts_at).date(), first)
        by_day.setdefault(day, []).append(activity)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    grid = [[(day, day.month == first.month, by_day.get(day, [])) for day in week] for week in weeks]
    previous_month = (first - timedelta(days=1)).replace(day=1)
    next_month = last + timedelta(days=1)
    return render(
        request,
        "activities/calendar.html",
        {
            "filters": filters,
            "month": first,
            "grid": grid,
            "weekdays": [weeks[0][index] for index in range(7)],
            "previous_month": previous_month.strftime("%Y-%m"),
            "next_month": next_month.strftime("%Y-%m"),
            "count": sum(len(items) for items in by_day.values()),
        },
    )


def _activity(public_id: str) -> Activity:
    try:
        return get_object_or_404(_public(), public_id=public_id)
    except (ValueError, TypeError):
        raise Http404 from None


def activity_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    activity = _activity(public_id)
    taken = places_taken(activity)
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "sessions": activity.sessions.all(),
            "themes": activity.themes.all(),
            "places_left": None if activity.capacity is None else max(activity.capacity - taken, 0),
        },
    )


class RegistrationForm(forms.Form):
    given_name = forms.CharField(label=gettext_lazy("Given name"), max_length=100, validators=PLAIN_TEXT)
    family_name = forms.CharField(label=gettext_lazy("Family name"), max_length=100, validators=PLAIN_TEXT)
    given_name_ar = forms.CharField(
        label=gettext_lazy("Given name (Arabic script)"),
        max_length=100,
        required=False,
        validators=PLAIN_TEXT,
    )
    family_name_ar = forms.CharField(
        label=gettext_lazy("Family name (Arabic script)"),
        max_length=100,
        required=False,
        validators=PLAIN_TEXT,
    )
    email = forms.EmailField(label=gettext_lazy("Email address"), validators=PLAIN_TEXT)
    consent = forms.BooleanField(
        label=gettext_lazy("I have read the privacy notice and agree that my registration is recorded."),
        error_messages={"required": gettext_lazy("Registering needs your consent to the privacy notice.")},
    )
    website = forms.CharField(
        required=False, widget=forms.HiddenInput
    )  # left empty by people, filled by robots


def activity_register(request: HttpRequest, public_id: str) -> HttpResponse:
    activity = _activity(public_id)
    form = bootstrap_fields(RegistrationForm(request.POST or None))
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif not REGISTRATIONS.take(request):
            form.add_error(
                None, _("Too many registrations were sent from your connection in the last hour; try later.")
            )
            status = 429
        elif not form.cleaned_data["website"]:  # a robot fills the hidden field: keep nothing
            try:
                registration = _register(request, activity, form.cleaned_data)
            except RegistrationRefused as refusal:
                form.add_error(None, str(refusal))
                status = 400
            else:
                return redirect(registration.get_absolute_url())
    return render(
        request,
        "activities/register.html",
        {"activity": activity, "form": form, "open": activity.is_open_for_registration},
        status=status,
    )


def _register(request: HttpRequest, activity: Activity, data: dict[str, Any]) -> Registration:
    """Register the person the form describes, and say what happened."""
    person = person_for_registration(
        given_name=data["given_name"],
        family_name=data["family_name"],
        email=data["email"],
        given_name_ar=data["given_name_ar"],
        family_name_ar=data["family_name_ar"],
        region=activity.region,
    )
    registration = registration_create(
        activity=activity,
        person=person,
        language=translation.get_language() or "fr",
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    if registration.status == Registration.Status.WAITLISTED:
        messages.info(request, _("The activity is full: you are on the wait-list. We sent you an email."))
    else:
        messages.success(request, _("You are registered. We sent you a confirmation email."))
    return registration


def _registration(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("activity__region", "person"), manage_token=token
    )


@private_link
def registration_manage(request: HttpRequest, token: str) -> HttpResponse:
    """The private page of one registration: its state, the check-in QR code, cancelling, the certificate."""
    registration = _registration(token)
    certificate = Certificate.objects.filter(registration=registration, revoked_at=None).first()
    return render(
        request,
        "activities/manage.html",
        {
            "registration": registration,
            "activity": registration.activity,
            "certificate": certificate,
            "check_in_qr": segno.make(str(registration.public_id), error="m").svg_data_uri(scale=6, border=2),
        },
    )


@private_link
def certificate_download(request: HttpRequest, token: str) -> HttpResponse:
    """The certificate as PDF, for the holder of the registration's private link."""
    registration = _registration(token)
    certificate = get_object_or_404(Certificate, registration=registration, revoked_at=None)
    verify_url = request.build_absolute_uri(reverse("activities:verify") + f"?code={certificate.code}")
    response = HttpResponse(certificate_pdf(certificate, verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


@private_link
@require_POST
def registration_cancel_view(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    registration_cancel(registration=registration, base_url=request.build_absolute_uri("/").rstrip("/"))
    messages.success(request, _("Your registration is cancelled. Thank you for freeing the place."))
    return redirect(registration.get_absolute_url())


def _feed(name: str, activities: ActivityQuerySet) -> HttpResponse:
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    body = feed_ics(name, activities.filter(ends_at__gte=since).order_by("starts_at")[:500])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jazari.ics"'
    return response


def institute_feed(request: HttpRequest, slug: str) -> HttpResponse:
    institute = get_object_or_404(Institute, slug=slug)
    return _feed(str(institute), _public().filter(organiser=institute))


def region_feed(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region, code=code)
    return _feed(str(region), _public().filter(region=region))


def certificate_verify(request: HttpRequest) -> HttpResponse:
    """Anyone may check a certificate by its code; a mistyped code is refused before any lookup."""
    typed = request.GET.get("code", "").strip()
    context: dict[str, object] = {"typed": typed}
    if typed and not CERTIFICATE_CHECKS.take(request):
        context["error"] = _("Too many certificates were checked from your connection in the last hour.")
        return render(request, "activities/verify.html", context, status=429)
    if typed:
        code = normalize_code(typed)
        if code is None:
            context["error"] = _(
                "This is not a valid certificate code: check each character (the last one is a check)."
            )
        else:
            certificate = (
                Certificate.objects.select_related(
                    "registration__person", "registration__activity__programme"
                )
                .filter(code=code)
                .first()
            )
            context["certificate"] = certificate
            if certificate is None:
                context["error"] = _("No certificate has this code.")
    status = 400 if context.get("error") and normalize_code(typed) is None else 200
    return render(request, "activities/verify.html", context, status=status if typed else 200)
