"""Output and input serializers for tickets (REST and websocket share the output ones)."""

from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from helpdesk.common.serializers import StrictInputSerializer
from helpdesk.queues.models import Priority, Status, WorkItem, WorkItemLink
from helpdesk.queues.serializers import UserBriefSerializer, WorkItemSerializer

from . import lifecycle
from .models import Attachment, TicketChannel, TicketMessage

MESSAGE_MAX_LENGTH = settings.TICKET_MESSAGE_MAX_LENGTH
ATTACHMENT_MAX_FILES = settings.ATTACHMENT_MAX_FILES


# --- outputs ---------------------------------------------------------------------------------


class AttachmentSerializer(serializers.ModelSerializer):
    uploaded_by = UserBriefSerializer(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "message",
            "filename",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "created_at",
            "url",
        ]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return reverse("attachment-download", args=[obj.pk])


class TicketMessageSerializer(serializers.ModelSerializer):
    author = UserBriefSerializer(read_only=True, allow_null=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = TicketMessage
        fields = ["id", "kind", "kind_display", "author", "body", "created_at", "attachments"]
        read_only_fields = fields


class TicketSerializer(WorkItemSerializer):
    """One row of the ticket list: the work item plus the ticket's own fields."""

    channel = serializers.CharField(source="ticket.channel", read_only=True)
    channel_display = serializers.CharField(source="ticket.get_channel_display", read_only=True)
    requester_name = serializers.CharField(source="ticket.requester_name", read_only=True)
    requester_email = serializers.CharField(source="ticket.requester_email", read_only=True)
    merged_into = serializers.IntegerField(
        source="ticket.merged_into_id", read_only=True, allow_null=True
    )

    class Meta(WorkItemSerializer.Meta):
        fields = [
            *WorkItemSerializer.Meta.fields,
            "channel",
            "channel_display",
            "requester_name",
            "requester_email",
            "merged_into",
        ]
        read_only_fields = fields


class LinkedItemSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = WorkItem
        fields = ["id", "reference", "kind", "subject", "status"]
        read_only_fields = fields


class LinkOutSerializer(serializers.ModelSerializer):
    item = LinkedItemSerializer(source="target", read_only=True)

    class Meta:
        model = WorkItemLink
        fields = ["kind", "item", "created_at"]
        read_only_fields = fields


class LinkInSerializer(serializers.ModelSerializer):
    item = LinkedItemSerializer(source="source", read_only=True)

    class Meta:
        model = WorkItemLink
        fields = ["kind", "item", "created_at"]
        read_only_fields = fields


class TicketDetailSerializer(TicketSerializer):
    """A ticket with its thread. Needs ``selectors.ticket_get_for_user`` (everything prefetched)."""

    created_by = UserBriefSerializer(read_only=True, allow_null=True)
    messages = TicketMessageSerializer(source="ticket.messages", many=True, read_only=True)
    attachments = AttachmentSerializer(source="ticket.attachments", many=True, read_only=True)
    links_out = LinkOutSerializer(many=True, read_only=True)
    links_in = LinkInSerializer(many=True, read_only=True)

    class Meta(TicketSerializer.Meta):
        fields = [
            *TicketSerializer.Meta.fields,
            "created_by",
            "messages",
            "attachments",
            "links_out",
            "links_in",
        ]
        read_only_fields = fields


class MessageResultSerializer(serializers.Serializer):
    """What a message command returns: the new message and the ticket row after it."""

    message = TicketMessageSerializer()
    ticket = TicketSerializer()


# --- inputs ----------------------------------------------------------------------------------


def _multi(child):
    return serializers.ListField(child=child, required=False)


def _files():
    return serializers.ListField(
        child=serializers.FileField(allow_empty_file=True, use_url=False),
        required=False,
        default=list,
        max_length=ATTACHMENT_MAX_FILES,
    )


def _body():
    """A message body: may be blank when files are attached (the service checks one is given)."""
    return serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MESSAGE_MAX_LENGTH
    )


class TicketFilterSerializer(StrictInputSerializer):
    queue = _multi(serializers.IntegerField(min_value=1))
    status = _multi(serializers.ChoiceField(choices=Status.choices))
    priority = _multi(serializers.ChoiceField(choices=Priority.choices))
    assignee = _multi(serializers.IntegerField(min_value=1))
    channel = _multi(serializers.ChoiceField(choices=TicketChannel.choices))
    customer = serializers.IntegerField(min_value=1, required=False)
    mine = serializers.BooleanField(required=False, default=False)
    unassigned = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False, max_length=100)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)


class TicketCreateSerializer(StrictInputSerializer):
    queue = serializers.IntegerField(min_value=1)
    subject = serializers.CharField(max_length=255)
    body = _body()
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    category = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=20, default=list
    )
    customer = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    channel = serializers.ChoiceField(choices=TicketChannel.choices, default=TicketChannel.STAFF)
    requester_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    requester_email = serializers.EmailField(required=False, allow_blank=True, default="")
    attachments = _files()


class TicketStatusSerializer(StrictInputSerializer):
    status = serializers.ChoiceField(choices=Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class TicketReplySerializer(StrictInputSerializer):
    body = _body()
    canned_response = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    status = serializers.ChoiceField(
        choices=lifecycle.REPLY_STATUS_CHOICES,
        required=False,
        allow_null=True,
    )
    attachments = _files()


class TicketNoteSerializer(StrictInputSerializer):
    body = _body()
    attachments = _files()


class TicketCustomerMessageSerializer(StrictInputSerializer):
    body = _body()
    attachments = _files()


class TicketAttachSerializer(StrictInputSerializer):
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True, use_url=False),
        allow_empty=False,
        max_length=ATTACHMENT_MAX_FILES,
    )


class TicketMergeSerializer(StrictInputSerializer):
    into = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
