"""Writes that touch accounts and roles: used by the demo command, the admin workflows and the tests."""

from typing import Any

from django.db import models, transaction

from jazari.accounts.models import Membership, ScopeKind, User
from jazari.accounts.permissions import forget_memberships


@transaction.atomic
def account_ensure(*, email: str, password: str, is_staff: bool = False, language: str = "fr") -> User:
    """Create the account, or reset its password; its email address counts as verified."""
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    user, _created = User.objects.get_or_create(email=email)
    user.set_password(password)
    user.is_staff = is_staff
    user.is_active = True
    user.preferred_language = language
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def membership_grant(*, user: User, role: str, scope: models.Model | None = None) -> Membership:
    """Give `user` the `role` in `scope`: None for national, else a region, institute or organisation."""
    scope_kind = ScopeKind.NATIONAL if scope is None else ScopeKind(str(scope._meta.model_name))
    fields: dict[str, Any] = {"region": None, "institute": None, "organisation": None}
    if scope is not None:
        fields[scope_kind.value] = scope
    membership, _created = Membership.objects.get_or_create(
        user=user, role=role, scope_kind=scope_kind, **fields
    )
    forget_memberships(user)
    return membership
