"""Input and output serializers of the hotline (REST and websocket share the output ones)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from helpdesk.common.serializers import StrictInputSerializer
from helpdesk.customers.models import CreditStanding
from helpdesk.queues.models import Priority, Status
from helpdesk.queues.serializers import (
    STATUS_LABELS,
    CustomerBriefSerializer,
    QueueBriefSerializer,
    UserBriefSerializer,
    WorkItemSerializer,
)
from helpdesk.tickets.serializers import LinkedItemSerializer

from .models import (
    AnomalyReason,
    Call,
    CallOutcome,
    CallSource,
    CallState,
    Direction,
    EventKind,
    HotlineAnomaly,
    RingBack,
)

DIRECTION_LABELS = dict(Direction.choices)
STATE_LABELS = dict(CallState.choices)
OUTCOME_LABELS = dict(CallOutcome.choices)
SOURCE_LABELS = dict(CallSource.choices)


# --- outputs ---------------------------------------------------------------------------------


class CallQueueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class CallCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CallItemSerializer(serializers.Serializer):
    """The call's work item, as far as the call view needs it."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_display = serializers.SerializerMethodField()
    assignee = UserBriefSerializer(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    queue = CallQueueSerializer(
        help_text=_("The queue the work is in now (after a transfer, not the one it came in on).")
    )

    def get_status_display(self, obj) -> str:
        return str(STATUS_LABELS.get(obj.status, obj.status))


class CallSerializer(serializers.Serializer):
    """One call: a row of ``GET /api/v1/hotline/calls/`` and the ``call.changed`` payload.
    Needs ``selectors.call_rows`` (joins and the matched customers). A plain serializer: built
    per event on the webhook's path, where a model serializer's field introspection showed."""

    id = serializers.IntegerField(source="item_id")
    reference = serializers.CharField()
    item = CallItemSerializer()
    source = serializers.ChoiceField(choices=CallSource.choices)
    source_display = serializers.SerializerMethodField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    direction_display = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=CallState.choices)
    state_display = serializers.SerializerMethodField()
    from_number = serializers.CharField(help_text=_("E.164; empty when withheld."))
    to_number = serializers.CharField(help_text=_("E.164."))
    queue = CallQueueSerializer(help_text=_("The queue the call came in on."))
    agent = UserBriefSerializer(allow_null=True)
    agent_extension = serializers.CharField()
    initiated_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    wait_seconds = serializers.IntegerField(allow_null=True)
    talk_seconds = serializers.IntegerField(allow_null=True)
    hangup_cause = serializers.CharField()
    outcome = serializers.ChoiceField(choices=CallOutcome.choices, allow_blank=True)
    outcome_display = serializers.SerializerMethodField()
    notes = serializers.CharField()
    wrapped_up_at = serializers.DateTimeField(allow_null=True)
    customer = CustomerBriefSerializer(source="item.customer", allow_null=True)
    matched_customers = CustomerBriefSerializer(source="matched_customers.all", many=True)
    category = CallCategorySerializer(
        source="item.category", allow_null=True, help_text=_("The wrap-up category.")
    )
    ringback = serializers.IntegerField(source="ringback_id", allow_null=True)
    regarding = serializers.IntegerField(source="regarding_id", allow_null=True)

    def get_direction_display(self, obj) -> str:
        return str(DIRECTION_LABELS.get(obj.direction, obj.direction))

    def get_state_display(self, obj) -> str:
        return str(STATE_LABELS.get(obj.state, obj.state))

    def get_source_display(self, obj) -> str:
        return str(SOURCE_LABELS.get(obj.source, obj.source))

    def get_outcome_display(self, obj) -> str:
        return str(OUTCOME_LABELS.get(obj.outcome, obj.outcome)) if obj.outcome else ""


class CallLinkSerializer(serializers.Serializer):
    kind = serializers.CharField()
    direction = serializers.ChoiceField(choices=[("out", "out"), ("in", "in")])
    item = LinkedItemSerializer()
    created_at = serializers.DateTimeField()


