"""Needs of regional actors: challenges that companies, cooperatives and administrations bring to the network.

A need is submitted (through the public form or by the hub), qualified and assigned by the hub, worked on,
and ends solved, closed or rejected. It expires after `NEED_VALIDITY_DAYS` unless renewed. Its submitter
follows it through a private link. The projects that answer it point at it (`need.projects`), and the hub's
assignments are Matches (`need.matches`, in the projects app).
"""

import secrets
from datetime import date, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jazari.core.models import PublicIdModel, Theme, TimeStampedModel
from jazari.core.search import search_text
from jazari.core.validators import PLAIN_TEXT
from jazari.network.models import Organisation, Region


def _follow_token() -> str:
    return secrets.token_urlsafe(32)


def default_expiry() -> date:
    return timezone.localdate() + timedelta(days=settings.NEED_VALIDITY_DAYS)


class NeedQuerySet(models.QuerySet["Need"]):
    def open(self) -> "NeedQuerySet":
        return self.filter(status__in=Need.OPEN_STATUSES)

    def expired(self, today: date | None = None) -> "NeedQuerySet":
        return self.open().filter(expires_on__lt=today or timezone.localdate())


class Need(PublicIdModel, TimeStampedModel):
    """A challenge brought by an organisation, in its author's language, waiting for the network's answer."""

    class Kind(models.TextChoices):
        BUSINESS = "business", _("Business need")
        TECHNOLOGY = "technology", _("Technology need")
        RESEARCH = "research", _("Research need")
        TRAINING = "training", _("Training need")
        DATA = "data", _("Data need")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        QUALIFIED = "qualified", _("Qualified")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        SOLVED = "solved", _("Solved")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")

    class Urgency(models.TextChoices):
        LOW = "low", _("Within a year")
        MEDIUM = "medium", _("Within six months")
        HIGH = "high", _("Urgent")

    class BudgetBand(models.TextChoices):
        UNKNOWN = "", _("Not known yet")
        UNDER_100K = "under_100k", _("Under 100,000 MAD")
        UP_TO_500K = "100k_500k", _("100,000 to 500,000 MAD")
        UP_TO_2M = "500k_2m", _("500,000 to 2 million MAD")
        OVER_2M = "over_2m", _("Over 2 million MAD")

    OPEN_STATUSES: ClassVar[tuple[str, ...]] = (
        Status.SUBMITTED,
        Status.QUALIFIED,
        Status.ASSIGNED,
        Status.IN_PROGRESS,
    )
    # Which status may follow which; the services refuse any other change.
    TRANSITIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        Status.SUBMITTED: (Status.QUALIFIED, Status.ASSIGNED, Status.REJECTED, Status.CLOSED),
        Status.QUALIFIED: (Status.ASSIGNED, Status.REJECTED, Status.CLOSED),
        Status.ASSIGNED: (Status.IN_PROGRESS, Status.QUALIFIED, Status.SOLVED, Status.CLOSED),
        Status.IN_PROGRESS: (Status.SOLVED, Status.CLOSED),
        Status.SOLVED: (),
        Status.CLOSED: (),
        Status.REJECTED: (),
    }

    title = models.CharField(_("title"), max_length=250, validators=PLAIN_TEXT)
    description = models.TextField(_("description"))
    language = models.CharField(_("language of the description"), max_length=8, default="fr")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        help_text=_("The organisation in the registry, once the hub has identified it."),
    )
    organisation_name = models.CharField(_("name of the organisation"), max_length=250, validators=PLAIN_TEXT)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=30, choices=Organisation.Kind.choices
    )
    contact_name = models.CharField(_("contact person"), max_length=150, validators=PLAIN_TEXT)
    contact_email = models.EmailField(_("contact email"), validators=PLAIN_TEXT)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="needs"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="needs")
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM)
    budget_band = models.CharField(
        _("budget"), max_length=20, choices=BudgetBand.choices, blank=True, default=""
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    consent_at = models.DateTimeField(_("consent to the privacy notice given on"))
    follow_token = models.CharField(_("private link key"), max_length=64, unique=True, default=_follow_token)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    expires_on = models.DateField(_("expires on"), default=default_expiry)
    renewed_at = models.DateTimeField(_("last renewed on"), null=True, blank=True)
    qualified_at = models.DateTimeField(_("qualified on"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    hub_note = models.TextField(_("note of the hub"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    history = HistoricalRecords(m2m_fields=[themes], excluded_fields=["search_text", "follow_token"])

    objects = NeedQuerySet.as_manager()

    scope_paths: ClassVar[dict[str, str]] = {
        "region": "region",
        "organisation": "organisation",
        "institute": "matches__institute",
    }

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "expires_on"]),
            models.Index(fields=["region", "status"]),
            models.Index(fields=["-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.refresh_search_text()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def refresh_search_text(self) -> None:
        self.search_text = search_text(self.title, self.organisation_name, self.description[:500])

    def get_absolute_url(self) -> str:
        """The submitter's private page (the hub works on the need from the workspace)."""
        return reverse("needs:follow", kwargs={"token": self.follow_token})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_expired(self) -> bool:
        return self.is_open and self.expires_on < timezone.localdate()

    def may_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())
