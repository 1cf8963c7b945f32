"""Writes on needs: submitting, moving through the statuses, renewal and expiry.

Every change runs in one transaction and is recorded by the history; the submitter is told by email after
the transaction commits.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jazari.core.models import Theme
from jazari.needs.models import Need
from jazari.network.models import Region


class NeedChangeRefused(ValueError):
    """A status change that the need's current status does not allow, with a reason people can act on."""


def need_submit(
    *,
    title: str,
    description: str,
    kind: str,
    organisation_name: str,
    organisation_kind: str,
    contact_name: str,
    contact_email: str,
    region: Region,
    themes: Any = (),
    urgency: str = Need.Urgency.MEDIUM,
    budget_band: str = "",
    language: str = "fr",
    submitted_by: Any = None,
    base_url: str = "",
) -> Need:
    """Record a need with the submitter's consent (given by submitting the form) and send the private link."""
    with transaction.atomic():
        need = Need.objects.create(
            title=title,
            description=description,
            kind=kind,
            organisation_name=organisation_name,
            organisation_kind=organisation_kind,
            contact_name=contact_name,
            contact_email=contact_email,
            region=region,
            urgency=urgency,
            budget_band=budget_band,
            language=language,
            consent_at=timezone.now(),
            submitted_by=submitted_by if getattr(submitted_by, "is_authenticated", False) else None,
        )
        need.themes.set(list(themes))
        transaction.on_commit(lambda: _tell_submitter(need, base_url, received=True))
    return need


def _tell_submitter(need: Need, base_url: str, received: bool = False) -> None:
    with translation.override(need.language):
        if received:
            subject = _("Your need “%(title)s” was received") % {"title": need.title}
        else:
            subject = _("Your need “%(title)s” is now: %(status)s") % {
                "title": need.title,
                "status": need.get_status_display(),
            }
        body = _(
            "Follow your need and keep it open through this private link (do not share it):\n%(link)s"
        ) % {"link": f"{base_url}{need.get_absolute_url()}"}
        send_mail(subject, body, None, [need.contact_email])


def need_change_status(
    *, need: Need, status: str, note: str = "", base_url: str = "", notify: bool = True
) -> Need:
    """Move a need to `status` if its current status allows it; dates follow the status."""
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        if need.status == status:
            return need
        if not need.may_become(status):
            raise NeedChangeRefused(
                _("A need that is “%(current)s” cannot become “%(wanted)s”.")
                % {"current": need.get_status_display(), "wanted": Need.Status(status).label}
            )
        now = timezone.now()
        need.status = status
        if status == Need.Status.QUALIFIED and need.qualified_at is None:
            need.qualified_at = now
        if status == Need.Status.ASSIGNED:
            need.qualified_at = need.qualified_at or now
            need.assigned_at = now
        if status in (Need.Status.SOLVED, Need.Status.CLOSED, Need.Status.REJECTED):
            need.closed_at = now
        if note:
            need.hub_note = f"{need.hub_note}\n{note}".strip()
        need.save()
        if notify:
            transaction.on_commit(lambda: _tell_submitter(need, base_url))
    return need


def need_renew(*, need: Need) -> Need:
    """Keep an open need for another `NEED_VALIDITY_DAYS` from today."""
    if not need.is_open:
        raise NeedChangeRefused(_("Only an open need can be renewed."))
    need.expires_on = timezone.localdate() + timedelta(days=settings.NEED_VALIDITY_DAYS)
    need.renewed_at = timezone.now()
    need.save(update_fields=["expires_on", "renewed_at", "updated_at", "search_text"])
    return need


def needs_expire(*, today: Any = None) -> int:
    """Close the open needs whose expiry date has passed; returns how many were closed."""
    closed = 0
    for need in Need.objects.expired(today).order_by("pk").iterator():
        need_change_status(
            need=need, status=Need.Status.CLOSED, note=_("Expired without renewal."), notify=False
        )
        closed += 1
    return closed


def themes_from_codes(codes: list[str]) -> list[Theme]:
    return list(Theme.objects.filter(code__in=codes))
