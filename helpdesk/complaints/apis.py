"""Complaint endpoints. Thin: parse, call one service or selector, render."""

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.errors import NotFound
from helpdesk.common.pagination import IdsFirstPagination
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict

from . import rules, selectors, services
from .inputs import (
    ComplaintAppealSerializer,
    ComplaintApproveSerializer,
    ComplaintAttachSerializer,
    ComplaintBoardFilterSerializer,
    ComplaintCloseSerializer,
    ComplaintCreateSerializer,
    ComplaintFilterSerializer,
    ComplaintLinkSerializer,
    ComplaintNoteSerializer,
    ComplaintNothingSerializer,
    ComplaintProposeSerializer,
    ComplaintReasonSerializer,
    ComplaintRemedyCreateSerializer,
    ComplaintRequiredReasonSerializer,
    ComplaintUpdateSerializer,
)
from .serializers import (
    ComplaintBoardSerializer,
    ComplaintCardSerializer,
    ComplaintDetailSerializer,
    ComplaintEvidenceSerializer,
    ComplaintRemedySerializer,
)

LIST_FIELDS = ("stage", "category", "severity", "root_cause", "handler")
ERRORS = {400: OpenApiResponse(description="`{code, message, fields}`")}
FORBIDDEN = {403: OpenApiResponse(description="permission_denied, not_handler")}
NOT_FOUND = {404: OpenApiResponse(description="Not a complaint the user may see")}
CONFLICT = {
    409: OpenApiResponse(
        description="invalid_transition, resolution_not_approved, customer_not_informed, "
        "remedy_not_approved, resolution_locked, complaint_closed, appeal_not_allowed"
    )
}
FILE_ERRORS = {
    413: OpenApiResponse(description="attachment_too_large"),
    415: OpenApiResponse(description="attachment_type_forbidden"),
}


def detail_response(user, complaint_id: int, status_code=status.HTTP_200_OK) -> Response:
    complaint = selectors.complaint_get_for_user(user, complaint_id)
    context = {
        "timeline": selectors.timeline(complaint),
        "actions": rules.actions_for(user, complaint),
    }
    return Response(ComplaintDetailSerializer(complaint, context=context).data, status=status_code)


def _card(complaint_id: int, status_code=status.HTTP_200_OK) -> Response:
    card = selectors.complaint_cards().get(pk=complaint_id)
    return Response(ComplaintCardSerializer(card).data, status=status_code)


class ComplaintListApi(ApiView):
    """The complaint list (filters, most urgent first) and opening a complaint."""

    rbac_permissions = {"get": Perm.COMPLAINT_READ, "post": Perm.COMPLAINT_OPEN}
    pagination_class = IdsFirstPagination

    @extend_schema(
        parameters=[ComplaintFilterSerializer],
        responses=ComplaintCardSerializer(many=True),
        summary="Complaints the user may see, most urgent first",
    )
    def get(self, request):
        filters = validated(ComplaintFilterSerializer, query_dict(request, LIST_FIELDS))
        qs = selectors.complaints_for_user(request.user, filters=filters)
        return self.paginated(request, qs, ComplaintCardSerializer)

    @extend_schema(
        request=ComplaintCreateSerializer,
        responses={
            201: ComplaintCardSerializer,
            **ERRORS,
            409: OpenApiResponse(description="complaint_exists, no_complaint_queue"),
        },
        summary="Open a complaint, directly or from a ticket, chat, call or order (its messages "
        "become evidence)",
    )
    def post(self, request):
        data = validated(ComplaintCreateSerializer, request.data)
        complaint = services.complaint_open(
            actor=request.user,
            subject=data["subject"],
            description=data["description"],
            severity=data["severity"],
            category_id=data.get("category"),
            customer_id=data.get("customer"),
            source_item_id=data.get("source_item"),
            source_order_id=data.get("source_order"),
            order_ids=data["orders"],
            complained_agent_id=data.get("complained_agent"),
            complained_channel_id=data.get("complained_channel"),
        )
        # The card, not the detail: whoever opened it (an agent) may not work the complaints queue.
        return _card(complaint.pk, status.HTTP_201_CREATED)


