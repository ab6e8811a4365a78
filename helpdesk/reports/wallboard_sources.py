"""What the wallboard needs from outside the core, registered by the apps that own it.

The core never imports ``chat``: the chat app registers a :class:`ChatSource` here in its
``AppConfig.ready`` (as it registers evidence readers with complaints). Both callables return
*querysets* (not lists), so the wallboard composes them into its own SQL as subqueries.
Without a registered source the wallboard counts unassigned chat items as waiting and reports
presence as unknown (``None``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class ChatSource:
    # Ids (``pk`` values) of the work items whose chat waits for an agent now.
    waiting_item_ids: Callable[[], QuerySet]
    # Ids of the users online for chat now (fresh heartbeat).
    online_user_ids: Callable[[], QuerySet]


_chat_source: ChatSource | None = None


def register_chat_source(source: ChatSource) -> None:
    global _chat_source
    _chat_source = source


def chat_source() -> ChatSource | None:
    return _chat_source
