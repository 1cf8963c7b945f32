from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from jazari.core.models import Job, Skill, Theme


class TaxonomyAdmin(ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    list_display = ["code", "name_fr", "name_ar", "name_en", "name_zgh"]
    search_fields = ["code", "name_fr", "name_ar", "name_en", "name_zgh"]


admin.site.register(Theme, TaxonomyAdmin)
admin.site.register(Skill, TaxonomyAdmin)


@admin.register(Job)
class JobAdmin(ObjectPermissionsModelAdmin):
    list_display = ["kind", "owner", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["kind", "owner__email", "error"]
    readonly_fields = [field.name for field in Job._meta.fields]


admin.site.site_header = _("Jazari administration")
admin.site.site_title = _("Jazari")
admin.site.index_title = _("Network registry and roles")
