"""Hotline endpoints: the telephone system's webhook; calls, ring-backs and figures.
Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.errors import ServiceError
from helpdesk.common.pagination import IdsFirstPagination, PagePagination
from helpdesk.common.ratelimit import WebhookIpThrottle
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict
from helpdesk.reports.exports import wanted_output
from helpdesk.tickets.serializers import TicketDetailSerializer

from . import aftercall, exports, manual, popup, ringbacks, selectors, signing, webhook
from .serializers import (
    AnomalyFilterSerializer,
    AnomalySerializer,
    CallCustomerSerializer,
    CallDetailSerializer,
    CallFilterSerializer,
    CallLogSerializer,
    CallSerializer,
    CallTicketSerializer,
    EventResultSerializer,
    EventSerializer,
    FiguresQuerySerializer,
    FiguresSerializer,
    OrderLinkSerializer,
    PopupSerializer,
    RingBackCloseSerializer,
    RingBackFilterSerializer,
    RingBackSerializer,
    WrapUpSerializer,
)

ERRORS = {400: OpenApiResponse(description="`{code, message, fields}`")}
NOT_FOUND = {404: OpenApiResponse(description="Not a call the user may see")}
CALL_LIST_FIELDS = ("state", "agent", "queue")
DUPLICATE_HEADER = "X-Hotline-Duplicate"


def _detail(user, call_id: int, status_code=status.HTTP_200_OK) -> Response:
    call = selectors.call_get_for_user(user, call_id)
    return Response(CallDetailSerializer(call).data, status=status_code)


class EventsApi(ApiView):
    """The telephone system's events. No session: the signature is the key
    (``docs/hotline-protocol.md``)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [WebhookIpThrottle]

    @extend_schema(
        request=EventSerializer,
        parameters=[
            OpenApiParameter(signing.INTEGRATION_HEADER, str, OpenApiParameter.HEADER, True),
            OpenApiParameter(
                signing.TIMESTAMP_HEADER, str, OpenApiParameter.HEADER, True, "Unix seconds."
            ),
            OpenApiParameter(
                signing.SIGNATURE_HEADER,
                str,
                OpenApiParameter.HEADER,
                True,
                "sha256=hex(HMAC-SHA256(secret, timestamp + '.' + body))",
            ),
        ],
        responses={
            200: EventResultSerializer,
            **ERRORS,
            401: OpenApiResponse(
                description="signature_missing, signature_invalid, stale_timestamp"
            ),
            404: OpenApiResponse(description="unknown_call (send new_call first; retry)"),
            409: OpenApiResponse(description="call_ended"),
            413: OpenApiResponse(description="event_too_large"),
            429: OpenApiResponse(description="rate_limited (Retry-After)"),
        },
        summary="A call event from the telephone system (signed)",
    )
    def post(self, request):
        limit = settings.HOTLINE_EVENT_MAX_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            raise ServiceError(
                _("The event is too large."), code="event_too_large", status_code=413
            )
        body = request.body
        if len(body) > limit:
            raise ServiceError(
                _("The event is too large."), code="event_too_large", status_code=413
            )
        answer = webhook.event_receive(
            headers=request.headers, body=body, remote_addr=request.META.get("REMOTE_ADDR")
        )
        response = Response(answer.body)
        response[DUPLICATE_HEADER] = "true" if answer.duplicate else "false"
        return response


class CallListApi(ApiView):
    """Calls (filters; newest first) and calls logged by hand."""

    rbac_permissions = {"get": Perm.CALL_READ, "post": Perm.CALL_LOG}
    pagination_class = IdsFirstPagination

    @extend_schema(
        parameters=[CallFilterSerializer],
        responses=CallSerializer(many=True),
        summary="Calls the user may see, newest first",
    )
    def get(self, request):
        filters = validated(CallFilterSerializer, query_dict(request, CALL_LIST_FIELDS))
        qs = selectors.calls_for_user(request.user, filters=filters)
        return self.paginated(request, qs, CallSerializer)

    @extend_schema(
        request=CallLogSerializer,
        responses={201: CallDetailSerializer, **ERRORS},
        summary="Log a call by hand, or a call back against a work item",
    )
    def post(self, request):
        data = validated(CallLogSerializer, request.data)
        call = manual.call_log(
            actor=request.user,
            direction=data["direction"],
            from_number=data["from"],
            to_number=data["to"],
            state=data["state"],
            queue_id=data.get("queue"),
            item_id=data.get("item"),
            initiated_at=data.get("initiated_at"),
            answered_at=data.get("answered_at"),
            ended_at=data.get("ended_at"),
            customer_id=data.get("customer"),
            outcome=data["outcome"],
            notes=data["notes"],
            category_id=data.get("category"),
        )
        return _detail(request.user, call.pk, status.HTTP_201_CREATED)


class CallDetailApi(ApiView):
    rbac_permissions = {"get": Perm.CALL_READ}

    @extend_schema(responses={200: CallDetailSerializer, **NOT_FOUND})
    def get(self, request, call_id: int):
        return _detail(request.user, call_id)


class CallPopupApi(ApiView):
    """The pop-up of a call (the ``call.ringing`` event, again): audited as a read of each
    customer file shown."""

    rbac_permissions = {"get": Perm.CALL_READ}

    @extend_schema(responses={200: PopupSerializer, **NOT_FOUND})
    def get(self, request, call_id: int):
        call = selectors.call_get_for_user(request.user, call_id)
        popup.popup_audit(call=call, user=request.user, request=request)
        return Response(popup.popup_data(call=call, user=request.user))


