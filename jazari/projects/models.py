"""Joint projects of the network: components, prototypes, proofs of concept, pilots and products, with
their participants, the stage gates that move them forward, and their deliverables (versions, files and
reviews). A Match records the hub's assignment of a need to an institute, an expert, a project or an
organisation.

A project changes stage, and its TRL changes, only through a recorded StageGate decision
(`services.project_change_stage`): `stage` and `trl` are not editable anywhere else.
"""

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jazari.core.models import PublicIdModel, Theme, TimeStampedModel
from jazari.core.search import search_text
from jazari.core.validators import PLAIN_TEXT
from jazari.needs.models import Need
from jazari.network.models import Institute, Organisation, Person, Region

TRL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(9)]


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    FEASIBILITY = "feasibility", _("Feasibility")
    PROOF_OF_CONCEPT = "proof_of_concept", _("Proof of concept")
    PROTOTYPE = "prototype", _("Prototype")
    PILOT = "pilot", _("Pilot")
    DEPLOYMENT = "deployment", _("Deployment")
    CLOSED = "closed", _("Closed")


STAGE_ORDER: list[str] = list(Stage.values)


class Licence(models.TextChoices):
    NONE = "", _("Not decided")
    APACHE_2 = "Apache-2.0", "Apache 2.0"
    MIT = "MIT", "MIT"
    GPL_3 = "GPL-3.0", "GPL 3.0"
    AGPL_3 = "AGPL-3.0", "AGPL 3.0"
    CC_BY_4 = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA_4 = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    PROPRIETARY = "proprietary", _("Proprietary")


class ProjectQuerySet(models.QuerySet["Project"]):
    def public(self) -> "ProjectQuerySet":
        return self.filter(is_public=True)


