"""Complaints: the complaint detail of a work item, its workflow steps, evidence and remedies.

A complaint is a work item of kind ``complaint`` (queue, customer, subject, status, priority,
assignee, category, SLA times live on ``queues.WorkItem``) plus one ``Complaint`` row holding what
only complaints have: the stage of the workflow, severity, who or what was complained about, the
findings (root cause and attribution), the proposed and the approved resolution.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from helpdesk.queues.models import Priority, WorkItem


class Stage(models.TextChoices):
    RECEIVED = "received", _("Received")
    INVESTIGATING = "investigating", _("Investigating")
    PROPOSED = "proposed", _("Resolution proposed")
    SENT_BACK = "sent_back", _("Sent back")
    APPROVED = "approved", _("Approved")
    INFORMED = "informed", _("Customer informed")
    APPEAL_REVIEW = "appeal_review", _("Appeal with the manager")
    CLOSED = "closed", _("Closed")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


# A complaint's severity is its work item's priority: SLA policies and the inbox order follow it.
SEVERITY_PRIORITY = {
    Severity.LOW: Priority.LOW,
    Severity.MEDIUM: Priority.NORMAL,
    Severity.HIGH: Priority.HIGH,
    Severity.CRITICAL: Priority.URGENT,
}


class RootCause(models.TextChoices):
    AGENT_CONDUCT = "agent_conduct", _("Agent conduct")
    PRODUCT = "product", _("Product")
    SUPPLIER_CHANNEL = "supplier_channel", _("Supplier channel")
    PROCESS = "process", _("Process")
    CUSTOMER_MISUNDERSTANDING = "customer_misunderstanding", _("Customer misunderstanding")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    WITHDRAWN = "withdrawn", _("Withdrawn by the customer")
    DUPLICATE = "duplicate", _("Duplicate")


class Complaint(models.Model):
    item = models.OneToOneField(
        WorkItem,
        verbose_name=_("work item"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="complaint",
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.RECEIVED
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    # What the customer complains about.
    complained_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent complained about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_about",
    )
    complained_channel = models.ForeignKey(
        "orders.SupplierChannel",
        verbose_name=_("supplier channel complained about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_about",
    )
    source_item = models.ForeignKey(
        WorkItem,
        verbose_name=_("opened from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_opened",
    )
    source_order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("opened from order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    orders = models.ManyToManyField(
        "orders.Order", verbose_name=_("orders"), blank=True, related_name="complaints"
    )
    # Findings: required before a resolution can be proposed.
    root_cause = models.CharField(
        _("root cause"), max_length=30, choices=RootCause.choices, blank=True
    )
    attributed_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attributed to agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_attributed",
    )
    attributed_channel = models.ForeignKey(
        "orders.SupplierChannel",
        verbose_name=_("attributed to supplier channel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_attributed",
    )
    attribution_note = models.TextField(
        _("attributed to (process, product)"),
        blank=True,
        help_text=_("Which process or product, when the root cause is not a person or channel."),
    )
    attributed_at = models.DateTimeField(_("attributed at"), null=True, blank=True)
    # The resolution: proposed by the handler, approved by a manager (the customer hears only
    # the approved text).
    resolution = models.TextField(_("proposed resolution"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    approved_resolution = models.TextField(_("approved resolution"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    informed_at = models.DateTimeField(_("customer informed at"), null=True, blank=True)
    appeal_round = models.PositiveSmallIntegerField(_("appeals"), default=0)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["stage"], name="complaint_stage"),
            models.Index(fields=["root_cause", "attributed_at"], name="complaint_root_cause"),
            models.Index(fields=["attributed_channel", "attributed_at"], name="complaint_channel"),
            models.Index(fields=["attributed_agent", "attributed_at"], name="complaint_agent"),
        ]

    def __str__(self) -> str:
        return str(self.item)

    @property
    def reference(self) -> str:
        return self.item.reference


class Action(models.TextChoices):
    OPENED = "opened", _("Opened")
    INVESTIGATE = "investigate", _("Investigation started")
    PROPOSE = "propose", _("Resolution proposed")
    APPROVE = "approve", _("Approved")
    SEND_BACK = "send_back", _("Sent back")
    INFORM = "inform", _("Customer informed")
    CLOSE = "close", _("Closed")
    APPEAL = "appeal", _("Appealed")


class ComplaintStep(models.Model):
    """One step of the workflow: who, when, why, from which stage to which."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("why"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("complaint step")
        verbose_name_plural = _("complaint steps")
        indexes = [models.Index(fields=["complaint", "created_at"], name="complaintstep_trail")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action} {self.to_stage}"