class CallWrapUpApi(ApiView):
    rbac_permissions = {"post": Perm.CALL_LOG}

    @extend_schema(
        request=WrapUpSerializer,
        responses={200: CallDetailSerializer, **ERRORS, **NOT_FOUND},
        summary="Outcome, notes and wrap-up category (only the fields given change)",
    )
    def post(self, request, call_id: int):
        data = validated(WrapUpSerializer, request.data)
        aftercall.call_wrap_up(call_id=call_id, actor=request.user, **_wrap_up_args(data))
        return _detail(request.user, call_id)


def _wrap_up_args(data: dict) -> dict:
    out = {}
    if "outcome" in data:
        out["outcome"] = data["outcome"]
    if "notes" in data:
        out["notes"] = data["notes"]
    if "category" in data:
        out["category_id"] = data["category"]
    return out


class CallCustomerApi(ApiView):
    rbac_permissions = {"post": Perm.CALL_LOG}

    @extend_schema(
        request=CallCustomerSerializer,
        responses={200: CallDetailSerializer, **ERRORS, **NOT_FOUND},
        summary="Link the call to a customer file (one matching its number, or one you may open)",
    )
    def post(self, request, call_id: int):
        data = validated(CallCustomerSerializer, request.data)
        aftercall.call_set_customer(
            call_id=call_id, actor=request.user, customer_id=data["customer"]
        )
        return _detail(request.user, call_id)


class CallTicketApi(ApiView):
    rbac_permissions = {"post": Perm.CALL_LOG}

    @extend_schema(
        request=CallTicketSerializer,
        responses={201: TicketDetailSerializer, **ERRORS, **NOT_FOUND},
        summary="Open a ticket from the call (customer carried over, linked to the call)",
    )
    def post(self, request, call_id: int):
        from helpdesk.tickets.selectors import ticket_get_for_user

        data = validated(CallTicketSerializer, request.data)
        ticket = aftercall.call_ticket_create(
            call_id=call_id,
            actor=request.user,
            subject=data["subject"],
            body=data["body"],
            queue_id=data.get("queue"),
            priority=data.get("priority"),
            category_id=data.get("category"),
        )
        item = ticket_get_for_user(request.user, ticket.pk)
        return Response(TicketDetailSerializer(item).data, status=status.HTTP_201_CREATED)


class CallOrdersApi(ApiView):
    rbac_permissions = {"post": Perm.CALL_LOG}

    @extend_schema(
        request=OrderLinkSerializer,
        responses={
            201: CallDetailSerializer,
            **ERRORS,
            **NOT_FOUND,
            409: OpenApiResponse(description="already_linked"),
        },
        summary="Note a recharge order the call was about",
    )
    def post(self, request, call_id: int):
        data = validated(OrderLinkSerializer, request.data)
        aftercall.call_order_link(call_id=call_id, actor=request.user, reference=data["reference"])
        return _detail(request.user, call_id, status.HTTP_201_CREATED)


class RingBackListApi(ApiView):
    """The missed-call list: ring-backs with their calls (open ones, most urgent first)."""

    rbac_permissions = {"get": Perm.CALL_READ}
    pagination_class = PagePagination

    @extend_schema(parameters=[RingBackFilterSerializer], responses=RingBackSerializer(many=True))
    def get(self, request):
        filters = validated(RingBackFilterSerializer, query_dict(request, ("queue",)))
        qs = selectors.ringbacks_for_user(request.user, filters=filters)
        return self.paginated(request, qs, RingBackSerializer)


class RingBackCloseApi(ApiView):
    rbac_permissions = {"post": Perm.CALL_LOG}

    @extend_schema(
        request=RingBackCloseSerializer,
        responses={200: RingBackSerializer, **ERRORS, **NOT_FOUND},
        summary="Close a ring-back nobody will call back (a reason is required)",
    )
    def post(self, request, ringback_id: int):
        data = validated(RingBackCloseSerializer, request.data)
        ringbacks.ringback_close(ringback_id=ringback_id, actor=request.user, reason=data["reason"])
        row = selectors.ringbacks_for_user(request.user, filters={"state": "all"}).get(
            pk=ringback_id
        )
        return Response(RingBackSerializer(row).data)


class FiguresApi(ApiView):
    rbac_permissions = {"get": Perm.CALL_READ}

    @extend_schema(
        parameters=[FiguresQuerySerializer],
        responses=FiguresSerializer,
        summary="Answered, missed, abandoned, average wait and talk: total, per queue, per agent "
        "(?output=csv|xlsx for a file)",
    )
    def get(self, request):
        filters = validated(FiguresQuerySerializer, query_dict(request, ("queue",)))
        output = wanted_output(filters.pop("output", None))
        table = filters.pop("table", "queues")
        figures = FiguresSerializer(selectors.call_figures(request.user, filters=filters)).data
        if output:
            params = {
                "date": filters.get("date"),
                "queue": list(filters.get("queue") or []),
                "direction": filters.get("direction"),
            }
            return exports.figures_file(
                request, figures=figures, output=output, table=table, params=params
            )
        return Response(figures)


class AnomalyListApi(ApiView):
    """Events the webhook refused or only partly applied."""

    rbac_permissions = {"get": Perm.CALL_SUPERVISE}
    pagination_class = PagePagination

    @extend_schema(
        parameters=[AnomalyFilterSerializer],
        responses=AnomalySerializer(many=True),
        summary="The webhook's anomalies, newest first",
    )
    def get(self, request):
        filters = validated(AnomalyFilterSerializer, query_dict(request, ("reason",)))
        return self.paginated(request, selectors.anomalies(filters=filters), AnomalySerializer)
