"""Pushing the wallboard to supervisors and managers, coalesced (docs/decisions/0018).

Anything that changes a figure rings :func:`wallboard_changed` after its commit: a work item's
event (created, assigned, taken, status changed, …, through ``queues.observers``), a chat
presence change (registered by the chat app) and the periodic tick (clocks moving into "at
risk", heartbeats lapsing). The doorbell takes a Redis guard (``SET NX PX``): the first ring of a
window schedules one Celery task ``countdown`` seconds later; every other ring inside the window
finds the guard taken and does nothing. The task recomputes the snapshot once and publishes
``wallboard.updated`` to the ``wallboard`` group, which only holders of ``report.read`` join.
So however many changes arrive, there is at most one recompute per window, and a change made
while the guard is held is still seen: the task runs only after the guard expires.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from helpdesk.common.redis import get_redis
from helpdesk.realtime.groups import wallboard_group
from helpdesk.realtime.publish import publish

logger = logging.getLogger(__name__)

EVENT = "wallboard.updated"

# Item events that cannot change a wallboard figure (no ring for them).
QUIET_VERBS = frozenset({"noted", "tagged", "linked", "unlinked", "attached", "updated"})


def window_ms() -> int:
    return int(getattr(settings, "WALLBOARD_COALESCE_MS", 1000))


def guard_key() -> str:
    prefix = settings.CHANNEL_LAYERS["default"].get("CONFIG", {}).get("prefix", "helpdesk")
    return f"{prefix}:wallboard:pending"


def wallboard_changed() -> bool:
    """Ring the doorbell now (call after commit). True when this ring scheduled the push."""
    try:
        acquired = get_redis().set(guard_key(), "1", nx=True, px=window_ms())
    except Exception:  # Redis down: the periodic tick will catch up
        logger.warning("wallboard guard failed", exc_info=True)
        return False
    if not acquired:
        return False
    from .wallboard_tasks import push_wallboard

    try:
        push_wallboard.apply_async(countdown=window_ms() / 1000)
    except Exception:  # the doorbell never fails the change that rang it
        logger.warning("wallboard push failed", exc_info=True)
    return True


def wallboard_changed_on_commit() -> None:
    transaction.on_commit(wallboard_changed, robust=True)


def item_listener(item, verb: str) -> None:
    """Registered with ``queues.observers``: ring after the item's change commits."""
    if verb not in QUIET_VERBS:
        wallboard_changed_on_commit()


def wallboard_push() -> dict:
    """Recompute the snapshot and send it to the wallboard group."""
    from .wallboard import wallboard_snapshot
    from .wallboard_serializers import WallboardSerializer

    data = WallboardSerializer(wallboard_snapshot()).data
    publish([wallboard_group()], EVENT, data)
    return data
