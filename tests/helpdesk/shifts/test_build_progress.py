"""A build's progress reaches the planner who started it, live, and nobody else."""

from datetime import time, timedelta

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from helpdesk.realtime.consumers import InboxConsumer
from helpdesk.shifts import builds, rosters
from helpdesk.shifts.models import RosterBuild, ShiftType

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def _communicator(user):
    communicator = WebsocketCommunicator(InboxConsumer.as_asgi(), "/ws/inbox/")
    communicator.scope["user"] = user
    return communicator


def _queued_build(supervisor, queue):
    ShiftType.objects.create(name="Early", code="E", start=time(7), minutes=480)
    ShiftType.objects.create(name="Late", code="L", start=time(15), minutes=480)
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    period = rosters.period_create(
        actor=supervisor,
        first_day=monday,
        last_day=monday + timedelta(days=6),
        queue_ids=[queue.pk],
    )
    # Created directly: the test runs the task itself, on its own thread.
    return RosterBuild.objects.create(period=period, requested_by=supervisor, time_limit_seconds=3)


async def test_the_planner_hears_the_build_run_and_end(supervisor, agent, agent2, queue):
    planner, other = _communicator(supervisor), _communicator(agent)
    for socket in (planner, other):
        assert (await socket.connect(timeout=5))[0]
        await socket.receive_json_from(timeout=5)  # hello
    build = await database_sync_to_async(_queued_build)(supervisor, queue)

    await database_sync_to_async(builds.build_run)(build.pk)

    seen = []
    while not seen or seen[-1]["status"] not in ("done", "failed", "cancelled"):
        event = await planner.receive_json_from(timeout=10)
        if event["type"] == "roster.build":
            seen.append(event["payload"])
    assert seen[0]["status"] == "running" and seen[0]["id"] == build.pk
    assert seen[-1]["status"] == "done" and seen[-1]["solutions"] >= 1
    assert any(step["objective"] is not None for step in seen)
    assert await other.receive_nothing(timeout=0.5)
    await planner.disconnect()
    await other.disconnect()
