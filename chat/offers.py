"""Offering chats to agents: the core routes (with the chat's candidate filter); this module
notes when a chat was offered, routes waiting chats to an agent who comes online, and takes back
offers nobody accepted within ``CHAT_OFFER_SECONDS``."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.common.queueing import enqueue_on_commit
from helpdesk.queues.models import LOAD_STATUSES, QueueMembership, RoutingMode, WorkItem
from helpdesk.queues.services import workitem_auto_assign, workitem_handover

from . import events
from .models import AgentPresence, Conversation, State


def offer_on_commit(conversation_id: int) -> None:
    """After commit (a Celery task): route the chat if the core has not yet, note the offer."""

    from .tasks import offer_conversation

    enqueue_on_commit(offer_conversation, conversation_id)  # else the routing sweep offers it


def offered_at_sync(conversation_id: int) -> None:
    """``offered_at`` of a waiting chat: when it was given to its current assignee."""
    assigned_at = (
        WorkItem.objects.filter(pk=conversation_id, assignee__isnull=False)
        .values_list("assigned_at", flat=True)
        .first()
    )
    if assigned_at is not None:
        Conversation.objects.filter(pk=conversation_id, state=State.WAITING).exclude(
            offered_at=assigned_at
        ).update(offered_at=assigned_at)


def conversation_offer(*, conversation_id: int) -> None:
    """Route one waiting chat (a no-op when it is taken or its queue is manual)."""
    workitem_auto_assign(item_id=conversation_id)
    offered_at_sync(conversation_id)


def route_waiting_chats(*, user_id: int, limit: int = 100) -> int:
    """An agent came online: route the waiting chats of their auto-routed queues, oldest first."""
    queue_ids = (
        QueueMembership.objects.filter(user_id=user_id, accepts_routing=True, queue__is_active=True)
        .exclude(queue__routing_mode=RoutingMode.MANUAL)
        .values_list("queue_id", flat=True)
    )
    waiting = (
        Conversation.objects.filter(
            state=State.WAITING, item__assignee__isnull=True, item__queue_id__in=list(queue_ids)
        )
        .order_by("item__created_at", "pk")
        .values_list("pk", "item__queue_id")[:limit]
    )
    routed, full = 0, set()
    for conversation_id, queue_id in waiting:
        if queue_id in full:
            continue
        if workitem_auto_assign(item_id=conversation_id) is None:
            full.add(queue_id)
            continue
        offered_at_sync(conversation_id)
        routed += 1
    return routed


def _offer_cutoff():
    return timezone.now() - timedelta(seconds=settings.CHAT_OFFER_SECONDS)


def reoffer_stale(*, limit: int = 200) -> int:
    """Take back every offer older than ``CHAT_OFFER_SECONDS`` and route those chats again."""
    stale = (
        Conversation.objects.filter(
            state=State.WAITING,
            item__assignee__isnull=False,
            item__status__in=LOAD_STATUSES,
            item__assigned_at__lt=_offer_cutoff(),
        )
        .order_by("item__assigned_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(
        1 for conversation_id in list(stale) if offer_expire(conversation_id=conversation_id)
    )


@transaction.atomic
def offer_expire(*, conversation_id: int) -> bool:
    """The agent did not answer the offer in time: back to the queue (an event without an
    actor: the system did it), then routed to someone else when anyone else has room."""
    from .rules import lock_conversation

    _queue, item, conversation = lock_conversation(conversation_id)
    if (
        conversation.state != State.WAITING
        or item.assignee_id is None
        or item.assigned_at is None
        or item.assigned_at >= _offer_cutoff()
    ):
        return False
    seconds = settings.CHAT_OFFER_SECONDS
    workitem_handover(
        item_id=item.pk,
        to_user=None,
        actor=None,
        reason=_("Not accepted within %(seconds)d seconds; offered again.") % {"seconds": seconds},
        data={"cause": "offer_expired"},
    )
    conversation.offered_at = None
    conversation.save(update_fields=["offered_at"])
    events.conversation_publish(conversation.pk)
    offer_on_commit(conversation.pk)
    return True


# --- chats whose agent is gone -------------------------------------------------------------------


def _gone_cutoff():
    return timezone.now() - timedelta(seconds=settings.CHAT_AGENT_GONE_SECONDS)


def _heard_from_since(cutoff):
    return AgentPresence.objects.filter(last_seen__gte=cutoff).values("user_id")


def release_abandoned(*, limit: int = 200) -> int:
    """Active chats whose agent has sent no heartbeat for ``CHAT_AGENT_GONE_SECONDS`` (the
    browser died, the network went): back to the queue and routed again, so that the visitor is
    not left waiting on someone who cannot answer. Away agents still send heartbeats and keep
    their chats."""
    abandoned = (
        Conversation.objects.filter(state=State.ACTIVE, item__assignee__isnull=False)
        .exclude(item__assignee__in=_heard_from_since(_gone_cutoff()))
        .order_by("item__assigned_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in list(abandoned) if conversation_release_abandoned(conversation_id=pk))


@transaction.atomic
def conversation_release_abandoned(*, conversation_id: int) -> bool:
    from .rules import lock_conversation

    _queue, item, conversation = lock_conversation(conversation_id)
    if conversation.state != State.ACTIVE or item.assignee_id is None:
        return False
    if _heard_from_since(_gone_cutoff()).filter(user_id=item.assignee_id).exists():
        return False  # a heartbeat came in meanwhile
    name = str(item.assignee)
    workitem_handover(
        item_id=item.pk,
        to_user=None,
        actor=None,
        reason=_("%(name)s stopped responding (no heartbeat); the chat went back to the queue.")
        % {"name": name},
        data={"cause": "agent_gone"},
    )
    conversation.state = State.WAITING
    conversation.offered_at = None
    conversation.save(update_fields=["state", "offered_at"])
    events.conversation_publish(conversation.pk)
    offer_on_commit(conversation.pk)
    return True
