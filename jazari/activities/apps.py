from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "jazari.activities"
    label = "activities"
    verbose_name = _("Activities and trainings")

    def ready(self) -> None:
        # The workspace list and the background job kinds of activities register themselves.
        from jazari.activities import home, imports, tasks, workspace  # noqa: F401
