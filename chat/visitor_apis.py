"""Visitor-side chat endpoints: public (no session), the conversation's token where needed.

The token comes in the ``X-Visitor-Token`` header; it opens its own conversation only (any
other id is a 404). Calls that create work are throttled per client address.
"""

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from helpdesk.common.errors import NotFound, ServiceError
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict

from . import messaging, selectors, services
from .apis import message_page
from .models import ChatMessage, Party
from .serializers import (
    ChatMessageSerializer,
    MessagePageSerializer,
    MessagesQuerySerializer,
    OfflineMessageSerializer,
    OfflineResultSerializer,
    RatingInputSerializer,
    StartedSerializer,
    UploadSerializer,
    VisitorConversationSerializer,
    VisitorStartSerializer,
    WidgetStatusQuerySerializer,
    WidgetStatusSerializer,
)
from .tokens import InvalidToken, visitor_token, visitor_token_read

TOKEN_HEADER = OpenApiParameter(
    "X-Visitor-Token", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True
)
TOKEN_ERRORS = {
    401: OpenApiResponse(description="invalid_token: missing, forged or expired"),
    404: OpenApiResponse(description="Not the token's conversation"),
}


class VisitorWriteThrottle(AnonRateThrottle):
    """``CHAT_VISITOR_RATE`` per client address (read per request; ``None`` turns it off)."""

    scope = "chat_visitor"

    def get_rate(self):
        return settings.CHAT_VISITOR_RATE


class PublicApiView(ApiView):
    authentication_classes = []
    permission_classes = [AllowAny]


def invalid_token_error() -> ServiceError:
    return ServiceError(
        _("This chat link is invalid or has expired. Please start a new chat."),
        code="invalid_token",
        status_code=401,
    )


def visitor_conversation(request, conversation_id: int, token: str | None = None):
    """The conversation the request's token opens; 401 without a valid token, 404 for another."""
    try:
        claim = visitor_token_read(token or request.headers.get("X-Visitor-Token"))
    except InvalidToken:
        raise invalid_token_error() from None
    if claim.conversation_id != conversation_id:
        raise NotFound()
    return selectors.conversation_for_visitor(conversation_id, claim.visitor_id)


def _visitor_detail(conversation, status_code=status.HTTP_200_OK) -> Response:
    return Response(VisitorConversationSerializer(conversation).data, status=status_code)


class WidgetStatusApi(PublicApiView):
    @extend_schema(
        parameters=[WidgetStatusQuerySerializer],
        responses={200: WidgetStatusSerializer, 404: OpenApiResponse(description="No such queue")},
        summary="Whether the queue's chat is open now, and the expected wait",
    )
    def get(self, request):
        params = validated(WidgetStatusQuerySerializer, query_dict(request))
        queue = selectors.queue_for_widget(params["queue"])
        return Response(WidgetStatusSerializer(selectors.queue_chat_status(queue)).data)


class VisitorConversationStartApi(PublicApiView):
    throttle_classes = [VisitorWriteThrottle]

    @extend_schema(
        request=VisitorStartSerializer,
        responses={
            201: StartedSerializer,
            400: OpenApiResponse(description="invalid, invalid_contact"),
            404: OpenApiResponse(description="No such queue"),
            409: OpenApiResponse(description="chat_closed: nobody online; use the offline form"),
            429: OpenApiResponse(description="rate_limited"),
        },
        summary="Start a chat; the answer's token opens it from now on",
    )
    def post(self, request):
        data = validated(VisitorStartSerializer, request.data)
        queue = selectors.queue_for_widget(data["queue"])
        conversation = services.conversation_start(
            queue=queue,
            name=data["name"],
            contact=data["contact"],
            topic=data["topic"],
            message=data["message"],
        )
        body = {
            "conversation": conversation.pk,
            "token": visitor_token(conversation),
            "visitor": {"id": str(conversation.visitor_id), "name": conversation.visitor_name},
            "state": conversation.state,
        }
        return Response(StartedSerializer(body).data, status=status.HTTP_201_CREATED)


class VisitorOfflineMessageApi(PublicApiView):
    throttle_classes = [VisitorWriteThrottle]

    @extend_schema(
        request=OfflineMessageSerializer,
        responses={
            201: OfflineResultSerializer,
            400: OpenApiResponse(description="invalid, invalid_contact"),
            404: OpenApiResponse(description="No such queue"),
            429: OpenApiResponse(description="rate_limited"),
        },
        summary="Leave a message when nobody is online: it becomes a ticket in the queue",
    )
    def post(self, request):
        data = validated(OfflineMessageSerializer, request.data)
        queue = selectors.queue_for_widget(data["queue"])
        ticket = services.offline_message_create(
            queue=queue,
            name=data["name"],
            contact=data["contact"],
            topic=data["topic"],
            message=data["message"],
        )
        return Response({"ticket": ticket.item.reference}, status=status.HTTP_201_CREATED)


