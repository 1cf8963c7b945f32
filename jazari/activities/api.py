"""Activities in the API: public activities and their sessions, the caller's own registrations, attendance
for the managers of an activity, and the public verification of certificates.

The same rules as the pages: lists use `ActivityFilter`; an anonymous caller sees public activities only;
attendance needs `activities.change_activity` on the activity, checked with `request.user.has_perm`.
"""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from jazari.accounts.api import ANYONE
from jazari.accounts.permissions import visible_to
from jazari.activities.codes import normalize_code
from jazari.activities.filters import ActivityFilter
from jazari.activities.models import Activity, Attendance, Certificate, Registration, Session
from jazari.network.api import values_of

router = Router(tags=["activities"])


class ActivityOut(Schema):
    public_id: UUID
    title: str
    title_ar: str
    kind: str = Field(json_schema_extra=values_of(Activity, "kind"))
    programme: str | None = Field(description="Code of the training programme this cohort runs.")
    organiser: str = Field(description="Short name of the organising institute.")
    region: str = Field(description="Region code.")
    format: str = Field(json_schema_extra=values_of(Activity, "format"))
    venue: str
    starts_at: datetime
    ends_at: datetime
    languages: list[str]
    capacity: int | None
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    status: str = Field(json_schema_extra=values_of(Activity, "status"))
    is_open_for_registration: bool

    @staticmethod
    def resolve_programme(activity: Activity) -> str | None:
        return activity.programme.code if activity.programme else None

    @staticmethod
    def resolve_organiser(activity: Activity) -> str:
        return activity.organiser.slug

    @staticmethod
    def resolve_region(activity: Activity) -> str:
        return activity.region.code

    @staticmethod
    def resolve_languages(activity: Activity) -> list[str]:
        return activity.language_list


class SessionOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    venue: str


class RegistrationOut(Schema):
    public_id: UUID
    activity: UUID
    activity_title: str
    status: str = Field(json_schema_extra=values_of(Registration, "status"))
    created_at: datetime

    @staticmethod
    def resolve_activity(registration: Registration) -> UUID:
        return registration.activity.public_id

    @staticmethod
    def resolve_activity_title(registration: Registration) -> str:
        return registration.activity.title


class AttendanceOut(Schema):
    session: int
    person: UUID = Field(description="Public identifier of the person.")
    present: bool
    checked_in_at: datetime | None
    method: str = Field(json_schema_extra=values_of(Attendance, "method"))

    @staticmethod
    def resolve_session(attendance: Attendance) -> int:
        return attendance.session_id

    @staticmethod
    def resolve_person(attendance: Attendance) -> UUID:
        return attendance.person.public_id


class CertificateCheck(Schema):
    code: str
    valid: bool = Field(description="True when the certificate exists and is not revoked.")
    holder: str
    training: str
    issued_at: datetime
    revoked_at: datetime | None
    revoked_reason: str

    @staticmethod
    def resolve_valid(certificate: Certificate) -> bool:
        return certificate.revoked_at is None

    @staticmethod
    def resolve_holder(certificate: Certificate) -> str:
        return certificate.registration.person.full_name

    @staticmethod
    def resolve_training(certificate: Certificate) -> str:
        activity = certificate.registration.activity
        return str(activity.programme or activity)


def _activities(request: HttpRequest) -> models.QuerySet[Activity]:
    """Public activities for everyone, and the internal ones of the caller's scopes."""
    base = Activity.objects.select_related("programme", "organiser", "region")
    public = base.public()
    if not request.user.is_authenticated:
        return public
    mine = visible_to(base, request.user)
    return base.filter(models.Q(pk__in=public.values("pk")) | models.Q(pk__in=mine.values("pk")))


def _activity(request: HttpRequest, public_id: UUID) -> Activity:
    activity = _activities(request).filter(public_id=public_id).first()
    if activity is None:
        raise Http404
    return activity


@router.get("/activities", response=list[ActivityOut], auth=ANYONE, summary="List the activities")
@paginate(filterset=ActivityFilter)
def activity_list(request: HttpRequest) -> models.QuerySet[Activity]:
    return _activities(request).order_by("starts_at", "pk")


@router.get("/activities/{uuid:public_id}", response=ActivityOut, auth=ANYONE, summary="One activity")
def activity_detail(request: HttpRequest, public_id: UUID) -> Activity:
    return _activity(request, public_id)


@router.get(
    "/activities/{uuid:public_id}/sessions", response=list[SessionOut], auth=ANYONE, summary="Its sessions"
)
def session_list(request: HttpRequest, public_id: UUID) -> models.QuerySet[Session]:
    return _activity(request, public_id).sessions.order_by("starts_at", "pk")


@router.get("/registrations/mine", response=list[RegistrationOut], summary="The caller's own registrations")
@paginate
def my_registrations(request: HttpRequest) -> models.QuerySet[Registration]:
    return (
        Registration.objects.filter(person__user_id=int(request.user.pk or 0))
        .select_related("activity")
        .order_by("-created_at", "pk")
    )


@router.get(
    "/activities/{uuid:public_id}/attendance",
    response=list[AttendanceOut],
    summary="Attendance of an activity (its managers)",
)
@paginate
def attendance_list(request: HttpRequest, public_id: UUID) -> models.QuerySet[Attendance]:
    activity = _activity(request, public_id)
    if not request.user.has_perm("activities.change_activity", activity):
        raise PermissionDenied(_("Only the managers of this activity may read its attendance."))
    return (
        Attendance.objects.filter(session__activity=activity)
        .select_related("person")
        .order_by("session", "pk")
    )


# A code as printed (`JZ-7K3QD-M2X9P-4`), with or without its prefix and dashes, in either case.
CODE_CHARACTERS = "[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]"
CODE_PATTERN = f"^(?:[Jj][Zz]-?)?{CODE_CHARACTERS}{{5}}-?{CODE_CHARACTERS}{{5}}-?{CODE_CHARACTERS}$"


@router.get("/certificates/verify", response=CertificateCheck, auth=ANYONE, summary="Verify a certificate")
def certificate_verify(
    request: HttpRequest,
    code: Annotated[
        str,
        Query(
            description="The code printed on the certificate, e.g. JZ-7K3QD-M2X9P-4.", pattern=CODE_PATTERN
        ),
    ],
) -> Certificate:
    """A code of the right shape whose check character does not match the others is mistyped: 422."""
    normalized = normalize_code(code)
    if normalized is None:
        raise ValidationError(
            [
                {
                    "loc": ["query", "code"],
                    "msg": _("This is not a valid certificate code."),
                    "type": "value_error",
                }
            ]
        )
    certificate = (
        Certificate.objects.select_related("registration__person", "registration__activity__programme")
        .filter(code=normalized)
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate
