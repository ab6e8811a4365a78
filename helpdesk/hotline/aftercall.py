"""After the call: wrap-up (outcome, notes, category), its customer, a ticket made from it, the
orders it was about.

Atomic like every call service; see ``services`` for the locks.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import Forbidden, ServiceError
from helpdesk.queues.models import EventVerb, LinkKind
from helpdesk.queues.selectors import is_queue_lead
from helpdesk.queues.services import event_record, item_publish, workitem_link

from . import ringbacks
from .manual import category_for, customer_for
from .models import Call, CallOrderLink, CallOutcome
from .selectors import call_visible
from .services import lock_call, publish_call


def _require_handler(actor, call: Call) -> None:
    """The call's agent, its item's assignee, or a lead of its queue."""
    if actor.pk in (call.agent_id, call.item.assignee_id):
        return
    if not is_queue_lead(actor, call.item.queue_id):
        raise Forbidden(
            _("Only the call's agent or a lead of its queue can change it."), code="not_yours"
        )


_UNSET: Any = object()


@transaction.atomic
def call_wrap_up(
    *,
    call_id: int,
    actor,
    outcome: str = _UNSET,
    notes: str = _UNSET,
    category_id: int | None = _UNSET,
) -> Call:
    """Record how the call went: outcome, notes, wrap-up category (only the fields given)."""
    call_visible(actor, call_id)
    call = lock_call(call_id)
    _require_handler(actor, call)
    changes: dict[str, Any] = {}
    if outcome is not _UNSET and outcome != call.outcome:
        if outcome and outcome not in CallOutcome.values:
            raise ServiceError(code="invalid", fields={"outcome": [_("Unknown outcome.")]})
        changes["outcome"] = {"from": call.outcome, "to": outcome}
        call.outcome = outcome
    if notes is not _UNSET and (notes or "").strip() != call.notes:
        changes["notes"] = {"changed": True}
        call.notes = (notes or "").strip()
    item = call.item
    if category_id is not _UNSET:
        category = category_for(item.queue_id, category_id) if category_id else None
        new_id = category.pk if category else None
        if new_id != item.category_id:
            changes["category"] = {"from": item.category_id, "to": new_id}
            item.category = category
            item.save(update_fields=["category", "updated_at"])
            item_publish(item)
    if not changes:
        return call
    call.wrapped_up_at = timezone.now()
    call.save()
    event_record(item=item, actor=actor, verb=EventVerb.UPDATED, data={"wrap_up": changes})
    publish_call(call)
    return call


@transaction.atomic
def call_set_customer(*, call_id: int, actor, customer_id: int) -> Call:
    """Link the call (and its open ring-back) to a customer file: one of the files matching the
    number, or any file the actor may open."""
    call_visible(actor, call_id)
    allowed = set(
        Call.matched_customers.through.objects.filter(call_id=call_id).values_list(
            "customer_id", flat=True
        )
    )
    customer = customer_for(actor, customer_id, allowed=allowed)
    call = lock_call(call_id)
    item = call.item
    if item.customer_id == customer.pk:
        return call
    previous = item.customer_id
    item.customer = customer
    item.save(update_fields=["customer", "updated_at"])
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.UPDATED,
        data={"customer": {"from": previous, "to": customer.pk}},
    )
    if call.ringback_id:
        ringbacks.set_customer(ringback_id=call.ringback_id, customer=customer, actor=actor)
    item_publish(item)
    publish_call(call)
    return call


def call_ticket_create(
    *,
    call_id: int,
    actor,
    subject: str = "",
    body: str = "",
    queue_id: int | None = None,
    priority: int | None = None,
    category_id: int | None = None,
):
    """A ticket from a call, in one step: the call's customer carried over, the ticket linked to
    the call (``relates``). The description defaults to the call's notes."""
    from helpdesk.tickets.models import TicketChannel
    from helpdesk.tickets.services import ticket_create

    call_visible(actor, call_id)
    call = Call.objects.select_related("item__customer").get(pk=call_id)
    who = call.item.customer.name if call.item.customer else call.customer_number
    # In the words of the agent who makes the ticket: their time zone, else the desk's.
    local = timezone.localtime(call.initiated_at, _zone_of(actor))
    default_subject = _("Phone call from %(who)s on %(when)s") % {
        "who": who or _("a withheld number"),
        "when": local.strftime("%Y-%m-%d %H:%M"),
    }
    text = (body or "").strip() or call.notes or default_subject
    with transaction.atomic():
        ticket = ticket_create(
            actor=actor,
            queue_id=queue_id or call.item.queue_id,
            subject=(subject or "").strip() or default_subject,
            body=text,
            priority=priority,
            category_id=category_id,
            customer_id=call.item.customer_id,
            channel=TicketChannel.PHONE,
            requester_name=who or "",
        )
        workitem_link(item_id=call.pk, target_id=ticket.pk, kind=LinkKind.RELATES, actor=actor)
        publish_call(call)
    return ticket


def _order_exists(reference: str) -> bool:
    """Whether the recharge order exists (read through the app registry: the core does not
    import ``orders``; without it installed no order can be linked)."""
    from django.apps import apps

    if not apps.is_installed("orders"):
        return False
    order_model = apps.get_model("orders", "Order")
    return order_model.objects.filter(reference=reference).exists()


@transaction.atomic
def call_order_link(*, call_id: int, actor, reference: str) -> CallOrderLink:
    """Note that the call was about a recharge order (by its reference)."""
    call_visible(actor, call_id)
    reference = (reference or "").strip()
    if not reference or not _order_exists(reference):
        raise ServiceError(
            _("Unknown order."),
            code="order_not_found",
            fields={"reference": [_("No order has this reference.")]},
        )
    call = lock_call(call_id)
    try:
        with transaction.atomic():
            link = CallOrderLink.objects.create(call=call, reference=reference, linked_by=actor)
    except IntegrityError:
        raise ServiceError(
            _("This order is already linked to the call."), code="already_linked", status_code=409
        ) from None
    event_record(item=call.item, actor=actor, verb=EventVerb.LINKED, data={"order": reference})
    publish_call(call)
    return link


def _zone_of(user) -> ZoneInfo | None:
    try:
        return ZoneInfo(user.time_zone) if getattr(user, "time_zone", "") else None
    except (ZoneInfoNotFoundError, ValueError):
        return None
