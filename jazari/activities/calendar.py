"""iCalendar (.ics) for activities: one event for an email attachment, many for a subscribable feed."""

from collections.abc import Iterable

from django.conf import settings
from icalendar import Calendar, Event

from jazari.activities.models import Activity

PRODUCT_ID = "-//Jazari//Activities//FR"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(activity: Activity) -> Event:
    event = Event()
    event.add("uid", f"{activity.public_id}@jazari")
    event.add("summary", activity.title)
    event.add("dtstart", activity.starts_at)
    event.add("dtend", activity.ends_at)
    event.add("dtstamp", activity.updated_at)
    location = ", ".join(part for part in (activity.venue, activity.region.capital) if part)
    if location:
        event.add("location", location)
    if activity.description:
        event.add("description", activity.description)
    event.add("status", "CANCELLED" if activity.status == Activity.Status.CANCELLED else "CONFIRMED")
    event.add("organizer", f"mailto:{settings.JAZARI_CONTACT_EMAIL}")
    return event


def activity_ics(activity: Activity) -> bytes:
    calendar = _calendar(activity.title)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_event(activity))
    return bytes(calendar.to_ical())


def feed_ics(name: str, activities: Iterable[Activity]) -> bytes:
    calendar = _calendar(name)
    for activity in activities:
        calendar.add_component(_event(activity))
    return bytes(calendar.to_ical())
