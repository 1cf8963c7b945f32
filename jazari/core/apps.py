from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jazari.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # What the bulk SQL helpers rely on in the database's settings (`core/bulk.py`).
        from jazari.core.bulk import check_bulk_database

        checks.register(check_bulk_database)
