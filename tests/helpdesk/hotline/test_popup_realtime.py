"""The pop-up over the inbox websocket: only the agent on the rung extension gets it."""

import time

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from rest_framework.test import APIClient

from helpdesk.realtime.consumers import InboxConsumer
from tests.factories import CustomerFactory, MembershipFactory, UserFactory

from .conftest import Pbx

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def _connect(user) -> WebsocketCommunicator:
    socket = WebsocketCommunicator(InboxConsumer.as_asgi(), "/ws/inbox/")
    socket.scope["user"] = user
    connected, _code = await socket.connect(timeout=5)
    assert connected
    assert (await socket.receive_json_from(timeout=5))["type"] == "hello"
    return socket


async def _frames(socket, *, settle: float = 0.7) -> list[dict]:
    """Every frame until the socket stays quiet for ``settle`` seconds (``receive_nothing``
    waits without cancelling the consumer, as a timed-out ``receive_json_from`` would)."""
    frames = []
    while not await socket.receive_nothing(timeout=settle):
        frames.append(await socket.receive_json_from(timeout=5))
    return frames


def _setup(queue, other_queue, integration):
    ringing = UserFactory(username="ringing", roles=["agent"], extension="8001")
    colleague = UserFactory(username="colleague", roles=["agent"], extension="8002")
    stranger = UserFactory(username="stranger", roles=["agent"], extension="8003")
    MembershipFactory(queue=queue, user=ringing)
    MembershipFactory(queue=queue, user=colleague)
    MembershipFactory(queue=other_queue, user=stranger)
    customer = CustomerFactory(name="周杰")
    customer.contacts.create(kind="phone", value="+8613800138000")
    return ringing, colleague, stranger, customer


async def test_the_popup_reaches_only_the_agent_on_the_extension(queue, other_queue, integration):
    ringing, colleague, stranger, _customer = await database_sync_to_async(_setup)(
        queue, other_queue, integration
    )
    sockets = [await _connect(u) for u in (ringing, colleague, stranger)]
    pbx = Pbx(APIClient(), integration)

    response = await database_sync_to_async(pbx.new_call)(
        "pop-1", "13800138000", agent="8001", at=time.time()
    )
    assert response.status_code == 200
    call_id = response.json()["call"]

    mine = await _frames(sockets[0])
    popups = [f for f in mine if f["type"] == "call.ringing"]
    assert len(popups) == 1
    payload = popups[0]["payload"]
    assert payload["call"]["id"] == call_id
    assert payload["call"]["state"] == "ringing"
    assert payload["call"]["from_number"] == "+8613800138000"
    assert [c["name"] for c in payload["customers"]] == ["周杰"]
    assert {"open_items", "recent_orders"} <= set(payload)

    # The colleague in the same queue sees the call arrive in the queue, but no pop-up.
    theirs = await _frames(sockets[1])
    assert {f["type"] for f in theirs} >= {"workitem.created", "call.changed"}
    assert "call.ringing" not in {f["type"] for f in theirs}
    # The agent of another queue hears nothing at all.
    assert await sockets[2].receive_nothing(timeout=0.5)

    for socket in sockets:
        await socket.disconnect()


async def test_the_call_changing_reaches_the_queue_and_the_agent(queue, other_queue, integration):
    ringing, colleague, stranger, _customer = await database_sync_to_async(_setup)(
        queue, other_queue, integration
    )
    pbx = Pbx(APIClient(), integration)
    await database_sync_to_async(pbx.new_call)("pop-2", agent="8001", at=time.time() - 5)
    watcher, outsider = await _connect(colleague), await _connect(stranger)

    await database_sync_to_async(pbx.answered)("pop-2", agent="8001", at=time.time())

    changes = [f for f in await _frames(watcher) if f["type"] == "call.changed"]
    assert changes[-1]["payload"]["state"] == "answered"
    assert changes[-1]["payload"]["agent"]["id"] == ringing.pk
    assert await outsider.receive_nothing(timeout=0.5)
    await watcher.disconnect()
    await outsider.disconnect()