class Project(PublicIdModel, TimeStampedModel):
    """Joint development work led by an institute, with partners, answering needs, moving through stages."""

    class Kind(models.TextChoices):
        COMPONENT = "component", _("Reusable component")
        PROTOTYPE = "prototype", _("Prototype")
        PROOF_OF_CONCEPT = "proof_of_concept", _("Proof of concept")
        PILOT = "pilot", _("Pilot")
        PRODUCT = "product", _("Product")

    title = models.CharField(_("title"), max_length=250, validators=PLAIN_TEXT)
    title_ar = models.CharField(_("title (Arabic)"), max_length=250, blank=True, validators=PLAIN_TEXT)
    summary = models.TextField(_("summary"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    lead_institute = models.ForeignKey(
        Institute, verbose_name=_("lead institute"), on_delete=models.PROTECT, related_name="projects"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="projects",
        editable=False,
        help_text=_("The lead institute's region."),
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="projects")
    needs = models.ManyToManyField(
        Need, verbose_name=_("needs it answers"), blank=True, related_name="projects"
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA, editable=False
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"), default=1, validators=TRL_VALIDATORS, editable=False
    )
    target_trl = models.PositiveSmallIntegerField(_("target TRL"), default=6, validators=TRL_VALIDATORS)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    budget_mad = models.DecimalField(
        _("budget (MAD)"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, blank=True, default="")
    source_url = models.URLField(_("source repository"), blank=True)
    is_open_source = models.BooleanField(_("open source"), default=False)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown in the public catalogue with its public deliverables.")
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    history = HistoricalRecords(m2m_fields=[themes, needs], excluded_fields=["search_text"])

    objects = ProjectQuerySet.as_manager()

    scope_paths: ClassVar[dict[str, str]] = {"institute": "lead_institute", "region": "region"}

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["is_public", "-created_at"]),
            models.Index(fields=["lead_institute", "stage"]),
            models.Index(fields=["region", "stage"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="project_ends_after_start",
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                violation_error_message=_("A project cannot end before it starts."),
            ),
            models.CheckConstraint(
                name="project_trl_range",
                condition=Q(trl__gte=1, trl__lte=9, target_trl__gte=1, target_trl__lte=9),
                violation_error_message=_("A TRL lies between 1 and 9."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.lead_institute_id and (self.region_id is None or self._lead_changed()):
            self.region_id = Institute.objects.values_list("region_id", flat=True).get(
                pk=self.lead_institute_id
            )
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def _lead_changed(self) -> bool:
        if self.pk is None:
            return True
        return not Project.objects.filter(pk=self.pk, lead_institute_id=self.lead_institute_id).exists()

    def refresh_search_text(self) -> None:
        self.search_text = search_text(self.title, self.title_ar, self.summary[:500])

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", kwargs={"public_id": self.public_id})

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)


class Participant(TimeStampedModel):
    """An institute, organisation or person taking part in a project, with a role."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        PARTNER = "partner", _("Partner")
        END_USER = "end_user", _("End user")
        FUNDER = "funder", _("Funder")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="participants"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    institute = models.ForeignKey(
        Institute,
        verbose_name=_("institute"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="project_participations",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    scope_paths: ClassVar[dict[str, str]] = {
        "institute": "project__lead_institute",
        "region": "project__region",
    }

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["project", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                name="participant_names_someone",
                condition=Q(institute__isnull=False)
                | Q(organisation__isnull=False)
                | Q(person__isnull=False),
                violation_error_message=_("A participant is an institute, an organisation or a person."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.institute or self.organisation or self.person} ({self.get_role_display()})"


class DeliverableQuerySet(models.QuerySet["Deliverable"]):
    def public(self) -> "DeliverableQuerySet":
        """Published public deliverables of public projects (or of no project): downloadable by anyone."""
        return self.filter(status=Deliverable.Status.PUBLISHED, is_public=True).filter(
            Q(project__isnull=True) | Q(project__is_public=True)
        )

    def overdue(self) -> "DeliverableQuerySet":
        return self.filter(status__in=Deliverable.UNFINISHED, due_on__lt=timezone.localdate())


class Deliverable(PublicIdModel, TimeStampedModel):
    """A technical or methodological result (report, dataset, model, software...) of a project, an institute
    or the lab, with its versions and its review. Nobody reviews their own work."""

    class Kind(models.TextChoices):
        TECHNICAL = "technical", _("Technical")
        METHODOLOGICAL = "methodological", _("Methodological")
        DATASET = "dataset", _("Dataset")
        MODEL = "model", _("Model")
        SOFTWARE = "software", _("Software")
        REPORT = "report", _("Report")
        TRAINING_MATERIAL = "training_material", _("Training material")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    UNFINISHED: ClassVar[tuple[str, ...]] = (Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED)
    EVIDENCE: ClassVar[tuple[str, ...]] = (Status.APPROVED, Status.PUBLISHED)

    title = models.CharField(_("title"), max_length=250, validators=PLAIN_TEXT)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliverables",
    )
    institute = models.ForeignKey(
        Institute,
        verbose_name=_("institute"),
        on_delete=models.PROTECT,
        related_name="deliverables",
        help_text=_("The institute or lab responsible; for a project deliverable, its lead institute."),
    )
    description = models.TextField(_("description"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("authors"), blank=True, related_name="authored_deliverables"
    )
    is_public = models.BooleanField(
        _("public once published"),
        default=False,
        help_text=_("Internal deliverables are never downloadable by visitors."),
    )
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    history = HistoricalRecords(m2m_fields=[authors], excluded_fields=["search_text"])

    objects = DeliverableQuerySet.as_manager()

    scope_paths: ClassVar[dict[str, str]] = {"institute": "institute", "region": "institute__region"}

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["institute", "status", "due_on"]),
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search_text(self.title, self.description[:300])
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("projects_workspace:deliverable", kwargs={"public_id": self.public_id})

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in self.UNFINISHED and self.due_on is not None and self.due_on < timezone.localdate()
        )

    def is_author(self, user: Any) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        cached = getattr(self, "_prefetched_objects_cache", {}).get("authors")
        if cached is not None:
            return any(author.pk == user.pk for author in cached)
        return self.authors.filter(pk=user.pk).exists()


def deliverable_file_name(instance: "DeliverableVersion", filename: str) -> str:
    """A random name: nothing in it can be guessed from the project, the deliverable or the original name."""
    return f"deliverables/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}"


def _deliverable_storage() -> Any:
    return storages["deliverables"]


class DeliverableVersion(TimeStampedModel):
    """One uploaded file of a deliverable. Its type was checked from its content when it was uploaded."""

    deliverable = models.ForeignKey(
        Deliverable, verbose_name=_("deliverable"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(
        _("file"), upload_to=deliverable_file_name, storage=_deliverable_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200, validators=PLAIN_TEXT)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    scope_paths: ClassVar[dict[str, str]] = {
        "institute": "deliverable__institute",
        "region": "deliverable__institute__region",
    }

    class Meta:
        verbose_name = _("deliverable version")
        verbose_name_plural = _("deliverable versions")
        ordering = ["deliverable", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["deliverable", "number"], name="deliverable_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deliverable} v{self.number}"

    def get_download_url(self) -> str:
        return reverse(
            "projects:download", kwargs={"public_id": self.deliverable.public_id, "number": self.number}
        )


class DeliverableReview(TimeStampedModel):
    """A reviewer's decision on a submitted deliverable. A reviewer is never one of its authors."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    deliverable = models.ForeignKey(
        Deliverable, verbose_name=_("deliverable"), on_delete=models.CASCADE, related_name="reviews"
    )
    version = models.ForeignKey(
        DeliverableVersion,
        verbose_name=_("version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="deliverable_reviews",
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    scope_paths: ClassVar[dict[str, str]] = {
        "institute": "deliverable__institute",
        "region": "deliverable__institute__region",
    }

    class Meta:
        verbose_name = _("deliverable review")
        verbose_name_plural = _("deliverable reviews")
        ordering = ["deliverable", "created_at"]

    def __str__(self) -> str:
        return f"{self.deliverable}: {self.get_decision_display()}"


class StageGate(TimeStampedModel):
    """The record of one stage decision of a project: from which stage to which, approved, rejected or
    deferred, by whom, on what evidence. The project's stage and TRL history is this table."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DEFERRED = "deferred", _("Deferred")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="gates"
    )
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Stage.choices)
    from_trl = models.PositiveSmallIntegerField(_("TRL before"), validators=TRL_VALIDATORS)
    to_trl = models.PositiveSmallIntegerField(_("TRL asked"), validators=TRL_VALIDATORS)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    # Kept when the account is later removed: the decision stays on record.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided on"), default=timezone.now)
    evidence = models.ManyToManyField(
        Deliverable, verbose_name=_("evidence (approved deliverables)"), blank=True, related_name="gates"
    )
    note = models.TextField(_("reasons"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    history = HistoricalRecords(m2m_fields=[evidence])

    scope_paths: ClassVar[dict[str, str]] = {
        "institute": "project__lead_institute",
        "region": "project__region",
    }

    class Meta:
        verbose_name = _("stage gate")
        verbose_name_plural = _("stage gates")
        ordering = ["project", "decided_at", "pk"]
        indexes = [models.Index(fields=["decision", "to_stage"])]

    def __str__(self) -> str:
        moved = f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"
        return f"{self.project}: {moved} ({self.get_decision_display()})"


class Match(TimeStampedModel):
    """A link between a need and who may answer it: an institute, an expert, a project or an organisation,
    with a plain-language note of why. For now the hub makes them by hand (score empty)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="matches")
    institute = models.ForeignKey(
        Institute,
        verbose_name=_("institute"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="need_matches",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="need_matches",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="need_matches",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="need_matches",
    )
    note = models.TextField(_("why"), help_text=_("In plain language: why this answer fits the need."))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACCEPTED)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    history = HistoricalRecords()

    scope_paths: ClassVar[dict[str, str]] = {"institute": "institute", "region": "need__region"}

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["need", "created_at"]
        constraints = [
            models.CheckConstraint(
                name="match_names_an_answer",
                condition=Q(institute__isnull=False)
                | Q(person__isnull=False)
                | Q(project__isnull=False)
                | Q(organisation__isnull=False),
                violation_error_message=_(
                    "A match names an institute, an expert, a project or an organisation."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.need} → {self.answer}"

    @property
    def answer(self) -> Any:
        return self.institute or self.project or self.organisation or self.person
