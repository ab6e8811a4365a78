"""The hotline: calls (a work item of kind call each), telephony integrations, ring-backs.

A call arrives from the telephone system's webhook (``docs/hotline-protocol.md``) or is logged by
hand. Missed, abandoned and voicemail inbound calls fold into a ring-back: a work item of kind
``callback`` in the call's queue, with its own SLA (``docs/hotline.md``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helpdesk.queues.models import Queue, WorkItem


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")


class CallState(models.TextChoices):
    RINGING = "ringing", _("Ringing")
    ANSWERED = "answered", _("Answered")
    MISSED = "missed", _("Missed")
    ABANDONED = "abandoned", _("Abandoned")
    VOICEMAIL = "voicemail", _("Voicemail")


# A call that ended without anyone speaking to the other party.
UNANSWERED_STATES = (CallState.MISSED, CallState.ABANDONED, CallState.VOICEMAIL)


class CallSource(models.TextChoices):
    PBX = "pbx", _("Telephone system")
    MANUAL = "manual", _("Logged by hand")


class CallOutcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved on the call")
    FOLLOW_UP = "follow_up", _("Follow-up needed")
    TRANSFERRED = "transferred", _("Transferred")
    MESSAGE_LEFT = "message_left", _("Message left")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    NUISANCE = "nuisance", _("Nuisance call")
    OTHER = "other", _("Other")


class TelephonyIntegration(models.Model):
    """A telephone system (PBX) that posts call events, signed with its own secret."""

    name = models.SlugField(
        _("name"),
        max_length=50,
        unique=True,
        help_text=_("Sent by the telephone system in the X-Hotline-Integration header."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = models.CharField(
        _("signing secret"),
        max_length=128,
        help_text=_("Shared with the telephone system; signs every event (HMAC-SHA256)."),
    )
    default_queue = models.ForeignKey(
        Queue,
        verbose_name=_("default queue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Calls whose event names no known queue land here."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("telephony integration")
        verbose_name_plural = _("telephony integrations")

    def __str__(self) -> str:
        return self.name


class RingBack(models.Model):
    """Missed calls from one number to ring back: a work item of kind ``callback``.

    ``folding`` marks the one ring-back per queue and number that further missed calls fold into
    (while they come within ``HOTLINE_RINGBACK_FOLD_MINUTES`` of the last one); completing the
    ring-back ends it.
    """

    item = models.OneToOneField(
        WorkItem,
        verbose_name=_("work item"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="ringback",
    )
    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.PROTECT, related_name="ringbacks"
    )
    number = models.CharField(_("number to call"), max_length=32)
    missed_count = models.PositiveIntegerField(_("missed calls"), default=0)
    first_missed_at = models.DateTimeField(_("first missed call"))
    last_missed_at = models.DateTimeField(_("last missed call"))
    attempts = models.PositiveIntegerField(
        _("unanswered attempts"), default=0, help_text=_("Calls back that did not reach anyone.")
    )
    folding = models.BooleanField(_("takes further missed calls"), default=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by_call = models.ForeignKey(
        "Call",
        verbose_name=_("completed by call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ring-back")
        verbose_name_plural = _("ring-backs")
        constraints = [
            models.UniqueConstraint(
                fields=["queue", "number"],
                condition=Q(folding=True),
                name="hotline_ringback_one_folding",
            )
        ]
        indexes = [models.Index(fields=["number", "folding"], name="hotline_ringback_number")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.number} ×{self.missed_count}"


class Call(models.Model):
    """One telephone call: the detail of a work item of kind ``call``."""

    item = models.OneToOneField(
        WorkItem,
        verbose_name=_("work item"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="call",
    )
    source = models.CharField(_("source"), max_length=10, choices=CallSource.choices)
    integration = models.ForeignKey(
        TelephonyIntegration,
        verbose_name=_("integration"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    pbx_call_id = models.CharField(_("telephone system's call id"), max_length=128, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    from_number = models.CharField(
        _("caller"), max_length=32, blank=True, help_text=_("E.164; empty when withheld.")
    )
    to_number = models.CharField(_("callee"), max_length=32, blank=True, help_text=_("E.164."))
    # The queue the call came in on. Figures count by it; the work item may be transferred later.
    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.PROTECT, related_name="calls"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    agent_extension = models.CharField(_("extension"), max_length=32, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=CallState.choices, default=CallState.RINGING
    )
    initiated_at = models.DateTimeField(_("started at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    wait_seconds = models.PositiveIntegerField(_("waiting (s)"), null=True, blank=True)
    talk_seconds = models.PositiveIntegerField(_("talking (s)"), null=True, blank=True)
    hangup_cause = models.CharField(_("hang-up cause"), max_length=40, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CallOutcome.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    wrapped_up_at = models.DateTimeField(_("wrapped up at"), null=True, blank=True)
    matched_customers = models.ManyToManyField(
        "customers.Customer",
        verbose_name=_("customers matching the number"),
        blank=True,
        related_name="hotline_matches",
    )
    ringback = models.ForeignKey(
        RingBack,
        verbose_name=_("ring-back"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
        help_text=_("The ring-back this missed call folded into."),
    )
    regarding = models.ForeignKey(
        WorkItem,
        verbose_name=_("regarding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls_about",
        help_text=_("The work item this call was made about (a call back)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            # One call per telephone-system call: a repeated or concurrent new_call never
            # makes a second one.
            models.UniqueConstraint(
                fields=["integration", "pbx_call_id"],
                condition=Q(integration__isnull=False),
                name="hotline_call_pbx_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(integration__isnull=True) | ~Q(pbx_call_id=""),
                name="hotline_call_pbx_id_present",
            ),
        ]
        indexes = [
            models.Index(fields=["initiated_at", "item"], name="hotline_call_started"),
            models.Index(fields=["state", "initiated_at"], name="hotline_call_state"),
            models.Index(fields=["agent", "initiated_at"], name="hotline_call_agent"),
            models.Index(fields=["queue", "initiated_at"], name="hotline_call_queue"),
            models.Index(fields=["from_number", "initiated_at"], name="hotline_call_from"),
            models.Index(fields=["to_number", "initiated_at"], name="hotline_call_to"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.direction} {self.from_number}→{self.to_number} {self.state}"

    @property
    def reference(self) -> str:
        return f"H-{self.item_id:06d}" if self.item_id else ""

    @property
    def customer_number(self) -> str:
        """The other party's number: the caller of an inbound call, the callee of an outbound."""
        return self.from_number if self.direction == Direction.INBOUND else self.to_number


