"""Order endpoints: suppliers' callbacks; the order handlers' panel, orders and actions."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from helpdesk.accounts.rbac import Perm
from helpdesk.common.errors import NotFound
from helpdesk.common.pagination import PagePagination
from helpdesk.common.ratelimit import WebhookIpThrottle
from helpdesk.common.serializers import validated
from helpdesk.common.views import ApiView, query_dict
from helpdesk.reports.exports import wanted_output

from . import dispatch, exports, selectors, services
from .models import Order, Product, SupplierChannel
from .serializers import (
    ChannelEventSerializer,
    ChannelTileSerializer,
    EnquiryBriefSerializer,
    EnquiryCreateSerializer,
    ForceSerializer,
    NoteSerializer,
    OrderCreateSerializer,
    OrderDetailSerializer,
    OrderFilterSerializer,
    OrderSerializer,
    ProductSerializer,
    ReasonSerializer,
    ReportQuerySerializer,
    ReportRowSerializer,
    RetrySerializer,
)

CALLBACK_REFUSAL = inline_serializer("SupplierCallbackRefusal", {"code": serializers.CharField()})


class CallbackApi(ApiView):
    """A supplier's result for an order it accepted. No session: the signature is the key."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [WebhookIpThrottle]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={
            200: OpenApiTypes.OBJECT,
            # Refusals in the supplier protocol's shape ({"code"}), not the shared error shape.
            400: OpenApiResponse(CALLBACK_REFUSAL, description="bad_status"),
            401: OpenApiResponse(CALLBACK_REFUSAL, description="bad_signature"),
            404: OpenApiResponse(CALLBACK_REFUSAL, description="unknown_reference"),
            429: OpenApiResponse(description="rate_limited (Retry-After)"),
        },
        summary="Supplier callback (signed, docs/supplier-protocol.md)",
    )
    def post(self, request, channel_id: int):
        body = request.data if isinstance(request.data, dict) else {}
        try:
            services.callback_receive(
                channel_id=channel_id, body=dict(body), remote_addr=request.META.get("REMOTE_ADDR")
            )
        except services.CallbackRefused as refused:
            return Response({"code": refused.code}, status=refused.status)
        return Response({"code": "0000"})


def _context(request) -> dict:
    return {"suppliers": selectors.sees_suppliers(request.user)}


class ProductListApi(ApiView):
    rbac_permissions = {"get": Perm.ORDER_READ}

    @extend_schema(responses=ProductSerializer(many=True), summary="Products on sale")
    def get(self, request):
        return Response(ProductSerializer(Product.objects.filter(is_active=True), many=True).data)


class OrderListApi(ApiView):
    rbac_permissions = {"get": Perm.ORDER_READ, "post": Perm.ORDER_HANDLE}
    pagination_class = PagePagination

    @extend_schema(
        parameters=[OrderFilterSerializer],
        responses=OrderSerializer(many=True),
        summary="Orders by reference, phone number, customer, status or enquiry work item",
    )
    def get(self, request):
        filters = validated(OrderFilterSerializer, query_dict(request))
        qs = selectors.orders_search(
            q=filters.get("q", ""),
            status=filters.get("status", ""),
            customer_id=filters.get("customer"),
            item_id=filters.get("item"),
        )
        return self.paginated(request, qs, OrderSerializer, context=_context(request))

    @extend_schema(
        request=OrderCreateSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description=(
                    "1-80 visible ASCII characters, new for each order (a UUID). A repeat of the "
                    "request with the same key answers with the order already placed (header "
                    "`Idempotent-Replayed: true`) instead of placing another; the same key with "
                    "a different order is 409 `idempotency_key_reused`."
                ),
            )
        ],
        responses={201: OrderSerializer},
    )
    def post(self, request):
        from helpdesk.customers.selectors import customer_get_for_user

        data = validated(OrderCreateSerializer, request.data)
        key = request.headers.get("Idempotency-Key", "")
        if key:
            services.check_idempotency_key(key)
        customer = None
        if data.get("customer") is not None:
            customer = customer_get_for_user(request.user, data["customer"])
        order, replayed = services.order_place(
            actor=request.user,
            product_id=data["product"],
            account=data["account"],
            amount=data["amount"],
            customer=customer,
            idempotency_key=key,
        )
        order = selectors.orders_search().get(pk=order.pk)
        response = Response(
            OrderSerializer(order, context=_context(request)).data, status=status.HTTP_201_CREATED
        )
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response


def _order(order_id: int) -> Order:
    order = selectors.orders_search().filter(pk=order_id).first()
    if order is None:
        raise NotFound()
    return order


class OrderDetailApi(ApiView):
    rbac_permissions = {"get": Perm.ORDER_READ}

    @extend_schema(
        responses=OrderDetailSerializer,
        summary="An order with its attempts and timeline (attempts: order handlers only)",
    )
    def get(self, request, order_id: int):
        order = _order(order_id)
        suppliers = selectors.sees_suppliers(request.user)
        body = {
            "order": order,
            "enquiries": order.enquiries.select_related("item"),
            "attempts": order.attempts.select_related("channel") if suppliers else [],
            "events": order.events.select_related("actor") if suppliers else [],
        }
        return Response(OrderDetailSerializer(body, context=_context(request)).data)


