"""Building blocks shared by every app: timestamps, public identifiers, names in four languages,
the taxonomies (themes, skills) and the Job record of long-running work."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jazari.core.i18n import localized
from jazari.core.validators import PLAIN_TEXT


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class PublicIdModel(models.Model):
    """A random identifier safe to show in URLs and exports, unlike the sequential primary key."""

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class MultilingualNameModel(models.Model):
    """A name in Arabic, Amazigh (Tifinagh), French and English; see `jazari.core.i18n` for the fallback."""

    name_fr = models.CharField(_("name (French)"), max_length=200, validators=PLAIN_TEXT)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True, validators=PLAIN_TEXT)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True, validators=PLAIN_TEXT)
    name_zgh = models.CharField(_("name (Amazigh)"), max_length=200, blank=True, validators=PLAIN_TEXT)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Taxonomy(MultilingualNameModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Theme(Taxonomy):
    """An application domain of AI (agriculture, water, health, ...), shared by every app."""

    history = HistoricalRecords()

    class Meta(Taxonomy.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Skill(Taxonomy):
    """An AI or data skill used by trainings and expertise profiles (NLP, computer vision, MLOps, ...)."""

    history = HistoricalRecords()

    class Meta(Taxonomy.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class Job(PublicIdModel, TimeStampedModel):
    """A long-running piece of work (import, certificates, report, evaluation) done by the job worker.

    Its progress is shown to its owner by the progress-bar partial, which polls it with htmx.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="jobs",
        null=True,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    messages = models.JSONField(_("messages"), default=list, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    result_url = models.CharField(_("link to the result"), max_length=500, blank=True)
    error = models.TextField(_("reason of the failure"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("core:job_detail", kwargs={"public_id": self.public_id})

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}


class DemoDataset(models.Model):
    """The synthetic demo data currently in the database: which scale and seed made it, and what it holds.

    Written by `jazari seed`; seeding the same scale and seed again is skipped unless forced.
    """

    scale = models.CharField(_("scale"), max_length=20)
    seed = models.BigIntegerField(_("seed"))
    counts = models.JSONField(_("rows created"), default=dict, blank=True)
    created_at = models.DateTimeField(_("seeded on"), auto_now_add=True)

    class Meta:
        verbose_name = _("demo dataset")
        verbose_name_plural = _("demo datasets")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.scale} (seed {self.seed})"
