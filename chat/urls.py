"""Chat endpoints under ``/api/v1/chat/`` (see docs/chat-protocol.md)."""

from django.urls import path

from . import apis, visitor_apis

urlpatterns = [
    # the visitor (public; the conversation's token where needed)
    path("widget/status/", visitor_apis.WidgetStatusApi.as_view(), name="chat-widget-status"),
    path(
        "visitor/conversations/",
        visitor_apis.VisitorConversationStartApi.as_view(),
        name="chat-visitor-start",
    ),
    path(
        "visitor/offline-messages/",
        visitor_apis.VisitorOfflineMessageApi.as_view(),
        name="chat-visitor-offline",
    ),
    path(
        "visitor/conversations/<int:conversation_id>/",
        visitor_apis.VisitorConversationApi.as_view(),
        name="chat-visitor-conversation",
    ),
    path(
        "visitor/conversations/<int:conversation_id>/messages/",
        visitor_apis.VisitorMessagesApi.as_view(),
        name="chat-visitor-messages",
    ),
    path(
        "visitor/conversations/<int:conversation_id>/attachments/",
        visitor_apis.VisitorAttachmentsApi.as_view(),
        name="chat-visitor-attachments",
    ),
    path(
        "visitor/conversations/<int:conversation_id>/end/",
        visitor_apis.VisitorEndApi.as_view(),
        name="chat-visitor-end",
    ),
    path(
        "visitor/conversations/<int:conversation_id>/rating/",
        visitor_apis.VisitorRatingApi.as_view(),
        name="chat-visitor-rating",
    ),
    path(
        "attachments/<int:message_id>/",
        visitor_apis.ChatAttachmentDownloadApi.as_view(),
        name="chat-attachment",
    ),
    # agents (session)
    path("conversations/", apis.ConversationListApi.as_view(), name="chat-conversation-list"),
    path(
        "conversations/<int:conversation_id>/",
        apis.ConversationDetailApi.as_view(),
        name="chat-conversation-detail",
    ),
    path(
        "conversations/<int:conversation_id>/messages/",
        apis.ConversationMessagesApi.as_view(),
        name="chat-conversation-messages",
    ),
    path(
        "conversations/<int:conversation_id>/attachments/",
        apis.ConversationAttachmentsApi.as_view(),
        name="chat-conversation-attachments",
    ),
    path(
        "conversations/<int:conversation_id>/accept/",
        apis.ConversationAcceptApi.as_view(),
        name="chat-conversation-accept",
    ),
    path(
        "conversations/<int:conversation_id>/transfer/",
        apis.ConversationTransferApi.as_view(),
        name="chat-conversation-transfer",
    ),
    path(
        "conversations/<int:conversation_id>/end/",
        apis.ConversationEndApi.as_view(),
        name="chat-conversation-end",
    ),
    path(
        "conversations/<int:conversation_id>/convert/",
        apis.ConversationConvertApi.as_view(),
        name="chat-conversation-convert",
    ),
    path(
        "conversations/<int:conversation_id>/join/",
        apis.ConversationJoinApi.as_view(),
        name="chat-conversation-join",
    ),
    path(
        "conversations/<int:conversation_id>/takeover/",
        apis.ConversationTakeoverApi.as_view(),
        name="chat-conversation-takeover",
    ),
    path("presence/", apis.PresenceApi.as_view(), name="chat-presence"),
]
