from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    label = "orders"
    verbose_name = _("Recharge orders")

    def ready(self) -> None:
        # /metrics (django-prometheus' default registry): the supplier channels' series.
        from . import metrics

        metrics.register()
