"""Input and output of the order endpoints. Supplier details (channels, suppliers' codes) only
go to those who see suppliers (``selectors.sees_suppliers``)."""

from rest_framework import serializers

from helpdesk.common.serializers import StrictInputSerializer
from helpdesk.queues.serializers import UserBriefSerializer

from .models import (
    Attempt,
    ChannelEvent,
    ForcedState,
    Order,
    OrderEvent,
    OrderStatus,
    Product,
)


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "operator", "kind", "name", "code", "face_value", "price", "is_active"]
        read_only_fields = fields


class OrderCreateSerializer(StrictInputSerializer):
    product = serializers.IntegerField()
    account = serializers.CharField(max_length=64, help_text="Mobile number, or game account.")
    amount = serializers.IntegerField(min_value=1, help_text="Face value in fen.")
    customer = serializers.IntegerField(required=False, allow_null=True)


class OrderFilterSerializer(StrictInputSerializer):
    q = serializers.CharField(required=False, allow_blank=True, help_text="Reference or phone.")
    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False)
    customer = serializers.IntegerField(required=False)
    item = serializers.IntegerField(
        required=False, help_text="A work item: the orders it is an enquiry about."
    )
    page = serializers.IntegerField(required=False, min_value=1)


class ChannelBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OrderSerializer(serializers.ModelSerializer):
    product = ProductSerializer()
    customer = serializers.SerializerMethodField()
    channel = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = [
            "id",
            "reference",
            "customer",
            "account",
            "product",
            "amount",
            "price",
            "status",
            "channel",
            "attempts_made",
            "fail_category",
            "created_at",
            "updated_at",
            "finished_at",
            "reviewed_at",
        ]
        read_only_fields = fields

    def get_customer(self, order) -> dict | None:
        if order.customer_id is None:
            return None
        return {"id": order.customer_id, "name": order.customer.name}

    def get_channel(self, order) -> dict | None:
        """Only for those who see suppliers; null for everyone else."""
        if not self.context.get("suppliers") or order.channel_id is None:
            return None
        return {"id": order.channel_id, "name": order.channel.name}


class AttemptSerializer(serializers.ModelSerializer):
    channel = ChannelBriefSerializer()

    class Meta:
        model = Attempt
        fields = [
            "number",
            "channel",
            "reference",
            "sent_at",
            "answered_at",
            "outcome",
            "category",
            "supplier_code",
            "supplier_message",
            "latency_ms",
            "resolved_by",
            "resolved_at",
        ]
        read_only_fields = fields


class OrderEventSerializer(serializers.ModelSerializer):
    actor = UserBriefSerializer(allow_null=True)

    class Meta:
        model = OrderEvent
        fields = ["id", "verb", "data", "actor", "reason", "created_at"]
        read_only_fields = fields


class EnquiryCreateSerializer(StrictInputSerializer):
    subject = serializers.CharField(max_length=200, required=False, allow_blank=True)
    body = serializers.CharField(max_length=5000, help_text="The customer's question.")
    channel = serializers.ChoiceField(
        choices=[("phone", "phone"), ("chat", "chat"), ("email", "email"), ("web", "web")],
        default="phone",
    )


class EnquiryBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item_id")
    reference = serializers.CharField(source="item.reference")
    status = serializers.CharField(source="item.status")
    subject = serializers.CharField(source="item.subject")
    created_at = serializers.DateTimeField()


class OrderDetailSerializer(serializers.Serializer):
    order = OrderSerializer()
    enquiries = EnquiryBriefSerializer(many=True)
    attempts = AttemptSerializer(many=True, allow_null=True)
    events = OrderEventSerializer(many=True, allow_null=True)


class RetrySerializer(StrictInputSerializer):
    channel = serializers.IntegerField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=500)


class ReasonSerializer(StrictInputSerializer):
    reason = serializers.CharField(max_length=500)


class NoteSerializer(StrictInputSerializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ForceSerializer(StrictInputSerializer):
    state = serializers.ChoiceField(choices=ForcedState.choices, allow_blank=True)
    reason = serializers.CharField(max_length=500)


class BreakerSerializer(serializers.Serializer):
    state = serializers.CharField()
    forced = serializers.CharField(allow_blank=True)
    retry_in = serializers.FloatField(allow_null=True)
    trips = serializers.IntegerField()


class SparkSerializer(serializers.Serializer):
    minute = serializers.IntegerField()
    ok = serializers.IntegerField()
    failed = serializers.IntegerField()


class ChannelTileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    priority = serializers.IntegerField()
    enabled = serializers.BooleanField()
    breaker = BreakerSerializer()
    forced_reason = serializers.CharField(allow_blank=True)
    forced_by = serializers.CharField(allow_null=True)
    forced_at = serializers.DateTimeField(allow_null=True)
    success_rate = serializers.FloatField(allow_null=True)
    answered = serializers.IntegerField()
    latency_p50_ms = serializers.IntegerField(allow_null=True)
    latency_p95_ms = serializers.IntegerField(allow_null=True)
    in_flight = serializers.IntegerField()
    balance = serializers.IntegerField(allow_null=True)
    balance_read_at = serializers.DateTimeField(allow_null=True)
    low_balance = serializers.BooleanField()
    errors = serializers.DictField(child=serializers.IntegerField())
    sparkline = SparkSerializer(many=True)


class ChannelEventSerializer(serializers.ModelSerializer):
    actor = UserBriefSerializer(allow_null=True)

    class Meta:
        model = ChannelEvent
        fields = ["id", "kind", "from_state", "to_state", "data", "reason", "actor", "created_at"]
        read_only_fields = fields


class ReportQuerySerializer(StrictInputSerializer):
    day = serializers.DateField(required=False, help_text="Default: today.")
    output = serializers.CharField(
        required=False, allow_blank=True, help_text="csv or xlsx: the same report as a file."
    )


class ReportRowSerializer(serializers.Serializer):
    channel = serializers.CharField()
    sent = serializers.IntegerField()
    succeeded = serializers.IntegerField()
    failed = serializers.IntegerField()
    success_rate = serializers.FloatField(allow_null=True)
    latency_p50_ms = serializers.IntegerField(allow_null=True)
    latency_p95_ms = serializers.IntegerField(allow_null=True)
    errors = serializers.DictField(child=serializers.IntegerField())
    incidents = serializers.IntegerField()
    balance = serializers.IntegerField(allow_null=True)