class ComplaintBoardApi(ApiView):
    """The kanban board: every stage with its count and its most urgent cards."""

    rbac_permissions = {"get": Perm.COMPLAINT_READ}

    @extend_schema(
        parameters=[ComplaintBoardFilterSerializer],
        responses=ComplaintBoardSerializer,
        summary="The complaint board: stages, counts, cards with SLA badges",
    )
    def get(self, request):
        filters = validated(ComplaintBoardFilterSerializer, query_dict(request, LIST_FIELDS))
        board = selectors.board_for_user(request.user, filters=filters)
        return Response(ComplaintBoardSerializer(board).data)


class ComplaintDetailApi(ApiView):
    """One complaint with its record; classification and findings."""

    rbac_permissions = {"get": Perm.COMPLAINT_READ, "patch": Perm.COMPLAINT_HANDLE}

    @extend_schema(responses={200: ComplaintDetailSerializer, **NOT_FOUND})
    def get(self, request, complaint_id: int):
        return detail_response(request.user, complaint_id)

    @extend_schema(
        request=ComplaintUpdateSerializer,
        responses={200: ComplaintDetailSerializer, **ERRORS, **FORBIDDEN, **NOT_FOUND, **CONFLICT},
        summary="Classify the complaint and record the findings (root cause, attribution)",
    )
    def patch(self, request, complaint_id: int):
        from helpdesk.queues.models import Category

        from .services import UNSET

        data = validated(ComplaintUpdateSerializer, request.data)
        category = UNSET
        if "category" in data:
            category = None
            if data["category"] is not None:
                category = Category.objects.filter(pk=data["category"], is_active=True).first()
                if category is None:
                    from helpdesk.common.errors import ServiceError

                    raise ServiceError(
                        _("Unknown category."),
                        code="invalid",
                        fields={"category": [_("Unknown category.")]},
                    )
        services.complaint_update(
            actor=request.user,
            complaint_id=complaint_id,
            subject=data.get("subject"),
            severity=data.get("severity"),
            category=category,
            complained_agent_id=data.get("complained_agent", UNSET),
            complained_channel_id=data.get("complained_channel", UNSET),
            order_ids=data.get("orders"),
            root_cause=data.get("root_cause"),
            attributed_agent_id=data.get("attributed_agent", UNSET),
            attributed_channel_id=data.get("attributed_channel", UNSET),
            attribution_note=data.get("attribution_note"),
        )
        return detail_response(request.user, complaint_id)


def _step_schema(request_serializer, summary: str):
    return extend_schema(
        request=request_serializer,
        responses={200: ComplaintDetailSerializer, **ERRORS, **FORBIDDEN, **NOT_FOUND, **CONFLICT},
        summary=summary,
    )


class ComplaintInvestigateApi(ApiView):
    rbac_permissions = {"post": Perm.COMPLAINT_HANDLE}

    @_step_schema(
        ComplaintReasonSerializer, "Start the investigation (takes an unassigned complaint)"
    )
    def post(self, request, complaint_id: int):
        data = validated(ComplaintReasonSerializer, request.data)
        services.complaint_investigate(
            actor=request.user, complaint_id=complaint_id, reason=data["reason"]
        )
        return detail_response(request.user, complaint_id)


class ComplaintProposeApi(ApiView):
    rbac_permissions = {"post": Perm.COMPLAINT_HANDLE}

    @_step_schema(
        ComplaintProposeSerializer,
        "Propose the resolution for a manager's approval (root cause and attribution first)",
    )
    def post(self, request, complaint_id: int):
        data = validated(ComplaintProposeSerializer, request.data)
        services.complaint_propose(
            actor=request.user,
            complaint_id=complaint_id,
            resolution=data["resolution"],
            reason=data["reason"],
        )
        return detail_response(request.user, complaint_id)


