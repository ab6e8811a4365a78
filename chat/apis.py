"""Agent-side chat endpoints (session). Thin: parse, call one service or selector, render."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.errors import NotFound, ServiceError
from helpdesk.common.pagination import PagePagination
from helpdesk.common.ratelimit import ChatSendUserThrottle
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict
from helpdesk.queues.models import Queue

from . import messaging, presence, selectors, services
from .models import Party
from .serializers import (
    ChatMessageSerializer,
    ConversationDetailSerializer,
    ConversationFilterSerializer,
    ConversationSerializer,
    MessagePageSerializer,
    MessagesQuerySerializer,
    PresenceInputSerializer,
    PresenceSerializer,
    TicketRefSerializer,
    TransferSerializer,
    UploadSerializer,
)

User = get_user_model()

ERRORS = {400: OpenApiResponse(description="`{code, message, fields}`")}
NOT_FOUND = {404: OpenApiResponse(description="Not a chat of the user's queues")}
REFUSED = {
    403: OpenApiResponse(description="permission_denied, not_a_member"),
    409: OpenApiResponse(description="conversation_ended, already_accepted, over_chat_capacity…"),
}


def _detail(user, conversation_id: int, status_code=status.HTTP_200_OK) -> Response:
    conversation = selectors.conversation_get_for_user(user, conversation_id)
    return Response(ConversationDetailSerializer(conversation).data, status=status_code)


def message_page(conversation, *, after: int, include_internal: bool) -> dict:
    messages = selectors.messages_after(
        conversation.pk,
        after=after,
        include_internal=include_internal,
        limit=selectors.replay_limit(),
    )
    return {
        "results": ChatMessageSerializer(messages, many=True).data,
        "last_seq": conversation.last_seq,
    }


class ConversationListApi(ApiView):
    rbac_permissions = {"get": Perm.CHAT_READ}
    pagination_class = PagePagination

    @extend_schema(
        parameters=[ConversationFilterSerializer],
        responses=ConversationSerializer(many=True),
        summary="Chats of the user's queues (waiting: oldest first; others: newest first)",
    )
    def get(self, request):
        filters = validated(ConversationFilterSerializer, query_dict(request))
        qs = selectors.conversations_for_user(request.user, filters=filters)
        return self.paginated(request, qs, ConversationSerializer)


class ConversationDetailApi(ApiView):
    rbac_permissions = {"get": Perm.CHAT_READ}

    @extend_schema(responses={200: ConversationDetailSerializer, **NOT_FOUND})
    def get(self, request, conversation_id: int):
        return _detail(request.user, conversation_id)


class ConversationMessagesApi(ApiView):
    rbac_permissions = {"get": Perm.CHAT_READ}

    @extend_schema(
        parameters=[MessagesQuerySerializer],
        responses={200: MessagePageSerializer, **NOT_FOUND},
        summary="Messages after a sequence number, oldest first (internal notes included)",
    )
    def get(self, request, conversation_id: int):
        params = validated(MessagesQuerySerializer, query_dict(request))
        conversation = selectors.conversation_visible(request.user, conversation_id)
        return Response(message_page(conversation, after=params["after"], include_internal=True))


class ConversationAcceptApi(ApiView):
    rbac_permissions = {"post": Perm.CHAT_HANDLE}

    @extend_schema(request=None, responses={200: ConversationDetailSerializer, **REFUSED})
    def post(self, request, conversation_id: int):
        services.conversation_accept(conversation_id=conversation_id, user=request.user)
        return _detail(request.user, conversation_id)


class ConversationTransferApi(ApiView):
    rbac_permissions = {"post": Perm.CHAT_HANDLE}

    @extend_schema(
        request=TransferSerializer,
        responses={200: ConversationDetailSerializer, **ERRORS, **REFUSED},
        summary="Hand the chat to an online colleague or to another queue (a note is required)",
    )
    def post(self, request, conversation_id: int):
        data = validated(TransferSerializer, request.data)
        selectors.conversation_visible(request.user, conversation_id)  # 404 first
        to_user = to_queue = None
        if "to_user" in data:
            to_user = User.objects.filter(pk=data["to_user"], is_active=True).first()
            if to_user is None:
                raise ServiceError(
                    _("Unknown user."),
                    code="user_not_found",
                    fields={"to_user": [_("Unknown user.")]},
                )
        else:
            to_queue = Queue.objects.filter(pk=data["to_queue"]).first()
            if to_queue is None:
                raise ServiceError(
                    _("Unknown queue."),
                    code="queue_not_found",
                    fields={"to_queue": [_("Unknown queue.")]},
                )
        conversation = services.conversation_transfer(
            conversation_id=conversation_id,
            actor=request.user,
            note=data["note"],
            to_user=to_user,
            to_queue=to_queue,
        )
        try:
            return _detail(request.user, conversation_id)
        except NotFound:  # sent to a queue the actor does not work in
            return Response({"id": conversation.pk, "state": conversation.state})


class ConversationEndApi(ApiView):
    rbac_permissions = {"post": Perm.CHAT_HANDLE}

    @extend_schema(request=None, responses={200: ConversationDetailSerializer, **REFUSED})
    def post(self, request, conversation_id: int):
        services.conversation_end(conversation_id=conversation_id, actor=request.user)
        return _detail(request.user, conversation_id)


class ConversationConvertApi(ApiView):
    rbac_permissions = {"post": Perm.CHAT_HANDLE}

    @extend_schema(
        request=None,
        responses={201: TicketRefSerializer, **REFUSED},
        summary="Make a ticket of the chat (the transcript is its first message)",
    )
    def post(self, request, conversation_id: int):
        ticket = services.conversation_convert(conversation_id=conversation_id, actor=request.user)
        return Response({"ticket": ticket.pk}, status=status.HTTP_201_CREATED)


class ConversationJoinApi(ApiView):
    rbac_permissions = {"post": Perm.CHAT_SUPERVISE}

    @extend_schema(request=None, responses={200: ConversationDetailSerializer, **REFUSED})
    def post(self, request, conversation_id: int):
        services.conversation_join(conversation_id=conversation_id, actor=request.user)
        return _detail(request.user, conversation_id)


class ConversationTakeoverApi(ApiView):
    rbac_permissions = {"post": Perm.CHAT_SUPERVISE}

    @extend_schema(request=None, responses={200: ConversationDetailSerializer, **REFUSED})
    def post(self, request, conversation_id: int):
        services.conversation_takeover(conversation_id=conversation_id, actor=request.user)
        return _detail(request.user, conversation_id)


class ConversationAttachmentsApi(ApiView):
    rbac_permissions = {"post": Perm.CHAT_HANDLE}
    # A file is a send: it counts against the agent's send budget (as on the socket).
    throttle_classes = [ChatSendUserThrottle]

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={
            201: ChatMessageSerializer,
            **ERRORS,
            **REFUSED,
            413: OpenApiResponse(description="attachment_too_large"),
            415: OpenApiResponse(description="attachment_type_forbidden"),
            429: OpenApiResponse(description="rate_limited (Retry-After)"),
        },
        summary="Send a file to the visitor (same limits as ticket attachments)",
    )
    def post(self, request, conversation_id: int):
        data = validated(UploadSerializer, request.data)
        selectors.conversation_visible(request.user, conversation_id)  # 404 first
        message, _duplicate = messaging.message_attach(
            conversation_id=conversation_id,
            sender=Party.AGENT,
            upload=data["file"],
            body=data["body"],
            client_id=data.get("client_id"),
            actor=request.user,
        )
        return Response(ChatMessageSerializer(message).data, status=status.HTTP_201_CREATED)


def _presence_answer(user) -> dict:
    row = presence.presence_of(user)
    return {
        "status": row.status,
        "online": presence.is_online(row),
        "last_seen": row.last_seen,
        "chat_capacity": row.chat_capacity,
        "active_chats": presence.active_chat_counts([user.pk]).get(user.pk, 0),
    }


class PresenceApi(ApiView):
    rbac_permissions = {"get": Perm.CHAT_HANDLE, "post": Perm.CHAT_HANDLE}

    @extend_schema(responses=PresenceSerializer, summary="The agent's chat presence")
    def get(self, request):
        return Response(PresenceSerializer(_presence_answer(request.user)).data)

    @extend_schema(
        request=PresenceInputSerializer,
        responses={200: PresenceSerializer, **ERRORS},
        summary="Set online, away or offline (online lasts while heartbeats arrive)",
    )
    def post(self, request):
        data = validated(PresenceInputSerializer, request.data)
        presence.presence_set(user=request.user, status=data["status"])
        return Response(PresenceSerializer(_presence_answer(request.user)).data)
