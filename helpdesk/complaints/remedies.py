"""Remedies: what the company gives a complaining customer, and how each is carried out.

- **apology**: said in the approved resolution; carried out when the customer is informed.
- **refund** of one of the customer's orders (``400 order_not_customers`` otherwise): the amount
  is the order's price unless given (at most the price). When the customer is informed, a refund
  of the whole price of an order the recharge rules allow to refund (failed or under review, no
  supplier may have delivered it: ``orders.services.order_refund``) is made there and then;
  anything else (a delivered order, a part of the price, an order already refunded) is
  **recorded for payment** outside the order system, with the reason, and the order is left
  as it is.
- **compensation**: an amount in fen, recorded for payment when the customer is informed.
- **other**: a description, carried out (recorded) when the customer is informed.

Every resolution needs a manager's approval (the department's rule); remedies above
``COMPLAINTS_APPROVAL_THRESHOLD_FEN`` are flagged and the manager must confirm them explicitly
when approving (recorded on the approval step).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import NotFound, ServiceError
from helpdesk.queues.models import EventVerb
from helpdesk.queues.services import event_record

from . import notify, rules
from .models import Complaint, Remedy, RemedyKind, RemedyState

MAX_AMOUNT_FEN = 100_000_000  # one million yuan: a typo guard, not a policy


def threshold() -> int:
    return int(settings.COMPLAINTS_APPROVAL_THRESHOLD_FEN)


def is_above_threshold(remedy: Remedy) -> bool:
    return remedy.amount_fen is not None and remedy.amount_fen > threshold()


def refresh_thresholds(remedies: list[Remedy]) -> None:
    """Flag remedies above the threshold as it is now (the setting may have changed)."""
    for remedy in remedies:
        flag = is_above_threshold(remedy)
        if flag != remedy.above_threshold:
            remedy.above_threshold = flag
            remedy.save(update_fields=["above_threshold"])


@transaction.atomic
def remedy_add(
    *,
    actor,
    complaint_id: int,
    kind: str,
    order_id: int | None = None,
    amount_fen: int | None = None,
    description: str = "",
) -> Remedy:
    """Propose a remedy (with the resolution, before it is proposed or after it was sent back)."""
    rules.complaint_visible(actor, complaint_id)
    item, complaint = rules.lock_complaint(complaint_id)
    rules.require_handler(actor, item)
    rules.require_open(complaint)
    rules.require_editable(complaint, what=_("remedies"))
    description = (description or "").strip()
    order = None
    if kind == RemedyKind.REFUND:
        if order_id is None:
            message = _("Say which of the customer's orders is refunded.")
            raise ServiceError(message, code="order_required", fields={"order": [message]})
        (order,) = rules.customer_orders(item.customer_id, [order_id], field="order")
        if amount_fen is None:
            amount_fen = order.price
        if amount_fen > order.price:
            message = _("A refund is at most the price paid (%(price)s yuan).") % {
                "price": f"{order.price / 100:.2f}"
            }
            raise ServiceError(message, code="refund_above_price", fields={"amount_fen": [message]})
        if complaint.remedies.filter(
            kind=RemedyKind.REFUND,
            order=order,
            state__in=(RemedyState.PROPOSED, RemedyState.APPROVED),
        ).exists():
            raise ServiceError(
                _("A refund of this order is already proposed."),
                code="refund_exists",
                status_code=409,
                fields={"order": [_("Already refunded by another remedy.")]},
            )
    elif order_id is not None:
        message = _("Only a refund names an order.")
        raise ServiceError(message, code="invalid", fields={"order": [message]})
    if kind == RemedyKind.COMPENSATION and not amount_fen:
        message = _("Say how much compensation (in fen).")
        raise ServiceError(message, code="amount_required", fields={"amount_fen": [message]})
    if kind in (RemedyKind.APOLOGY, RemedyKind.OTHER) and amount_fen:
        message = _("Only refunds and compensation carry an amount.")
        raise ServiceError(message, code="invalid", fields={"amount_fen": [message]})
    if kind == RemedyKind.OTHER and not description:
        message = _("Describe the remedy.")
        raise ServiceError(message, code="description_required", fields={"description": [message]})
    if amount_fen is not None and amount_fen > MAX_AMOUNT_FEN:
        message = _("The amount is too large.")
        raise ServiceError(message, code="invalid", fields={"amount_fen": [message]})
    if order is not None:
        complaint.orders.add(order)
    remedy = Remedy(
        complaint=complaint,
        kind=kind,
        order=order,
        amount_fen=amount_fen or None,
        description=description,
        appeal_round=complaint.appeal_round,
        proposed_by=actor,
    )
    remedy.above_threshold = is_above_threshold(remedy)
    remedy.save()
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.UPDATED,
        data={
            "complaint": {
                "remedy": remedy.pk,
                "kind": kind,
                "amount_fen": remedy.amount_fen,
                "order": order.pk if order else None,
                "above_threshold": remedy.above_threshold,
            }
        },
    )
    item.save(update_fields=["updated_at"])
    notify.complaint_publish(complaint.pk)
    return remedy


@transaction.atomic
def remedy_withdraw(*, actor, complaint_id: int, remedy_id: int, reason: str = "") -> Remedy:
    """Withdraw a remedy that awaits approval (before the resolution is proposed, or after it was
    sent back). Approved and carried-out remedies stay: they are the record."""
    rules.complaint_visible(actor, complaint_id)
    item, complaint = rules.lock_complaint(complaint_id)
    rules.require_handler(actor, item)
    remedy = complaint.remedies.select_for_update().filter(pk=remedy_id).first()
    if remedy is None:
        raise NotFound()
    rules.require_editable(complaint, what=_("remedies"))
    if remedy.state != RemedyState.PROPOSED:
        raise ServiceError(
            _("Only a remedy awaiting approval can be withdrawn."),
            code="remedy_not_pending",
            status_code=409,
        )
    remedy.state = RemedyState.WITHDRAWN
    remedy.withdrawn_at = timezone.now()
    remedy.save(update_fields=["state", "withdrawn_at"])
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.UPDATED,
        data={"complaint": {"remedy": remedy.pk, "withdrawn": True}},
        reason=(reason or "").strip(),
    )
    item.save(update_fields=["updated_at"])
    notify.complaint_publish(complaint.pk)
    return remedy


def execute_approved(complaint: Complaint, *, actor) -> list[dict]:
    """Carry out the approved remedies (the caller holds the complaint's lock): refunds through
    the order system when it allows them, everything else recorded. Returns what was done."""
    done = []
    now = timezone.now()
    for remedy in complaint.remedies.select_for_update().filter(state=RemedyState.APPROVED):
        state, note, refund = RemedyState.EXECUTED, "", None
        if remedy.kind == RemedyKind.REFUND:
            state, note, refund = _refund(remedy, complaint=complaint, actor=actor)
        elif remedy.kind == RemedyKind.COMPENSATION:
            state = RemedyState.RECORDED
            note = _("Compensation of %(amount)s yuan recorded for payment.") % {
                "amount": f"{remedy.amount_fen / 100:.2f}"
            }
        elif remedy.kind == RemedyKind.APOLOGY:
            note = _("Apology given with the approved resolution.")
        remedy.state = state
        remedy.execution_note = note
        remedy.refund = refund
        remedy.executed_by, remedy.executed_at = actor, now
        remedy.save(
            update_fields=["state", "execution_note", "refund", "executed_by", "executed_at"]
        )
        done.append({"remedy": remedy.pk, "kind": remedy.kind, "state": state, "note": note})
    return done


def _refund(remedy: Remedy, *, complaint: Complaint, actor):
    """Refund through ``orders.services.order_refund`` when the order may be refunded in full;
    else record the refund for payment (with why)."""
    from orders.services import order_refund

    order = remedy.order
    reason = _("Complaint %(ref)s: approved refund") % {"ref": complaint.item.reference}
    if order is not None and remedy.amount_fen == order.price:
        try:
            refund = order_refund(actor=actor, order_id=order.pk, reason=reason)
        except ServiceError as refused:
            why = refused.message
        else:
            return (
                RemedyState.EXECUTED,
                _("Order %(ref)s refunded (%(amount)s yuan).")
                % {"ref": order.reference, "amount": f"{refund.amount / 100:.2f}"},
                refund,
            )
    else:
        why = _("Part of the price; the order system refunds whole orders only.")
    return (
        RemedyState.RECORDED,
        _("Refund of %(amount)s yuan recorded for payment: %(why)s")
        % {"amount": f"{(remedy.amount_fen or 0) / 100:.2f}", "why": why},
        None,
    )