class ManagerOnlyApi(ApiView):
    """A manager's decision: a refusal names the rule (still ``permission_denied``)."""

    def permission_denied(self, request, message=None, code=None):
        if request.user and request.user.is_authenticated:
            message = _("Only a manager approves or sends back a complaint's resolution.")
        super().permission_denied(request, message=message, code=code)


class ComplaintApproveApi(ManagerOnlyApi):
    rbac_permissions = {"post": Perm.COMPLAINT_APPROVE}

    @_step_schema(
        ComplaintApproveSerializer,
        "Approve the proposed resolution and its remedies (managers; or uphold it on appeal)",
    )
    def post(self, request, complaint_id: int):
        data = validated(ComplaintApproveSerializer, request.data)
        services.complaint_approve(
            actor=request.user,
            complaint_id=complaint_id,
            note=data["note"],
            confirm_above_threshold=data["confirm_above_threshold"],
        )
        return detail_response(request.user, complaint_id)


class ComplaintSendBackApi(ManagerOnlyApi):
    rbac_permissions = {"post": Perm.COMPLAINT_APPROVE}

    @_step_schema(
        ComplaintRequiredReasonSerializer, "Send the resolution back to the handler, saying why"
    )
    def post(self, request, complaint_id: int):
        data = validated(ComplaintRequiredReasonSerializer, request.data)
        services.complaint_send_back(
            actor=request.user, complaint_id=complaint_id, reason=data["reason"]
        )
        return detail_response(request.user, complaint_id)


class ComplaintInformApi(ApiView):
    rbac_permissions = {"post": Perm.COMPLAINT_HANDLE}

    @_step_schema(
        None,
        "Tell the customer the approved resolution (exactly) and carry out the remedies",
    )
    def post(self, request, complaint_id: int):
        validated(
            ComplaintNothingSerializer, request.data
        )  # the customer hears the approved text only
        services.complaint_inform(actor=request.user, complaint_id=complaint_id)
        return detail_response(request.user, complaint_id)


class ComplaintCloseApi(ApiView):
    rbac_permissions = {"post": Perm.COMPLAINT_HANDLE}

    @_step_schema(
        ComplaintCloseSerializer, "Close the complaint (after informing; or withdrawn/duplicate)"
    )
    def post(self, request, complaint_id: int):
        data = validated(ComplaintCloseSerializer, request.data)
        services.complaint_close(
            actor=request.user,
            complaint_id=complaint_id,
            reason=data["reason"],
            outcome=data.get("outcome"),
        )
        return detail_response(request.user, complaint_id)


class ComplaintAppealApi(ApiView):
    rbac_permissions = {"post": Perm.COMPLAINT_HANDLE}

    @_step_schema(
        ComplaintAppealSerializer,
        "The customer disagrees: reopen as an appeal (to the handler, or straight to a manager)",
    )
    def post(self, request, complaint_id: int):
        data = validated(ComplaintAppealSerializer, request.data)
        services.complaint_appeal(
            actor=request.user,
            complaint_id=complaint_id,
            reason=data["reason"],
            to_manager=data["to_manager"],
        )
        return detail_response(request.user, complaint_id)


class ComplaintNotesApi(ApiView):
    rbac_permissions = {"post": Perm.COMPLAINT_HANDLE}

    @extend_schema(
        request=ComplaintNoteSerializer,
        responses={201: ComplaintEvidenceSerializer, **ERRORS, **NOT_FOUND, **CONFLICT},
        summary="Add an investigation note",
    )
    def post(self, request, complaint_id: int):
        data = validated(ComplaintNoteSerializer, request.data)
        note = services.complaint_note(
            actor=request.user, complaint_id=complaint_id, body=data["body"]
        )
        return Response(ComplaintEvidenceSerializer(note).data, status=status.HTTP_201_CREATED)