class VisitorConversationApi(PublicApiView):
    @extend_schema(
        parameters=[TOKEN_HEADER],
        responses={200: VisitorConversationSerializer, **TOKEN_ERRORS},
    )
    def get(self, request, conversation_id: int):
        return _visitor_detail(visitor_conversation(request, conversation_id))


class VisitorMessagesApi(PublicApiView):
    @extend_schema(
        parameters=[TOKEN_HEADER, MessagesQuerySerializer],
        responses={200: MessagePageSerializer, **TOKEN_ERRORS},
        summary="Messages after a sequence number, oldest first, at most CHAT_REPLAY_LIMIT",
    )
    def get(self, request, conversation_id: int):
        params = validated(MessagesQuerySerializer, query_dict(request))
        conversation = visitor_conversation(request, conversation_id)
        return Response(message_page(conversation, after=params["after"], include_internal=False))


class VisitorAttachmentsApi(PublicApiView):
    throttle_classes = [VisitorWriteThrottle]

    @extend_schema(
        parameters=[TOKEN_HEADER],
        request={"multipart/form-data": UploadSerializer},
        responses={
            201: ChatMessageSerializer,
            **TOKEN_ERRORS,
            409: OpenApiResponse(description="conversation_ended"),
            413: OpenApiResponse(description="attachment_too_large"),
            415: OpenApiResponse(description="attachment_type_forbidden"),
        },
        summary="Send a file (same limits as ticket attachments)",
    )
    def post(self, request, conversation_id: int):
        conversation = visitor_conversation(request, conversation_id)
        data = validated(UploadSerializer, request.data)
        message, _duplicate = messaging.message_attach(
            conversation_id=conversation.pk,
            sender=Party.VISITOR,
            upload=data["file"],
            body=data["body"],
            client_id=data.get("client_id"),
        )
        return Response(ChatMessageSerializer(message).data, status=status.HTTP_201_CREATED)


class VisitorEndApi(PublicApiView):
    @extend_schema(
        parameters=[TOKEN_HEADER],
        request=None,
        responses={200: VisitorConversationSerializer, **TOKEN_ERRORS},
    )
    def post(self, request, conversation_id: int):
        conversation = visitor_conversation(request, conversation_id)
        services.conversation_end(conversation_id=conversation.pk, by=Party.VISITOR)
        return _visitor_detail(
            selectors.conversation_for_visitor(conversation.pk, conversation.visitor_id)
        )


class VisitorRatingApi(PublicApiView):
    @extend_schema(
        parameters=[TOKEN_HEADER],
        request=RatingInputSerializer,
        responses={
            200: VisitorConversationSerializer,
            **TOKEN_ERRORS,
            409: OpenApiResponse(description="conversation_not_ended, already_rated"),
        },
    )
    def post(self, request, conversation_id: int):
        conversation = visitor_conversation(request, conversation_id)
        data = validated(RatingInputSerializer, request.data)
        services.conversation_rate(
            conversation_id=conversation.pk, score=data["score"], comment=data["comment"]
        )
        return _visitor_detail(
            selectors.conversation_for_visitor(conversation.pk, conversation.visitor_id)
        )


class ChatAttachmentDownloadApi(ApiView):
    """A chat file: for agents who see the chat (session), or its visitor (token in the
    ``X-Visitor-Token`` header or ``?token=``, so that an ``<img>`` can show it)."""

    permission_classes = [AllowAny]

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[OpenApiParameter("token", OpenApiTypes.STR, required=False)],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **TOKEN_ERRORS},
        summary="Download a chat attachment",
    )
    def get(self, request, message_id: int):
        message = (
            ChatMessage.objects.filter(pk=message_id)
            .exclude(attachment="")
            .select_related("conversation")
            .first()
        )
        if request.user.is_authenticated:
            visible = selectors.conversations_visible_to(request.user)
            if message is None or not visible.filter(pk=message.conversation_id).exists():
                raise NotFound()
        else:
            token = request.headers.get("X-Visitor-Token") or request.query_params.get("token")
            try:
                claim = visitor_token_read(token)
            except InvalidToken:
                raise invalid_token_error() from None
            if (
                message is None
                or message.internal
                or message.conversation_id != claim.conversation_id
                or str(message.conversation.visitor_id) != claim.visitor_id
            ):
                raise NotFound()
        try:
            handle = message.attachment.open("rb")
        except (FileNotFoundError, ValueError):
            raise NotFound() from None
        response = FileResponse(
            handle,
            as_attachment=not message.attachment_type.startswith("image/"),
            filename=message.attachment_name,
            content_type=message.attachment_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response
