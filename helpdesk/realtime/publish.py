"""Publishing events after commit. The database is the record; this is only the doorbell."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def publish(groups: Iterable[str], event_type: str, payload: dict[str, Any]) -> None:
    """Send ``{"type": "event", "event": event_type, "payload": payload}`` to each group now."""
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "event.forward", "event": event_type, "payload": payload}
    for group in groups:
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:  # the doorbell failing must never undo or fail the write
            logger.warning("realtime publish to %s failed", group, exc_info=True)


def publish_on_commit(groups: Iterable[str], event_type: str, payload: dict[str, Any]) -> None:
    """Queue :func:`publish` for when the current transaction commits (nothing on rollback)."""
    groups = list(groups)
    transaction.on_commit(lambda: publish(groups, event_type, payload))