class CallOrderSerializer(serializers.Serializer):
    reference = serializers.CharField()
    created_at = serializers.DateTimeField()


class CallDetailSerializer(CallSerializer):
    """A call with the work items it is linked to (tickets made from it, the item it called
    back about) and the orders it was about. Needs ``selectors.call_get_for_user``."""

    links = serializers.SerializerMethodField()
    orders = CallOrderSerializer(source="order_links.all", many=True)

    @extend_schema_field(CallLinkSerializer(many=True))
    def get_links(self, obj) -> list[dict]:
        rows = [
            {
                "kind": link.kind,
                "direction": "out",
                "item": link.target,
                "created_at": link.created_at,
            }
            for link in obj.item.links_out.all()
        ] + [
            {
                "kind": link.kind,
                "direction": "in",
                "item": link.source,
                "created_at": link.created_at,
            }
            for link in obj.item.links_in.all()
        ]
        rows.sort(key=lambda r: r["created_at"])
        return CallLinkSerializer(rows, many=True).data


class PopupCustomerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    company = serializers.CharField()
    credit_standing = serializers.ChoiceField(choices=CreditStanding.choices)
    primary_phone = serializers.CharField(allow_null=True)


class PopupOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    product = serializers.CharField()
    account = serializers.CharField()
    amount = serializers.IntegerField(help_text=_("Fen."))
    customer = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()


class PopupSerializer(serializers.Serializer):
    """The incoming-call pop-up (``call.ringing`` and ``GET .../calls/{id}/popup/``)."""

    call = CallSerializer()
    customers = PopupCustomerSerializer(many=True)
    open_items = WorkItemSerializer(many=True)
    recent_orders = PopupOrderSerializer(many=True)


class CallBriefSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="item_id", read_only=True)
    reference = serializers.CharField(read_only=True)
    agent = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "reference",
            "direction",
            "state",
            "from_number",
            "to_number",
            "agent",
            "initiated_at",
            "ended_at",
            "wait_seconds",
            "talk_seconds",
        ]
        read_only_fields = fields


class RingBackSerializer(serializers.ModelSerializer):
    """A ring-back with its calls (the missed ones folded into it and the calls back)."""

    id = serializers.IntegerField(source="item_id", read_only=True)
    reference = serializers.CharField(source="item.reference", read_only=True)
    subject = serializers.CharField(source="item.subject", read_only=True)
    status = serializers.CharField(source="item.status", read_only=True)
    status_display = serializers.SerializerMethodField()
    priority = serializers.IntegerField(source="item.priority", read_only=True)
    queue = QueueBriefSerializer(source="item.queue", read_only=True)
    assignee = UserBriefSerializer(source="item.assignee", read_only=True, allow_null=True)
    customer = CustomerBriefSerializer(source="item.customer", read_only=True, allow_null=True)
    first_response_at = serializers.DateTimeField(source="item.first_response_at", read_only=True)
    due_at = serializers.DateTimeField(source="item.due_at", read_only=True)
    completed_by_call = serializers.IntegerField(
        source="completed_by_call_id", read_only=True, allow_null=True
    )
    calls = CallBriefSerializer(many=True, read_only=True)

    class Meta:
        model = RingBack
        fields = [
            "id",
            "reference",
            "subject",
            "status",
            "status_display",
            "priority",
            "queue",
            "assignee",
            "customer",
            "number",
            "missed_count",
            "attempts",
            "first_missed_at",
            "last_missed_at",
            "first_response_at",
            "due_at",
            "folding",
            "completed_at",
            "completed_by_call",
            "calls",
        ]
        read_only_fields = fields

    def get_status_display(self, obj) -> str:
        return str(STATUS_LABELS.get(obj.item.status, obj.item.status))


class FigureFieldsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    ringing = serializers.IntegerField()
    answered = serializers.IntegerField()
    missed = serializers.IntegerField()
    abandoned = serializers.IntegerField()
    voicemail = serializers.IntegerField()
    avg_wait_seconds = serializers.FloatField(
        allow_null=True, help_text=_("Mean wait of the answered calls (time to answer).")
    )
    avg_talk_seconds = serializers.FloatField(
        allow_null=True, help_text=_("Mean talk time of the answered calls that ended.")
    )


class QueueFiguresSerializer(FigureFieldsSerializer):
    queue = QueueBriefSerializer()


class AgentFiguresSerializer(FigureFieldsSerializer):
    agent = UserBriefSerializer()


class FiguresSerializer(serializers.Serializer):
    since = serializers.DateTimeField(allow_null=True)
    until = serializers.DateTimeField(allow_null=True)
    totals = FigureFieldsSerializer()
    queues = QueueFiguresSerializer(many=True)
    agents = AgentFiguresSerializer(many=True)


class AnomalySerializer(serializers.ModelSerializer):
    integration = serializers.CharField(source="integration.name", read_only=True, default=None)
    reason_display = serializers.CharField(source="get_reason_display", read_only=True)

    class Meta:
        model = HotlineAnomaly
        fields = [
            "id",
            "integration",
            "reason",
            "reason_display",
            "event",
            "pbx_call_id",
            "call",
            "detail",
            "remote_addr",
            "created_at",
        ]
        read_only_fields = fields


class EventResultSerializer(serializers.Serializer):
    """The webhook's answer to an accepted event (a repeat gets the same body)."""

    event = serializers.ChoiceField(choices=EventKind.choices)
    call_id = serializers.CharField(help_text=_("The telephone system's call id."))
    call = serializers.IntegerField(help_text=_("The call (its work item's id)."))
    reference = serializers.CharField()
    state = serializers.ChoiceField(choices=CallState.choices)
    ringback = serializers.IntegerField(allow_null=True)


# --- inputs ----------------------------------------------------------------------------------


def _multi(child):
    return serializers.ListField(child=child, required=False)


@extend_schema_field(OpenApiTypes.STR)
class EventTimeField(serializers.Field):
    """When something happened at the telephone system: unix seconds, or ISO 8601 with an
    offset (a time without one is refused: the telephone system's zone is not ours to guess)."""

    default_error_messages = {
        "invalid": _("Give unix seconds or an ISO 8601 time with an offset."),
        "future": _("This time is in the future."),
    }

    def to_internal_value(self, data):
        value = None
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int | float):
            try:
                value = datetime.fromtimestamp(data, tz=UTC)
            except (OverflowError, OSError, ValueError):
                self.fail("invalid")
        elif isinstance(data, str):
            try:
                value = parse_datetime(data.strip())
            except ValueError:
                value = None
            if value is None or timezone.is_naive(value):
                self.fail("invalid")
        else:
            self.fail("invalid")
        skew = timedelta(seconds=settings.HOTLINE_SIGNATURE_WINDOW_SECONDS)
        if value > timezone.now() + skew:
            self.fail("future")
        return value

    def to_representation(self, value):
        return value.isoformat()


_CALL_ID = r"^[A-Za-z0-9._:@\-]{1,128}$"


class EventSerializer(StrictInputSerializer):
    """A telephone-system event (``docs/hotline-protocol.md``). ``from`` and ``to`` are
    keywords in Python, so they are added in :meth:`get_fields`."""

    event = serializers.ChoiceField(choices=EventKind.choices)
    call_id = serializers.RegexField(_CALL_ID, max_length=128)
    timestamp = EventTimeField()
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.INBOUND)
    queue = serializers.SlugField(max_length=60, required=False, allow_blank=True, default="")
    agent = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default="", help_text=_("Extension.")
    )
    cause = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    extra = serializers.DictField(required=False, default=dict)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.CharField(
            max_length=64, required=False, allow_blank=True, default=""
        )
        fields["to"] = serializers.CharField(
            max_length=64, required=False, allow_blank=True, default=""
        )
        return fields

    def validate(self, attrs):
        if attrs["event"] == EventKind.HANGUP and not attrs["cause"]:
            raise serializers.ValidationError({"cause": [_("This field is required.")]})
        return attrs