class CallOrderLink(models.Model):
    """A recharge order the call was about (by reference: the core does not import orders)."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="order_links"
    )
    reference = models.CharField(_("order reference"), max_length=32)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("order of a call")
        verbose_name_plural = _("orders of calls")
        constraints = [
            models.UniqueConstraint(fields=["call", "reference"], name="hotline_call_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.reference}"


class EventKind(models.TextChoices):
    NEW_CALL = "new_call", _("New call")
    ANSWERED = "answered", _("Answered")
    HANGUP = "hangup", _("Hang-up")


class CallEventReceipt(models.Model):
    """An accepted webhook event and the answer given: a repeat gets the same answer."""

    integration = models.ForeignKey(
        TelephonyIntegration,
        verbose_name=_("integration"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    pbx_call_id = models.CharField(_("telephone system's call id"), max_length=128)
    event = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    call = models.ForeignKey(
        Call,
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="receipts",
    )
    body_sha256 = models.CharField(verbose_name=_("SHA-256 of the body"), max_length=64)
    result = models.JSONField(_("answer"), default=dict)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("call event")
        verbose_name_plural = _("call events")
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "pbx_call_id", "event"], name="hotline_receipt_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.integration_id} {self.pbx_call_id} {self.event}"


class AnomalyReason(models.TextChoices):
    SIGNATURE_MISSING = "signature_missing", _("Signature missing")
    SIGNATURE_INVALID = "signature_invalid", _("Signature invalid")
    STALE_TIMESTAMP = "stale_timestamp", _("Timestamp outside the window")
    MALFORMED = "malformed", _("Malformed event")
    INVALID_NUMBER = "invalid_number", _("Invalid phone number")
    UNKNOWN_CALL = "unknown_call", _("Unknown call")
    UNKNOWN_QUEUE = "unknown_queue", _("Unknown queue")
    UNKNOWN_EXTENSION = "unknown_extension", _("Unknown extension")
    AMBIGUOUS_EXTENSION = "ambiguous_extension", _("Extension of several people")
    AGENT_NOT_IN_QUEUE = "agent_not_in_queue", _("Agent not in the call's queue")
    OUT_OF_ORDER = "out_of_order", _("Events out of order")
    CALL_ENDED = "call_ended", _("Event after the call ended")
    DUPLICATE_DIFFERS = "duplicate_differs", _("Repeated event with a different body")
    STALE_CALL = "stale_call", _("Call never ended")


class HotlineAnomaly(models.Model):
    """A webhook event refused or only partly applied, kept for the operators."""

    integration = models.ForeignKey(
        TelephonyIntegration,
        verbose_name=_("integration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="anomalies",
    )
    reason = models.CharField(_("reason"), max_length=30, choices=AnomalyReason.choices)
    event = models.CharField(_("event"), max_length=12, blank=True)
    pbx_call_id = models.CharField(_("telephone system's call id"), max_length=128, blank=True)
    call = models.ForeignKey(
        Call,
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="anomalies",
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    remote_addr = models.GenericIPAddressField(_("from"), null=True, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hotline anomaly")
        verbose_name_plural = _("hotline anomalies")

    def __str__(self) -> str:
        return f"{self.integration_id} {self.reason} {self.pbx_call_id}"
