"""Ticket endpoints. Thin: parse, call one service or selector, render."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.errors import NotFound
from helpdesk.common.pagination import IdsFirstPagination
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict

from . import selectors, services
from .serializers import (
    AttachmentSerializer,
    MessageResultSerializer,
    TicketAttachSerializer,
    TicketCreateSerializer,
    TicketCustomerMessageSerializer,
    TicketDetailSerializer,
    TicketFilterSerializer,
    TicketMergeSerializer,
    TicketNoteSerializer,
    TicketReplySerializer,
    TicketSerializer,
    TicketStatusSerializer,
)

LIST_FIELDS = ("queue", "status", "priority", "assignee", "channel")
ERRORS = {400: OpenApiResponse(description="`{code, message, fields}`")}
NOT_FOUND = {404: OpenApiResponse(description="Not a ticket the user may see")}
FILE_ERRORS = {
    413: OpenApiResponse(description="attachment_too_large"),
    415: OpenApiResponse(description="attachment_type_forbidden"),
}
CONFLICT = {409: OpenApiResponse(description="ticket_closed, ticket_merged, invalid_transition")}


def _detail(user, ticket_id: int, status_code=status.HTTP_200_OK) -> Response:
    item = selectors.ticket_get_for_user(user, ticket_id)
    return Response(TicketDetailSerializer(item).data, status=status_code)


def _message_result(user, item, message) -> Response:
    row = selectors.ticket_row_for_user(user, item.pk)
    return Response(
        MessageResultSerializer({"message": message, "ticket": row}).data,
        status=status.HTTP_201_CREATED,
    )


class TicketListApi(ApiView):
    """List tickets (filters, urgency order) and open new ones."""

    rbac_permissions = {"get": Perm.INBOX_READ, "post": Perm.TICKET_CREATE}
    pagination_class = IdsFirstPagination

    @extend_schema(
        parameters=[TicketFilterSerializer],
        responses=TicketSerializer(many=True),
        summary="Tickets the user may see, most urgent first",
    )
    def get(self, request):
        filters = validated(TicketFilterSerializer, query_dict(request, LIST_FIELDS))
        qs = selectors.tickets_for_user(request.user, filters=filters)
        return self.paginated(request, qs, TicketSerializer)

    @extend_schema(
        request=TicketCreateSerializer,
        responses={201: TicketDetailSerializer, **ERRORS, **FILE_ERRORS},
        summary="Open a ticket; the body is the customer's first message",
    )
    def post(self, request):
        data = validated(TicketCreateSerializer, request.data)
        ticket = services.ticket_create(
            actor=request.user,
            queue_id=data["queue"],
            subject=data["subject"],
            body=data["body"],
            priority=data.get("priority"),
            category_id=data.get("category"),
            tags=data["tags"],
            customer_id=data.get("customer"),
            channel=data["channel"],
            requester_name=data["requester_name"],
            requester_email=data["requester_email"],
            attachments=data["attachments"],
        )
        return _detail(request.user, ticket.pk, status.HTTP_201_CREATED)


class TicketDetailApi(ApiView):
    """One ticket with its thread, attachments and links."""

    rbac_permissions = {"get": Perm.INBOX_READ}

    @extend_schema(responses={200: TicketDetailSerializer, **NOT_FOUND})
    def get(self, request, ticket_id: int):
        return _detail(request.user, ticket_id)


class TicketStatusApi(ApiView):
    """Move a ticket along its lifecycle; a forbidden move is `invalid_transition` (409)."""

    rbac_permissions = {"post": Perm.TICKET_STATUS}

    @extend_schema(
        request=TicketStatusSerializer,
        responses={200: TicketSerializer, **ERRORS, **NOT_FOUND, **CONFLICT},
        summary="Move a ticket along its lifecycle",
    )
    def post(self, request, ticket_id: int):
        data = validated(TicketStatusSerializer, request.data)
        services.ticket_set_status(
            ticket_id=ticket_id, actor=request.user, status=data["status"], reason=data["reason"]
        )
        return Response(
            TicketSerializer(selectors.ticket_row_for_user(request.user, ticket_id)).data
        )


class TicketReplyApi(ApiView):
    """A public reply (JSON, or multipart with files in `attachments`)."""

    rbac_permissions = {"post": Perm.TICKET_REPLY}

    @extend_schema(
        request=TicketReplySerializer,
        responses={201: MessageResultSerializer, **ERRORS, **NOT_FOUND, **CONFLICT, **FILE_ERRORS},
        summary="Reply to the customer (optionally from a canned response, optionally "
        "setting the status)",
    )
    def post(self, request, ticket_id: int):
        data = validated(TicketReplySerializer, request.data)
        item, message = services.ticket_reply(
            ticket_id=ticket_id,
            actor=request.user,
            body=data["body"],
            canned_response_id=data.get("canned_response"),
            status=data.get("status"),
            attachments=data["attachments"],
        )
        return _message_result(request.user, item, message)


class TicketNoteApi(ApiView):
    """An internal note (JSON, or multipart with files in `attachments`)."""

    rbac_permissions = {"post": Perm.TICKET_NOTE}

    @extend_schema(
        request=TicketNoteSerializer,
        responses={201: MessageResultSerializer, **ERRORS, **NOT_FOUND, **CONFLICT, **FILE_ERRORS},
        summary="Add an internal note (staff only; never a response)",
    )
    def post(self, request, ticket_id: int):
        data = validated(TicketNoteSerializer, request.data)
        item, message = services.ticket_note(
            ticket_id=ticket_id,
            actor=request.user,
            body=data["body"],
            attachments=data["attachments"],
        )
        return _message_result(request.user, item, message)


class TicketCustomerMessageApi(ApiView):
    """A message from the customer, for integrations (or staff on their behalf)."""

    rbac_permissions = {"post": Perm.TICKET_REPLY}

    @extend_schema(
        request=TicketCustomerMessageSerializer,
        responses={201: MessageResultSerializer, **ERRORS, **NOT_FOUND, **CONFLICT, **FILE_ERRORS},
        summary="Record a message from the customer (integrations); reopens pending and "
        "resolved tickets",
    )
    def post(self, request, ticket_id: int):
        data = validated(TicketCustomerMessageSerializer, request.data)
        item, message = services.ticket_customer_message(
            ticket_id=ticket_id,
            actor=request.user,
            body=data["body"],
            attachments=data["attachments"],
        )
        return _message_result(request.user, item, message)


class TicketAttachmentsApi(ApiView):
    """Upload files to the ticket (multipart, files in `attachments`)."""

    rbac_permissions = {"post": Perm.TICKET_REPLY}

    @extend_schema(
        request={"multipart/form-data": TicketAttachSerializer},
        responses={
            201: AttachmentSerializer(many=True),
            **ERRORS,
            **NOT_FOUND,
            **CONFLICT,
            **FILE_ERRORS,
        },
        summary="Attach files to the ticket itself",
    )
    def post(self, request, ticket_id: int):
        data = validated(TicketAttachSerializer, request.data)
        stored = services.ticket_attach(
            ticket_id=ticket_id, actor=request.user, attachments=data["attachments"]
        )
        return Response(
            AttachmentSerializer(stored, many=True).data, status=status.HTTP_201_CREATED
        )


class TicketMergeApi(ApiView):
    """Merge this ticket into another; returns the target ticket."""

    rbac_permissions = {"post": Perm.TICKET_MERGE}

    @extend_schema(
        request=TicketMergeSerializer,
        responses={200: TicketDetailSerializer, **ERRORS, **NOT_FOUND, **CONFLICT},
        summary="Merge this ticket into another; returns the target ticket",
    )
    def post(self, request, ticket_id: int):
        data = validated(TicketMergeSerializer, request.data)
        target = services.ticket_merge(
            ticket_id=ticket_id, into_id=data["into"], actor=request.user, reason=data["reason"]
        )
        return _detail(request.user, target.pk)


class AttachmentDownloadApi(ApiView):
    """Download an attachment of a ticket the user may see."""

    rbac_permissions = {"get": Perm.INBOX_READ}

    def perform_content_negotiation(self, request, force=False):
        # The body is the file, whatever the client accepts; errors still render as JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            **NOT_FOUND,
        },
        summary="Download an attachment (always as a download, never rendered inline)",
    )
    def get(self, request, attachment_id: int):
        attachment = selectors.attachment_get_for_user(request.user, attachment_id)
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise NotFound() from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response
