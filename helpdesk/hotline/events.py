"""Realtime events of the hotline, published after commit (the database is the record).

- ``call.changed`` (the queue's consoles, the call's agent and assignee): the call as a row of
  ``GET /api/v1/hotline/calls/``, on every change (ringing, answered, ended, wrap-up, customer).
- ``call.ringing`` (only the agent on the extension it rings): the pop-up, the same shape as
  ``GET /api/v1/hotline/calls/{id}/popup/`` for that agent.

One after-commit step per call and service: the call's row is read once, and both events go in
one trip to the channel layer.
"""

from __future__ import annotations

from django.db import transaction

from helpdesk.realtime.groups import queue_group, user_group


def call_changed_on_commit(call_id: int, *, extra_users=(), popup_for: int | None = None) -> None:
    users = [u for u in extra_users if u]

    def send():
        from helpdesk.realtime.publish import publish_many

        from .selectors import call_rows
        from .serializers import CallSerializer

        call = call_rows().filter(pk=call_id).first()
        if call is None:
            return
        groups = {queue_group(call.item.queue_id)}
        groups.update(user_group(u) for u in (call.agent_id, call.item.assignee_id, *users) if u)
        messages = [(groups, "call.changed", CallSerializer(call).data)]
        if popup_for is not None:
            from django.contrib.auth import get_user_model

            from .popup import popup_data

            agent = get_user_model().objects.filter(pk=popup_for, is_active=True).first()
            if agent is not None:
                data = popup_data(call=call, user=agent)
                messages.append(([user_group(popup_for)], "call.ringing", data))
        publish_many(messages)

    transaction.on_commit(send)
