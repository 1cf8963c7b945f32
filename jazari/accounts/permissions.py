"""The one place that answers "may this user do this to this object?" — for views, API, admin and templates.

A user's rights come from memberships `(user, role, scope)`. A membership reaches an object when the
object lies inside the membership's scope: a national membership reaches everything; a region, institute
or organisation membership reaches what the object's model declares in `scope_paths`, a mapping from scope
kind to the lookup that leads from the object to that scope, for example
`{"institute": "pk", "region": "region"}` for an institute. Lists use the same mapping (`visible_to`), so a
page never shows what a check would refuse.

Each app registers its permissions in its own `rules.py` with the predicates defined here.
"""

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import rules
from django.db import models
from django.db.models import Q

from jazari.accounts.models import Membership, Role, ScopeKind

M = TypeVar("M", bound=models.Model)

ALL_ROLES = frozenset(Role.values)
EDIT_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER, Role.EDITOR})
MANAGE_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})
READ_ROLES = ALL_ROLES


def memberships(user: Any) -> list[Membership]:
    """The user's memberships, read once per user object (that is, once per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_jazari_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user))
        user._jazari_memberships = cached
    return cached


def forget_memberships(user: Any) -> None:
    user.__dict__.pop("_jazari_memberships", None)


def holds_national_role(user: Any, roles: Iterable[str]) -> bool:
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    wanted = set(roles)
    return any(m.scope_kind == ScopeKind.NATIONAL and m.role in wanted for m in memberships(user))


def scope_q(user: Any, roles: Iterable[str], scope_paths: Mapping[str, str]) -> Q | None:
    """A filter selecting the objects the user reaches with one of `roles`; None means "everything"."""
    wanted = set(roles)
    if holds_national_role(user, wanted):
        return None
    q = Q(pk__in=[])
    for membership in memberships(user):
        path = scope_paths.get(membership.scope_kind)
        if membership.role in wanted and path:
            q |= Q(**{path: membership.scope_id})
    return q


def visible_to(
    queryset: models.QuerySet[M], user: Any, roles: Iterable[str] = READ_ROLES
) -> models.QuerySet[M]:
    """Restrict `queryset` to the objects inside the user's scopes for `roles`."""
    paths: Mapping[str, str] = getattr(queryset.model, "scope_paths", {})
    q = scope_q(user, roles, paths)
    if q is None:
        return queryset
    if any("__" in path for path in paths.values()):
        # Paths through many-valued relations would repeat rows; select by primary key instead.
        return queryset.filter(pk__in=queryset.model._default_manager.filter(q).values("pk"))
    return queryset.filter(q)


def reaches(user: Any, obj: models.Model, roles: Iterable[str]) -> bool:
    """Whether one of the user's memberships with one of `roles` reaches `obj`."""
    if not getattr(user, "is_authenticated", False):
        return False
    paths: Mapping[str, str] = getattr(type(obj), "scope_paths", {})
    q = scope_q(user, roles, paths)
    if q is None:
        return True
    if obj.pk is None:
        return False
    return type(obj)._default_manager.filter(q, pk=obj.pk).exists()


def _reaching(roles: frozenset[str], name: str) -> rules.Predicate:
    def check(user: Any, obj: models.Model | None = None) -> bool:
        if obj is None:
            # Without an object: does the user hold the role anywhere (used for "add" and list pages)?
            return holds_national_role(user, roles) or any(m.role in roles for m in memberships(user))
        return reaches(user, obj, roles)

    return rules.predicate(check, name=name)


is_coordinator = rules.predicate(
    lambda user: holds_national_role(user, {Role.COORDINATOR}), name="is_coordinator"
)
is_auditor = rules.predicate(lambda user: holds_national_role(user, {Role.AUDITOR}), name="is_auditor")
can_read = _reaching(READ_ROLES, "can_read")
can_edit = _reaching(EDIT_ROLES, "can_edit")
can_manage = _reaching(MANAGE_ROLES, "can_manage")
