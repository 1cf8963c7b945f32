"""Finding a project or deliverable for a caller: one helper per object type, used by the pages, the file
view and the API, so that every way in applies the same rule.

- a public project is readable by anyone; an internal one only inside the reader's scopes;
- a deliverable's files are readable by anyone only when it is published, public, and its project (if any)
  public; otherwise only inside the reader's scopes.
"""

from typing import Any

from django.db.models import Q, QuerySet

from jazari.accounts.permissions import visible_to
from jazari.projects.models import Deliverable, Project


def readable_projects(user: Any, queryset: QuerySet[Project] | None = None) -> QuerySet[Project]:
    base = queryset if queryset is not None else Project.objects.all()
    if not getattr(user, "is_authenticated", False):
        return base.filter(is_public=True)
    mine = visible_to(Project.objects.all(), user).values("pk")
    return base.filter(Q(is_public=True) | Q(pk__in=mine))


def readable_deliverables(user: Any, queryset: QuerySet[Deliverable] | None = None) -> QuerySet[Deliverable]:
    base = queryset if queryset is not None else Deliverable.objects.all()
    public = Deliverable.objects.public().values("pk")
    if not getattr(user, "is_authenticated", False):
        return base.filter(pk__in=public)
    mine = visible_to(Deliverable.objects.all(), user).values("pk")
    return base.filter(Q(pk__in=public) | Q(pk__in=mine))
