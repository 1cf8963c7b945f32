from django.contrib import admin

from jazari.accounts.admin import ScopedAdmin
from jazari.needs.models import Need


@admin.register(Need)
class NeedAdmin(ScopedAdmin):
    list_display = ["title", "organisation_name", "kind", "region", "status", "urgency", "expires_on"]
    list_filter = ["status", "kind", "urgency", "region"]
    search_fields = ["title", "organisation_name", "contact_email"]
    autocomplete_fields = ["organisation", "region", "themes"]
    list_select_related = ["region"]
    date_hierarchy = "created_at"
    readonly_fields = ["consent_at", "follow_token", "qualified_at", "assigned_at", "closed_at", "renewed_at"]
