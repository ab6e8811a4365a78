"""What the reports keep: the audit of every export (docs/reports.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportOutput(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportLog(models.Model):
    """One report exported by one user: which report, for which parameters, how many rows.

    Written before the file is returned, so an export that cannot be recorded does not happen.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report = models.CharField(_("report"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    output = models.CharField(_("format"), max_length=10, choices=ExportOutput.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")

    def __str__(self) -> str:
        return f"{self.report} {self.output}"


class DailyProblems(models.Model):
    """The daily problems report as it was sent to the supervisors and managers (once a day)."""

    day = models.DateField(_("day"), unique=True)
    data = models.JSONField(_("report"))
    sent_to = models.JSONField(_("sent to"), default=list, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily problems report")
        verbose_name_plural = _("daily problems reports")

    def __str__(self) -> str:
        return self.day.isoformat()