class ComplaintAttachmentsApi(ApiView):
    rbac_permissions = {"post": Perm.COMPLAINT_HANDLE}

    @extend_schema(
        request={"multipart/form-data": ComplaintAttachSerializer},
        responses={
            201: ComplaintEvidenceSerializer(many=True),
            **ERRORS,
            **NOT_FOUND,
            **CONFLICT,
            **FILE_ERRORS,
        },
        summary="Attach files as evidence (multipart, files in `attachments`)",
    )
    def post(self, request, complaint_id: int):
        data = validated(ComplaintAttachSerializer, request.data)
        stored = services.complaint_attach(
            actor=request.user,
            complaint_id=complaint_id,
            attachments=data["attachments"],
            note=data["note"],
        )
        return Response(
            ComplaintEvidenceSerializer(stored, many=True).data, status=status.HTTP_201_CREATED
        )


class ComplaintLinksApi(ApiView):
    rbac_permissions = {"post": Perm.COMPLAINT_HANDLE}

    @extend_schema(
        request=ComplaintLinkSerializer,
        responses={201: ComplaintEvidenceSerializer(many=True), **ERRORS, **NOT_FOUND, **CONFLICT},
        summary="Link a ticket, chat or call (its messages as evidence) or an order of the "
        "customer's",
    )
    def post(self, request, complaint_id: int):
        data = validated(ComplaintLinkSerializer, request.data)
        stored = services.complaint_link(
            actor=request.user,
            complaint_id=complaint_id,
            item_id=data.get("item"),
            order_id=data.get("order"),
        )
        return Response(
            ComplaintEvidenceSerializer(stored, many=True).data, status=status.HTTP_201_CREATED
        )


class ComplaintRemediesApi(ApiView):
    rbac_permissions = {"post": Perm.COMPLAINT_HANDLE}

    @extend_schema(
        request=ComplaintRemedyCreateSerializer,
        responses={201: ComplaintRemedySerializer, **ERRORS, **FORBIDDEN, **NOT_FOUND, **CONFLICT},
        summary="Propose a remedy: apology, refund of a customer's order, compensation, other",
    )
    def post(self, request, complaint_id: int):
        data = validated(ComplaintRemedyCreateSerializer, request.data)
        remedy = services.remedy_add(
            actor=request.user,
            complaint_id=complaint_id,
            kind=data["kind"],
            order_id=data.get("order"),
            amount_fen=data.get("amount_fen"),
            description=data["description"],
        )
        return Response(ComplaintRemedySerializer(remedy).data, status=status.HTTP_201_CREATED)


class ComplaintRemedyApi(ApiView):
    rbac_permissions = {"delete": Perm.COMPLAINT_HANDLE}

    @extend_schema(
        request=None,
        responses={200: ComplaintRemedySerializer, **FORBIDDEN, **NOT_FOUND, **CONFLICT},
        summary="Withdraw a remedy awaiting approval (kept as withdrawn)",
    )
    def delete(self, request, complaint_id: int, remedy_id: int):
        remedy = services.remedy_withdraw(
            actor=request.user, complaint_id=complaint_id, remedy_id=remedy_id
        )
        return Response(ComplaintRemedySerializer(remedy).data)


class EvidenceFileApi(ApiView):
    """Download an evidence file of a complaint the user may see."""

    rbac_permissions = {"get": Perm.COMPLAINT_READ}

    def perform_content_negotiation(self, request, force=False):
        # The body is the file, whatever the client accepts; errors still render as JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **NOT_FOUND},
        summary="Download an evidence file (always as a download, never rendered inline)",
    )
    def get(self, request, evidence_id: int):
        evidence = selectors.evidence_get_for_user(request.user, evidence_id)
        try:
            handle = evidence.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise NotFound() from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.filename or "evidence",
            content_type=evidence.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response
