"""The inbox websocket: a member hears about changes in their queues, an outsider does not."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from helpdesk.asgi import application
from helpdesk.queues import services
from helpdesk.realtime.consumers import InboxConsumer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def _communicator(user):
    communicator = WebsocketCommunicator(InboxConsumer.as_asgi(), "/ws/inbox/")
    communicator.scope["user"] = user
    return communicator


async def test_an_anonymous_socket_is_closed_with_4401():
    communicator = _communicator(AnonymousUser())
    connected, code = await communicator.connect(timeout=5)
    assert (connected, code) == (False, 4401)


async def test_members_hear_new_items_and_outsiders_do_not(agent, outsider, queue):
    member, stranger = _communicator(agent), _communicator(outsider)
    assert (await member.connect(timeout=5))[0]
    assert (await stranger.connect(timeout=5))[0]
    assert (await member.receive_json_from(timeout=5))["queues"] == [queue.pk]
    await stranger.receive_json_from(timeout=5)

    item = await database_sync_to_async(services.workitem_create)(
        kind="ticket", queue=queue, subject="Top-up failed"
    )

    event = await member.receive_json_from(timeout=5)
    assert event["type"] == "workitem.created"
    assert event["payload"]["id"] == item.pk
    assert event["payload"]["subject"] == "Top-up failed"
    assert await stranger.receive_nothing(timeout=0.5)
    await member.disconnect()
    await stranger.disconnect()


async def test_a_bad_frame_gets_an_error_event_not_a_crash(agent):
    communicator = _communicator(agent)
    await communicator.connect(timeout=5)
    await communicator.receive_json_from(timeout=5)

    await communicator.send_json_to({"type": "launch"})

    assert await communicator.receive_json_from(timeout=5) == {
        "type": "error",
        "code": "unknown_frame",
    }
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from(timeout=5) == {"type": "pong"}
    await communicator.disconnect()


async def test_the_router_refuses_a_foreign_origin():
    communicator = WebsocketCommunicator(
        application, "/ws/inbox/", headers=[(b"origin", b"https://evil.example")]
    )
    connected, _code = await communicator.connect(timeout=5)
    assert connected is False


async def test_an_idle_socket_still_hears_events_after_the_layers_receive_timeout(agent, queue):
    # channels-redis blocks 5 s per receive; a Redis socket timeout at or below that used to
    # raise TimeoutError and drop idle sockets after ~5 s.
    import asyncio

    communicator = _communicator(agent)
    assert (await communicator.connect(timeout=5))[0]
    await communicator.receive_json_from(timeout=5)
    await asyncio.sleep(6.5)

    await database_sync_to_async(services.workitem_create)(
        kind="ticket", queue=queue, subject="After a quiet spell"
    )

    event = await communicator.receive_json_from(timeout=5)
    assert event["payload"]["subject"] == "After a quiet spell"
    await communicator.disconnect()


async def test_order_handlers_hear_the_order_panel_and_agents_do_not(agent, queue):
    from helpdesk.realtime.groups import orders_panel_group
    from helpdesk.realtime.publish import publish
    from tests.factories import UserFactory

    handler = await database_sync_to_async(UserFactory)(roles=["order_handler"])
    watching, other = _communicator(handler), _communicator(agent)
    for socket in (watching, other):
        assert (await socket.connect(timeout=5))[0]
        await socket.receive_json_from(timeout=5)

    await database_sync_to_async(publish)(
        [orders_panel_group()], "orders.channel", {"id": 1, "state": "open"}
    )

    event = await watching.receive_json_from(timeout=5)
    assert event == {"type": "orders.channel", "payload": {"id": 1, "state": "open"}}
    assert await other.receive_nothing(timeout=0.5)
    await watching.disconnect()
    await other.disconnect()
