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


# --- service-report roll-ups (docs/decisions/0022-report-rollups.md) ---------------------------


class RollupDay(models.Model):
    """A closed local day whose roll-ups are built (in the zone ``time_zone``)."""

    day = models.DateField(_("day"), primary_key=True)
    time_zone = models.CharField(_("time zone"), max_length=64)
    built_at = models.DateTimeField(_("built at"))

    class Meta:
        ordering = ["day"]
        verbose_name = _("report roll-up day")
        verbose_name_plural = _("report roll-up days")

    def __str__(self) -> str:
        return self.day.isoformat()


class ServiceRollup(models.Model):
    """The additive service figures of one closed local day and one group (queue, kind, agent,
    category) — plain ids, no foreign keys: a roll-up is a copy, rebuilt when its items change."""

    day = models.DateField(_("day"))
    queue_id = models.BigIntegerField(_("queue"))
    kind = models.CharField(_("kind"), max_length=20)
    assignee_id = models.BigIntegerField(_("agent"), null=True)
    category_id = models.BigIntegerField(_("category"), null=True)
    created = models.IntegerField(default=0)
    first_response_count = models.IntegerField(default=0)
    offered = models.IntegerField(default=0)
    abandoned = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    handle_sum = models.FloatField(default=0)
    handle_n = models.IntegerField(default=0)
    sla_met = models.IntegerField(default=0)
    sla_breached = models.IntegerField(default=0)
    ratings = models.IntegerField(default=0)
    score_sum = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day"], name="service_rollup_day")]
        verbose_name = _("service roll-up")
        verbose_name_plural = _("service roll-ups")

    def __str__(self) -> str:
        return f"{self.day} {self.queue_id} {self.kind}"


class RollupMeasure(models.IntegerChoices):
    FIRST_RESPONSE = 1, _("first response")
    RESOLUTION = 2, _("resolution")


class ServiceRollupValue(models.Model):
    """One duration (seconds) of a closed local day: the first response of an item created that
    day or the resolution of an item resolved that day — kept for exact percentiles."""

    day = models.DateField(_("day"))
    queue_id = models.BigIntegerField(_("queue"))
    kind = models.CharField(_("kind"), max_length=20)
    assignee_id = models.BigIntegerField(_("agent"), null=True)
    category_id = models.BigIntegerField(_("category"), null=True)
    measure = models.PositiveSmallIntegerField(_("measure"), choices=RollupMeasure.choices)
    seconds = models.FloatField(_("seconds"))

    class Meta:
        indexes = [models.Index(fields=["day"], name="service_rollup_value_day")]
        verbose_name = _("service roll-up value")
        verbose_name_plural = _("service roll-up values")

    def __str__(self) -> str:
        return f"{self.day} {self.measure} {self.seconds}"


class RollupChange(models.Model):
    """A change to a work item (or its clocks, call, ticket, rating) created before today: every
    roll-up day from the item's creation on is stale until the builder drains this row."""

    from_at = models.DateTimeField(_("item created at"))
    created_at = models.DateTimeField(_("noted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report roll-up change")
        verbose_name_plural = _("report roll-up changes")

    def __str__(self) -> str:
        return self.from_at.isoformat()
