"""Public pages of needs: the "submit a challenge" form and the submitter's private follow page."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jazari.core.middleware import private_link
from jazari.core.ratelimit import RateLimit
from jazari.needs.forms import NeedSubmitForm
from jazari.needs.models import Need
from jazari.needs.services import NeedChangeRefused, need_renew, need_submit

SUBMISSIONS = RateLimit("needs.submit", limit=lambda: settings.NEED_SUBMISSIONS_PER_HOUR)


def need_submit_view(request: HttpRequest) -> HttpResponse:
    """Anyone may submit a need; a honeypot field and a per-address rate limit hold spam off."""
    form = NeedSubmitForm(request.POST or None)
    status = 200
    if request.method == "POST":
        valid = form.is_valid()
        # Only a valid submission uses one of the hour's slots; a client with none left is told so at once.
        if SUBMISSIONS.exhausted(request) or (valid and not SUBMISSIONS.take(request)):
            form.add_error(
                None,
                _("Too many needs were sent from your connection in the last hour; please try again later."),
            )
            status = 429
        elif valid:
            data = form.cleaned_data
            if data["website"]:
                # A robot filled the hidden field: pretend all went well, keep nothing.
                messages.success(request, _("Thank you: your need was received."))
                return redirect("needs:submit")
            need = need_submit(
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                organisation_name=data["organisation_name"],
                organisation_kind=data["organisation_kind"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                region=data["region"],
                themes=data["themes"],
                urgency=data["urgency"],
                budget_band=data["budget_band"] or "",
                language=translation.get_language() or "fr",
                submitted_by=request.user,
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
            messages.success(
                request,
                _(
                    "Thank you: your need was received. Keep this page's address to follow it; "
                    "we also sent it by email."
                ),
            )
            return redirect(need.get_absolute_url())
        else:
            status = 400
    return render(request, "needs/submit.html", {"form": form}, status=status)


def _need(token: str) -> Need:
    return get_object_or_404(Need.objects.select_related("region"), follow_token=token)


@private_link
def need_follow(request: HttpRequest, token: str) -> HttpResponse:
    """The submitter's private page: status, expiry, who it was assigned to, the projects answering it."""
    need = _need(token)
    return render(
        request,
        "needs/follow.html",
        {
            "need": need,
            "matches": need.matches.select_related("institute", "organisation", "project").order_by(
                "created_at"
            ),
            "projects": need.projects.select_related("lead_institute").order_by("created_at"),
        },
    )


@private_link
@require_POST
def need_renew_view(request: HttpRequest, token: str) -> HttpResponse:
    need = _need(token)
    try:
        need_renew(need=need)
    except NeedChangeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Your need stays open until %(date)s.") % {"date": need.expires_on.strftime("%d/%m/%Y")},
        )
    return redirect(need.get_absolute_url())
