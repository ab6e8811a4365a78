from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "helpdesk.reports"
    label = "reports"
    verbose_name = _("Dashboards and reports")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .aggregates import register_sqlite_functions

        connection_created.connect(
            register_sqlite_functions, dispatch_uid="reports_sqlite_functions"
        )

        # The live wallboard hears of every work-item change (docs/decisions/0018).
        from helpdesk.queues.observers import register_item_listener

        from . import wallboard_tasks  # noqa: F401  (Celery finds tasks.py only)
        from .wallboard_live import item_listener

        register_item_listener(item_listener)

        # The service report's daily roll-ups note late changes (docs/decisions/0022).
        from . import rollups

        rollups.connect()
