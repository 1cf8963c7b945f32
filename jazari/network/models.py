"""The network registry: regions, institutes, organisations, people and their affiliations.

Each scoped model declares `scope_paths` — how to get from one of its rows to a region, an institute or an
organisation — which `jazari.accounts.permissions` uses for object checks and for filtering lists.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jazari.core.models import MultilingualNameModel, PublicIdModel, Skill, Theme, TimeStampedModel
from jazari.core.search import search_text
from jazari.core.validators import PLAIN_TEXT


class Region(MultilingualNameModel, TimeStampedModel):
    """One of the 12 regions of the 2015 division (ISO 3166-2:MA codes MA-01 … MA-12)."""

    code = models.CharField(_("ISO code"), max_length=5, unique=True, validators=PLAIN_TEXT)
    capital = models.CharField(_("capital"), max_length=100)
    capital_lat = models.DecimalField(_("capital latitude"), max_digits=8, decimal_places=4)
    capital_lon = models.DecimalField(_("capital longitude"), max_digits=8, decimal_places=4)
    population_2024 = models.PositiveIntegerField(_("population (2024 census)"))
    history = HistoricalRecords()

    scope_paths: ClassVar[dict[str, str]] = {"region": "pk"}

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def get_absolute_url(self) -> str:
        return reverse("network:region_detail", kwargs={"code": self.code})

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Organisation(PublicIdModel, TimeStampedModel):
    """A university, company, administration or other body that works with the network."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        SCHOOL = "school", _("School")
        RESEARCH_CENTRE = "research_centre", _("Research centre")
        COMPANY = "company", _("Company")
        STARTUP = "startup", _("Startup")
        SME = "sme", _("Small or medium enterprise")
        COOPERATIVE = "cooperative", _("Cooperative")
        PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        REGIONAL_COUNCIL = "regional_council", _("Regional council")
        INTERNATIONAL_PARTNER = "international_partner", _("International partner")
        NGO = "ngo", _("Non-governmental organisation")
        INVESTOR = "investor", _("Investor")
        OTHER = "other", _("Other")

    class SizeBand(models.TextChoices):
        MICRO = "micro", _("1–9 people")
        SMALL = "small", _("10–49 people")
        MEDIUM = "medium", _("50–249 people")
        LARGE = "large", _("250 people or more")

    class NetworkRole(models.TextChoices):
        NONE = "", _("Not a member")
        FOUNDING_MEMBER = "founding_member", _("Founding member")
        PARTNER = "partner", _("Partner")
        ASSOCIATE = "associate", _("Associate")

    name = models.CharField(_("name"), max_length=250, validators=PLAIN_TEXT)
    name_ar = models.CharField(_("name (Arabic)"), max_length=250, blank=True, validators=PLAIN_TEXT)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True, validators=PLAIN_TEXT)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    sector = models.ForeignKey(
        Theme, verbose_name=_("sector"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    network_role = models.CharField(
        _("role in the network"), max_length=20, choices=NetworkRole.choices, blank=True, default=""
    )
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    history = HistoricalRecords(excluded_fields=["search_text"])

    scope_paths: ClassVar[dict[str, str]] = {"organisation": "pk", "region": "region"}

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        # Lists filter by region and sort by name: one index serves both.
        indexes = [models.Index(fields=["region", "kind"]), models.Index(fields=["region", "name"])]
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="organisation_unique_name_region")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        """Keep the normalised search column in step (bulk inserts call this themselves)."""
        self.search_text = search_text(self.name, self.name_ar, self.acronym, self.city)


class Institute(MultilingualNameModel, TimeStampedModel):
    """A node of the network: the hub (JAZARI ROOT), a regional or thematic institute, or a lab."""

    class Kind(models.TextChoices):
        HUB = "hub", _("Hub")
        REGIONAL_INSTITUTE = "regional_institute", _("Regional institute")
        THEMATIC_INSTITUTE = "thematic_institute", _("Thematic institute")
        LAB = "lab", _("Lab")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
        LAUNCHED = "launched", _("Launched")
        OPERATIONAL = "operational", _("Operational")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="institutes"
    )
    city = models.CharField(_("city"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=4, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    status_date = models.DateField(_("status since"), null=True, blank=True)
    focus = models.TextField(_("focus areas"), blank=True, help_text=_("As announced, one per line."))
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="institutes")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    organisations: models.ManyToManyField[Organisation, "InstitutePartnership"] = models.ManyToManyField(
        Organisation,
        verbose_name=_("host and partner organisations"),
        through="InstitutePartnership",
        blank=True,
        related_name="institutes",
    )
    contact_email = models.EmailField(_("contact email"), blank=True, validators=PLAIN_TEXT)
    website = models.URLField(_("website"), blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    history = HistoricalRecords(m2m_fields=[themes], excluded_fields=["search_text"])

    scope_paths: ClassVar[dict[str, str]] = {"institute": "pk", "region": "region"}

    class Meta:
        verbose_name = _("institute")
        verbose_name_plural = _("institutes")
        ordering = ["region__code", "slug"]

    def get_absolute_url(self) -> str:
        return reverse("network:institute_detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        self.search_text = search_text(
            self.name_fr, self.name_ar, self.name_en, self.name_zgh, self.slug, self.city, self.focus
        )


class InstitutePartnership(TimeStampedModel):
    """An organisation that hosts or partners with an institute."""

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        PARTNER = "partner", _("Partner")
        FUNDER = "funder", _("Funder")

    institute = models.ForeignKey(
        Institute, verbose_name=_("institute"), on_delete=models.CASCADE, related_name="partnerships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="partnerships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    history = HistoricalRecords()

    scope_paths: ClassVar[dict[str, str]] = {"institute": "institute", "region": "institute__region"}

    class Meta:
        verbose_name = _("institute partnership")
        verbose_name_plural = _("institute partnerships")
        constraints = [
            models.UniqueConstraint(fields=["institute", "organisation"], name="partnership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.institute} ({self.get_role_display()})"


class PersonQuerySet(models.QuerySet["Person"]):
    def public(self) -> "PersonQuerySet":
        """People who consented to a public profile: the only ones an anonymous visitor may see."""
        return self.filter(consent_public_profile=True)


class Person(PublicIdModel, TimeStampedModel):
    """A researcher, expert, trainee or staff member. Minimal data (law 09-08): no ID number, no health data.

    A person may exist without an account (a trainee registered by an institute).
    """

    class Gender(models.TextChoices):
        UNDISCLOSED = "", _("Not given")
        FEMALE = "female", _("Woman")
        MALE = "male", _("Man")

    given_name = models.CharField(_("given name"), max_length=100, validators=PLAIN_TEXT)
    family_name = models.CharField(_("family name"), max_length=100, validators=PLAIN_TEXT)
    given_name_ar = models.CharField(
        _("given name (Arabic script)"), max_length=100, blank=True, validators=PLAIN_TEXT
    )
    family_name_ar = models.CharField(
        _("family name (Arabic script)"), max_length=100, blank=True, validators=PLAIN_TEXT
    )
    gender = models.CharField(
        _("gender (self-declared)"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        default="",
        help_text=_("Optional; used only for parity statistics."),
    )
    email = models.EmailField(_("email address"), blank=True, validators=PLAIN_TEXT)
    # No index of its own: the (region, consent_public_profile) index serves lookups by region.
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        db_index=False,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="people")
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="people")
    keywords = models.CharField(_("expertise keywords"), max_length=300, blank=True)
    languages = models.CharField(
        _("languages spoken"),
        max_length=60,
        blank=True,
        help_text=_("Language codes separated by spaces, e.g. ar fr en."),
    )
    consent_public_profile = models.BooleanField(_("public profile"), default=False)
    consent_public_profile_at = models.DateTimeField(_("public profile consented on"), null=True, blank=True)
    consent_contactable = models.BooleanField(_("may be contacted"), default=False)
    consent_contactable_at = models.DateTimeField(_("contact consented on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    history = HistoricalRecords(m2m_fields=[skills, themes], excluded_fields=["search_text"])

    objects = PersonQuerySet.as_manager()

    scope_paths: ClassVar[dict[str, str]] = {
        "institute": "affiliations__institute",
        "organisation": "affiliations__organisation",
        "region": "region",
    }

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["region", "consent_public_profile"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name_ar(self) -> str:
        return f"{self.given_name_ar} {self.family_name_ar}".strip()

    def save(self, *args: object, **kwargs: object) -> None:
        # Consent is recorded with its time, and withdrawing it clears the time.
        now = timezone.now()
        for flag in ("public_profile", "contactable"):
            given = getattr(self, f"consent_{flag}")
            stamp = f"consent_{flag}_at"
            if given and getattr(self, stamp) is None:
                setattr(self, stamp, now)
            elif not given:
                setattr(self, stamp, None)
        self.refresh_search_text()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def refresh_search_text(self) -> None:
        self.search_text = search_text(
            self.given_name, self.family_name, self.given_name_ar, self.family_name_ar, self.keywords
        )


class Affiliation(TimeStampedModel):
    """A person's tie to an organisation or an institute, with a role and dates."""

    class Role(models.TextChoices):
        DIRECTOR = "director", _("Director")
        STAFF = "staff", _("Staff")
        RESEARCHER = "researcher", _("Researcher")
        ENGINEER = "engineer", _("Engineer")
        TRAINER = "trainer", _("Trainer")
        STUDENT = "student", _("Student")
        TRAINEE = "trainee", _("Trainee")
        EMPLOYEE = "employee", _("Employee")
        ASSOCIATE = "associate", _("Associate")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="affiliations",
    )
    institute = models.ForeignKey(
        Institute,
        verbose_name=_("institute"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="affiliations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    history = HistoricalRecords()

    scope_paths: ClassVar[dict[str, str]] = {
        "institute": "institute",
        "organisation": "organisation",
        "region": "person__region",
    }

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["person", "-start_date"]
        constraints = [
            models.CheckConstraint(
                name="affiliation_one_body",
                condition=Q(organisation__isnull=False, institute__isnull=True)
                | Q(organisation__isnull=True, institute__isnull=False),
                violation_error_message=_(
                    "An affiliation names either an organisation or an institute, not both."
                ),
            ),
            models.CheckConstraint(
                name="affiliation_dates_in_order",
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                violation_error_message=_("The end date cannot come before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.institute or self.organisation}"
