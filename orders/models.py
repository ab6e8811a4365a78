"""Recharge orders: products, supplier channels, orders and every attempt to fulfil them.

Money is in fen (integers). An order's ``reference`` is ours and unique; each attempt sends the
supplier its own reference (the order's and the attempt's number), which suppliers dedupe by and
we query them by, so an attempt is never sent twice and an order is sent again only once its
last attempt is known to have failed (docs/orders.md).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Operator(models.TextChoices):
    CHINA_MOBILE = "china_mobile", _("China Mobile")
    CHINA_UNICOM = "china_unicom", _("China Unicom")
    CHINA_TELECOM = "china_telecom", _("China Telecom")
    GAME = "game", _("Game platform")


class ProductKind(models.TextChoices):
    AIRTIME = "airtime", _("Airtime")
    DATA = "data", _("Mobile data")
    GAME_CREDIT = "game_credit", _("Game credit")


class Product(models.Model):
    operator = models.CharField(_("operator"), max_length=20, choices=Operator.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=ProductKind.choices)
    name = models.CharField(_("name"), max_length=80)
    code = models.CharField(
        _("product code"), max_length=40, unique=True, help_text=_("Sent to suppliers.")
    )
    face_value = models.PositiveIntegerField(_("face value (fen)"))
    price = models.PositiveIntegerField(_("price (fen)"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["operator", "kind", "face_value"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.name


class WindowKind(models.TextChoices):
    COUNT = "count", _("Last N calls")
    TIME = "time", _("Last N seconds")


class ForcedState(models.TextChoices):
    NONE = "", _("Automatic")
    OPEN = "open", _("Forced open (no traffic)")
    CLOSED = "closed", _("Forced closed (all traffic)")


class SupplierChannel(models.Model):
    """A supplier we buy recharges from, with how we talk to it and when to stop trusting it."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    adapter = models.CharField(
        _("adapter"), max_length=30, default="http_json", help_text=_("How we talk to it.")
    )
    base_url = models.URLField(_("base URL"))
    merchant = models.CharField(_("merchant id"), max_length=60)
    secret = models.CharField(_("signing secret"), max_length=200)
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=10, help_text=_("Lower goes first when health is equal.")
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    products = models.ManyToManyField(
        Product, verbose_name=_("products"), related_name="channels", blank=True
    )
    timeout_seconds = models.FloatField(
        _("answer within (s)"), default=8, validators=[MinValueValidator(0.5)]
    )
    balance = models.BigIntegerField(_("balance (fen)"), null=True, blank=True)
    balance_read_at = models.DateTimeField(_("balance read at"), null=True, blank=True)
    low_balance = models.PositiveBigIntegerField(_("low balance warning (fen)"), default=100_000)
    # Breaker settings (docs/orders.md).
    window_kind = models.CharField(
        _("window"), max_length=5, choices=WindowKind.choices, default=WindowKind.COUNT
    )
    window_size = models.PositiveIntegerField(
        _("window size"), default=20, help_text=_("Calls, or seconds for a time window.")
    )
    min_calls = models.PositiveIntegerField(_("minimum calls"), default=10)
    failure_rate = models.PositiveSmallIntegerField(
        _("failure rate to open (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    slow_call_seconds = models.FloatField(_("slow call (s)"), default=5)
    slow_call_rate = models.PositiveSmallIntegerField(
        _("slow-call rate to open (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    open_seconds = models.PositiveIntegerField(_("cooling wait (s)"), default=30)
    max_open_seconds = models.PositiveIntegerField(_("longest cooling wait (s)"), default=600)
    half_open_probes = models.PositiveSmallIntegerField(
        _("probe orders when half-open"), default=3, validators=[MinValueValidator(1)]
    )
    forced_state = models.CharField(
        _("forced state"), max_length=6, choices=ForcedState.choices, blank=True
    )
    forced_reason = models.TextField(_("why forced"), blank=True)
    forced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("forced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forced_at = models.DateTimeField(_("forced at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["priority", "name"]
        verbose_name = _("supplier channel")
        verbose_name_plural = _("supplier channels")

    def __str__(self) -> str:
        return self.name


class OrderStatus(models.TextChoices):
    CREATED = "created", _("Created")
    DISPATCHING = "dispatching", _("Dispatching")
    AWAITING_SUPPLIER = "awaiting_supplier", _("Awaiting the supplier")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    REFUNDED = "refunded", _("Refunded")
    NEEDS_REVIEW = "needs_review", _("Needs review")


OPEN_ORDER_STATUSES = (
    OrderStatus.CREATED,
    OrderStatus.DISPATCHING,
    OrderStatus.AWAITING_SUPPLIER,
)


class Order(models.Model):
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    account = models.CharField(
        _("phone number or account"), max_length=64, help_text=_("E.164 for phone numbers.")
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="orders"
    )
    amount = models.PositiveIntegerField(_("amount (fen)"))
    price = models.PositiveIntegerField(_("price paid (fen)"))
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.CREATED
    )
    channel = models.ForeignKey(
        SupplierChannel,
        verbose_name=_("channel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    attempts_made = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When this round of channels began: creation, or an order handler's retry. The stuck clock
    # and the channels this order avoids count from here.
    round_started_at = models.DateTimeField(_("round started at"), default=timezone.now)
    next_action_at = models.DateTimeField(_("next action at"), null=True, blank=True)
    fail_category = models.CharField(_("failure"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # The client's Idempotency-Key for this order, if it sent one: a repeat of the request (a
    # retry after a dropped connection) answers with this order instead of placing another.
    idempotency_key = models.CharField(_("idempotency key"), max_length=80, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="orders_one_per_idempotency_key",
            )
        ]
        indexes = [
            models.Index(fields=["account", "-created_at"], name="orders_account"),
            models.Index(fields=["customer", "-created_at"], name="orders_customer"),
            models.Index(fields=["status", "-created_at"], name="orders_status"),
            models.Index(
                fields=["next_action_at"],
                name="orders_next_action",
                condition=models.Q(status__in=["created", "dispatching", "awaiting_supplier"]),
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class Outcome(models.TextChoices):
    PENDING = "pending", _("Sent, no answer yet")
    SUCCEEDED = "succeeded", _("Succeeded")
    ACCEPTED = "accepted", _("Accepted (result to follow)")
    UNKNOWN = "unknown", _("Unknown")
    FAILED = "failed", _("Failed")


UNRESOLVED_OUTCOMES = (Outcome.PENDING, Outcome.ACCEPTED, Outcome.UNKNOWN)


class Category(models.TextChoices):
    """A supplier's answer, normalised."""

    OK = "ok", _("Succeeded")
    CUSTOMER = "customer", _("Customer error (invalid number or account)")
    PRODUCT = "product", _("Product not offered")
    BALANCE = "balance", _("Our balance too low")
    SUPPLIER = "supplier", _("Supplier error")
    BUSY = "busy", _("Supplier busy")
    TIMEOUT = "timeout", _("No answer in time")
    UNKNOWN = "unknown", _("Supplier does not know yet")
    TRANSPORT = "transport", _("Connection failed")
    PROTOCOL = "protocol", _("Bad answer (signature or format)")


class Attempt(models.Model):
    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="attempts"
    )
    channel = models.ForeignKey(
        SupplierChannel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    # What the supplier is sent: the order's reference and the attempt's number. A supplier
    # refuses a reference it has seen, so each attempt needs its own; the order's reference
    # stays the customer's. Unique per channel (each supplier is its own namespace).
    reference = models.CharField(_("supplier reference"), max_length=40)
    sent_at = models.DateTimeField(_("sent at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, blank=True)
    supplier_code = models.CharField(_("supplier's code"), max_length=20, blank=True)
    supplier_message = models.CharField(_("supplier's message"), max_length=255, blank=True)
    supplier_order_id = models.CharField(_("supplier's order id"), max_length=64, blank=True)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), null=True, blank=True)
    resolved_by = models.CharField(
        _("resolved by"), max_length=10, blank=True, help_text=_("answer, query or callback")
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="orders_attempt_number"),
            models.UniqueConstraint(
                fields=["channel", "reference"], name="orders_attempt_reference"
            ),
            # At most one attempt per order whose result is not known: before another channel
            # is tried, the last one is resolved (queried).
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(outcome__in=["pending", "accepted", "unknown"]),
                name="orders_one_unresolved_attempt",
            ),
        ]
        indexes = [
            models.Index(fields=["channel", "-sent_at"], name="orders_attempt_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} #{self.number} {self.outcome}"


class OrderEvent(models.Model):
    """The order's timeline: created, sent, answered, queried, callback, retried, refunded..."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="events"
    )
    verb = models.CharField(_("what"), max_length=30)
    data = models.JSONField(_("details"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("why"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        indexes = [models.Index(fields=["order", "created_at"], name="orders_event_order")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.verb}"


class Refund(models.Model):
    order = models.OneToOneField(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="refund"
    )
    amount = models.PositiveIntegerField(_("amount (fen)"))
    reason = models.TextField(_("reason"))
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("refunded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("refunded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self) -> str:
        return f"{self.order_id} {self.amount}"


class ChannelEvent(models.Model):
    """A channel's breaker moving, or a person forcing it (with why): the channel's audit."""

    channel = models.ForeignKey(
        SupplierChannel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("what"), max_length=20)
    from_state = models.CharField(_("from"), max_length=10, blank=True)
    to_state = models.CharField(_("to"), max_length=10, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    reason = models.TextField(_("why"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("channel event")
        verbose_name_plural = _("channel events")
        indexes = [models.Index(fields=["channel", "-created_at"], name="orders_channel_event")]

    def __str__(self) -> str:
        return f"{self.channel_id} {self.kind}"


class CallbackAnomaly(models.Model):
    """A supplier callback refused: bad signature, unknown reference, contradicting a result."""

    channel = models.ForeignKey(
        SupplierChannel,
        verbose_name=_("channel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=30)
    body = models.JSONField(_("body"), default=dict)
    remote_addr = models.GenericIPAddressField(_("from"), null=True, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("callback anomaly")
        verbose_name_plural = _("callback anomalies")

    def __str__(self) -> str:
        return f"{self.channel_id} {self.reason}"


class OrderEnquiry(models.Model):
    """A customer's question about an order: a work item in the order handlers' queue."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="enquiries"
    )
    item = models.OneToOneField(
        "queues.WorkItem",
        verbose_name=_("work item"),
        on_delete=models.CASCADE,
        related_name="order_enquiry",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("order enquiry")
        verbose_name_plural = _("order enquiries")

    def __str__(self) -> str:
        return f"{self.order_id} → {self.item_id}"
