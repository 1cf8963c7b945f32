"""Writes on activities: registering with capacity and wait-list, cancelling, promoting, certificates.

Each service runs in one transaction and sends its emails only after the transaction commits.
The capacity is protected by locking the activity row: on PostgreSQL `SELECT … FOR UPDATE`; on SQLite every
transaction takes the write lock when it starts (`transaction_mode = IMMEDIATE` in the settings). Two
people asking for the last place one instant apart therefore never both get it.
"""

from decimal import Decimal
from typing import Any

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jazari.activities.calendar import activity_ics
from jazari.activities.models import Activity, Attendance, Certificate, Registration, Session
from jazari.network.models import Person


class RegistrationRefused(ValueError):
    """A registration that cannot be taken, with a reason the person can act on."""


def _locked(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


def places_taken(activity: Activity) -> int:
    return activity.registrations.filter(status__in=Registration.HOLDS_A_PLACE).count()


def registration_create(
    *, activity: Activity, person: Person, language: str = "fr", base_url: str = ""
) -> Registration:
    """Register `person`, or put them on the wait-list when the activity is full; sends the confirmation."""
    with transaction.atomic():
        activity = _locked(activity)
        if not activity.is_open_for_registration:
            raise RegistrationRefused(_("Registration for this activity is closed."))
        existing = Registration.objects.filter(activity=activity, person=person).first()
        if existing is not None and existing.status != Registration.Status.CANCELLED:
            raise RegistrationRefused(_("You are already registered for this activity."))
        full = activity.capacity is not None and places_taken(activity) >= activity.capacity
        status = Registration.Status.WAITLISTED if full else Registration.Status.REGISTERED
        if existing is not None:  # registering again after a cancellation
            registration = existing
            registration.status, registration.cancelled_at = status, None
            registration.consent_at, registration.language = timezone.now(), language
            registration.save()
        else:
            try:
                with transaction.atomic():
                    registration = Registration.objects.create(
                        activity=activity,
                        person=person,
                        status=status,
                        consent_at=timezone.now(),
                        language=language,
                    )
            except IntegrityError:
                raise RegistrationRefused(_("You are already registered for this activity.")) from None
        transaction.on_commit(lambda: send_registration_email(registration, "confirmation", base_url))
    return registration


def registration_cancel(*, registration: Registration, base_url: str = "") -> Registration | None:
    """Cancel a registration; a freed place goes to the first on the wait-list, who is told by email."""
    with transaction.atomic():
        activity = _locked(registration.activity)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return None
        freed = registration.status in Registration.HOLDS_A_PLACE
        registration.status, registration.cancelled_at = Registration.Status.CANCELLED, timezone.now()
        registration.save()
        promoted = promote_from_waitlist(activity, base_url) if freed else None
    return promoted


def promote_from_waitlist(activity: Activity, base_url: str = "") -> Registration | None:
    """Give free places to the wait-list in order of registration (call inside the activity's lock)."""
    if activity.capacity is not None and places_taken(activity) >= activity.capacity:
        return None
    first = (
        activity.registrations.filter(status=Registration.Status.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status, first.promoted_at = Registration.Status.REGISTERED, timezone.now()
    first.save()
    transaction.on_commit(lambda: send_registration_email(first, "promoted", base_url))
    return first


def activity_cancel(*, activity: Activity, base_url: str = "") -> int:
    """Cancel an activity and tell everyone registered or waiting; returns how many were told."""
    with transaction.atomic():
        activity = _locked(activity)
        activity.status = Activity.Status.CANCELLED
        activity.save()
        told = list(
            activity.registrations.filter(
                status__in=[Registration.Status.REGISTERED, Registration.Status.WAITLISTED]
            ).select_related("person", "activity")
        )
        transaction.on_commit(lambda: _tell_all(told, base_url))
    return len(told)


def _tell_all(registrations: list[Registration], base_url: str) -> None:
    for registration in registrations:
        send_registration_email(registration, "activity_cancelled", base_url)


def send_registration_email(registration: Registration, kind: str, base_url: str = "") -> None:
    """The email of `kind` (confirmation, promoted, activity_cancelled), in the registrant's language, with
    the activity as an .ics attachment and the private link to manage the registration."""
    email = registration.person.email
    if not email:
        return
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "activity": registration.activity,
            "person": registration.person,
            "manage_url": base_url + registration.get_absolute_url(),
        }
        subject = render_to_string(f"activities/emails/{kind}_subject.txt", context).strip()
        body = render_to_string(f"activities/emails/{kind}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[email])
    if kind != "activity_cancelled":
        message.attach("activity.ics", activity_ics(registration.activity), "text/calendar")
    message.send(fail_silently=False)


def attendance_record(*, session: Session, person: Person, present: bool, method: str) -> Attendance:
    """Record presence at a session (again: the last record wins)."""
    attendance, _created = Attendance.objects.update_or_create(
        session=session,
        person=person,
        defaults={"present": present, "method": method, "checked_in_at": timezone.now() if present else None},
    )
    return attendance


def attendance_share(registration: Registration) -> Decimal:
    """The share of the activity's sessions the person attended, in percent."""
    total = registration.activity.sessions.count()
    if total == 0:
        return Decimal(0)
    present = Attendance.objects.filter(
        session__activity=registration.activity, person=registration.person, present=True
    ).count()
    return Decimal(100 * present) / Decimal(total)


def certificate_issue(*, registration: Registration) -> Certificate | None:
    """Issue the certificate when the programme's rule is met; None when it is not (or already issued)."""
    programme = registration.activity.programme
    if programme is None or registration.status == Registration.Status.CANCELLED:
        return None
    if attendance_share(registration) < programme.min_attendance_percent:
        return None
    certificate, _created = Certificate.objects.get_or_create(registration=registration)
    return certificate


def certificate_revoke(*, certificate: Certificate, reason: str) -> Certificate:
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.save()
    return certificate


def person_for_registration(*, given_name: str, family_name: str, email: str, **extra: Any) -> Person:
    """The person registering: found by email address when already known, created otherwise."""
    person = Person.objects.filter(email__iexact=email).order_by("pk").first()
    if person is None:
        person = Person.objects.create(
            given_name=given_name, family_name=family_name, email=email.lower(), **extra
        )
    return person
