"""SLA calendars, policies, the clocks running on work items, and escalations."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from helpdesk.queues.models import Kind, Priority, Queue, WorkItem

DAY_MINUTES = 24 * 60


class BusinessCalendar(models.Model):
    """When a queue is open: hours per weekday, holidays and make-up working days, in a zone."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    country = models.CharField(
        _("holidays of"),
        max_length=8,
        blank=True,
        help_text=_("Country code whose public holidays were imported (e.g. CN)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.name


class BusinessHours(models.Model):
    """One open interval of one weekday (a day may have several, e.g. around lunch)."""

    calendar = models.ForeignKey(
        BusinessCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), validators=[MaxValueValidator(6)])
    start_minute = models.PositiveSmallIntegerField(
        _("opens (minute of the day)"), validators=[MaxValueValidator(DAY_MINUTES - 1)]
    )
    end_minute = models.PositiveSmallIntegerField(
        _("closes (minute of the day)"),
        validators=[MinValueValidator(1), MaxValueValidator(DAY_MINUTES)],
    )

    class Meta:
        ordering = ["calendar", "weekday", "start_minute"]
        verbose_name = _("business hours")
        verbose_name_plural = _("business hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_minute__gt=models.F("start_minute")),
                name="sla_hours_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="sla_hours_weekday_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.calendar_id} {self.weekday} {self.start_minute}-{self.end_minute}"


class DayKind(models.TextChoices):
    CLOSED = "closed", _("Closed (holiday)")
    WORKDAY = "workday", _("Working day (make-up)")


class HolidaySource(models.TextChoices):
    MANUAL = "manual", _("Entered")
    IMPORTED = "imported", _("Imported")


