"""Publishing events after commit. The database is the record; this is only the doorbell."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


_local = threading.local()


@contextmanager
def publishing_from(loop: asyncio.AbstractEventLoop):
    """Within this block (sync code on a worker thread of ``loop``, e.g. a socket's database
    call), :func:`publish` hands its sends to ``loop`` and returns at once instead of blocking
    the thread until Redis answers: the doorbell needs no answer (it is at-most-once anyway),
    and each blocking hop to the loop and back cost more than the database work."""
    previous = getattr(_local, "loop", None)
    _local.loop = loop
    try:
        yield
    finally:
        _local.loop = previous


def _log_failure(future) -> None:
    if not future.cancelled() and future.exception() is not None:
        logger.warning("realtime publish failed", exc_info=future.exception())


def forward_event(event_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The channel-layer message every realtime consumer handles (``event_forward``)."""
    return {"type": "event.forward", "event": event_type, "payload": payload}


def publish(groups: Iterable[str], event_type: str, payload: dict[str, Any]) -> None:
    """Send :func:`forward_event` to each group now."""
    publish_many([(groups, event_type, payload)])


def publish_many(messages: Iterable[tuple[Iterable[str], str, dict[str, Any]]]) -> None:
    """Several ``(groups, event_type, payload)`` at once: one trip through the event loop for all
    of them (each trip outside a loop costs a loop and a Redis connection)."""
    layer = get_channel_layer()
    if layer is None:
        return
    sends = []
    for groups, event_type, payload in messages:
        message = forward_event(event_type, payload)
        sends += [(group, message) for group in groups]
    if not sends:
        return
    loop = getattr(_local, "loop", None)
    if loop is not None and loop.is_running():
        for group, message in sends:
            try:
                future = asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop)
                future.add_done_callback(_log_failure)
            except Exception:  # the doorbell failing must never undo or fail the write
                logger.warning("realtime publish to %s failed", group, exc_info=True)
        return

    # Outside an event loop (a worker, a view): every group in one trip through async_to_sync,
    # which costs a loop and a Redis connection per call (bench/README.md, "SLA scan").
    async def send_all():
        for group, message in sends:
            try:
                await layer.group_send(group, message)
            except Exception:  # the doorbell failing must never undo or fail the write
                logger.warning("realtime publish to %s failed", group, exc_info=True)

    try:
        async_to_sync(send_all)()
    except Exception:
        logger.warning("realtime publish failed", exc_info=True)


def publish_on_commit(groups: Iterable[str], event_type: str, payload: dict[str, Any]) -> None:
    """Queue :func:`publish` for when the current transaction commits (nothing on rollback)."""
    groups = list(groups)
    transaction.on_commit(lambda: publish(groups, event_type, payload))
