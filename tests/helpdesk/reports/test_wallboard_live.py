"""The wallboard on the inbox websocket: supervisors and managers receive `wallboard.updated`
when something changes, coalesced to one recompute per window; agents receive nothing."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from chat.models import PresenceStatus
from chat.presence import presence_set
from helpdesk.common.redis import get_redis
from helpdesk.queues import services
from helpdesk.realtime.consumers import InboxConsumer
from helpdesk.reports.wallboard_live import guard_key, wallboard_changed

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest.fixture(autouse=True)
def clean_guard(settings):
    settings.WALLBOARD_COALESCE_MS = 400
    get_redis().delete(guard_key())
    yield
    get_redis().delete(guard_key())


async def _connected(user):
    communicator = WebsocketCommunicator(InboxConsumer.as_asgi(), "/ws/inbox/")
    communicator.scope["user"] = user
    assert (await communicator.connect(timeout=5))[0]
    assert (await communicator.receive_json_from(timeout=5))["type"] == "hello"
    return communicator


async def _wallboards(communicator, *, within: float) -> list[dict]:
    """Every `wallboard.updated` payload received within ``within`` seconds (other events
    such as `workitem.created` are skipped)."""
    found = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        # receive_nothing never cancels the consumer (a timed-out receive_json_from would)
        if await communicator.receive_nothing(timeout=0.05, interval=0.01):
            continue
        event = await communicator.receive_json_from(timeout=1)
        if event["type"] == "wallboard.updated":
            found.append(event["payload"])
    return found


def _support(payload):
    return next(row for row in payload["queues"] if row["slug"] == "support")


async def test_a_supervisor_sees_a_new_item_on_the_wallboard_and_an_agent_hears_no_wallboard(
    supervisor, agent, queue
):
    boss, worker = await _connected(supervisor), await _connected(agent)

    await database_sync_to_async(services.workitem_create)(
        kind="ticket", queue=queue, subject="Top-up failed"
    )

    updates = await _wallboards(boss, within=2)
    assert len(updates) == 1
    assert _support(updates[0])["waiting_other"] == 1
    assert updates[0]["totals"]["waiting_total"] == 1
    # The agent hears of the item (its queue) but never the wallboard.
    assert await _wallboards(worker, within=1) == []
    await boss.disconnect()
    await worker.disconnect()


async def test_a_manager_outside_every_queue_receives_the_wallboard(manager, queue):
    watcher = await _connected(manager)

    await database_sync_to_async(services.workitem_create)(kind="ticket", queue=queue, subject="x")

    updates = await _wallboards(watcher, within=2)
    assert [_support(u)["waiting_total"] for u in updates] == [1]
    await watcher.disconnect()


async def test_a_burst_of_changes_is_one_recompute_and_the_next_window_sees_them_all(
    supervisor, queue
):
    watcher = await _connected(supervisor)

    def burst(n):
        for i in range(n):
            services.workitem_create(kind="ticket", queue=queue, subject=f"burst {i}")

    await database_sync_to_async(burst)(6)
    within_window = await _wallboards(watcher, within=0.35)
    assert len(within_window) == 1  # six changes, one recompute in the window

    await asyncio.sleep(0.5)  # the window is over
    await database_sync_to_async(burst)(1)
    later = await _wallboards(watcher, within=2)
    assert len(later) == 1
    assert _support(later[0])["waiting_other"] == 7  # every change is in the next snapshot
    await watcher.disconnect()


async def test_the_guard_lets_one_ring_per_window_schedule_a_push(supervisor, queue):
    first = await database_sync_to_async(wallboard_changed)()
    second = await database_sync_to_async(wallboard_changed)()
    await asyncio.sleep(0.5)
    third = await database_sync_to_async(wallboard_changed)()

    assert (first, second, third) == (True, False, True)


async def test_an_agent_coming_online_updates_the_agents_online(supervisor, agent, queue):
    watcher = await _connected(supervisor)

    await database_sync_to_async(presence_set)(user=agent, status=PresenceStatus.ONLINE)

    updates = await _wallboards(watcher, within=2)
    assert len(updates) == 1
    assert _support(updates[0])["agents_online"] == 1
    assert [(a["name"], a["online"]) for a in updates[0]["agents"]] == [(str(agent), True)]
    await watcher.disconnect()
