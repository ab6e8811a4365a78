"""Ring-backs: missed inbound calls to call back, one work item (kind ``callback``) per number.

- A missed, abandoned or voicemail inbound call from a number folds into the number's folding
  ring-back in the call's queue when it comes within ``HOTLINE_RINGBACK_FOLD_MINUTES`` of that
  ring-back's last missed call; otherwise it opens a new ring-back (linked to an older one still
  open). One folding ring-back per queue and number is a database constraint: two missed calls
  processed at once never open two.
- Calling back: an outbound call against the ring-back (or to its number, from its queue). One
  that someone answered completes it (resolved); one that rang out counts an attempt, and the
  first attempt is the ring-back's first response (its SLA's first-response clock stops).
- The customer calling again and getting through completes it as well.

Locks: the ring-back's work item, then its row; callers may hold a call's item and row first.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.errors import Conflict, NotFound, ServiceError
from helpdesk.queues.models import (
    UNRESOLVED_STATUSES,
    EventVerb,
    Kind,
    LinkKind,
    Status,
    WorkItem,
    WorkItemLink,
)
from helpdesk.queues.services import (
    event_record,
    item_publish,
    workitem_create,
    workitem_set_status,
)

from .models import Call, RingBack


def fold_window() -> timedelta:
    return timedelta(minutes=settings.HOTLINE_RINGBACK_FOLD_MINUTES)


def lock_ringback(ringback_id: int) -> RingBack:
    """Lock the ring-back's work item, then its row (always in that order)."""
    item = WorkItem.objects.select_for_update().filter(pk=ringback_id, kind=Kind.CALLBACK).first()
    ringback = RingBack.objects.select_for_update().filter(pk=ringback_id).first() if item else None
    if item is None or ringback is None:
        raise NotFound()
    ringback.item = item
    return ringback


def _subject(number: str, customer) -> str:
    if customer is not None:
        return _("Ring back %(name)s (%(number)s)") % {"name": customer.name, "number": number}
    return _("Ring back %(number)s") % {"number": number}


@transaction.atomic
def fold_missed_call(call: Call) -> RingBack | None:
    """Fold an unanswered inbound call into its number's ring-back (or open one). Nothing for a
    withheld number: there is nobody to call back."""
    number = call.from_number
    if not number:
        return None
    for _attempt in range(3):
        current_id = (
            RingBack.objects.filter(queue_id=call.queue_id, number=number, folding=True)
            .values_list("pk", flat=True)
            .first()
        )
        current = lock_ringback(current_id) if current_id else None
        if current is not None and not current.folding:
            continue  # completed meanwhile: look again
        if current is not None and _takes(current, call):
            return _fold(current, call)
        if current is not None:
            current.folding = False  # stays open as work; the new call opens its own
            current.save(update_fields=["folding"])
        try:
            with transaction.atomic():  # a concurrent missed call may take the slot first
                return _open(call, previous=current)
        except IntegrityError:
            continue
    raise Conflict()


def _takes(ringback: RingBack, call: Call) -> bool:
    if ringback.item.status not in UNRESOLVED_STATUSES:
        return False
    return abs(call.initiated_at - ringback.last_missed_at) <= fold_window()


def _fold(ringback: RingBack, call: Call) -> RingBack:
    ringback.missed_count += 1
    ringback.first_missed_at = min(ringback.first_missed_at, call.initiated_at)
    ringback.last_missed_at = max(ringback.last_missed_at, call.initiated_at)
    ringback.save(update_fields=["missed_count", "first_missed_at", "last_missed_at"])
    Call.objects.filter(pk=call.pk).update(ringback=ringback)
    call.ringback = ringback
    item = ringback.item
    if item.customer_id is None and call.item.customer_id is not None:
        item.customer_id = call.item.customer_id
    item.save(update_fields=["customer", "updated_at"])
    event_record(
        item=item,
        actor=None,
        verb=EventVerb.UPDATED,
        data={"missed_call": call.pk, "missed_count": ringback.missed_count},
    )
    item_publish(item)
    return ringback


def _open(call: Call, *, previous: RingBack | None) -> RingBack:
    customer = call.item.customer
    item = workitem_create(
        kind=Kind.CALLBACK,
        queue=call.queue,
        subject=_subject(call.from_number, customer),
        customer=customer,
        data={"number": call.from_number, "missed_call": call.pk, "call_state": call.state},
    )
    ringback = RingBack.objects.create(
        item=item,
        queue=call.queue,
        number=call.from_number,
        missed_count=1,
        first_missed_at=call.initiated_at,
        last_missed_at=call.initiated_at,
    )
    Call.objects.filter(pk=call.pk).update(ringback=ringback)
    call.ringback = ringback
    if previous is not None:
        WorkItemLink.objects.create(source=item, target=previous.item, kind=LinkKind.RELATES)
    return ringback


