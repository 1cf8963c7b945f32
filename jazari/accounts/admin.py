from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from jazari.accounts.models import ApiToken, Membership, User
from jazari.accounts.permissions import EDIT_ROLES, visible_to
from jazari.accounts.tokens import api_token_revoke


class ScopedAdmin(ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    """Admin pages that show and allow only what the user's memberships reach, with history."""

    # Foreign keys whose choices are limited to what the user may edit (e.g. their own institute).
    scoped_foreign_keys: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return visible_to(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and field.queryset is not None and db_field.name in self.scoped_foreign_keys:
            field.queryset = visible_to(field.queryset, request.user, EDIT_ROLES)
        return field


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["region", "institute", "organisation"]


@admin.register(User)
class UserAdmin(ObjectPermissionsModelAdmin, SimpleHistoryAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_active", "memberships__role", "memberships__scope_kind"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal details"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Membership)
class MembershipAdmin(ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    list_display = ["user", "role", "scope_kind", "region", "institute", "organisation"]
    list_filter = ["role", "scope_kind", "region"]
    search_fields = ["user__email", "institute__slug", "organisation__name"]
    autocomplete_fields = ["user", "region", "institute", "organisation"]
    list_select_related = ["user", "region", "institute", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    """The hub sees every personal API token and may revoke one; tokens are created by their owners only."""

    list_display = ["name", "prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["name", "prefix", "user__email"]
    list_select_related = ["user"]
    fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: models.QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(token=token)
