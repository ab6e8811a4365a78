"""Output and input serializers for queues and work items (REST and websocket share them)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from helpdesk.common.serializers import StrictInputSerializer

from .models import (
    CannedResponse,
    Category,
    Kind,
    LinkKind,
    Priority,
    Queue,
    QueueMembership,
    RoutingMode,
    Status,
    WorkItem,
    WorkItemEvent,
)

KIND_LABELS = dict(Kind.choices)
STATUS_LABELS = dict(Status.choices)
PRIORITY_LABELS = dict(Priority.choices)


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()


class QueueBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Queue
        fields = ["id", "name", "slug"]


class CustomerBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "queue"]


class WorkItemSerializer(serializers.ModelSerializer):
    """One row of the inbox. Needs ``with_list_joins`` (queue, assignee, customer, tags)."""

    reference = serializers.CharField(read_only=True)
    queue = QueueBriefSerializer(read_only=True)
    assignee = UserBriefSerializer(read_only=True, allow_null=True)
    customer = CustomerBriefSerializer(read_only=True, allow_null=True)
    category = CategorySerializer(read_only=True, allow_null=True)
    tags = serializers.SerializerMethodField()
    # Method fields: cheaper per row than CharField(source="get_..._display") (measured).
    kind_display = serializers.SerializerMethodField()
    status_display = serializers.SerializerMethodField()
    priority_display = serializers.SerializerMethodField()

    class Meta:
        model = WorkItem
        fields = [
            "id",
            "reference",
            "kind",
            "kind_display",
            "queue",
            "customer",
            "subject",
            "status",
            "status_display",
            "priority",
            "priority_display",
            "assignee",
            "category",
            "tags",
            "skill",
            "created_at",
            "updated_at",
            "assigned_at",
            "first_response_at",
            "resolved_at",
            "closed_at",
            "first_response_due",
            "next_response_due",
            "resolution_due",
            "due_at",
            "sla_warn_at",
        ]
        read_only_fields = fields

    def get_tags(self, obj) -> list[str]:
        return sorted(t.name for t in obj.tags.all())

    def get_kind_display(self, obj) -> str:
        return str(KIND_LABELS.get(obj.kind, obj.kind))

    def get_status_display(self, obj) -> str:
        return str(STATUS_LABELS.get(obj.status, obj.status))

    def get_priority_display(self, obj) -> str:
        return str(PRIORITY_LABELS.get(obj.priority, obj.priority))


class WorkItemEventSerializer(serializers.ModelSerializer):
    actor = UserBriefSerializer(read_only=True, allow_null=True)
    verb_display = serializers.CharField(source="get_verb_display", read_only=True)

    class Meta:
        model = WorkItemEvent
        fields = ["id", "actor", "verb", "verb_display", "data", "reason", "created_at"]
        read_only_fields = fields


class MembershipSerializer(serializers.ModelSerializer):
    user = UserBriefSerializer(read_only=True)
    effective_capacity = serializers.IntegerField(read_only=True)

    class Meta:
        model = QueueMembership
        fields = [
            "id",
            "user",
            "role",
            "capacity",
            "effective_capacity",
            "skills",
            "accepts_routing",
        ]
        read_only_fields = fields


class QueueSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = Queue
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "routing_mode",
            "default_capacity",
            "is_active",
            "memberships",
        ]
        read_only_fields = fields


class CannedResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = CannedResponse
        fields = ["id", "queue", "title", "body", "is_active", "updated_at"]
        read_only_fields = ["id", "updated_at"]


# --- inputs ----------------------------------------------------------------------------------


def _multi(child):
    return serializers.ListField(child=child, required=False)


class InboxFilterSerializer(StrictInputSerializer):
    queue = _multi(serializers.IntegerField(min_value=1))
    kind = _multi(serializers.ChoiceField(choices=Kind.choices))
    status = _multi(serializers.ChoiceField(choices=Status.choices))
    priority = _multi(serializers.ChoiceField(choices=Priority.choices))
    assignee = _multi(serializers.IntegerField(min_value=1))
    customer = serializers.IntegerField(min_value=1, required=False)
    mine = serializers.BooleanField(required=False, default=False)
    unassigned = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False, max_length=100)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)


class AssignInputSerializer(StrictInputSerializer):
    assignee = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class ReleaseInputSerializer(StrictInputSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class TransferInputSerializer(StrictInputSerializer):
    queue = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=1000)


class WorkItemUpdateSerializer(StrictInputSerializer):
    subject = serializers.CharField(required=False, max_length=255)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    category = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=20
    )
    customer = serializers.IntegerField(required=False, min_value=1)


class LinkInputSerializer(StrictInputSerializer):
    target = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=LinkKind.choices, default=LinkKind.RELATES)


class QueueInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=100)
    slug = serializers.SlugField(max_length=60)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    routing_mode = serializers.ChoiceField(choices=RoutingMode.choices, default=RoutingMode.MANUAL)
    default_capacity = serializers.IntegerField(min_value=1, max_value=1000, default=10)
    is_active = serializers.BooleanField(default=True)


class MembershipInputSerializer(StrictInputSerializer):
    user = serializers.IntegerField(min_value=1)
    role = serializers.CharField(max_length=32)
    capacity = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=1000
    )
    skills = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, default=list
    )
    accepts_routing = serializers.BooleanField(default=True)


class CannedFilterSerializer(StrictInputSerializer):
    queue = serializers.IntegerField(required=False, min_value=1)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)


class CannedRenderInputSerializer(StrictInputSerializer):
    item = serializers.IntegerField(required=False, min_value=1)


class CannedInputSerializer(StrictInputSerializer):
    queue = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    title = serializers.CharField(max_length=120)
    body = serializers.CharField(max_length=10000)
    is_active = serializers.BooleanField(default=True)

    def validate_body(self, value):
        if not value.strip():
            raise serializers.ValidationError(_("This field may not be blank."))
        return value
