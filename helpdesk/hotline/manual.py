"""Calls logged by hand (a telephone without integration), and calls back from a work item.

Atomic like every call service; see ``services`` for the locks and the work item's statuses.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import Forbidden, NotFound, ServiceError
from helpdesk.customers.models import Customer
from helpdesk.queues.models import Category, Kind, LinkKind, Queue, Status, WorkItem
from helpdesk.queues.selectors import queue_ids_visible_to
from helpdesk.queues.services import item_publish, workitem_link, workitem_set_status

from . import ringbacks
from .models import UNANSWERED_STATES, Call, CallSource, CallState, Direction
from .numbers import call_number
from .services import answer_item, call_create, customers_with_number, publish_call, set_timings


def _queue_for_log(actor, queue_id: int | None, regarding: WorkItem | None) -> Queue:
    if queue_id is None and regarding is not None:
        queue_id = regarding.queue_id
    queue = None
    if queue_id is not None and queue_id in queue_ids_visible_to(actor):
        queue = Queue.objects.filter(pk=queue_id).first()
    if queue is None:
        raise ServiceError(
            _("Unknown queue."),
            code="queue_not_found",
            fields={"queue": [_("Not a queue you work in.")]},
        )
    return queue


def customer_for(actor, customer_id: int, *, allowed: set[int] = frozenset()) -> Customer:
    """A customer the actor may open, or one of ``allowed`` (the files matching the call's
    number: the caller's own number is the authority to link them)."""
    from helpdesk.customers.selectors import customer_get_for_user

    if customer_id in allowed:
        customer = Customer.objects.filter(pk=customer_id).first()
        if customer is not None:
            return customer
    try:
        return customer_get_for_user(actor, customer_id, audit=False)
    except (NotFound, Forbidden):
        raise ServiceError(
            _("Unknown customer."),
            code="customer_not_found",
            fields={"customer": [_("Unknown customer.")]},
        ) from None


def category_for(queue_id: int, category_id: int) -> Category:
    category = Category.objects.filter(pk=category_id, is_active=True).first()
    if category is None or category.queue_id not in (None, queue_id):
        raise ServiceError(
            _("Unknown category."),
            code="category_not_found",
            fields={"category": [_("Not a category of this queue.")]},
        )
    return category


def _check_times(initiated_at, answered_at, ended_at) -> None:
    now = timezone.now() + timedelta(minutes=1)  # a minute of clock skew
    for name, value in (("initiated_at", initiated_at), ("answered_at", answered_at)):
        if value is not None and value > now:
            raise ServiceError(
                _("A call cannot be logged in the future."),
                code="invalid_times",
                fields={name: [_("This time is in the future.")]},
            )
    if ended_at is not None and ended_at > now:
        raise ServiceError(
            _("A call cannot be logged in the future."),
            code="invalid_times",
            fields={"ended_at": [_("This time is in the future.")]},
        )
    ordered = [("initiated_at", initiated_at), ("answered_at", answered_at), ("ended_at", ended_at)]
    present = [(n, v) for n, v in ordered if v is not None]
    for (_earlier, a), (later, b) in pairwise(present):
        if b < a:
            raise ServiceError(
                _("The call's times are out of order."),
                code="invalid_times",
                fields={later: [_("Earlier than the time before it.")]},
            )


@transaction.atomic
def call_log(
    *,
    actor,
    direction: str,
    from_number: str = "",
    to_number: str = "",
    state: str,
    queue_id: int | None = None,
    item_id: int | None = None,
    initiated_at: datetime | None = None,
    answered_at: datetime | None = None,
    ended_at: datetime | None = None,
    customer_id: int | None = None,
    outcome: str = "",
    notes: str = "",
    category_id: int | None = None,
) -> Call:
    """A call logged by hand (a telephone without integration), or a call back from a work item
    (``item_id``; a ring-back's call back completes it when someone answered).

    The other party's number is required (the caller of an inbound call, the callee of an
    outbound one). Times default to now; an answered call is answered when it started unless
    told otherwise. The actor is the call's agent; a member of the queue is also its assignee.
    """
    from helpdesk.queues.selectors import workitem_get_for_user

    if state == CallState.RINGING:
        raise ServiceError(
            _("A call logged by hand has ended: choose how."),
            code="invalid",
            fields={"state": [_("Choose answered, missed, abandoned or voicemail.")]},
        )
    inbound = direction == Direction.INBOUND
    from_e164 = call_number(from_number, field="from", required=inbound)
    to_e164 = call_number(to_number, field="to", required=not inbound)
    regarding = workitem_get_for_user(actor, item_id) if item_id is not None else None
    queue = _queue_for_log(actor, queue_id, regarding)
    now = timezone.now()
    initiated_at = initiated_at or min(t for t in (answered_at, ended_at, now) if t)
    answered_at = (answered_at or initiated_at) if state == CallState.ANSWERED else None
    ended_at = ended_at or max(now, answered_at or initiated_at)
    _check_times(initiated_at, answered_at, ended_at)
    number = from_e164 if inbound else to_e164
    matches = customers_with_number(number)
    customer = None
    if customer_id is not None:
        customer = customer_for(actor, customer_id, allowed={c.pk for c in matches})
    elif regarding is not None and regarding.customer_id:
        customer = regarding.customer
    category = category_for(queue.pk, category_id) if category_id is not None else None
    call, _matches = call_create(
        source=CallSource.MANUAL,
        direction=direction,
        from_number=from_e164,
        to_number=to_e164,
        queue=queue,
        initiated_at=initiated_at,
        agent=actor,
        agent_extension=getattr(actor, "extension", "") or "",
        created_by=actor,
        customer=customer,
        category=category,
        regarding=regarding,
    )
    call.state = state
    call.answered_at = answered_at
    call.ended_at = ended_at
    call.outcome = outcome or ""
    call.notes = (notes or "").strip()
    if outcome or call.notes:
        call.wrapped_up_at = now
    set_timings(call)
    call.save()
    if state == CallState.ANSWERED:
        answer_item(call, actor, cause="logged_call")
        final = Status.RESOLVED
    else:
        final = Status.CLOSED
    workitem_set_status(item=call.item, actor=actor, status=final, data={"call_state": state})
    if regarding is not None:
        workitem_link(item_id=call.pk, target_id=regarding.pk, kind=LinkKind.RELATES, actor=actor)
    reached = state == CallState.ANSWERED
    if regarding is not None and regarding.kind == Kind.CALLBACK:
        ringbacks.complete(ringback_id=regarding.pk, call=call, reached=reached, actor=actor)
    elif not inbound or reached:
        ringbacks.complete_for_number(call=call, reached=reached, actor=actor)
    if inbound and state in UNANSWERED_STATES:
        ringbacks.fold_missed_call(call)
    if state == CallState.ANSWERED:
        item_publish(call.item)
    publish_call(call, extra_users=[actor.pk])
    return call
