"""The upcoming public activities, on the home page."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from jazari.activities.models import Activity
from jazari.core.sections import home_section

UPCOMING = 6


@home_section(order=20, template="activities/partials/home_upcoming.html")
def upcoming_activities(request: HttpRequest) -> dict[str, Any]:
    activities = (
        Activity.objects.public()
        .filter(status=Activity.Status.PUBLISHED, starts_at__gte=timezone.now())
        .select_related("organiser", "region")
        .order_by("starts_at")[:UPCOMING]
    )
    return {"activities": list(activities)}