class CallFilterSerializer(StrictInputSerializer):
    state = _multi(serializers.ChoiceField(choices=CallState.choices))
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    agent = _multi(serializers.IntegerField(min_value=1))
    mine = serializers.BooleanField(required=False, default=False)
    queue = _multi(serializers.IntegerField(min_value=1))
    customer = serializers.IntegerField(required=False, min_value=1)
    number = serializers.CharField(
        required=False,
        max_length=40,
        help_text=_("A number in any format (caller or callee); digits match partly."),
    )
    date = serializers.DateField(required=False, help_text=_("A day, in the server's time zone."))
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)


class CallLogSerializer(StrictInputSerializer):
    """A call logged by hand, or a call back against a work item (``item``)."""

    direction = serializers.ChoiceField(choices=Direction.choices)
    state = serializers.ChoiceField(
        choices=[(s, label) for s, label in CallState.choices if s != CallState.RINGING]
    )
    queue = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Required unless item is given.")
    )
    item = serializers.IntegerField(
        required=False, min_value=1, help_text=_("The work item this call is about.")
    )
    initiated_at = serializers.DateTimeField(required=False)
    answered_at = serializers.DateTimeField(required=False)
    ended_at = serializers.DateTimeField(required=False)
    customer = serializers.IntegerField(required=False, min_value=1)
    outcome = serializers.ChoiceField(choices=CallOutcome.choices, required=False, default="")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")
    category = serializers.IntegerField(required=False, min_value=1)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.CharField(
            max_length=64,
            required=False,
            allow_blank=True,
            default="",
            help_text=_("The caller; required for an inbound call."),
        )
        fields["to"] = serializers.CharField(
            max_length=64,
            required=False,
            allow_blank=True,
            default="",
            help_text=_("The number called; required for an outbound call."),
        )
        return fields


class WrapUpSerializer(StrictInputSerializer):
    outcome = serializers.ChoiceField(choices=CallOutcome.choices, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    category = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class CallCustomerSerializer(StrictInputSerializer):
    customer = serializers.IntegerField(min_value=1)


class CallTicketSerializer(StrictInputSerializer):
    subject = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    body = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=settings.TICKET_MESSAGE_MAX_LENGTH,
        default="",
        help_text=_("The description; the call's notes when empty."),
    )
    queue = serializers.IntegerField(
        required=False, min_value=1, help_text=_("The call's queue when empty.")
    )
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    category = serializers.IntegerField(required=False, min_value=1)


class OrderLinkSerializer(StrictInputSerializer):
    reference = serializers.CharField(max_length=32)


class RingBackFilterSerializer(StrictInputSerializer):
    state = serializers.ChoiceField(
        choices=[("open", "open"), ("done", "done"), ("all", "all")], default="open"
    )
    queue = _multi(serializers.IntegerField(min_value=1))
    number = serializers.CharField(required=False, max_length=40)
    mine = serializers.BooleanField(required=False, default=False)
    date = serializers.DateField(required=False)
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)


class RingBackCloseSerializer(StrictInputSerializer):
    reason = serializers.CharField(max_length=1000)


class FiguresQuerySerializer(StrictInputSerializer):
    date = serializers.DateField(required=False, help_text=_("Today when no period is given."))
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)
    queue = _multi(serializers.IntegerField(min_value=1))
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    output = serializers.CharField(
        required=False, allow_blank=True, help_text=_("csv or xlsx: the same figures as a file")
    )
    table = serializers.ChoiceField(
        choices=[("queues", "queues"), ("agents", "agents")],
        required=False,
        default="queues",
        help_text=_("Which table a CSV holds (an XLSX holds both)."),
    )


class AnomalyFilterSerializer(StrictInputSerializer):
    reason = _multi(serializers.ChoiceField(choices=AnomalyReason.choices))
    integration = serializers.IntegerField(required=False, min_value=1)
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)
