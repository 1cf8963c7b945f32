"""Activities of the network: exchanges, workshops, seminars, co-design sessions, trainings and more, with
their sessions, registrations, attendance and certificates.

A training programme is a curriculum; each run of it is a training Activity — a cohort.
"""

import secrets
from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jazari.activities.codes import new_code
from jazari.core.models import MultilingualNameModel, PublicIdModel, Skill, Theme, TimeStampedModel
from jazari.core.search import search_text
from jazari.core.validators import PLAIN_TEXT
from jazari.network.models import Institute, Organisation, Person, Region


class TrainingProgramme(MultilingualNameModel, PublicIdModel, TimeStampedModel):
    """A curriculum: its hours, skills and the rule that earns a certificate. Each run is a cohort."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    institute = models.ForeignKey(
        Institute, verbose_name=_("institute"), on_delete=models.PROTECT, related_name="programmes"
    )
    description = models.TextField(_("description"), blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)])
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="programmes")
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="programmes")
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("attendance required for the certificate (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    history = HistoricalRecords(m2m_fields=[skills, themes])

    scope_paths: ClassVar[dict[str, str]] = {"institute": "institute", "region": "institute__region"}

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["code"]


class ActivityQuerySet(models.QuerySet["Activity"]):
    def public(self) -> "ActivityQuerySet":
        """What an anonymous visitor may see: public activities that are published, done or cancelled."""
        return self.filter(is_public=True).exclude(status=Activity.Status.DRAFT)

    def open_for_registration(self, at: Any = None) -> "ActivityQuerySet":
        now = at or timezone.now()
        return self.filter(
            status=Activity.Status.PUBLISHED,
            registration_opens_at__lte=now,
            registration_closes_at__gt=now,
        )


class Activity(PublicIdModel, TimeStampedModel):
    """Something the network runs for people: from a seminar to one cohort of a training programme."""

    class Kind(models.TextChoices):
        SCIENTIFIC_EXCHANGE = "scientific_exchange", _("Scientific exchange")
        WORKSHOP = "workshop", _("Workshop")
        SEMINAR = "seminar", _("Seminar")
        CO_DESIGN = "co_design", _("Co-design session")
        TRAINING = "training", _("Training")
        HACKATHON = "hackathon", _("Hackathon")
        CONFERENCE = "conference", _("Conference")
        WEBINAR = "webinar", _("Webinar")

    class Format(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    title = models.CharField(_("title"), max_length=250, validators=PLAIN_TEXT)
    title_ar = models.CharField(_("title (Arabic)"), max_length=250, blank=True, validators=PLAIN_TEXT)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    programme = models.ForeignKey(
        TrainingProgramme,
        verbose_name=_("training programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cohorts",
        help_text=_("For a training: the programme this cohort runs."),
    )
    organiser = models.ForeignKey(
        Institute, verbose_name=_("organising institute"), on_delete=models.PROTECT, related_name="activities"
    )
    co_organisers = models.ManyToManyField(
        Organisation, verbose_name=_("co-organising organisations"), blank=True, related_name="activities"
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.ON_SITE)
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="activities"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    languages = models.CharField(
        _("languages"),
        max_length=30,
        default="fr",
        help_text=_("Language codes separated by spaces, e.g. ar fr."),
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="activities")
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="activities")
    audience = models.CharField(_("audience"), max_length=250, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    is_public = models.BooleanField(_("public"), default=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    history = HistoricalRecords(m2m_fields=[themes, skills], excluded_fields=["search_text"])

    objects = ActivityQuerySet.as_manager()

    scope_paths: ClassVar[dict[str, str]] = {"institute": "organiser", "region": "region"}

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["status", "is_public", "starts_at"]),
            models.Index(fields=["organiser", "starts_at"]),
            models.Index(fields=["region", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="activity_ends_after_start",
                condition=Q(ends_at__gte=models.F("starts_at")),
                violation_error_message=_("An activity cannot end before it starts."),
            ),
            models.CheckConstraint(
                name="activity_training_has_programme",
                condition=~Q(kind="training") | Q(programme__isnull=False),
                violation_error_message=_("A training runs a training programme: choose one."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", kwargs={"public_id": self.public_id})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        self.search_text = search_text(self.title, self.title_ar, self.venue, self.audience)

    @property
    def is_open_for_registration(self) -> bool:
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.registration_opens_at is not None
            and self.registration_closes_at is not None
            and self.registration_opens_at <= now < self.registration_closes_at
        )

    @property
    def language_list(self) -> list[str]:
        return self.languages.split()


class Session(TimeStampedModel):
    """A dated slot of an activity; a training has many, and attendance is taken per session."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=250, blank=True, validators=PLAIN_TEXT)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    history = HistoricalRecords()

    scope_paths: ClassVar[dict[str, str]] = {"institute": "activity__organiser", "region": "activity__region"}

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                name="session_ends_after_start",
                condition=Q(ends_at__gte=models.F("starts_at")),
                violation_error_message=_("A session cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title or f"{self.activity} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


def _manage_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(PublicIdModel, TimeStampedModel):
    """A person's place in an activity, or on its wait-list. Consent to the privacy notice is recorded."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the wait-list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    # No index of its own: the unique (activity, person) constraint serves lookups by activity.
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="registrations",
        db_index=False,
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    consent_at = models.DateTimeField(_("consent to the privacy notice given on"))
    language = models.CharField(_("language of messages"), max_length=8, default="fr")
    manage_token = models.CharField(_("private link key"), max_length=64, unique=True, default=_manage_token)
    promoted_at = models.DateTimeField(_("promoted from the wait-list on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["manage_token"])

    scope_paths: ClassVar[dict[str, str]] = {"institute": "activity__organiser", "region": "activity__region"}

    # Places count against the capacity in these states.
    HOLDS_A_PLACE: ClassVar[tuple[str, ...]] = (Status.REGISTERED, Status.ATTENDED, Status.NO_SHOW)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["activity", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="registration_once_per_activity")
        ]
        indexes = [models.Index(fields=["activity", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.person} → {self.activity}"

    def get_absolute_url(self) -> str:
        return reverse("activities:manage", kwargs={"token": self.manage_token})


class Attendance(TimeStampedModel):
    """Whether a person was present at one session, and how it was recorded."""

    class Method(models.TextChoices):
        LIST_UPLOAD = "list_upload", _("List upload")
        QR_CODE = "qr_code", _("QR code check-in")
        MANUAL = "manual", _("Manual")

    # No index of its own: the unique (session, person) constraint serves lookups by session.
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendance",
        db_index=False,
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(_("present"), default=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    method = models.CharField(_("recorded by"), max_length=20, choices=Method.choices, default=Method.MANUAL)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    scope_paths: ClassVar[dict[str, str]] = {
        "institute": "session__activity__organiser",
        "region": "session__activity__region",
    }

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session}"


class Certificate(TimeStampedModel):
    """Proof that a person completed a training; verifiable by its code on a public page; revocable."""

    registration = models.OneToOneField(
        Registration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(
        _("verification code"), max_length=20, unique=True, default=new_code, validators=PLAIN_TEXT
    )
    issued_at = models.DateTimeField(_("issued on"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason of the revocation"), max_length=250, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    history = HistoricalRecords()

    scope_paths: ClassVar[dict[str, str]] = {
        "institute": "registration__activity__organiser",
        "region": "registration__activity__region",
    }

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    def get_absolute_url(self) -> str:
        return reverse("activities:verify") + f"?code={self.code}"
