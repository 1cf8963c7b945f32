from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jazari.accounts.admin import ScopedAdmin
from jazari.indicators.models import Indicator, InstituteReport, Observation, Priority, Target


@admin.register(Priority)
class PriorityAdmin(ScopedAdmin):
    list_display = ["code", "name_fr", "name_ar", "position"]
    search_fields = ["code", "name_fr", "name_ar", "name_en"]


@admin.register(Indicator)
class IndicatorAdmin(ScopedAdmin):
    list_display = ["code", "name_fr", "priority", "kind", "unit", "direction", "is_public"]
    list_filter = ["priority", "kind", "is_public"]
    search_fields = ["code", "name_fr", "name_ar", "name_en"]
    list_select_related = ["priority"]


@admin.register(Target)
class TargetAdmin(ScopedAdmin):
    list_display = ["indicator", "scope_kind", "region", "institute", "year", "value", "is_population_share"]
    list_filter = ["indicator", "scope_kind", "year", "is_population_share"]
    search_fields = ["indicator__code", "source"]
    list_select_related = ["indicator", "region", "institute"]
    autocomplete_fields = ["region", "institute"]

    def save_model(self, request: HttpRequest, obj: Target, form: Any, change: bool) -> None:
        # A regional target the hub sets by hand is theirs: loading the targets again must not replace it.
        if change and "value" in form.changed_data:
            obj.is_population_share = False
        super().save_model(request, obj, form, change)


@admin.register(Observation)
class ObservationAdmin(ScopedAdmin):
    list_display = [
        "indicator",
        "period",
        "scope_kind",
        "region",
        "institute",
        "value",
        "kind",
        "validated_at",
    ]
    list_filter = ["indicator", "period", "scope_kind", "kind"]
    search_fields = ["indicator__code", "period"]
    list_select_related = ["indicator", "region", "institute"]
    readonly_fields = ["validated_by", "validated_at", "entered_by"]


@admin.register(InstituteReport)
class InstituteReportAdmin(ScopedAdmin):
    list_display = ["institute", "period", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "period"]
    search_fields = ["institute__slug", "narrative"]
    list_select_related = ["institute"]
    scoped_foreign_keys = ("institute",)
