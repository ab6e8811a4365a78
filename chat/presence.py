"""Agent presence for chat routing: online, away or offline; ``online`` lasts while heartbeats
arrive (``CHAT_PRESENCE_TTL``). Also the routing filter that keeps chats for agents who can
answer them now."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from helpdesk.common.queueing import enqueue_on_commit
from helpdesk.queues.models import LOAD_STATUSES, EventVerb, Kind, QueueMembership, WorkItem
from helpdesk.shifts.duty import rostered_now

from .models import AgentPresence, PresenceStatus

# --- reads -----------------------------------------------------------------------------------


def fresh_since():
    return timezone.now() - timedelta(seconds=settings.CHAT_PRESENCE_TTL)


def presence_of(user) -> AgentPresence:
    """The user's presence row, or an unsaved offline one."""
    return AgentPresence.objects.filter(user=user).first() or AgentPresence(user=user)


def is_online(presence: AgentPresence) -> bool:
    return (
        presence.status == PresenceStatus.ONLINE
        and presence.last_seen is not None
        and presence.last_seen >= fresh_since()
    )


def online_capacities(user_ids) -> dict[int, int]:
    """``{user_id: chat_capacity}`` of those users who are online with a fresh heartbeat."""
    rows = AgentPresence.objects.filter(
        user_id__in=list(user_ids), status=PresenceStatus.ONLINE, last_seen__gte=fresh_since()
    ).values_list("user_id", "chat_capacity")
    return dict(rows)


def online_members(queue_id: int) -> list[int]:
    """Users of the queue who are online now, and on shift when a published roster covers the
    queue today."""
    online = list(
        AgentPresence.objects.filter(
            user__memberships__queue_id=queue_id,
            user__is_active=True,
            status=PresenceStatus.ONLINE,
            last_seen__gte=fresh_since(),
        ).values_list("user_id", flat=True)
    )
    on_shift = rostered_now(queue_id)
    return online if on_shift is None else [u for u in online if u in on_shift]


def active_chat_counts(user_ids, *, exclude_item: int | None = None) -> dict[int, int]:
    """Chats each user holds now, in every queue (offered ones count: they take a seat)."""
    qs = WorkItem.objects.filter(
        kind=Kind.CHAT, assignee_id__in=list(user_ids), status__in=LOAD_STATUSES
    )
    if exclude_item is not None:
        qs = qs.exclude(pk=exclude_item)
    rows = qs.values("assignee_id").annotate(n=Count("id"))
    return {row["assignee_id"]: row["n"] for row in rows}


def chat_capacity_of(user) -> int:
    row = AgentPresence.objects.filter(user=user).values_list("chat_capacity", flat=True).first()
    return row if row is not None else settings.CHAT_MAX_CONCURRENT


# --- routing ---------------------------------------------------------------------------------


def chat_candidates(queue, item, members: list[QueueMembership]) -> list[QueueMembership]:
    """Registered with the core's routing: chats go only to members online now, on shift (when a
    published roster covers the queue today) and under their chat capacity; someone who let this chat's offer lapse gets it again only if nobody else can.
    """
    if item.kind != Kind.CHAT or not members:
        return members
    on_shift = rostered_now(queue.pk)
    if on_shift is not None:
        members = [m for m in members if m.user_id in on_shift]
    capacities = online_capacities(m.user_id for m in members)
    loads = active_chat_counts(capacities.keys(), exclude_item=item.pk)
    kept = [
        m
        for m in members
        if m.user_id in capacities and loads.get(m.user_id, 0) < capacities[m.user_id]
    ]
    if len(kept) < 2:
        return kept
    lapsed = set(
        item.events.filter(verb=EventVerb.RELEASED, data__cause="offer_expired").values_list(
            "data__from", flat=True
        )
    )
    preferred = [m for m in kept if m.user_id not in lapsed]
    return preferred or kept


# --- writes ----------------------------------------------------------------------------------

# Called (after commit, no arguments) when someone comes online or goes away or offline.
_change_listeners: list = []


def on_presence_change(listener) -> None:
    if listener not in _change_listeners:
        _change_listeners.append(listener)


@transaction.atomic
def presence_set(*, user, status: str) -> AgentPresence:
    """Set the agent's status (a heartbeat too). Coming online routes waiting chats to them."""
    presence, _created = AgentPresence.objects.select_for_update().get_or_create(user=user)
    was_online = is_online(presence)
    presence.status = status
    presence.last_seen = timezone.now()
    presence.save(update_fields=["status", "last_seen"])
    if status == PresenceStatus.ONLINE and not was_online:
        _route_waiting_on_commit(user.pk)
    if is_online(presence) != was_online:
        for listener in _change_listeners:  # e.g. the supervisors' wallboard (chat/apps.py)
            transaction.on_commit(listener)
    return presence


def presence_heartbeat(*, user) -> None:
    """Keep the agent's presence fresh. An online agent whose heartbeats had lapsed is back:
    waiting chats are routed to them again. Creates an offline row the first time."""
    now = timezone.now()
    stale = AgentPresence.objects.filter(user=user, status=PresenceStatus.ONLINE).exclude(
        last_seen__gte=fresh_since()
    )
    if stale.update(last_seen=now):
        _route_waiting_on_commit(user.pk)
        for listener in _change_listeners:
            transaction.on_commit(listener)
    elif not AgentPresence.objects.filter(user=user).update(last_seen=now):
        AgentPresence.objects.get_or_create(user=user, defaults={"last_seen": now})


def _route_waiting_on_commit(user_id: int) -> None:
    from .tasks import route_waiting_chats

    enqueue_on_commit(route_waiting_chats, user_id)
