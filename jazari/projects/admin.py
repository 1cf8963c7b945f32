"""The admin of projects and deliverables, inside each user's scope.

What moves only through the platform's rules stays read-only here: a project's stage and TRL change through
a recorded stage gate, a deliverable's status through its review workflow, and its files through the upload
check. Gates, reviews, versions and matches are shown, never written, in the admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jazari.accounts.admin import ScopedAdmin
from jazari.projects.models import (
    Deliverable,
    DeliverableReview,
    DeliverableVersion,
    Match,
    Participant,
    Project,
    StageGate,
)


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["institute", "organisation", "person"]


class ReadOnlyAdmin(ScopedAdmin):
    """Records written only by the platform's services: listed and shown, never added or changed here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    list_display = ["title", "kind", "lead_institute", "region", "stage", "trl", "is_public"]
    list_filter = ["kind", "stage", "is_public", "is_open_source", "region"]
    search_fields = ["title", "title_ar", "lead_institute__slug"]
    list_select_related = ["lead_institute", "region"]
    autocomplete_fields = ["lead_institute", "region", "themes"]
    scoped_foreign_keys = ("lead_institute",)
    readonly_fields = ["stage", "trl"]
    inlines = [ParticipantInline]
    date_hierarchy = "created_at"


@admin.register(Deliverable)
class DeliverableAdmin(ScopedAdmin):
    list_display = ["title", "kind", "project", "institute", "status", "due_on", "is_public"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["title", "project__title", "institute__slug"]
    list_select_related = ["project", "institute"]
    autocomplete_fields = ["project", "institute"]
    scoped_foreign_keys = ("institute",)
    readonly_fields = ["status", "submitted_at", "approved_at", "published_at"]


@admin.register(DeliverableVersion)
class DeliverableVersionAdmin(ReadOnlyAdmin):
    list_display = ["deliverable", "number", "original_name", "content_type", "size", "uploaded_by"]
    search_fields = ["deliverable__title", "original_name"]
    list_select_related = ["deliverable", "uploaded_by"]
    exclude = ["file"]  # the file is served by a view that checks who may read it


@admin.register(DeliverableReview)
class DeliverableReviewAdmin(ReadOnlyAdmin):
    list_display = ["deliverable", "version", "reviewer", "decision", "created_at"]
    list_filter = ["decision"]
    list_select_related = ["deliverable", "version", "reviewer"]


@admin.register(StageGate)
class StageGateAdmin(ReadOnlyAdmin):
    list_display = ["project", "from_stage", "to_stage", "decision", "decided_by", "decided_at"]
    list_filter = ["decision", "to_stage"]
    search_fields = ["project__title"]
    list_select_related = ["project", "decided_by"]


@admin.register(Match)
class MatchAdmin(ReadOnlyAdmin):
    list_display = ["need", "institute", "person", "project", "organisation", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["need__title"]
    list_select_related = ["need", "institute", "person", "project", "organisation"]