class EvidenceKind(models.TextChoices):
    STATEMENT = "statement", _("Customer's statement")
    MESSAGE = "message", _("Message")
    ATTACHMENT = "attachment", _("Attachment")
    NOTE = "note", _("Investigation note")
    ITEM = "item", _("Linked work")
    CALL = "call", _("Call")
    ORDER = "order", _("Order")
    CUSTOMER_MESSAGE = "customer_message", _("Told the customer")


class Party(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    STAFF = "staff", _("Staff")
    SYSTEM = "system", _("System")


def evidence_path(instance, filename: str) -> str:
    return f"complaints/{instance.complaint_id}/{(instance.sha256 or 'x')[:16]}/{filename}"


class Evidence(models.Model):
    """One piece of the record: a message copied from the work the complaint came from, a file,
    a note, a linked call or order, or what the customer was told. Copies are snapshots: later
    edits of the source do not change the evidence."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    source_item = models.ForeignKey(
        WorkItem,
        verbose_name=_("from work item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("from order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What it was copied from (e.g. ``ticket_message:12``): the same source is copied once.
    source_key = models.CharField(_("source"), max_length=64, blank=True)
    source_ref = models.CharField(_("reference"), max_length=64, blank=True)
    party = models.CharField(_("from"), max_length=10, choices=Party.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField(_("author name"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    internal = models.BooleanField(_("internal note at the source"), default=False)
    occurred_at = models.DateTimeField(_("happened at"))
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(verbose_name=_("SHA-256"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "source_key"],
                condition=~models.Q(source_key=""),
                name="complaints_evidence_once",
            )
        ]
        indexes = [models.Index(fields=["complaint", "occurred_at"], name="evidence_timeline")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.source_ref}"


class RemedyKind(models.TextChoices):
    APOLOGY = "apology", _("Apology")
    REFUND = "refund", _("Refund")
    COMPENSATION = "compensation", _("Compensation")
    OTHER = "other", _("Other")


class RemedyState(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXECUTED = "executed", _("Carried out")
    RECORDED = "recorded", _("Recorded for payment")


# Remedies that stand (counted in totals and reports).
STANDING_REMEDIES = (
    RemedyState.PROPOSED,
    RemedyState.APPROVED,
    RemedyState.EXECUTED,
    RemedyState.RECORDED,
)


class Remedy(models.Model):
    """What the company gives the customer: an apology, a refund of an order, compensation, or
    something else. Proposed with the resolution, approved with it, carried out (or recorded
    for payment) when the customer is informed."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="remedies"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RemedyKind.choices)
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaint_remedies",
    )
    amount_fen = models.PositiveIntegerField(_("amount (fen)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=RemedyState.choices, default=RemedyState.PROPOSED
    )
    above_threshold = models.BooleanField(
        _("above the approval threshold"),
        default=False,
        help_text=_("The manager confirms such amounts explicitly when approving."),
    )
    appeal_round = models.PositiveSmallIntegerField(_("appeal"), default=0)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("carried out by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    executed_at = models.DateTimeField(_("carried out at"), null=True, blank=True)
    execution_note = models.TextField(_("how it was carried out"), blank=True)
    refund = models.ForeignKey(
        "orders.Refund",
        verbose_name=_("order refund"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        indexes = [models.Index(fields=["complaint", "state"], name="remedy_complaint_state")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.amount_fen or ''}"


class DailySummary(models.Model):
    """The day's complaints for supervisors, as it was sent (one per local day)."""

    day = models.DateField(_("day"), unique=True)
    data = models.JSONField(_("summary"), default=dict)
    sent_to = models.JSONField(_("sent to"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily complaint summary")
        verbose_name_plural = _("daily complaint summaries")

    def __str__(self) -> str:
        return self.day.isoformat()
