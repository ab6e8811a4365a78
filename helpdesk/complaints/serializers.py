"""Output and input serializers for complaints (REST and websocket share the output ones)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from helpdesk.queues.serializers import (
    CategorySerializer,
    CustomerBriefSerializer,
    QueueBriefSerializer,
    UserBriefSerializer,
)

from .models import (
    ComplaintStep,
    Evidence,
    Remedy,
    RootCause,
    Severity,
    Stage,
)

STAGE_LABELS = dict(Stage.choices)
SEVERITY_LABELS = dict(Severity.choices)
ROOT_CAUSE_LABELS = dict(RootCause.choices)
SLA_STATES = [("none", "none"), ("ok", "ok"), ("warning", "warning"), ("breached", "breached")]


# --- outputs ---------------------------------------------------------------------------------------


class NamedBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ComplaintSlaBadgeSerializer(serializers.Serializer):
    """What a card's SLA badge shows: ``breached`` (a target missed, or running past due),
    ``warning`` (past the warning threshold), ``ok`` (a target running), ``none``."""

    state = serializers.ChoiceField(choices=SLA_STATES)
    due_at = serializers.DateTimeField(allow_null=True)
    warn_at = serializers.DateTimeField(allow_null=True)
    first_response_due = serializers.DateTimeField(allow_null=True)
    resolution_due = serializers.DateTimeField(allow_null=True)


def sla_badge(complaint) -> dict:
    item = complaint.item
    now = timezone.now()
    if getattr(complaint, "sla_breached", False) or (item.due_at and item.due_at <= now):
        state = "breached"
    elif item.sla_warn_at and item.sla_warn_at <= now:
        state = "warning"
    elif item.due_at:
        state = "ok"
    else:
        state = "none"
    return {
        "state": state,
        "due_at": item.due_at,
        "warn_at": item.sla_warn_at,
        "first_response_due": item.first_response_due if not item.first_response_at else None,
        "resolution_due": item.resolution_due,
    }


class ComplaintCardSerializer(serializers.Serializer):
    """One card of the board (and one row of the list). Needs ``selectors.complaint_cards``."""

    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField(source="item.reference")
    subject = serializers.CharField(source="item.subject")
    stage = serializers.ChoiceField(choices=Stage.choices)
    stage_display = serializers.SerializerMethodField()
    severity = serializers.ChoiceField(choices=Severity.choices)
    severity_display = serializers.SerializerMethodField()
    status = serializers.CharField(source="item.status")
    priority = serializers.IntegerField(source="item.priority")
    queue = QueueBriefSerializer(source="item.queue")
    customer = CustomerBriefSerializer(source="item.customer", allow_null=True)
    assignee = UserBriefSerializer(source="item.assignee", allow_null=True)
    category = CategorySerializer(source="item.category", allow_null=True)
    root_cause = serializers.CharField()
    appeal_round = serializers.IntegerField()
    outcome = serializers.CharField()
    remedies_total_fen = serializers.IntegerField(
        help_text="Standing remedies (proposed, approved, carried out), in fen."
    )
    needs_amount_confirmation = serializers.BooleanField(
        help_text="A remedy above the approval threshold awaits the manager's confirmation."
    )
    sla = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="item.created_at")
    updated_at = serializers.DateTimeField(source="item.updated_at")

    def get_stage_display(self, obj) -> str:
        return str(STAGE_LABELS.get(obj.stage, obj.stage))

    def get_severity_display(self, obj) -> str:
        return str(SEVERITY_LABELS.get(obj.severity, obj.severity))

    @extend_schema_field(ComplaintSlaBadgeSerializer)
    def get_sla(self, obj) -> dict:
        return ComplaintSlaBadgeSerializer(sla_badge(obj)).data


class ComplaintBoardColumnSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Every complaint in the stage (filters applied).")
    cards = ComplaintCardSerializer(many=True, help_text="The first `column_limit` of them.")


class ComplaintBoardSerializer(serializers.Serializer):
    column_limit = serializers.IntegerField()
    columns = ComplaintBoardColumnSerializer(many=True)


class ComplaintOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    product = serializers.CharField(source="product.name")
    account = serializers.CharField()
    amount = serializers.IntegerField(help_text="Face value in fen.")
    price = serializers.IntegerField(help_text="Price paid in fen.")
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


class ComplaintSourceItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    kind = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.CharField()


class ComplaintOrderRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class ComplaintStepSerializer(serializers.ModelSerializer):
    actor = UserBriefSerializer(allow_null=True)
    action_display = serializers.CharField(source="get_action_display")

    class Meta:
        model = ComplaintStep
        fields = [
            "id",
            "action",
            "action_display",
            "from_stage",
            "to_stage",
            "actor",
            "reason",
            "data",
            "created_at",
        ]
        read_only_fields = fields


class ComplaintEvidenceSerializer(serializers.ModelSerializer):
    author = UserBriefSerializer(allow_null=True)
    added_by = UserBriefSerializer(allow_null=True)
    kind_display = serializers.CharField(source="get_kind_display")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "kind_display",
            "source_item",
            "source_order",
            "source_ref",
            "party",
            "author",
            "author_name",
            "body",
            "internal",
            "occurred_at",
            "filename",
            "content_type",
            "size",
            "url",
            "data",
            "added_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_url(self, obj) -> str | None:
        return reverse("complaint-evidence-file", args=[obj.pk]) if obj.file else None


class ComplaintRemedySerializer(serializers.ModelSerializer):
    order = ComplaintOrderRefSerializer(allow_null=True)
    kind_display = serializers.CharField(source="get_kind_display")
    state_display = serializers.CharField(source="get_state_display")
    proposed_by = UserBriefSerializer(allow_null=True)
    approved_by = UserBriefSerializer(allow_null=True)
    executed_by = UserBriefSerializer(allow_null=True)

    class Meta:
        model = Remedy
        fields = [
            "id",
            "kind",
            "kind_display",
            "order",
            "amount_fen",
            "description",
            "state",
            "state_display",
            "above_threshold",
            "appeal_round",
            "proposed_by",
            "created_at",
            "approved_by",
            "approved_at",
            "executed_by",
            "executed_at",
            "execution_note",
            "refund",
            "withdrawn_at",
        ]
        read_only_fields = fields


class ComplaintItemEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    verb = serializers.CharField()
    verb_display = serializers.CharField(source="get_verb_display")
    actor = UserBriefSerializer(allow_null=True)
    data = serializers.JSONField()
    reason = serializers.CharField()


class ComplaintTimelineEntrySerializer(serializers.Serializer):
    """One line of the evidence timeline: a workflow ``step``, a piece of ``evidence`` (at the
    time it happened), or an ``event`` of the work item (assignment, SLA, escalation)."""

    at = serializers.DateTimeField()
    type = serializers.ChoiceField(
        choices=[("step", "step"), ("evidence", "evidence"), ("event", "event")]
    )
    step = ComplaintStepSerializer(required=False, allow_null=True)
    evidence = ComplaintEvidenceSerializer(required=False, allow_null=True)
    event = ComplaintItemEventSerializer(required=False, allow_null=True)

    def to_representation(self, instance):
        data = super().to_representation(
            {"step": None, "evidence": None, "event": None, **instance}
        )
        return data


class ComplaintDetailSerializer(ComplaintCardSerializer):
    """A complaint with its record. Needs ``selectors.complaint_get_for_user``; the view adds
    ``timeline`` and ``actions``."""

    tags = serializers.SerializerMethodField()
    created_by = UserBriefSerializer(source="item.created_by", allow_null=True)
    complained_agent = UserBriefSerializer(allow_null=True)
    complained_channel = NamedBriefSerializer(allow_null=True)
    source_item = ComplaintSourceItemSerializer(allow_null=True)
    source_order = ComplaintOrderRefSerializer(allow_null=True)
    orders = ComplaintOrderSerializer(many=True)
    root_cause_display = serializers.SerializerMethodField()
    attributed_agent = UserBriefSerializer(allow_null=True)
    attributed_channel = NamedBriefSerializer(allow_null=True)
    attribution_note = serializers.CharField()
    attributed_at = serializers.DateTimeField(allow_null=True)
    resolution = serializers.CharField()
    proposed_by = UserBriefSerializer(allow_null=True)
    proposed_at = serializers.DateTimeField(allow_null=True)
    approved_resolution = serializers.CharField()
    approved_by = UserBriefSerializer(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    informed_at = serializers.DateTimeField(allow_null=True)
    approval_threshold_fen = serializers.SerializerMethodField()
    remedies = ComplaintRemedySerializer(many=True)
    steps = ComplaintStepSerializer(many=True)
    evidence = ComplaintEvidenceSerializer(many=True)
    timeline = ComplaintTimelineEntrySerializer(many=True, read_only=True)
    actions = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="What the current user may do now: workflow actions (investigate, propose, "
        "approve, send_back, inform, close, appeal) and edit, add_evidence, add_remedy.",
    )

    def get_tags(self, obj) -> list[str]:
        return sorted(t.name for t in obj.item.tags.all())

    def get_root_cause_display(self, obj) -> str:
        return str(ROOT_CAUSE_LABELS.get(obj.root_cause, "")) if obj.root_cause else ""

    def get_approval_threshold_fen(self, obj) -> int:
        return int(settings.COMPLAINTS_APPROVAL_THRESHOLD_FEN)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["timeline"] = ComplaintTimelineEntrySerializer(
            self.context.get("timeline", []), many=True
        ).data
        data["actions"] = list(self.context.get("actions", []))
        return data


class ComplaintChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class ComplaintRootCauseChoiceSerializer(ComplaintChoiceSerializer):
    requires = serializers.CharField(
        allow_null=True,
        help_text="The attribution field this root cause needs before proposing "
        "(attributed_agent, attributed_channel, attribution_note), or null.",
    )


class ComplaintOptionsSerializer(serializers.Serializer):
    stages = ComplaintChoiceSerializer(many=True)
    severities = ComplaintChoiceSerializer(many=True)
    root_causes = ComplaintRootCauseChoiceSerializer(many=True)
    remedy_kinds = ComplaintChoiceSerializer(many=True)
    outcomes = ComplaintChoiceSerializer(many=True)
    categories = NamedBriefSerializer(many=True)
    handlers = UserBriefSerializer(many=True)
    agents = UserBriefSerializer(
        many=True, help_text="Active agents, supervisors and order handlers (for attribution)."
    )
    channels = NamedBriefSerializer(many=True)
    approval_threshold_fen = serializers.IntegerField()
    appeal_to_manager = serializers.BooleanField(
        help_text="The complaints queue's SLA policy lets appeals go straight to a manager."
    )
    queue = QueueBriefSerializer(allow_null=True)