def _respond(ringback: RingBack, call: Call, actor) -> None:
    """A call back is the ring-back's response (the first one stops its first-response clock)."""
    item = ringback.item
    if item.first_response_at is None:
        item.first_response_at = call.initiated_at
        item.refresh_due_at()
        item.save(update_fields=["first_response_at", "due_at", "updated_at"])
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.REPLIED,
        data={"call": call.pk, "call_state": call.state},
    )


@transaction.atomic
def complete(*, ringback_id: int, call: Call, reached: bool, actor=None) -> RingBack:
    """A call back against the ring-back: ``reached`` completes it, else one more attempt."""
    ringback = lock_ringback(ringback_id)
    item = ringback.item
    if item.status not in UNRESOLVED_STATUSES:
        return ringback
    if call.direction == "outbound":
        _respond(ringback, call, actor)
    if not reached:
        ringback.attempts += 1
        ringback.save(update_fields=["attempts"])
        item_publish(item)
        return ringback
    ringback.folding = False
    ringback.completed_at = timezone.now()
    ringback.completed_by_call = call
    ringback.save(update_fields=["folding", "completed_at", "completed_by_call"])
    workitem_set_status(
        item=item,
        actor=actor,
        status=Status.RESOLVED,
        data={"call": call.pk, "direction": call.direction},
    )
    return ringback


def complete_for_number(*, call: Call, reached: bool, actor=None) -> list[RingBack]:
    """Every open ring-back of the call's other party in the call's queue (a call back made
    without naming the ring-back, or the customer calling again and getting through)."""
    number = call.customer_number
    if not number:
        return []
    ids = list(
        RingBack.objects.filter(
            queue_id=call.queue_id, number=number, item__status__in=UNRESOLVED_STATUSES
        )
        .exclude(pk=call.ringback_id or 0)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [complete(ringback_id=pk, call=call, reached=reached, actor=actor) for pk in ids]


@transaction.atomic
def unfold(*, ringback_id: int, call: Call) -> RingBack:
    """A call that folded into the ring-back was answered after all (its ``answered`` event came
    after its hang-up): take it out; a ring-back left with no missed call is closed."""
    ringback = lock_ringback(ringback_id)
    remaining = list(
        Call.objects.filter(ringback=ringback)
        .exclude(pk=call.pk)
        .values_list("initiated_at", flat=True)
    )
    ringback.missed_count = len(remaining)
    if remaining:
        ringback.first_missed_at, ringback.last_missed_at = min(remaining), max(remaining)
    else:
        ringback.folding = False
    ringback.save(update_fields=["missed_count", "first_missed_at", "last_missed_at", "folding"])
    event_record(
        item=ringback.item,
        actor=None,
        verb=EventVerb.UPDATED,
        data={"answered_call": call.pk, "missed_count": ringback.missed_count},
    )
    if not remaining and ringback.item.status in UNRESOLVED_STATUSES:
        workitem_set_status(
            item=ringback.item,
            actor=None,
            status=Status.CLOSED,
            reason=_("The call was answered after all."),
            data={"call": call.pk},
        )
    else:
        item_publish(ringback.item)
    return ringback


@transaction.atomic
def set_customer(*, ringback_id: int, customer, actor) -> None:
    """The customer of a ring-back that has none yet (its call was linked to a file)."""
    ringback = lock_ringback(ringback_id)
    item = ringback.item
    if item.customer_id is not None or item.status not in UNRESOLVED_STATUSES:
        return
    item.customer = customer
    item.save(update_fields=["customer", "updated_at"])
    event_record(
        item=item,
        actor=actor,
        verb=EventVerb.UPDATED,
        data={"customer": {"from": None, "to": customer.pk}},
    )
    item_publish(item)


@transaction.atomic
def ringback_close(*, ringback_id: int, actor, reason: str) -> RingBack:
    """Close a ring-back nobody will call back (a nuisance caller, a number called already)."""
    from .selectors import ringback_visible

    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("Say why the ring-back is closed."),
            code="reason_required",
            fields={"reason": [_("This field is required.")]},
        )
    ringback_visible(actor, ringback_id)
    ringback = lock_ringback(ringback_id)
    if ringback.item.status not in UNRESOLVED_STATUSES:
        raise ServiceError(
            _("This item is already resolved or closed."), code="item_not_active", status_code=409
        )
    ringback.folding = False
    ringback.completed_at = timezone.now()
    ringback.save(update_fields=["folding", "completed_at"])
    workitem_set_status(item=ringback.item, actor=actor, status=Status.CLOSED, reason=reason)
    return ringback
