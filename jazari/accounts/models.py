"""People who sign in, and what they may do: roles held in a scope (national, region, institute,
organisation)."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jazari.core.models import TimeStampedModel
from jazari.core.validators import PLAIN_TEXT


class UserManager(DjangoUserManager["User"]):
    """Users are identified by their email address; there is no user name."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":  # type: ignore[override]
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":  # type: ignore[override]
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An account. Personal data beyond the email address lives on `network.Person`, if anywhere."""

    username = None  # type: ignore[assignment]
    first_name = models.CharField(_("first name"), max_length=150, blank=True, validators=PLAIN_TEXT)
    last_name = models.CharField(_("last name"), max_length=150, blank=True, validators=PLAIN_TEXT)
    email = models.EmailField(_("email address"), unique=True, validators=PLAIN_TEXT)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MANAGER = "manager", _("Manager")
    EDITOR = "editor", _("Editor")
    MEMBER = "member", _("Member")
    VIEWER = "viewer", _("Viewer")
    AUDITOR = "auditor", _("Auditor")


class ScopeKind(models.TextChoices):
    NATIONAL = "national", _("National")
    REGION = "region", _("Region")
    INSTITUTE = "institute", _("Institute")
    ORGANISATION = "organisation", _("Organisation")


class Membership(TimeStampedModel):
    """A role held by a user in a scope: the hub (national), a region, an institute or an organisation.

    What a role allows is decided in one place, `jazari.accounts.permissions`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    scope_kind = models.CharField(_("scope"), max_length=20, choices=ScopeKind.choices)
    region = models.ForeignKey(
        "network.Region", verbose_name=_("region"), on_delete=models.CASCADE, null=True, blank=True
    )
    institute = models.ForeignKey(
        "network.Institute", verbose_name=_("institute"), on_delete=models.CASCADE, null=True, blank=True
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "scope_kind", "role"]
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_kind",
                condition=(
                    models.Q(scope_kind="national", region=None, institute=None, organisation=None)
                    | models.Q(scope_kind="region", region__isnull=False, institute=None, organisation=None)
                    | models.Q(
                        scope_kind="institute", region=None, institute__isnull=False, organisation=None
                    )
                    | models.Q(
                        scope_kind="organisation", region=None, institute=None, organisation__isnull=False
                    )
                ),
            ),
            # One membership per user, role and scope (written per scope kind: NULLs are never equal).
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(scope_kind="national"),
                name="membership_unique_national",
            ),
            models.UniqueConstraint(fields=["user", "role", "region"], name="membership_unique_region"),
            models.UniqueConstraint(fields=["user", "role", "institute"], name="membership_unique_institute"),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="membership_unique_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope_label}"

    @property
    def scope_id(self) -> int | None:
        return {
            ScopeKind.REGION: self.region_id,
            ScopeKind.INSTITUTE: self.institute_id,
            ScopeKind.ORGANISATION: self.organisation_id,
        }.get(ScopeKind(self.scope_kind))

    @property
    def scope_label(self) -> str:
        scope = self.region or self.institute or self.organisation
        return str(scope) if scope else str(ScopeKind.NATIONAL.label)

    def clean(self) -> None:
        expected = {
            ScopeKind.NATIONAL: None,
            ScopeKind.REGION: "region",
            ScopeKind.INSTITUTE: "institute",
            ScopeKind.ORGANISATION: "organisation",
        }[ScopeKind(self.scope_kind)]
        for field in ("region", "institute", "organisation"):
            filled = getattr(self, f"{field}_id") is not None
            label = getattr(self._meta.get_field(field), "verbose_name", field)
            if field == expected and not filled:
                raise ValidationError(
                    {field: _("Choose the %(scope)s of this membership.") % {"scope": label}}
                )
            if field != expected and filled:
                raise ValidationError(
                    {field: _("A membership of this scope cannot name a %(field)s.") % {"field": label}}
                )


API_TOKEN_DEFAULT_DAYS = 90
API_TOKEN_MAX_DAYS = 365


def api_token_default_expiry() -> datetime:
    return timezone.now() + timedelta(days=API_TOKEN_DEFAULT_DAYS)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> "ApiTokenQuerySet":
        """Tokens that still open the API: neither revoked nor expired, held by an active account."""
        return self.filter(revoked_at=None, expires_at__gt=timezone.now(), user__is_active=True)


class ApiToken(models.Model):
    """A personal API token: lets a script call the API as its owner, with the owner's rights.

    The token is `jz_<prefix>_<secret>`. It is shown once, when created; only the prefix (to recognise it
    in lists) and a SHA-256 hash of the secret are kept. Every token expires; its owner may revoke it.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the script that uses it."),
        validators=PLAIN_TEXT,
    )
    prefix = models.CharField(
        _("prefix"), max_length=8, help_text=_("The start of the token, to recognise it; not a secret.")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=api_token_default_expiry)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # The last use changes every minute a script runs: it is not worth a history row.
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} (jz_{self.prefix}…)"

    @property
    def status(self) -> "ApiToken.Status":
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    def clean(self) -> None:
        created = self.created_at or timezone.now()
        if self.expires_at and self.expires_at > created + timedelta(days=API_TOKEN_MAX_DAYS):
            raise ValidationError(
                {"expires_at": _("A token lasts at most %(days)s days.") % {"days": API_TOKEN_MAX_DAYS}}
            )