class OrderEnquiryApi(ApiView):
    rbac_permissions = {"post": Perm.ORDER_READ}

    @extend_schema(
        request=EnquiryCreateSerializer,
        responses={201: EnquiryBriefSerializer},
        summary="A customer's question about the order: a work item in the order handlers' queue",
    )
    def post(self, request, order_id: int):
        data = validated(EnquiryCreateSerializer, request.data)
        item = services.enquiry_open(
            actor=request.user,
            order_id=_order(order_id).pk,
            subject=data.get("subject", ""),
            body=data["body"],
            channel=data["channel"],
        )
        return Response(
            EnquiryBriefSerializer(item.order_enquiry).data, status=status.HTTP_201_CREATED
        )


class OrderRetryApi(ApiView):
    rbac_permissions = {"post": Perm.ORDER_HANDLE}

    @extend_schema(request=RetrySerializer, responses=OrderSerializer, summary="Send again")
    def post(self, request, order_id: int):
        data = validated(RetrySerializer, request.data)
        services.order_retry(
            actor=request.user,
            order_id=_order(order_id).pk,
            channel_id=data.get("channel"),
            reason=data["reason"],
        )
        return Response(OrderSerializer(_order(order_id), context=_context(request)).data)


class OrderRefundApi(ApiView):
    rbac_permissions = {"post": Perm.ORDER_HANDLE}

    @extend_schema(request=ReasonSerializer, responses=OrderSerializer, summary="Refund")
    def post(self, request, order_id: int):
        data = validated(ReasonSerializer, request.data)
        services.order_refund(
            actor=request.user, order_id=_order(order_id).pk, reason=data["reason"]
        )
        return Response(OrderSerializer(_order(order_id), context=_context(request)).data)


class OrderReviewApi(ApiView):
    rbac_permissions = {"post": Perm.ORDER_HANDLE}

    @extend_schema(request=NoteSerializer, responses=OrderSerializer, summary="Mark reviewed")
    def post(self, request, order_id: int):
        data = validated(NoteSerializer, request.data)
        services.order_mark_reviewed(
            actor=request.user, order_id=_order(order_id).pk, note=data.get("note", "")
        )
        return Response(OrderSerializer(_order(order_id), context=_context(request)).data)


class ChannelTilesApi(ApiView):
    rbac_permissions = {"get": Perm.ORDER_HANDLE}

    @extend_schema(
        responses=ChannelTileSerializer(many=True),
        summary="Every channel's health: success, latency, in flight, balance, breaker, errors",
    )
    def get(self, request):
        return Response(ChannelTileSerializer(selectors.channel_tiles(), many=True).data)


def _channel(channel_id: int) -> SupplierChannel:
    channel = SupplierChannel.objects.filter(pk=channel_id).first()
    if channel is None:
        raise NotFound()
    return channel


class ChannelForceApi(ApiView):
    rbac_permissions = {"post": Perm.CHANNEL_MANAGE}

    @extend_schema(
        request=ForceSerializer,
        responses=ChannelTileSerializer(many=True),
        summary="Force a channel open (no traffic) or closed (all traffic), or back to automatic",
    )
    def post(self, request, channel_id: int):
        data = validated(ForceSerializer, request.data)
        dispatch.force_state(
            actor=request.user,
            channel=_channel(channel_id),
            state=data["state"],
            reason=data["reason"],
        )
        return Response(ChannelTileSerializer(selectors.channel_tiles(), many=True).data)


class ChannelEventsApi(ApiView):
    rbac_permissions = {"get": Perm.ORDER_HANDLE}
    pagination_class = PagePagination

    @extend_schema(
        responses=ChannelEventSerializer(many=True),
        summary="A channel's breaker and forced history",
    )
    def get(self, request, channel_id: int):
        qs = _channel(channel_id).events.select_related("actor")
        return self.paginated(request, qs, ChannelEventSerializer)


class ChannelReportApi(ApiView):
    rbac_permissions = {"get": Perm.ORDER_HANDLE}

    @extend_schema(
        parameters=[ReportQuerySerializer],
        responses=ReportRowSerializer(many=True),
        summary="A day's channel report (volumes, success, latency, incidents, balance); "
        "?output=csv|xlsx for a file",
    )
    def get(self, request):
        data = validated(ReportQuerySerializer, query_dict(request))
        output = wanted_output(data.get("output"))
        day = data.get("day") or timezone.localdate()
        first = timezone.make_aware(datetime.combine(day, time.min))
        rows = selectors.channel_report(first, first + timedelta(days=1))
        if output:
            return exports.report_file(request, rows=rows, day=day, output=output)
        return Response(ReportRowSerializer(rows, many=True).data)
