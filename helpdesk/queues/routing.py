"""Choosing who gets an item: round-robin or least-loaded among members under capacity.

Other modules narrow the candidates (online presence for chat, on-shift from rosters) by
registering a filter with :func:`register_candidate_filter`, and take a kind of work out of
routing altogether with :func:`register_unrouted_kind` (live calls: the telephone system rings the
agents); the core never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .models import Queue, QueueMembership, RoutingMode, WorkItem
from .selectors import member_loads

CandidateFilter = Callable[[Queue, WorkItem, list[QueueMembership]], list[QueueMembership]]
_candidate_filters: list[CandidateFilter] = []
_unrouted_kinds: set[str] = set()


def register_unrouted_kind(kind: str) -> None:
    """Items of ``kind`` are never given out by routing (on creation, release or the sweep)."""
    _unrouted_kinds.add(str(kind))


def unrouted_kinds() -> frozenset[str]:
    return frozenset(_unrouted_kinds)


def register_candidate_filter(fn: CandidateFilter) -> CandidateFilter:
    if fn not in _candidate_filters:
        _candidate_filters.append(fn)
    return fn


def unregister_candidate_filter(fn: CandidateFilter) -> None:
    if fn in _candidate_filters:
        _candidate_filters.remove(fn)


def candidates_for(queue: Queue, item: WorkItem) -> list[QueueMembership]:
    members = list(
        QueueMembership.objects.filter(queue=queue, accepts_routing=True, user__is_active=True)
        .select_related("user", "queue")
        .order_by("user_id")
    )
    if item.skill:
        members = [m for m in members if item.skill in (m.skills or [])]
    for fn in _candidate_filters:
        members = fn(queue, item, members)
    return members


def choose_member(queue: Queue, item: WorkItem) -> QueueMembership | None:
    """The member who should get ``item`` now, or None when nobody has room."""
    members = candidates_for(queue, item)
    if not members:
        return None
    loads = member_loads(queue.pk, [m.user_id for m in members])
    with_room = [m for m in members if loads.get(m.user_id, 0) < m.effective_capacity]
    if not with_room:
        return None
    if queue.routing_mode == RoutingMode.LEAST_LOADED:
        return min(with_room, key=lambda m: (loads.get(m.user_id, 0), m.user_id))
    return _next_round_robin(with_room, queue.rr_cursor_id)


def _next_round_robin(members: Sequence[QueueMembership], cursor: int | None):
    if cursor is None:
        return members[0]
    for member in members:
        if member.user_id > cursor:
            return member
    return members[0]
