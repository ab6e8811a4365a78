"""Writes to calls: the telephone system's events (here), calls logged by hand (``manual``),
and what follows a call: wrap-up, its customer, a ticket, orders (``aftercall``).

Every service is atomic, writes event rows on the call's work item (``queues.services``), and
rings the consoles after commit (``call.changed``; the ringing agent also gets ``call.ringing``).
Locks: a call's work item, then its call row, then (when a ring-back changes) the ring-back's
work item and row. No service here takes a queue lock, so none can cross the assignment services
(queue, then item).

The work item of a call: ``new`` while it rings; ``open`` and assigned to the agent who answered;
``resolved`` when an answered call ends; ``closed`` when it ended unanswered (the ring-back
carries the work on).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.accounts.models import UserRole
from helpdesk.accounts.roles import Role
from helpdesk.common.errors import NotFound, ServiceError
from helpdesk.customers.models import ContactKind, Customer
from helpdesk.queues.models import (
    Category,
    EventVerb,
    Kind,
    Queue,
    QueueMembership,
    Status,
    WorkItem,
)
from helpdesk.queues.selectors import membership_of
from helpdesk.queues.services import (
    event_record,
    item_publish,
    workitem_create,
    workitem_set_status,
)

from . import events, popup, ringbacks
from .models import (
    AnomalyReason,
    Call,
    CallSource,
    CallState,
    Direction,
    TelephonyIntegration,
)

User = get_user_model()

# How many customer files one number may match before the rest are left out of the pop-up.
MAX_MATCHES = 10

# Hang-up causes (Asterisk/FreeSWITCH/Q.850 names, any case) of a call nobody answered: the
# caller gave up (abandoned), the call went to voicemail, or everything else (missed).
ABANDON_CAUSES = frozenset(
    {"caller_hangup", "originator_cancel", "normal_clearing", "abandoned", "cancel"}
)
VOICEMAIL_CAUSES = frozenset({"voicemail", "voice_mail"})


@dataclass
class Notes:
    """Anomalies found while applying an event that did not stop it (written by the webhook)."""

    items: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def add(self, reason: str, **detail: Any) -> None:
        self.items.append((reason, detail))


# --- helpers ---------------------------------------------------------------------------------


def _seconds(delta: timedelta) -> int:
    return max(0, math.floor(delta.total_seconds() + 0.5))


def set_timings(call: Call) -> None:
    """Waiting: until answered (or until the end, unanswered). Talking: answered to the end."""
    call.wait_seconds = None
    call.talk_seconds = None
    if call.answered_at is not None:
        call.wait_seconds = _seconds(call.answered_at - call.initiated_at)
        if call.ended_at is not None:
            call.talk_seconds = _seconds(call.ended_at - call.answered_at)
    elif call.ended_at is not None:
        call.wait_seconds = _seconds(call.ended_at - call.initiated_at)


def unanswered_state(direction: str, cause: str) -> str:
    """The state of a call that ended before anyone answered, from the hang-up cause."""
    cause = (cause or "").strip().lower()
    if cause in VOICEMAIL_CAUSES:
        return CallState.VOICEMAIL
    if direction == Direction.INBOUND and cause in ABANDON_CAUSES:
        return CallState.ABANDONED
    return CallState.MISSED


def customers_with_number(number: str) -> list[Customer]:
    """Customer files holding ``number`` (E.164) among their phones: the exact match only."""
    if not number:
        return []
    return list(
        Customer.objects.filter(contacts__kind=ContactKind.PHONE, contacts__value=number)
        .distinct()
        .order_by("name", "id")[:MAX_MATCHES]
    )


def _subject(direction: str, number: str, customer: Customer | None) -> str:
    who = customer.name if customer is not None else number or _("a withheld number")
    if direction == Direction.OUTBOUND:
        return _("Call to %(who)s") % {"who": who}
    return _("Call from %(who)s") % {"who": who}


def agent_for_extension(extension: str, notes: Notes, *, queue_id: int):
    """The active user on ``extension``; None (and a note) when nobody or several are. The user
    comes with ``in_queue`` (a member of ``queue_id``) and ``works_queue`` (a member, or a
    manager: someone who sees the queue's calls), from the same query."""
    extension = (extension or "").strip()
    if not extension:
        return None
    users = list(
        User.objects.filter(extension=extension, is_active=True)
        .annotate(
            in_queue=Exists(
                QueueMembership.objects.filter(user_id=OuterRef("pk"), queue_id=queue_id)
            ),
            manages=Exists(UserRole.objects.filter(user_id=OuterRef("pk"), role=Role.MANAGER)),
        )
        .order_by("id")[:2]
    )
    if not users:
        notes.add(AnomalyReason.UNKNOWN_EXTENSION, extension=extension)
        return None
    if len(users) > 1:
        notes.add(AnomalyReason.AMBIGUOUS_EXTENSION, extension=extension)
        return None
    user = users[0]
    user.works_queue = user.in_queue or user.manages
    return user


def lock_call(call_id: int) -> Call:
    """Lock the call's work item, then its call row (always in that order)."""
    item = WorkItem.objects.select_for_update().filter(pk=call_id, kind=Kind.CALL).first()
    if item is None:
        raise NotFound()
    call = (
        Call.objects.select_for_update(of=("self",))
        .select_related("agent")
        .annotate(
            agent_in_queue=Exists(
                QueueMembership.objects.filter(user_id=OuterRef("agent_id"), queue_id=item.queue_id)
            )
        )
        .filter(pk=call_id)
        .first()
    )
    if call is None:
        raise NotFound()
    call.item = item
    if call.agent is not None:
        call.agent.in_queue = call.agent_in_queue
    return call


def answer_item(call: Call, agent, *, cause: str) -> None:
    """The answered call's item: assigned to the agent who answered (a member of the queue; the
    telephone already connected them, so capacity is not checked), opened, first response."""
    item = call.item
    changed: list[str] = []
    in_queue = getattr(agent, "in_queue", None)
    if in_queue is None and agent is not None:
        in_queue = membership_of(agent, item.queue_id) is not None
    if agent is not None and item.assignee_id != agent.pk and in_queue:
        previous = item.assignee_id
        item.assignee = agent
        item.assigned_at = call.answered_at
        changed += ["assignee", "assigned_at"]
        event_record(
            item=item,
            actor=None,
            verb=EventVerb.ASSIGNED,
            data={"from": previous, "to": agent.pk, "cause": cause},
        )
    if item.status == Status.NEW:
        item.status = Status.OPEN
        changed.append("status")
    if item.first_response_at is None:
        item.first_response_at = call.answered_at
        changed.append("first_response_at")
    item.refresh_due_at()
    item.save(update_fields=[*changed, "due_at", "updated_at"])
    # An answered call is the first response (the SLA's first-response clock stops).
    event_record(
        item=item, actor=None, verb=EventVerb.REPLIED, data={"call_state": CallState.ANSWERED}
    )


def publish_call(call: Call, *, extra_users=(), popup_for=None) -> None:
    """``call.changed`` (and the pop-up) after commit. The call's item publishes its own
    ``workitem.*`` events through the queue services; where a service here changed the item's
    shared fields itself, it calls ``item_publish``."""
    events.call_changed_on_commit(call.pk, extra_users=extra_users, popup_for=popup_for)


# --- the telephone system's events --------------------------------------------------------------


@transaction.atomic
def call_ring(
    *,
    integration: TelephonyIntegration,
    pbx_call_id: str,
    direction: str,
    from_number: str,
    to_number: str,
    queue: Queue,
    at: datetime,
    extension: str = "",
    notes: Notes | None = None,
) -> Call:
    """``new_call``: a call starts ringing. Numbers are E.164 already (or empty when withheld).

    The customer files holding the other party's number are matched (exactly); one match becomes
    the item's customer. The agent on ``extension``, when they work the queue, gets the pop-up.
    """
    notes = notes if notes is not None else Notes()
    agent = agent_for_extension(extension, notes, queue_id=queue.pk)
    if agent is not None and not agent.works_queue:
        notes.add(AnomalyReason.AGENT_NOT_IN_QUEUE, extension=extension, queue=queue.slug)
        agent = None
    call, matches = call_create(
        source=CallSource.PBX,
        integration=integration,
        pbx_call_id=pbx_call_id,
        direction=direction,
        from_number=from_number,
        to_number=to_number,
        queue=queue,
        initiated_at=at,
        agent=agent,
        agent_extension=extension,
    )
    if agent is not None:
        popup.popup_audit(call=call, user=agent, customer_ids=[c.pk for c in matches])
    publish_call(call, popup_for=agent.pk if agent is not None else None)
    return call


@transaction.atomic
def call_answer(
    *, call_id: int, at: datetime, extension: str = "", notes: Notes | None = None
) -> Call:
    """``answered``: someone picked up. A late ``answered`` (the hang-up came first, and the
    answer is timed before it) turns the missed call back into an answered one."""
    notes = notes if notes is not None else Notes()
    call = lock_call(call_id)
    reconcile = False
    if call.state == CallState.ANSWERED:
        return call
    if call.state != CallState.RINGING:
        if call.ended_at is None or at > call.ended_at:
            raise ServiceError(
                _("This call has already ended."), code="call_ended", status_code=409
            )
        reconcile = True
        notes.add(AnomalyReason.OUT_OF_ORDER, event="answered", state=call.state)
    previous_agent = call.agent_id
    if extension:  # who answered; without one, the agent it rang did
        agent = agent_for_extension(extension, notes, queue_id=call.item.queue_id)
        if agent is not None and not agent.works_queue:
            notes.add(AnomalyReason.AGENT_NOT_IN_QUEUE, extension=extension)
        call.agent = agent
        call.agent_extension = extension
    call.state = CallState.ANSWERED
    call.answered_at = max(at, call.initiated_at)
    set_timings(call)
    folded_into = call.ringback_id
    if reconcile and folded_into:
        call.ringback = None
    call.save()
    answer_item(call, agent if extension else call.agent, cause="answered_call")
    item_publish(call.item, extra_users=[previous_agent])
    if reconcile:
        if folded_into:
            ringbacks.unfold(ringback_id=folded_into, call=call)
        workitem_set_status(
            item=call.item,
            actor=None,
            status=Status.RESOLVED,
            data={"call_state": CallState.ANSWERED, "cause": "answered_after_hangup"},
        )
    # Someone spoke to the customer (they got through, or we reached them): their ring-backs in
    # this queue are done.
    ringbacks.complete_for_number(call=call, reached=True)
    publish_call(call, extra_users=[previous_agent, call.agent_id])
    return call


@transaction.atomic
def call_hang_up(
    *, call_id: int, at: datetime, cause: str = "", notes: Notes | None = None
) -> Call:
    """``hangup``: the call ended. Before an answer it was missed, abandoned (the caller gave up)
    or went to voicemail, by ``cause``; an inbound one then folds into a ring-back."""
    call = lock_call(call_id)
    if call.ended_at is not None:
        return call
    call.hangup_cause = (cause or "").strip().lower()[:40]
    if call.state == CallState.ANSWERED:
        call.ended_at = max(at, call.answered_at or call.initiated_at)
        set_timings(call)
        call.save()
        workitem_set_status(
            item=call.item,
            actor=None,
            status=Status.RESOLVED,
            data={"call_state": call.state, "cause": call.hangup_cause},
        )
    else:
        call.state = unanswered_state(call.direction, call.hangup_cause)
        call.ended_at = max(at, call.initiated_at)
        set_timings(call)
        call.save()
        workitem_set_status(
            item=call.item,
            actor=None,
            status=Status.CLOSED,
            data={"call_state": call.state, "cause": call.hangup_cause},
        )
        if call.direction == Direction.INBOUND:
            ringbacks.fold_missed_call(call)
        else:
            ringbacks.complete_for_number(call=call, reached=False)
    publish_call(call, extra_users=[call.agent_id])
    return call


def call_create(
    *,
    source: str,
    direction: str,
    from_number: str,
    to_number: str,
    queue: Queue,
    initiated_at: datetime,
    integration: TelephonyIntegration | None = None,
    pbx_call_id: str = "",
    agent=None,
    agent_extension: str = "",
    created_by=None,
    customer: Customer | None = None,
    category: Category | None = None,
    regarding: WorkItem | None = None,
) -> Call:
    number = from_number if direction == Direction.INBOUND else to_number
    matches = customers_with_number(number)
    if customer is None and len(matches) == 1:
        customer = matches[0]
    item = workitem_create(
        kind=Kind.CALL,
        queue=queue,
        subject=_subject(direction, number, customer),
        created_by=created_by,
        customer=customer,
        category=category,
        data={"channel": "phone", "direction": direction, "source": source, "number": number},
    )
    call = Call.objects.create(
        item=item,
        source=source,
        integration=integration,
        pbx_call_id=pbx_call_id,
        direction=direction,
        from_number=from_number,
        to_number=to_number,
        queue=queue,
        agent=agent,
        agent_extension=agent_extension,
        state=CallState.RINGING,
        initiated_at=initiated_at,
        regarding=regarding,
    )
    if matches:
        through = Call.matched_customers.through
        through.objects.bulk_create([through(call=call, customer=c) for c in matches])
    return call, matches


# --- calls that never end ------------------------------------------------------------------------

STALE_CAUSE = "no_hangup_event"


def calls_end_stale(*, now: datetime | None = None, limit: int = 500) -> int:
    """End calls whose hang-up never came (the telephone system lost it): ringing longer than
    ``HOTLINE_STALE_RINGING_MINUTES`` (missed, so a ring-back is opened: better a call back too
    many than a customer lost), answered longer than ``HOTLINE_STALE_ANSWERED_MINUTES``. Their
    unknown durations stay empty (out of the averages). Each is recorded as an anomaly."""
    from django.conf import settings
    from django.db.models import Q

    from .models import HotlineAnomaly

    now = now or timezone.now()
    ringing_before = now - timedelta(minutes=settings.HOTLINE_STALE_RINGING_MINUTES)
    answered_before = now - timedelta(minutes=settings.HOTLINE_STALE_ANSWERED_MINUTES)
    ids = list(
        Call.objects.filter(ended_at__isnull=True)
        .filter(
            Q(state=CallState.RINGING, initiated_at__lt=ringing_before)
            | Q(state=CallState.ANSWERED, answered_at__lt=answered_before)
        )
        .order_by("initiated_at")
        .values_list("pk", flat=True)[:limit]
    )
    for call_id in ids:
        with transaction.atomic():
            call = call_hang_up(call_id=call_id, at=now, cause=STALE_CAUSE)
            unknown = "talk_seconds" if call.state == CallState.ANSWERED else "wait_seconds"
            Call.objects.filter(pk=call_id).update(**{unknown: None})
            HotlineAnomaly.objects.create(
                integration_id=call.integration_id,
                reason=AnomalyReason.STALE_CALL,
                pbx_call_id=call.pbx_call_id,
                call_id=call_id,
                detail={"state": call.state},
            )
    return len(ids)
