from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "helpdesk.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        # /metrics (django-prometheus' default registry): work waiting, SLA, task queues, sweeps.
        from . import metrics

        metrics.register()
