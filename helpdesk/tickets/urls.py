"""Ticket endpoints under ``/api/v1/``."""

from django.urls import path

from . import apis

urlpatterns = [
    path("tickets/", apis.TicketListApi.as_view(), name="ticket-list"),
    path("tickets/<int:ticket_id>/", apis.TicketDetailApi.as_view(), name="ticket-detail"),
    path("tickets/<int:ticket_id>/status/", apis.TicketStatusApi.as_view(), name="ticket-status"),
    path("tickets/<int:ticket_id>/replies/", apis.TicketReplyApi.as_view(), name="ticket-replies"),
    path("tickets/<int:ticket_id>/notes/", apis.TicketNoteApi.as_view(), name="ticket-notes"),
    path(
        "tickets/<int:ticket_id>/customer-messages/",
        apis.TicketCustomerMessageApi.as_view(),
        name="ticket-customer-messages",
    ),
    path(
        "tickets/<int:ticket_id>/attachments/",
        apis.TicketAttachmentsApi.as_view(),
        name="ticket-attachments",
    ),
    path("tickets/<int:ticket_id>/merge/", apis.TicketMergeApi.as_view(), name="ticket-merge"),
    path(
        "attachments/<int:attachment_id>/",
        apis.AttachmentDownloadApi.as_view(),
        name="attachment-download",
    ),
]
