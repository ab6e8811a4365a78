"""The shared queue model: every piece of customer work is one work item in one queue."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from helpdesk.accounts.roles import Role


class RoutingMode(models.TextChoices):
    MANUAL = "manual", _("Manual pick")
    ROUND_ROBIN = "round_robin", _("Round robin")
    LEAST_LOADED = "least_loaded", _("Least loaded")


class Queue(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    routing_mode = models.CharField(
        _("routing"), max_length=20, choices=RoutingMode.choices, default=RoutingMode.MANUAL
    )
    default_capacity = models.PositiveIntegerField(
        _("default capacity"),
        default=10,
        help_text=_("Active items a member may hold when the membership sets no capacity."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The last member that automatic round-robin routing gave an item to.
    rr_cursor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("round-robin cursor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("queue")
        verbose_name_plural = _("queues")

    def __str__(self) -> str:
        return self.name


class QueueMembership(models.Model):
    """A person in a queue. The membership carries the role they work it in."""

    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.AGENT)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: the queue's default.")
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    accepts_routing = models.BooleanField(
        _("receives routed items"),
        default=True,
        help_text=_("Automatic routing gives items only to members who accept them."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("queue membership")
        verbose_name_plural = _("queue memberships")
        constraints = [
            models.UniqueConstraint(fields=["queue", "user"], name="queues_membership_unique"),
        ]
        indexes = [models.Index(fields=["user", "queue"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.queue} ({self.role})"

    @property
    def effective_capacity(self) -> int:
        return self.capacity if self.capacity is not None else self.queue.default_capacity


class Kind(models.TextChoices):
    TICKET = "ticket", _("Ticket")
    CHAT = "chat", _("Chat")
    CALL = "call", _("Call")
    CALLBACK = "callback", _("Ring-back")
    COMPLAINT = "complaint", _("Complaint")
    ORDER_ENQUIRY = "order_enquiry", _("Order enquiry")


KIND_PREFIX = {
    Kind.TICKET: "T",
    Kind.CHAT: "C",
    Kind.CALL: "H",
    Kind.CALLBACK: "R",
    Kind.COMPLAINT: "P",
    Kind.ORDER_ENQUIRY: "O",
}


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending (waiting on customer)")
    ON_HOLD = "on_hold", _("On hold")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# Items that are still someone's work.
UNRESOLVED_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)
# Items that count against a member's capacity (waiting items do not).
LOAD_STATUSES = (Status.NEW, Status.OPEN)


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class Category(models.Model):
    """A category of work, global (no queue) or for one queue."""

    name = models.CharField(_("name"), max_length=100)
    queue = models.ForeignKey(
        Queue,
        verbose_name=_("queue"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="categories",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["queue", "name"], name="queues_category_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class WorkItem(models.Model):
    """One piece of customer work of any kind. Kind-specific detail lives in one-to-one tables."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.PROTECT, related_name="items"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_items",
    )
    subject = models.CharField(_("subject"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="new")
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_items",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="items")
    skill = models.CharField(
        _("required skill"), max_length=50, blank=True, help_text=_("Routing needs this skill.")
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
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # SLA due times (set by the SLA module); due_at is the earliest one still running.
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    next_response_due = models.DateTimeField(_("next response due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    # When the earliest running SLA target starts warning (set by the SLA module).
    sla_warn_at = models.DateTimeField(_("SLA warning at"), null=True, blank=True)

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        indexes = [
            models.Index(fields=["queue", "status"], name="workitem_queue_status"),
            models.Index(fields=["assignee", "status"], name="workitem_assignee_status"),
            models.Index(fields=["kind", "status"], name="workitem_kind_status"),
            models.Index(fields=["customer", "created_at"], name="workitem_customer_created"),
            models.Index(
                fields=["-priority", "due_at", "created_at", "id"], name="workitem_urgency"
            ),
            models.Index(
                fields=["queue", "-priority", "due_at", "created_at", "id"],
                name="workitem_queue_urgency",
            ),
            models.Index(fields=["due_at"], name="workitem_due"),
            # The reports (docs/reports.md): items created, resolved in a period.
            models.Index(fields=["created_at"], name="workitem_created"),
            models.Index(fields=["resolved_at"], name="workitem_resolved"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        return f"{KIND_PREFIX.get(self.kind, 'W')}-{self.pk:06d}" if self.pk else ""

    @property
    def is_unresolved(self) -> bool:
        return self.status in UNRESOLVED_STATUSES

    def refresh_due_at(self) -> None:
        """``due_at``: the earliest SLA target still running (used to sort by urgency)."""
        candidates = []
        if self.first_response_at is None and self.first_response_due:
            candidates.append(self.first_response_due)
        if self.next_response_due:
            candidates.append(self.next_response_due)
        if self.resolved_at is None and self.resolution_due:
            candidates.append(self.resolution_due)
        self.due_at = min(candidates) if candidates and self.is_unresolved else None


class EventVerb(models.TextChoices):
    CREATED = "created", _("created")
    ASSIGNED = "assigned", _("assigned")
    TAKEN = "taken", _("taken")
    RELEASED = "released", _("released")
    TRANSFERRED = "transferred", _("transferred")
    ROUTED = "routed", _("routed automatically")
    STATUS_CHANGED = "status_changed", _("status changed")
    PRIORITY_CHANGED = "priority_changed", _("priority changed")
    UPDATED = "updated", _("updated")
    REPLIED = "replied", _("replied")
    NOTED = "noted", _("internal note")
    CUSTOMER_REPLIED = "customer_replied", _("customer replied")
    TAGGED = "tagged", _("tags changed")
    LINKED = "linked", _("linked")
    UNLINKED = "unlinked", _("unlinked")
    MERGED = "merged", _("merged")
    ATTACHED = "attached", _("attachment added")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACHED = "sla_breached", _("SLA breached")
    ESCALATED = "escalated", _("escalated")
    ESCALATION_ACKNOWLEDGED = "escalation_acknowledged", _("escalation acknowledged")
    DEESCALATED = "deescalated", _("sent back")


class WorkItemEvent(models.Model):
    """Every change to an item: who, what, when, why. The audit trail and the timeline."""

    item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(_("what"), max_length=30, choices=EventVerb.choices)
    data = models.JSONField(_("details"), default=dict, blank=True)
    reason = models.TextField(_("why"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("work item event")
        verbose_name_plural = _("work item events")
        indexes = [models.Index(fields=["item", "created_at"], name="workitemevent_item_created")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.verb}"


class LinkKind(models.TextChoices):
    RELATES = "relates", _("relates to")
    DUPLICATES = "duplicates", _("duplicates")
    CAUSED_BY = "caused_by", _("caused by")


class WorkItemLink(models.Model):
    source = models.ForeignKey(
        WorkItem, verbose_name=_("source"), on_delete=models.CASCADE, related_name="links_out"
    )
    target = models.ForeignKey(
        WorkItem, verbose_name=_("target"), on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="queues_link_unique"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="queues_link_not_self"
            ),
        ]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class CannedResponse(models.Model):
    """A reusable reply with placeholders, global (no queue) or for one queue."""

    queue = models.ForeignKey(
        Queue,
        verbose_name=_("queue"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="canned_responses",
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Placeholders: {{customer.name}}, {{agent.name}}, {{item.reference}}, "
            "{{item.subject}}, {{queue.name}}"
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")

    def __str__(self) -> str:
        return self.title
