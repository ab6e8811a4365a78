"""Output and input serializers of the chat. The websocket frames reuse the output ones."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from helpdesk.common.serializers import StrictInputSerializer
from helpdesk.queues.serializers import (
    CustomerBriefSerializer,
    QueueBriefSerializer,
    UserBriefSerializer,
)

from .models import ChatMessage, Conversation, PresenceStatus, State


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class NameSerializer(serializers.Serializer):
    name = serializers.CharField()


class VisitorBriefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class AttachmentInfoSerializer(serializers.Serializer):
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField(help_text="Download: the session, or the visitor's token.")


class RatingSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    comment = serializers.CharField()
    rated_at = serializers.DateTimeField()


def _rating(conversation: Conversation) -> dict | None:
    if conversation.rated_at is None:
        return None
    return {
        "score": conversation.rating_score,
        "comment": conversation.rating_comment,
        "rated_at": serializers.DateTimeField().to_representation(conversation.rated_at),
    }


class ChatMessageSerializer(serializers.ModelSerializer):
    """A message as REST and the ``message.new`` frame show it (needs ``author`` joined)."""

    author = serializers.SerializerMethodField()
    attachment = serializers.SerializerMethodField()

    class Meta:
        model = ChatMessage
        fields = [
            "id",
            "seq",
            "client_id",
            "sender",
            "internal",
            "author",
            "body",
            "attachment",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(AuthorSerializer(allow_null=True))
    def get_author(self, obj) -> dict | None:
        if obj.author_id is None:
            return None
        return {"id": obj.author_id, "name": obj.author.name}

    @extend_schema_field(AttachmentInfoSerializer(allow_null=True))
    def get_attachment(self, obj) -> dict | None:
        if not obj.attachment:
            return None
        return {
            "name": obj.attachment_name,
            "content_type": obj.attachment_type,
            "size": obj.attachment_size,
            "url": reverse("chat-attachment", args=[obj.pk]),
        }


_DATETIME = serializers.DateTimeField()


def message_payload(message: ChatMessage) -> dict:
    """What :class:`ChatMessageSerializer` answers, built by hand: this runs for every message
    on the hot path, where the serializer's machinery cost more than the database work (a test
    keeps the two the same)."""
    author = None
    if message.author_id is not None:
        author = {"id": message.author_id, "name": message.author.name}
    return {
        "id": message.pk,
        "seq": message.seq,
        "client_id": str(message.client_id),
        "sender": message.sender,
        "internal": message.internal,
        "author": author,
        "body": message.body,
        "attachment": ChatMessageSerializer.get_attachment(None, message),
        "created_at": _DATETIME.to_representation(message.created_at),
    }


class MessagePageSerializer(serializers.Serializer):
    results = ChatMessageSerializer(many=True)
    last_seq = serializers.IntegerField()


class ConversationFrameSerializer(serializers.Serializer):
    """The ``conversation`` of ``conversation.updated`` and ``conversation.offered`` frames."""

    id = serializers.IntegerField(source="pk")
    state = serializers.CharField()
    queue = QueueBriefSerializer(source="item.queue")
    agent = serializers.SerializerMethodField()
    queue_position = serializers.SerializerMethodField()
    ended_at = serializers.DateTimeField()

    @extend_schema_field(AuthorSerializer(allow_null=True))
    def get_agent(self, obj) -> dict | None:
        assignee = obj.item.assignee
        return {"id": assignee.pk, "name": assignee.name} if assignee else None

    def get_queue_position(self, obj) -> int | None:
        from .selectors import queue_position

        return queue_position(obj)


class ConversationSerializer(serializers.ModelSerializer):
    """A row of the agents' chat list (needs ``selectors.with_joins``)."""

    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField(source="item.reference")
    queue = QueueBriefSerializer(source="item.queue")
    agent = UserBriefSerializer(source="item.assignee", allow_null=True)
    customer = CustomerBriefSerializer(source="item.customer", allow_null=True)
    status = serializers.CharField(source="item.status")
    visitor = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="item.created_at")
    ended_by = serializers.CharField(help_text="visitor, agent, or empty")
    rating = serializers.SerializerMethodField()

    class Meta:
        model = Conversation
        fields = [
            "id",
            "reference",
            "state",
            "status",
            "queue",
            "agent",
            "visitor",
            "contact",
            "topic",
            "customer",
            "last_seq",
            "visitor_last_read_seq",
            "agent_last_read_seq",
            "created_at",
            "offered_at",
            "accepted_at",
            "ended_at",
            "ended_by",
            "rating",
        ]
        read_only_fields = fields

    @extend_schema_field(VisitorBriefSerializer)
    def get_visitor(self, obj) -> dict:
        return {"id": str(obj.visitor_id), "name": obj.visitor_name}

    @extend_schema_field(RatingSerializer(allow_null=True))
    def get_rating(self, obj) -> dict | None:
        return _rating(obj)


class ItemRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class ConversationDetailSerializer(ConversationSerializer):
    """One conversation for agents (``selectors.conversation_get_for_user``)."""

    watchers = UserBriefSerializer(many=True)
    queue_position = serializers.SerializerMethodField()
    converted_to = serializers.SerializerMethodField()
    first_response_at = serializers.DateTimeField(source="item.first_response_at")

    class Meta(ConversationSerializer.Meta):
        fields = [
            *ConversationSerializer.Meta.fields,
            "watchers",
            "queue_position",
            "converted_to",
            "first_response_at",
        ]
        read_only_fields = fields

    def get_queue_position(self, obj) -> int | None:
        from .selectors import queue_position

        return queue_position(obj)

    @extend_schema_field(ItemRefSerializer(allow_null=True))
    def get_converted_to(self, obj) -> dict | None:
        target = obj.converted_to
        return {"id": target.pk, "reference": target.reference} if target else None


class VisitorQueueSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class VisitorConversationSerializer(serializers.Serializer):
    """The conversation as its visitor sees it (no staff ids, no internal details)."""

    id = serializers.IntegerField(source="pk")
    state = serializers.CharField()
    queue = VisitorQueueSerializer(source="item.queue")
    queue_position = serializers.SerializerMethodField()
    agent = serializers.SerializerMethodField()
    visitor = serializers.SerializerMethodField()
    topic = serializers.CharField()
    last_seq = serializers.IntegerField()
    visitor_last_read_seq = serializers.IntegerField()
    agent_last_read_seq = serializers.IntegerField()
    rating = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="item.created_at")
    ended_at = serializers.DateTimeField()

    def get_queue_position(self, obj) -> int | None:
        from .selectors import queue_position

        return queue_position(obj)

    @extend_schema_field(NameSerializer(allow_null=True))
    def get_agent(self, obj) -> dict | None:
        assignee = obj.item.assignee
        if assignee is None or obj.state != State.ACTIVE:
            return None
        return {"name": assignee.name}

    @extend_schema_field(VisitorBriefSerializer)
    def get_visitor(self, obj) -> dict:
        return {"id": str(obj.visitor_id), "name": obj.visitor_name}

    @extend_schema_field(RatingSerializer(allow_null=True))
    def get_rating(self, obj) -> dict | None:
        return _rating(obj)


class StartedSerializer(serializers.Serializer):
    conversation = serializers.IntegerField()
    token = serializers.CharField()
    visitor = VisitorBriefSerializer()
    state = serializers.CharField()


class WidgetStatusSerializer(serializers.Serializer):
    queue = serializers.CharField()
    name = serializers.CharField()
    open = serializers.BooleanField()
    agents_online = serializers.IntegerField()
    waiting = serializers.IntegerField()
    expected_wait_seconds = serializers.IntegerField()


class PresenceSerializer(serializers.Serializer):
    status = serializers.CharField()
    online = serializers.BooleanField(help_text="Online with a fresh heartbeat.")
    last_seen = serializers.DateTimeField(allow_null=True)
    chat_capacity = serializers.IntegerField()
    active_chats = serializers.IntegerField()


class TicketRefSerializer(serializers.Serializer):
    ticket = serializers.IntegerField()


class OfflineResultSerializer(serializers.Serializer):
    ticket = serializers.CharField(help_text="The new ticket's reference.")


# --- inputs ----------------------------------------------------------------------------------


class ConversationFilterSerializer(StrictInputSerializer):
    state = serializers.ChoiceField(choices=State.choices, required=False)
    queue = serializers.IntegerField(required=False, min_value=1)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)


class MessagesQuerySerializer(StrictInputSerializer):
    after = serializers.IntegerField(required=False, min_value=0, default=0)


class WidgetStatusQuerySerializer(StrictInputSerializer):
    queue = serializers.SlugField(max_length=60)


def _body_field(**kwargs):
    return serializers.CharField(
        max_length=settings.CHAT_MESSAGE_MAX_CHARS, trim_whitespace=True, **kwargs
    )


class VisitorStartSerializer(StrictInputSerializer):
    queue = serializers.SlugField(max_length=60)
    name = serializers.CharField(max_length=100)
    contact = serializers.CharField(max_length=254)
    topic = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    message = _body_field(required=False, allow_blank=True, default="")


class OfflineMessageSerializer(StrictInputSerializer):
    queue = serializers.SlugField(max_length=60)
    name = serializers.CharField(max_length=100)
    contact = serializers.CharField(max_length=254)
    topic = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    message = serializers.CharField(max_length=settings.TICKET_MESSAGE_MAX_LENGTH)


class RatingInputSerializer(StrictInputSerializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class UploadSerializer(StrictInputSerializer):
    file = serializers.FileField(allow_empty_file=True)
    body = _body_field(required=False, allow_blank=True, default="")
    client_id = serializers.UUIDField(required=False)


class TransferSerializer(StrictInputSerializer):
    to_user = serializers.IntegerField(required=False, min_value=1)
    to_queue = serializers.IntegerField(required=False, min_value=1)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if ("to_user" in attrs) == ("to_queue" in attrs):
            raise serializers.ValidationError(
                {"to_user": [_("Give either a colleague or a queue.")]}
            )
        return attrs


class PresenceInputSerializer(StrictInputSerializer):
    status = serializers.ChoiceField(choices=PresenceStatus.choices)
