"""Object-level authorization of the inbox websocket, group by group: every group a socket can
be in (helpdesk/realtime/groups.py) is chosen by the server from who signed in, never named by
the client; an event sent to one is heard by those it is for and by nobody else.

(The chat sockets' conversations are covered in tests/chat/test_consumers.py: a forged visitor
token is closed with 4401, an agent writing to a chat they neither hold nor watch is refused.)
"""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from helpdesk.realtime.consumers import InboxConsumer
from helpdesk.realtime.groups import orders_panel_group, queue_group, user_group, wallboard_group
from helpdesk.realtime.publish import publish
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def _open(user) -> WebsocketCommunicator:
    socket = WebsocketCommunicator(InboxConsumer.as_asgi(), "/ws/inbox/")
    socket.scope["user"] = user
    connected, _code = await socket.connect(timeout=5)
    assert connected
    await socket.receive_json_from(timeout=5)  # hello
    return socket


async def _hears(socket, marker: str) -> None:
    """``socket`` receives the event carrying ``marker`` (skipping others on the way)."""
    while True:
        frame = await socket.receive_json_from(timeout=5)
        if frame.get("payload", {}).get("marker") == marker:
            return


async def test_the_hello_names_only_the_users_own_queues(agent, outsider, queue, other_queue):
    for user, expected in ((agent, [queue.pk]), (outsider, [other_queue.pk])):
        socket = WebsocketCommunicator(InboxConsumer.as_asgi(), "/ws/inbox/")
        socket.scope["user"] = user
        await socket.connect(timeout=5)
        assert (await socket.receive_json_from(timeout=5))["queues"] == expected
        await socket.disconnect()


@pytest.mark.parametrize("kind", ["queue", "user", "orders panel", "wallboard"])
async def test_an_event_reaches_its_group_and_nobody_outside_it(kind, agent, outsider, queue):
    order_handler = await sync_to_async(UserFactory)(roles=["order_handler"])
    supervisor = await sync_to_async(UserFactory)(roles=["supervisor"])
    # Who is in the group, and who is not though signed in: for each kind of group.
    insider, outsiders, group = {
        "queue": (agent, [outsider, order_handler], queue_group(queue.pk)),
        "user": (agent, [outsider, supervisor], user_group(agent.pk)),
        "orders panel": (order_handler, [agent, outsider], orders_panel_group()),  # also M, S
        "wallboard": (supervisor, [agent, outsider, order_handler], wallboard_group()),
    }[kind]
    member = await _open(insider)
    others = [await _open(user) for user in outsiders]

    await sync_to_async(publish)([group], "test.event", {"marker": kind})

    await _hears(member, kind)
    for other in others:  # the member has it: had it gone to them too, it would be here by now
        assert await other.receive_nothing(timeout=0.5)
    for socket in (member, *others):
        await socket.disconnect()
