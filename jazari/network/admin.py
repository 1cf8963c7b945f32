from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from jazari.accounts.admin import ScopedAdmin
from jazari.network.models import Affiliation, Institute, InstitutePartnership, Organisation, Person, Region
from jazari.network.rules import INSTITUTE_IDENTITY_FIELDS


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ["code", "name_fr", "name_ar", "capital", "population_2024"]
    search_fields = ["code", "name_fr", "name_ar", "name_en", "name_zgh", "capital"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Region]:
        # Regions are public reference data: everyone who may enter the admin sees all twelve.
        return Region.objects.all()


class PartnershipInline(admin.TabularInline):
    model = InstitutePartnership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Institute)
class InstituteAdmin(ScopedAdmin):
    list_display = ["slug", "name_fr", "kind", "region", "city", "status", "status_date"]
    list_filter = ["kind", "status", "region", "themes"]
    search_fields = ["slug", "name_fr", "name_ar", "name_en", "city"]
    autocomplete_fields = ["region", "parent", "themes"]
    list_select_related = ["region"]
    inlines = [PartnershipInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Institute | None = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("network.change_institute_identity", obj):
            # Shown, not editable: the identity of an institute is the hub's to change.
            readonly += [name for name in INSTITUTE_IDENTITY_FIELDS if name not in readonly]
        return readonly


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    list_display = ["name", "acronym", "kind", "region", "city", "network_role", "is_demo"]
    list_filter = ["kind", "region", "network_role", "size_band", "is_demo"]
    search_fields = ["name", "name_ar", "acronym", "city"]
    autocomplete_fields = ["region", "sector"]
    list_select_related = ["region"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 1
    autocomplete_fields = ["organisation", "institute"]


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = [
        "family_name",
        "given_name",
        "family_name_ar",
        "region",
        "consent_public_profile",
        "is_demo",
    ]
    list_filter = ["region", "consent_public_profile", "consent_contactable", "gender", "skills", "is_demo"]
    search_fields = ["given_name", "family_name", "given_name_ar", "family_name_ar", "email", "keywords"]
    autocomplete_fields = ["region", "skills", "themes", "user"]
    readonly_fields = ["consent_public_profile_at", "consent_contactable_at"]
    list_select_related = ["region"]
    inlines = [AffiliationInline]


@admin.register(Affiliation)
class AffiliationAdmin(ScopedAdmin):
    list_display = ["person", "role", "institute", "organisation", "start_date", "end_date"]
    list_filter = ["role", "institute"]
    search_fields = ["person__family_name", "person__given_name", "organisation__name", "institute__slug"]
    autocomplete_fields = ["person", "organisation", "institute"]
    list_select_related = ["person", "institute", "organisation"]
    scoped_foreign_keys = ("institute", "organisation")


@admin.register(InstitutePartnership)
class InstitutePartnershipAdmin(ScopedAdmin):
    list_display = ["institute", "organisation", "role"]
    list_filter = ["role", "institute"]
    search_fields = ["institute__slug", "organisation__name"]
    autocomplete_fields = ["institute", "organisation"]
    list_select_related = ["institute", "organisation"]
    scoped_foreign_keys = ("institute",)
