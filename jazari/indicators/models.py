"""Strategy monitoring: the roadmap's five priorities, their indicators, 2030 targets, the values observed
each quarter and the institutes' quarterly reports.

Indicators are declared in code (`jazari.indicators.registry`): a computed one is a registered function,
a reported one is entered with its evidence and counts once the hub has validated it. `jazari
load_indicators` (and the demo seed) writes the declared priorities, indicators and targets into the tables
below, so that history, the admin and the API see them like any other data.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from jazari.core.i18n import localized
from jazari.core.models import MultilingualNameModel, TimeStampedModel
from jazari.indicators.periods import Quarter
from jazari.network.models import Institute, Region

QUARTER_FORMAT = RegexValidator(r"^\d{4}-Q[1-4]$", _("Give a quarter as YYYY-Qn, for example 2026-Q3."))


UNIT_DECIMALS = {"percent": 2, "index": 4, "per 100,000": 2, "hours": 1, "days": 1}
UNIT_LABELS = {
    "persons": pgettext_lazy("unit", "persons"),
    "persons/year": pgettext_lazy("unit", "persons per year"),
    "hours": pgettext_lazy("unit", "hours"),
    "percent": pgettext_lazy("unit", "%"),
    "per 100,000": pgettext_lazy("unit", "per 100,000 inhabitants"),
    "index": pgettext_lazy("unit", "index from 0 to 1"),
    "regions": pgettext_lazy("unit", "regions"),
    "institutes": pgettext_lazy("unit", "institutes"),
    "jobs": pgettext_lazy("unit", "jobs"),
    "MAD": pgettext_lazy("unit", "dirhams"),
    "startups": pgettext_lazy("unit", "startups"),
    "projects": pgettext_lazy("unit", "projects"),
    "needs": pgettext_lazy("unit", "needs"),
    "days": pgettext_lazy("unit", "days"),
    "organisations": pgettext_lazy("unit", "organisations"),
    "deliverables": pgettext_lazy("unit", "deliverables"),
}


class ScopeKind(models.TextChoices):
    NATIONAL = "national", _("National")
    REGION = "region", _("Region")
    INSTITUTE = "institute", _("Institute")


class Priority(MultilingualNameModel, TimeStampedModel):
    """One of the five priorities of the national AI roadmap (fixed codes)."""

    class Code(models.TextChoices):
        INDEPENDENCE = "independence", _("Technological independence")
        TRUST = "trust", _("Trust in AI uses")
        SKILLS = "skills", _("National skills")
        LOCAL_INNOVATION = "local_innovation", _("Local innovation")
        TERRITORIAL_BALANCE = "territorial_balance", _("Balanced territorial coverage")

    code = models.CharField(_("code"), max_length=30, choices=Code.choices, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["position", "code"]


class Indicator(MultilingualNameModel, TimeStampedModel):
    """A measure of progress on a priority: computed from platform data, or reported with evidence."""

    class Kind(models.TextChoices):
        COMPUTED = "computed", _("Computed from platform data")
        REPORTED = "reported", _("Reported with evidence")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    priority = models.ForeignKey(
        Priority, verbose_name=_("priority"), on_delete=models.PROTECT, related_name="indicators"
    )
    definition_fr = models.TextField(_("definition (French)"), blank=True)
    definition_ar = models.TextField(_("definition (Arabic)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=30)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    breakdowns = models.JSONField(
        _("breakdowns"), default=list, blank=True, help_text=_("Among region, institute and gender.")
    )
    counts_people = models.BooleanField(
        _("counts people"),
        default=False,
        help_text=_("Public figures about fewer than 5 people are suppressed."),
    )
    is_public = models.BooleanField(_("public"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["priority__position", "position", "code"]

    @property
    def definition(self) -> str:
        return localized(self, "definition")

    @property
    def decimals(self) -> int:
        """How many decimals its values are shown with."""
        return UNIT_DECIMALS.get(self.unit, 0)

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS.get(self.unit, self.unit))

    def supports(self, scope_kind: str) -> bool:
        return scope_kind == ScopeKind.NATIONAL or scope_kind in self.breakdowns


# The scope a figure is about: the nation (no region, no institute), one region, or one institute.
SCOPE_MATCHES = (
    Q(scope_kind="national", region__isnull=True, institute__isnull=True)
    | Q(scope_kind="region", region__isnull=False, institute__isnull=True)
    | Q(scope_kind="institute", region__isnull=True, institute__isnull=False)
)


class ScopedFigure(TimeStampedModel):
    """What targets and observations share: the scope they are about (`SCOPE_MATCHES`). Each names its
    indicator itself, with its own reverse name."""

    scope_kind = models.CharField(_("scope"), max_length=10, choices=ScopeKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    institute = models.ForeignKey(
        Institute,
        verbose_name=_("institute"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_paths: ClassVar[dict[str, str]] = {"region": "region", "institute": "institute"}

    class Meta:
        abstract = True


class Target(ScopedFigure):
    """What an indicator should reach in a year, for the nation, a region or an institute, and who said so.

    The trajectory of a target runs in a straight line from its baseline (the value at the end of the
    baseline year) to the target value at the end of the target year.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("target year"))
    value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), default=2025)
    baseline_value = models.DecimalField(
        _("baseline value"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Leave empty to take the value observed at the end of the baseline year."),
    )
    source = models.CharField(_("source"), max_length=500)
    note = models.TextField(_("note"), blank=True)
    is_population_share = models.BooleanField(
        _("default share of the national target"),
        default=False,
        help_text=_("Recomputed from the population when the targets are loaded, until someone edits it."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator__code", "scope_kind", "region__code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "scope_kind", "region", "institute", "year"], name="target_unique_scope"
            ),
            models.CheckConstraint(
                name="target_scope_matches",
                condition=SCOPE_MATCHES,
                violation_error_message=_(
                    "A target names the region or institute of its scope, nothing else."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {scope_label(self)} · {self.year}: {self.value}"

    def clean(self) -> None:
        if self.baseline_year >= self.year:
            raise ValidationError({"baseline_year": _("The baseline year must come before the target year.")})

    def expected_at(self, day: date, baseline: Decimal) -> Decimal:
        """The value the straight line from the baseline to the target passes through on `day`."""
        start = date(self.baseline_year, 12, 31)
        end = date(self.year, 12, 31)
        if day <= start:
            return baseline
        if day >= end:
            return self.value
        elapsed = Decimal((day - start).days) / Decimal((end - start).days)
        return baseline + (self.value - baseline) * elapsed


def scope_label(obj: Any) -> str:
    if obj.scope_kind == ScopeKind.REGION:
        return str(obj.region)
    if obj.scope_kind == ScopeKind.INSTITUTE:
        return str(obj.institute)
    return str(ScopeKind.NATIONAL.label)


def scope_key(scope_kind: str, region_id: int | None = None, institute_id: int | None = None) -> str:
    """A single text key per scope, so that "one observation per scope and quarter" is one constraint."""
    if scope_kind == ScopeKind.REGION:
        return f"region:{region_id}"
    if scope_kind == ScopeKind.INSTITUTE:
        return f"institute:{institute_id}"
    return "national"


class ObservationQuerySet(models.QuerySet["Observation"]):
    def counted(self) -> "ObservationQuerySet":
        """What the dashboard and reports show: computed values, and reported ones the hub validated."""
        return self.filter(Q(kind=Indicator.Kind.COMPUTED) | Q(validated_at__isnull=False))


class Observation(ScopedFigure):
    """The value of an indicator for a scope at the end of a quarter.

    Kept per quarter, so the dashboard can show any past quarter and a report made later gives the same
    numbers. A computed observation is written by the quarterly computation; a reported one is entered with
    its evidence and counts only once validated by the hub.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="observations"
    )
    scope_key = models.CharField(_("scope key"), max_length=40, editable=False)
    period = models.CharField(_("quarter"), max_length=7, validators=[QUARTER_FORMAT])
    period_end = models.DateField(_("end of the quarter"))
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)
    numerator = models.DecimalField(_("numerator"), max_digits=24, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(
        _("denominator"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    people = models.PositiveIntegerField(
        _("people counted"),
        null=True,
        blank=True,
        help_text=_("The smallest group of people the figure reveals; public outputs suppress it under 5."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Indicator.Kind.choices)
    evidence_url = models.URLField(_("evidence (link)"), max_length=500, blank=True)
    evidence_note = models.TextField(_("evidence (description)"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_at = models.DateTimeField(_("validated on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    history = HistoricalRecords()

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["indicator__code", "period", "scope_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "scope_key"], name="observation_unique_scope"
            ),
            models.CheckConstraint(
                name="observation_scope_matches",
                condition=SCOPE_MATCHES,
                violation_error_message=_(
                    "An observation names the region or institute of its scope, nothing else."
                ),
            ),
        ]
        indexes = [models.Index(fields=["period", "scope_kind", "indicator"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {scope_label(self)} · {self.period}: {self.value}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.scope_key = scope_key(self.scope_kind, self.region_id, self.institute_id)
        self.period_end = Quarter.parse(self.period).end
        super().save(*args, **kwargs)

    @property
    def is_counted(self) -> bool:
        return self.kind == Indicator.Kind.COMPUTED or self.validated_at is not None


class InstituteReport(TimeStampedModel):
    """An institute's quarterly report to the hub: a narrative and its indicators, computed.

    The institute's manager submits it; the hub validates it or returns it with comments. It is due
    `DUE_DAYS` days after the end of its quarter; one not submitted by then is overdue.
    """

    DUE_DAYS: ClassVar[int] = 30

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned with comments")
        VALIDATED = "validated", _("Validated")

    institute = models.ForeignKey(
        Institute, verbose_name=_("institute"), on_delete=models.CASCADE, related_name="quarterly_reports"
    )
    period = models.CharField(_("quarter"), max_length=7, validators=[QUARTER_FORMAT])
    narrative = models.TextField(_("narrative"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)
    review_comment = models.TextField(_("comments of the hub"), blank=True)
    reminded_at = models.DateTimeField(_("last reminded on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    history = HistoricalRecords()

    scope_paths: ClassVar[dict[str, str]] = {"institute": "institute", "region": "institute__region"}

    class Meta:
        verbose_name = _("institute quarterly report")
        verbose_name_plural = _("institute quarterly reports")
        ordering = ["-period", "institute__slug"]
        constraints = [
            models.UniqueConstraint(fields=["institute", "period"], name="institute_report_once_per_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.institute} · {self.period}"

    @property
    def quarter(self) -> Quarter:
        return Quarter.parse(self.period)

    @property
    def due_date(self) -> date:
        return self.quarter.end + timedelta(days=self.DUE_DAYS)

    def is_overdue(self, today: date) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED) and today > self.due_date
