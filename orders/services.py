"""Order handlers' actions: take an order, retry it on a chosen channel, refund, review, and the
suppliers' callbacks."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import phonenumbers
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common import ratelimit
from helpdesk.common.errors import Conflict, NotFound, RateLimited, ServiceError
from helpdesk.common.queueing import enqueue
from helpdesk.common.storable import storable

from . import breaker, dispatch
from .adapters import adapter_for
from .models import (
    OPEN_ORDER_STATUSES,
    UNRESOLVED_OUTCOMES,
    Attempt,
    CallbackAnomaly,
    ForcedState,
    Order,
    OrderStatus,
    Product,
    ProductKind,
    SupplierChannel,
)

REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U


def new_reference() -> str:
    """``R`` + date + 10 random base-32 characters: unique, unguessable, readable aloud."""
    day = timezone.localdate().strftime("%Y%m%d")
    tail = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))
    return f"R{day}{tail}"


def normalise_account(product: Product, account: str) -> str:
    """A phone product needs a mainland mobile number (stored as E.164); a game product any
    account name. Refused with ``400 invalid_account``."""
    account = (account or "").strip()
    if product.kind == ProductKind.GAME_CREDIT:
        if not account or len(account) > 64:
            raise _invalid_account()
        return account
    try:
        number = phonenumbers.parse(account, "CN")
    except phonenumbers.NumberParseException:
        raise _invalid_account() from None
    mobile = phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    if number.country_code != 86 or not phonenumbers.is_valid_number(number) or not mobile:
        raise _invalid_account()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _invalid_account() -> ServiceError:
    message = _("Not a valid mainland mobile number (or account) for this product.")
    return ServiceError(message, code="invalid_account", fields={"account": [message]})


IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,80}")


def check_idempotency_key(key: str) -> str:
    if not IDEMPOTENCY_KEY.fullmatch(key):
        message = _("An Idempotency-Key is 1 to 80 visible ASCII characters.")
        raise ServiceError(
            message, code="invalid_idempotency_key", fields={"Idempotency-Key": [message]}
        )
    return key


def order_place(
    *,
    actor,
    product_id: int,
    account: str,
    amount: int,
    customer=None,
    idempotency_key: str = "",
) -> tuple[Order, bool]:
    """Place an order; with the client's ``idempotency_key``, a repeat of the same request
    (a retry after a dropped connection, a double click) gets the order already placed instead of
    a second one: ``(order, True)``. The same key for a different order is refused (409)."""
    if not idempotency_key:
        return order_create(
            actor=actor, product_id=product_id, account=account, amount=amount, customer=customer
        ), False
    check_idempotency_key(idempotency_key)
    for _attempt in range(2):
        earlier = Order.objects.filter(created_by=actor, idempotency_key=idempotency_key).first()
        if earlier is not None:
            _same_request(earlier, product_id, account, amount, customer)
            return earlier, True
        try:
            return order_create(
                actor=actor,
                product_id=product_id,
                account=account,
                amount=amount,
                customer=customer,
                idempotency_key=idempotency_key,
            ), False
        except IntegrityError:  # the same key placed meanwhile by a concurrent request
            continue
    raise Conflict(_("This order is being placed by another request."), code="order_in_progress")


def _same_request(order: Order, product_id: int, account: str, amount: int, customer) -> None:
    try:
        normalised = normalise_account(order.product, account)
    except ServiceError:
        normalised = None
    same = (
        order.product_id == product_id
        and order.amount == amount
        and order.account == normalised
        and order.customer_id == (customer.pk if customer is not None else None)
    )
    if not same:
        raise Conflict(
            _("This Idempotency-Key was used for a different order."),
            code="idempotency_key_reused",
        )


@transaction.atomic
def order_create(
    *,
    actor=None,
    product_id: int,
    account: str,
    amount: int,
    customer=None,
    idempotency_key: str = "",
) -> Order:
    product = Product.objects.filter(pk=product_id, is_active=True).first()
    if product is None:
        message = _("Unknown product.")
        raise ServiceError(message, code="unknown_product", fields={"product": [message]})
    if amount != product.face_value:
        message = _("The amount does not match the product's face value (%(value)s fen).") % {
            "value": product.face_value
        }
        raise ServiceError(message, code="amount_mismatch", fields={"amount": [message]})
    order = Order.objects.create(
        reference=new_reference(),
        customer=customer,
        account=normalise_account(product, account),
        product=product,
        amount=amount,
        price=product.price,
        created_by=actor,
        next_action_at=timezone.now(),
        idempotency_key=idempotency_key,
    )
    dispatch.event(order, "created", actor=actor, product=product.code, amount=amount)
    dispatch.announce(order)
    transaction.on_commit(lambda: dispatch._kick(order.pk))
    return order


def _locked(order_id: int) -> Order:
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    if order is None:
        raise NotFound()
    return order


@transaction.atomic
def order_retry(*, actor, order_id: int, channel_id: int | None, reason: str) -> Order:
    """Send a failed or stuck order again, on a chosen channel or the best one. Refused while
    an attempt's result is unknown (it is queried first), on a channel that is forced open or
    disabled, and for orders already succeeded or refunded."""
    order = _locked(order_id)
    if not reason.strip():
        message = _("Say why the order is retried.")
        raise ServiceError(message, code="reason_required", fields={"reason": [message]})
    if order.status not in (OrderStatus.FAILED, OrderStatus.NEEDS_REVIEW, *OPEN_ORDER_STATUSES):
        raise Conflict(_("This order cannot be retried."), code="not_retryable")
    if order.attempts.filter(outcome__in=UNRESOLVED_OUTCOMES).exists():
        raise Conflict(
            _("The last attempt's result is not known yet; it is being checked with the supplier."),
            code="attempt_unresolved",
        )
    channel = None
    if channel_id is not None:
        channel = SupplierChannel.objects.filter(pk=channel_id).first()
        if channel is None:
            raise NotFound()
        if not channel.enabled or channel.forced_state == ForcedState.OPEN:
            raise Conflict(_("This channel is closed to traffic."), code="channel_closed")
        if breaker.state_of(channel)["state"] == breaker.OPEN:
            raise Conflict(_("This channel's breaker is open."), code="channel_closed")
        if not channel.products.filter(pk=order.product_id).exists():
            raise Conflict(_("This channel does not offer the product."), code="channel_closed")
    if order.status == OrderStatus.REFUNDED or hasattr(order, "refund"):
        raise Conflict(_("A refunded order is not sent again."), code="not_retryable")
    order.status = OrderStatus.DISPATCHING
    order.attempts_made = 0  # a fresh round of channels, and of the stuck clock
    order.round_started_at = timezone.now()
    order.fail_category = ""
    order.next_action_at = timezone.now()
    order.finished_at = None
    order.save()
    dispatch.event(order, "retry", actor=actor, reason=reason.strip(), channel=channel_id)
    dispatch.announce(order)
    transaction.on_commit(lambda: _send_on(order.pk, channel_id))
    return order


def _send_on(order_id: int, channel_id: int | None) -> None:
    from .tasks import dispatch_order

    enqueue(dispatch_order, order_id, channel_id)


@transaction.atomic
def order_refund(*, actor, order_id: int, reason: str):
    order = _locked(order_id)
    if not reason.strip():
        message = _("Say why the order is refunded.")
        raise ServiceError(message, code="reason_required", fields={"reason": [message]})
    if order.status not in (OrderStatus.FAILED, OrderStatus.NEEDS_REVIEW):
        raise Conflict(
            _("Only failed orders, or orders under review, are refunded."), code="not_refundable"
        )
    if (
        order.attempts.filter(outcome__in=UNRESOLVED_OUTCOMES).exists()
        or order.attempts.filter(outcome="succeeded").exists()
    ):
        raise Conflict(
            _("A supplier may have delivered this order; it cannot be refunded."),
            code="not_refundable",
        )
    if hasattr(order, "refund"):
        raise Conflict(_("This order is already refunded."), code="not_refundable")
    return dispatch.refund(order, reason=reason.strip(), actor=actor)


@transaction.atomic
def order_mark_reviewed(*, actor, order_id: int, note: str = "") -> Order:
    order = _locked(order_id)
    order.reviewed_by, order.reviewed_at = actor, timezone.now()
    order.save(update_fields=["reviewed_by", "reviewed_at", "updated_at"])
    dispatch.event(order, "reviewed", actor=actor, reason=note)
    dispatch.announce(order)
    return order


# --- callbacks -----------------------------------------------------------------------------------


class CallbackRefused(Exception):
    def __init__(self, status: int, code: str):
        super().__init__(code)
        self.status, self.code = status, code


def callback_receive(*, channel_id: int, body: dict, remote_addr: str | None) -> str:
    """A supplier's callback: signature first, then the reference; idempotent. Refusals are
    recorded as anomalies."""
    channel = SupplierChannel.objects.filter(pk=channel_id).first()
    if channel is None or not adapter_for(channel).verify_callback(body):
        _anomaly(channel, "bad_signature", body, remote_addr)
        raise CallbackRefused(401, "bad_signature")
    wait = ratelimit.hit("webhook-source", f"orders:{channel.pk}", settings.WEBHOOK_SOURCE_RATE)
    if wait:
        raise RateLimited(retry_after=wait)
    status = body.get("status")
    if status not in ("success", "failed"):
        _anomaly(channel, "bad_status", body, remote_addr)
        raise CallbackRefused(400, "bad_status")
    with transaction.atomic():
        attempt = (
            Attempt.objects.filter(channel=channel, reference=str(body.get("order_ref", "")))
            .only("pk", "order_id")
            .first()
        )
        if attempt is not None:
            order = Order.objects.select_for_update().get(pk=attempt.order_id)
            attempt = Attempt.objects.select_related("channel").get(pk=attempt.pk)
            attempt.order = order
            contradicts = attempt.outcome not in UNRESOLVED_OUTCOMES and (
                (attempt.outcome == "succeeded") != (status == "success")
            )
            if contradicts:
                _anomaly(channel, "contradicts_result", body, remote_addr)
            return dispatch.apply_callback(
                attempt,
                status,
                str(body.get("fail_code") or ""),
                str(body.get("supplier_order_id") or ""),
            )
    _anomaly(channel, "unknown_reference", body, remote_addr)
    raise CallbackRefused(404, "unknown_reference")


def _anomaly(channel, reason: str, body, remote_addr) -> None:
    CallbackAnomaly.objects.create(
        channel=channel,
        reason=reason,
        body=storable(body if isinstance(body, dict) else {"raw": str(body)[:2000]}),
        remote_addr=remote_addr,
    )


# --- balances ------------------------------------------------------------------------------------


def balance_read(channel: SupplierChannel) -> int | None:
    """Ask the supplier for our balance; kept on the channel with when it was read."""
    from .adapters import SupplierError

    try:
        value = adapter_for(channel).balance()
    except SupplierError:
        return None
    SupplierChannel.objects.filter(pk=channel.pk).update(
        balance=value, balance_read_at=timezone.now()
    )
    dispatch.publish_on_commit(
        [dispatch.PANEL_GROUP], "orders.channel", {"id": channel.pk, "balance": value}
    )
    return value


def stale_balance(channel: SupplierChannel, minutes: int = 10) -> bool:
    return channel.balance_read_at is None or (
        timezone.now() - channel.balance_read_at > timedelta(minutes=minutes)
    )


# --- enquiries -----------------------------------------------------------------------------------


@transaction.atomic
def enquiry_open(*, actor, order_id: int, subject: str, body: str, channel: str = "phone"):
    """A customer asks about an order: a ticket in the order handlers' queue (the customer's
    words as its first message), linked to the order, whoever took the call or message."""
    from django.conf import settings

    from helpdesk.queues.models import Queue
    from helpdesk.tickets.services import ticket_create_from_customer

    from .models import OrderEnquiry

    order = Order.objects.select_related("customer").filter(pk=order_id).first()
    if order is None:
        raise NotFound()
    queue = Queue.objects.filter(slug=settings.ORDERS_ENQUIRY_QUEUE, is_active=True).first()
    if queue is None:
        raise Conflict(
            _("No queue takes order enquiries (ORDERS_ENQUIRY_QUEUE)."), code="no_enquiry_queue"
        )
    subject = (subject or "").strip() or _("Question about order %(ref)s") % {
        "ref": order.reference
    }
    ticket = ticket_create_from_customer(
        queue=queue,
        subject=f"[{order.reference}] {subject}"[:255],
        body=body,
        customer=order.customer,
        channel=channel,
    )
    OrderEnquiry.objects.create(order=order, item=ticket.item)
    dispatch.event(order, "enquiry", actor=actor, item=ticket.item_id)
    return ticket.item
