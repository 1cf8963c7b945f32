"""The signed-in user's own account pages: personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jazari.accounts.forms import ApiTokenForm
from jazari.accounts.models import ApiToken, User
from jazari.accounts.tokens import api_token_create, api_token_revoke


def _signed_in(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # the views below require a log-in
    return request.user


def _own_token(request: HttpRequest, pk: int) -> ApiToken:
    """One of the user's own tokens; someone else's is as unknown as a token that does not exist."""
    return get_object_or_404(ApiToken, pk=pk, user=_signed_in(request))


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=_signed_in(request))
    return render(request, "accounts/token_list.html", {"tokens": tokens})


@login_required
@never_cache  # the page that shows a new token must not stay in any cache
@require_http_methods(["GET", "POST"])
def token_create(request: HttpRequest) -> HttpResponse:
    """The form; once it is valid, the new token is shown on this one response and never again."""
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw = api_token_create(
            user=_signed_in(request),
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        return render(request, "accounts/token_created.html", {"token": token, "raw_token": raw})
    return render(request, "accounts/token_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (GET), then revokes (POST) and says so."""
    token = _own_token(request, pk)
    if request.method == "POST":
        api_token_revoke(token=token)
        messages.success(
            request,
            _("The token “%(name)s” is revoked: it no longer opens the API.") % {"name": token.name},
        )
        return redirect("accounts:token_list")
    return render(request, "accounts/token_confirm_revoke.html", {"token": token})
