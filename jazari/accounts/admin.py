from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from jazari.accounts.models import Membership, User
from jazari.accounts.permissions import EDIT_ROLES, visible_to


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
