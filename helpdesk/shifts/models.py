"""Staffing data: demand per queue, day and half-hour."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from helpdesk.queues.models import Kind, Queue

SLOTS_PER_DAY = 48  # half-hours
SLOT_MINUTES = 30


class DemandSource(models.TextChoices):
    MANUAL = "manual", _("Entered")
    FORECAST = "forecast", _("Forecast")


class Demand(models.Model):
    """Contacts expected in one half-hour (``slot`` 0 = 00:00–00:30 local time) of one day, for
    one queue and one kind of work (chats are staffed with their concurrency)."""

    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.CASCADE, related_name="demand"
    )
    day = models.DateField(_("day"))
    slot = models.PositiveSmallIntegerField(
        _("half-hour"), validators=[MaxValueValidator(SLOTS_PER_DAY - 1)]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    contacts = models.FloatField(_("contacts"), validators=[MinValueValidator(0)])
    source = models.CharField(_("source"), max_length=10, choices=DemandSource.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("demand")
        verbose_name_plural = _("demand")
        constraints = [
            models.UniqueConstraint(
                fields=["queue", "day", "slot", "kind"], name="shifts_demand_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(slot__lt=SLOTS_PER_DAY), name="shifts_demand_slot_range"
            ),
            models.CheckConstraint(
                condition=models.Q(contacts__gte=0), name="shifts_demand_contacts_positive"
            ),
        ]
        indexes = [models.Index(fields=["queue", "day"], name="shifts_demand_queue_day")]

    def __str__(self) -> str:
        return f"{self.queue_id} {self.day} #{self.slot} {self.kind}: {self.contacts}"


class ShiftType(models.Model):
    """A kind of shift: when it starts and how long it lasts (it may cross midnight)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("Shown in the grid."))
    start = models.TimeField(_("start"))
    minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), validators=[MinValueValidator(60), MaxValueValidator(16 * 60)]
    )
    is_night = models.BooleanField(
        _("night shift"), default=False, help_text=_("Counts towards the fair share of nights.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["start", "name"]
        verbose_name = _("shift type")
        verbose_name_plural = _("shift types")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def crosses_midnight(self) -> bool:
        return self.start.hour * 60 + self.start.minute + self.minutes > 24 * 60


class LeaveKind(models.TextChoices):
    ANNUAL = "annual", _("Annual leave")
    SICK = "sick", _("Sick leave")
    PERSONAL = "personal", _("Personal leave")
    OTHER = "other", _("Other")


class LeaveStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_LEAVE = (LeaveStatus.REQUESTED, LeaveStatus.APPROVED)


class LeaveRequest(models.Model):
    """Days off a person asks for; a supervisor of one of their queues (or a manager) decides."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="leave_requests",
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    kind = models.CharField(_("kind"), max_length=10, choices=LeaveKind.choices)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.REQUESTED
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["first_day", "pk"]
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="shifts_leave_days_in_order",
            )
        ]
        indexes = [
            models.Index(fields=["user", "status", "first_day"], name="shifts_leave_user"),
            models.Index(fields=["status", "first_day"], name="shifts_leave_status"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.first_day}–{self.last_day} {self.status}"


def no_weekdays():
    return []


class StaffProfile(models.Model):
    """What a person's contract and life allow the roster to ask of them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    contracted_minutes_per_week = models.PositiveIntegerField(
        _("contracted minutes a week"), default=40 * 60, validators=[MaxValueValidator(80 * 60)]
    )
    hours_tolerance_percent = models.PositiveSmallIntegerField(
        _("hours tolerance (%)"),
        default=10,
        validators=[MaxValueValidator(50)],
        help_text=_("The roster keeps each week's hours within this much of the contract."),
    )
    max_consecutive_days = models.PositiveSmallIntegerField(
        _("at most days in a row"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
    )
    max_shifts_per_week = models.PositiveSmallIntegerField(
        _("at most shifts a week"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    unavailable_weekdays = models.JSONField(
        _("never on these weekdays"),
        default=no_weekdays,
        blank=True,
        help_text=_("0 = Monday … 6 = Sunday."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user_id}"


class Wish(models.TextChoices):
    WANT = "want", _("Would like")
    AVOID = "avoid", _("Would rather not")


class Preference(models.Model):
    """A soft wish: a weekday, a shift type, or a shift type on a weekday."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="shift_preferences",
    )
    wish = models.CharField(_("wish"), max_length=5, choices=Wish.choices)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), null=True, blank=True, validators=[MaxValueValidator(6)]
    )
    shift_type = models.ForeignKey(
        ShiftType,
        verbose_name=_("shift type"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["user", "pk"]
        verbose_name = _("shift preference")
        verbose_name_plural = _("shift preferences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekday__isnull=False) | models.Q(shift_type__isnull=False),
                name="shifts_preference_says_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.wish} {self.weekday} {self.shift_type_id}"


class RosterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class RosterPeriod(models.Model):
    """The days one roster covers; people are held to it once it is published."""

    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=10, choices=RosterStatus.choices, default=RosterStatus.DRAFT
    )
    queues = models.ManyToManyField(
        Queue, verbose_name=_("queues"), related_name="roster_periods", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-first_day", "pk"]
        verbose_name = _("roster period")
        verbose_name_plural = _("roster periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="shifts_period_days_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_day}–{self.last_day} ({self.status})"


class ShiftAssignment(models.Model):
    """One person working one shift on one day, for one queue."""

    period = models.ForeignKey(
        RosterPeriod, verbose_name=_("roster"), on_delete=models.CASCADE, related_name="assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="shift_assignments",
    )
    day = models.DateField(_("day"))
    shift_type = models.ForeignKey(
        ShiftType, verbose_name=_("shift type"), on_delete=models.PROTECT, related_name="+"
    )
    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.CASCADE, related_name="shift_assignments"
    )
    pinned = models.BooleanField(
        _("set by hand"), default=False, help_text=_("The roster builder keeps it.")
    )

    class Meta:
        verbose_name = _("shift assignment")
        verbose_name_plural = _("shift assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "user", "day"], name="shifts_assignment_one_a_day"
            )
        ]
        indexes = [models.Index(fields=["queue", "day"], name="shifts_assignment_queue_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day} {self.shift_type_id} @{self.queue_id}"


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


ACTIVE_BUILDS = (BuildStatus.QUEUED, BuildStatus.RUNNING)


class RosterBuild(models.Model):
    """One run of the roster builder over a draft period: its settings, progress and outcome."""

    period = models.ForeignKey(
        RosterPeriod, verbose_name=_("roster"), on_delete=models.CASCADE, related_name="builds"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BuildStatus.choices, default=BuildStatus.QUEUED
    )
    time_limit_seconds = models.PositiveSmallIntegerField(
        _("time limit (seconds)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    staffing = models.JSONField(_("staffing settings"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    solver_status = models.CharField(_("solver status"), max_length=12, blank=True)
    solutions = models.PositiveIntegerField(_("rosters found"), default=0)
    first_solution_seconds = models.FloatField(_("first roster after (s)"), null=True, blank=True)
    objective = models.FloatField(_("objective"), null=True, blank=True)
    bound = models.FloatField(_("bound"), null=True, blank=True)
    progress = models.JSONField(_("progress"), default=list, blank=True)
    uncovered = models.JSONField(_("uncovered half-hours"), default=list, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    violations = models.PositiveIntegerField(_("rule violations"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("roster build")
        verbose_name_plural = _("roster builds")
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=models.Q(status__in=["queued", "running"]),
                name="shifts_one_active_build",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id} build {self.pk} ({self.status})"


class SwapStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the colleague")
    ACCEPTED = "accepted", _("Waiting for a supervisor")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused by the colleague")
    DECLINED = "declined", _("Declined by a supervisor")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_SWAPS = (SwapStatus.REQUESTED, SwapStatus.ACCEPTED)


class ShiftSwap(models.Model):
    """A person offers their shift to a colleague, for one of the colleague's shifts in return
    or for nothing (the colleague takes it over)."""

    period = models.ForeignKey(
        RosterPeriod, verbose_name=_("roster"), on_delete=models.CASCADE, related_name="swaps"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    give = models.ForeignKey(
        ShiftAssignment,
        verbose_name=_("shift given"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    take = models.ForeignKey(
        ShiftAssignment,
        verbose_name=_("shift taken in return"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    give_label = models.CharField(_("shift given"), max_length=80)
    take_label = models.CharField(_("shift taken in return"), max_length=80, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SwapStatus.choices, default=SwapStatus.REQUESTED
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("shift swap")
        verbose_name_plural = _("shift swaps")
        indexes = [
            models.Index(fields=["requester", "status"], name="shifts_swap_requester"),
            models.Index(fields=["colleague", "status"], name="shifts_swap_colleague"),
            models.Index(fields=["period", "status"], name="shifts_swap_period"),
        ]

    def __str__(self) -> str:
        return f"swap {self.pk} {self.requester_id}->{self.colleague_id} ({self.status})"


class ChangeKind(models.TextChoices):
    OVERRIDE = "override", _("Override")
    SWAP = "swap", _("Swap")


class RosterChange(models.Model):
    """A change to a published roster: who changed whose day, from what to what, and why."""

    period = models.ForeignKey(
        RosterPeriod, verbose_name=_("roster"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ChangeKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    before = models.CharField(_("before"), max_length=80, blank=True)
    after = models.CharField(_("after"), max_length=80, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("roster change")
        verbose_name_plural = _("roster changes")
        indexes = [models.Index(fields=["period", "day"], name="shifts_change_period_day")]

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id} {self.day}: {self.before} -> {self.after}"


class CalendarFeed(models.Model):
    """The secret behind a person's iCal address; rotating it cuts off old subscriptions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user_id}"
