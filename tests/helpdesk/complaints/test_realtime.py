"""Live events on the inbox socket: the board hears complaint cards, managers hear approval
requests, supervisors hear the daily summary; people outside the complaints queue hear nothing."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from helpdesk.complaints import services, summaries
from helpdesk.realtime.consumers import InboxConsumer

from .conftest import fresh, with_findings

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def connected(user):
    communicator = WebsocketCommunicator(InboxConsumer.as_asgi(), "/ws/inbox/")
    communicator.scope["user"] = await database_sync_to_async(fresh)(user)
    assert (await communicator.connect(timeout=5))[0]
    assert (await communicator.receive_json_from(timeout=5))["type"] == "hello"
    return communicator


async def next_of(communicator, event_type):
    while True:
        event = await communicator.receive_json_from(timeout=5)
        if event["type"] == event_type:
            return event


async def test_the_board_hears_new_and_changed_complaints_and_outsiders_do_not(
    handler, agent, manager, customer, complaints_queue
):
    board, outsider = await connected(handler), await connected(agent)

    complaint = await database_sync_to_async(services.complaint_open)(
        actor=await database_sync_to_async(fresh)(manager),
        customer_id=customer.pk,
        subject="Rude agent",
        description="He hung up.",
    )
    created = await next_of(board, "complaint.created")
    await database_sync_to_async(services.complaint_investigate)(
        actor=await database_sync_to_async(fresh)(handler), complaint_id=complaint.pk
    )
    changed = await next_of(board, "complaint.changed")

    assert created["payload"]["id"] == complaint.pk
    assert created["payload"]["stage"] == "received"
    assert changed["payload"]["stage"] == "investigating"
    assert changed["payload"]["assignee"]["id"] == handler.pk
    assert set(changed["payload"]) >= {"sla", "severity", "reference", "customer"}
    assert await outsider.receive_nothing(timeout=0.5)
    await board.disconnect()
    await outsider.disconnect()


async def test_managers_hear_a_resolution_waiting_for_them(
    handler, manager, customer, complaints_queue
):
    complaint = await database_sync_to_async(services.complaint_open)(
        actor=await database_sync_to_async(fresh)(manager),
        customer_id=customer.pk,
        subject="Late refund",
        description="A week late.",
    )
    h = await database_sync_to_async(fresh)(handler)
    await database_sync_to_async(services.complaint_investigate)(actor=h, complaint_id=complaint.pk)
    await database_sync_to_async(with_findings)(complaint, handler)
    socket = await connected(manager)

    await database_sync_to_async(services.complaint_propose)(
        actor=h, complaint_id=complaint.pk, resolution="Refunded today."
    )

    event = await next_of(socket, "complaint.approval_requested")
    assert event["payload"]["complaint"] == complaint.pk
    assert event["payload"]["appeal"] is False
    await socket.disconnect()


async def test_supervisors_hear_the_daily_summary(lead, handler, complaints_queue):
    from datetime import date

    socket = await connected(lead)

    await database_sync_to_async(summaries.summary_send)(day=date(2026, 12, 1))

    event = await next_of(socket, "complaint.daily_summary")
    assert event["payload"]["day"] == "2026-12-01"
    assert event["payload"]["received"] == 0
    await socket.disconnect()
