"""Listeners told about every change to a work item (after the event row is written).

Read-side features that must notice changes (the supervisors' wallboard) register here, so the
queue services do not import them. A listener runs inside the writer's transaction: it must only
queue work for after the commit (``transaction.on_commit``), never write or fail the change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

ItemListener = Callable[[object, str], None]  # (item, verb)

_listeners: list[ItemListener] = []


def register_item_listener(listener: ItemListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def item_changed(item, verb: str) -> None:
    for listener in _listeners:
        try:
            listener(item, verb)
        except Exception:  # a read-side listener never fails the write
            logger.warning("work item listener failed", exc_info=True)
