from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "jazari.indicators"
    label = "indicators"
    verbose_name = _("Strategy indicators")

    def ready(self) -> None:
        # The declared indicators, the job kinds and the workspace list of reports register themselves.
        from jazari.indicators import computed, reported, tasks, workspace  # noqa: F401