class SpecialDay(models.Model):
    """A holiday (closed all day) or a make-up working day (open with a weekday's hours)."""

    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("calendar"),
        on_delete=models.CASCADE,
        related_name="special_days",
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=120, blank=True)
    hours_of_weekday = models.PositiveSmallIntegerField(
        _("with the hours of"),
        default=0,
        validators=[MaxValueValidator(6)],
        help_text=_("A make-up working day opens with this weekday's hours (0 = Monday)."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=HolidaySource.choices, default=HolidaySource.MANUAL
    )

    class Meta:
        ordering = ["calendar", "day"]
        verbose_name = _("holiday or make-up day")
        verbose_name_plural = _("holidays and make-up days")
        constraints = [
            models.UniqueConstraint(fields=["calendar", "day"], name="sla_special_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.calendar_id} {self.day} {self.kind}"


class QueueCalendar(models.Model):
    """The calendar a queue's SLA clocks run on (none: around the clock)."""

    queue = models.OneToOneField(
        Queue,
        verbose_name=_("queue"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="business_calendar",
    )
    calendar = models.ForeignKey(
        BusinessCalendar, verbose_name=_("calendar"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("queue calendar")
        verbose_name_plural = _("queue calendars")

    def __str__(self) -> str:
        return f"{self.queue_id} → {self.calendar_id}"


class SlaPolicy(models.Model):
    """Targets for a queue's items of one priority (and kind), in business minutes. Empty
    priority or kind: any; the most specific policy applies."""

    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.CASCADE, related_name="sla_policies"
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    first_response_minutes = models.PositiveIntegerField(
        _("first response within (minutes)"), null=True, blank=True
    )
    next_response_minutes = models.PositiveIntegerField(
        _("next response within (minutes)"),
        null=True,
        blank=True,
        help_text=_("After each customer message."),
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution within (minutes)"), null=True, blank=True
    )
    warn_percent = models.PositiveSmallIntegerField(
        _("warn at (% of the target)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    escalation = models.ForeignKey(
        "EscalationChain",
        verbose_name=_("escalation chain"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="policies",
    )
    appeal_to_manager = models.BooleanField(
        _("appeals go straight to the manager"),
        default=False,
        help_text=_("Complaints (appeals) may be escalated to the manager directly."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["queue", "kind", "priority"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(
                fields=["queue", "priority", "kind"],
                name="sla_policy_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(first_response_minutes__isnull=False)
                | models.Q(next_response_minutes__isnull=False)
                | models.Q(resolution_minutes__isnull=False),
                name="sla_policy_has_a_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.queue_id} p{self.priority} {self.kind or '*'}"


class ClockKind(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_RESPONSE = "next_response", _("Next response")
    RESOLUTION = "resolution", _("Resolution")


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    BREACHED = "breached", _("Breached")  # stopped after its due time
    CANCELLED = "cancelled", _("Cancelled")


LIVE_CLOCKS = (ClockState.RUNNING, ClockState.PAUSED)


class SlaClock(models.Model):
    """One target running on one item: when it started, how much business time it has used,
    when it is due (and warns) while running, and how it ended."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="sla_clocks"
    )
    kind = models.CharField(_("target"), max_length=20, choices=ClockKind.choices)
    policy = models.ForeignKey(
        SlaPolicy, verbose_name=_("policy"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_seconds = models.PositiveIntegerField(_("target (business seconds)"))
    warn_percent = models.PositiveSmallIntegerField(_("warn at (%)"), default=80)
    state = models.CharField(
        _("state"), max_length=10, choices=ClockState.choices, default=ClockState.RUNNING
    )
    started_at = models.DateTimeField(_("started at"))
    # Business seconds used before the current running stretch (pauses stop the count).
    used_seconds = models.FloatField(_("used (business seconds)"), default=0)
    running_since = models.DateTimeField(_("running since"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warn at"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        ordering = ["item", "started_at", "id"]
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        indexes = [
            # The scan: running clocks whose warning or due time has come, not yet handled.
            models.Index(
                fields=["warn_at"],
                name="sla_clock_warn_scan",
                condition=models.Q(state="running", warned_at__isnull=True),
            ),
            models.Index(
                fields=["due_at"],
                name="sla_clock_due_scan",
                condition=models.Q(state="running", breached_at__isnull=True),
            ),
            models.Index(fields=["item", "kind", "state"], name="sla_clock_item"),
            # The reports (docs/reports.md): clocks met or breached in a period.
            models.Index(
                fields=["stopped_at"], name="sla_clock_stopped", condition=models.Q(state="met")
            ),
            models.Index(
                fields=["breached_at"],
                name="sla_clock_breached",
                condition=models.Q(breached_at__isnull=False),
            ),
            # The wallboard (decision 0017): per open item, "has a breached clock" and "has a
            # running clock at risk / overdue" as index-only probes of small partial indexes.
            models.Index(
                fields=["item"],
                name="sla_clock_breached_item",
                condition=models.Q(breached_at__isnull=False),
            ),
            models.Index(
                fields=["item", "due_at", "warn_at"],
                name="sla_clock_running_item",
                condition=models.Q(state="running"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.state}"


class TargetKind(models.TextChoices):
    ASSIGNEE = "assignee", _("The assignee")
    SUPERVISOR_ON_DUTY = "supervisor_on_duty", _("The supervisor on duty for the queue")
    QUEUE_SUPERVISORS = "queue_supervisors", _("Every supervisor of the queue")
    MANAGER = "manager", _("The managers")


class EscalationChain(models.Model):
    """Ordered levels: after each level's wait, its targets are told; acknowledging stops it."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    levels = models.JSONField(
        _("levels"),
        default=list,
        help_text=_('[{"target": "assignee", "after_minutes": 0}, ...] in business minutes.'),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("escalation chain")
        verbose_name_plural = _("escalation chains")

    def __str__(self) -> str:
        return self.name


class RunState(models.TextChoices):
    ACTIVE = "active", _("Active")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ENDED = "ended", _("Ended")  # the item was resolved, or the clock met after all
    EXHAUSTED = "exhausted", _("Every level done")


class EscalationRun(models.Model):
    """One escalation of one item along a snapshot of a chain (edits to the chain do not change
    it). At most one active run per item."""

    item = models.ForeignKey(
        WorkItem,
        verbose_name=_("work item"),
        on_delete=models.CASCADE,
        related_name="escalation_runs",
    )
    clock = models.ForeignKey(
        SlaClock, verbose_name=_("clock"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    chain_name = models.CharField(_("chain"), max_length=80)
    levels = models.JSONField(_("levels (snapshot)"))
    state = models.CharField(
        _("state"), max_length=12, choices=RunState.choices, default=RunState.ACTIVE
    )
    next_level = models.PositiveSmallIntegerField(_("next level"), default=0)
    next_at = models.DateTimeField(_("next step at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("escalation run")
        verbose_name_plural = _("escalation runs")
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(state="active"),
                name="sla_one_active_run_per_item",
            )
        ]
        indexes = [
            models.Index(
                fields=["next_at"],
                name="sla_run_due_scan",
                condition=models.Q(state="active"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.chain_name} ({self.state})"


class EscalationStep(models.Model):
    """One level run (or skipped because nobody was there): who was told, when."""

    run = models.ForeignKey(
        EscalationRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="steps"
    )
    level = models.PositiveSmallIntegerField(_("level"))
    target = models.CharField(_("target"), max_length=20, choices=TargetKind.choices)
    notified = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("told"), blank=True, related_name="+"
    )
    skipped = models.BooleanField(_("skipped (nobody there)"), default=False)
    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)

    class Meta:
        ordering = ["run", "level"]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        constraints = [
            models.UniqueConstraint(fields=["run", "level"], name="sla_step_once_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.run_id} #{self.level} {self.target}"


class EscalationState(models.TextChoices):
    OPEN = "open", _("Waiting")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    DEESCALATED = "deescalated", _("Sent back")
    RESOLVED = "resolved", _("Resolved")


class Escalation(models.Model):
    """A person raising an item to the level above: to whom, why, what is asked, by when."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="escalations"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to"),
        on_delete=models.CASCADE,
        related_name="escalations_received",
    )
    level = models.CharField(_("level"), max_length=20, choices=TargetKind.choices)
    reason = models.TextField(_("reason"))
    ask = models.TextField(_("what is asked"))
    answer_by = models.DateTimeField(_("answer by"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=EscalationState.choices, default=EscalationState.OPEN
    )
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        indexes = [
            models.Index(fields=["to_user", "state"], name="sla_escalation_inbox"),
            models.Index(fields=["item", "state"], name="sla_escalation_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.to_user_id} ({self.state})"
