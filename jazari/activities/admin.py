from django.contrib import admin

from jazari.accounts.admin import ScopedAdmin
from jazari.activities.models import (
    Activity,
    Attendance,
    Certificate,
    Registration,
    Session,
    TrainingProgramme,
)


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(ScopedAdmin):
    list_display = ["code", "name_fr", "institute", "hours", "min_attendance_percent"]
    list_filter = ["institute", "skills"]
    search_fields = ["code", "name_fr", "name_ar", "name_en"]
    autocomplete_fields = ["institute", "skills", "themes"]
    scoped_foreign_keys = ("institute",)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    list_display = ["title", "kind", "organiser", "region", "starts_at", "status", "is_public", "capacity"]
    list_filter = ["kind", "status", "is_public", "format", "region", "organiser"]
    search_fields = ["title", "title_ar", "venue"]
    autocomplete_fields = ["programme", "organiser", "region", "co_organisers", "themes", "skills"]
    date_hierarchy = "starts_at"
    list_select_related = ["organiser", "region"]
    inlines = [SessionInline]
    scoped_foreign_keys = ("organiser",)


@admin.register(Registration)
class RegistrationAdmin(ScopedAdmin):
    list_display = ["person", "activity", "status", "created_at", "promoted_at"]
    list_filter = ["status"]
    search_fields = ["person__family_name", "person__given_name", "activity__title"]
    raw_id_fields = ["person", "activity"]
    list_select_related = ["person", "activity"]
    readonly_fields = ["consent_at", "manage_token"]


@admin.register(Attendance)
class AttendanceAdmin(ScopedAdmin):
    list_display = ["person", "session", "present", "method", "checked_in_at"]
    list_filter = ["present", "method"]
    search_fields = ["person__family_name", "session__activity__title"]
    raw_id_fields = ["person", "session"]
    list_select_related = ["person", "session__activity"]


@admin.register(Certificate)
class CertificateAdmin(ScopedAdmin):
    list_display = ["code", "registration", "issued_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["code", "registration__person__family_name"]
    raw_id_fields = ["registration"]
    readonly_fields = ["code", "issued_at"]
