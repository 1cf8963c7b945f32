"""The recent public projects, on the home page."""

from typing import Any

from django.http import HttpRequest

from jazari.core.sections import home_section
from jazari.projects.models import Project

RECENT = 6


@home_section(order=30, template="projects/partials/home_recent.html")
def recent_projects(request: HttpRequest) -> dict[str, Any]:
    projects = (
        Project.objects.public().select_related("lead_institute", "region").order_by("-created_at")[:RECENT]
    )
    return {"projects": list(projects)}
