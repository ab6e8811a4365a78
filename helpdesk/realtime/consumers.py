"""The inbox stream: a signed-in user hears about items in their queues and assigned to them."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .groups import orders_panel_group, queue_group, user_group, wallboard_group

CLOSE_UNAUTHENTICATED = 4401


class InboxConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.groups_joined = [user_group(user.pk)]
        queue_ids, panel, wallboard = await database_sync_to_async(_streams)(user)
        self.groups_joined += [queue_group(q) for q in queue_ids]
        if panel:
            self.groups_joined.append(orders_panel_group())
        if wallboard:
            self.groups_joined.append(wallboard_group())
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "queues": sorted(queue_ids)})

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self.send_json({"type": "error", "code": "unknown_frame"})

    async def event_forward(self, message):
        await self.send_json({"type": message["event"], "payload": message["payload"]})


def _streams(user) -> tuple[list[int], bool, bool]:
    """The queues whose items the user sees, whether they watch the order panel, and whether
    they watch the wallboard (``report.read``)."""
    from helpdesk.accounts.rbac import Perm, user_has_perm
    from helpdesk.queues.selectors import queue_ids_visible_to

    return (
        list(queue_ids_visible_to(user)),
        user_has_perm(user, Perm.ORDER_HANDLE),
        user_has_perm(user, Perm.REPORT_READ),
    )
