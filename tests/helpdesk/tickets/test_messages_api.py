"""Replies, internal notes and customer messages."""

import asyncio

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer

from helpdesk.queues.models import CannedResponse, EventVerb, WorkItem, WorkItemEvent
from helpdesk.realtime.groups import item_group
from helpdesk.tickets.models import TicketMessage
from tests.factories import CustomerFactory

from .conftest import files_on_disk, pdf, png, set_status, upload


def reply_url(item):
    return f"/api/v1/tickets/{item.pk}/replies/"


def note_url(item):
    return f"/api/v1/tickets/{item.pk}/notes/"


def customer_url(item):
    return f"/api/v1/tickets/{item.pk}/customer-messages/"


def events(item, verb):
    return list(WorkItemEvent.objects.filter(item=item, verb=verb).order_by("id"))


# --- replies -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_first_reply_records_the_first_response_and_opens_a_new_ticket(
    as_user, agent, make_ticket
):
    item = make_ticket()

    response = as_user(agent).post(reply_url(item), {"body": "We are on it."})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["message"]["kind"] == "public"
    assert body["message"]["author"]["id"] == agent.pk
    assert body["ticket"]["status"] == "open"
    item.refresh_from_db()
    assert item.status == "open"
    assert item.first_response_at is not None
    [replied] = events(item, EventVerb.REPLIED)
    assert replied.data["message"] == body["message"]["id"]
    assert replied.actor_id == agent.pk
    assert [e.data["to"] for e in events(item, EventVerb.STATUS_CHANGED)] == ["open"]


@pytest.mark.django_db
def test_a_later_reply_keeps_the_first_response_time(as_user, agent, make_ticket):
    item = make_ticket()
    client = as_user(agent)
    client.post(reply_url(item), {"body": "first"})
    first = WorkItem.objects.get(pk=item.pk).first_response_at

    client.post(reply_url(item), {"body": "second"})

    assert WorkItem.objects.get(pk=item.pk).first_response_at == first
    assert len(events(item, EventVerb.STATUS_CHANGED)) == 1


@pytest.mark.django_db
def test_a_reply_can_set_the_ticket_to_pending_in_one_step(as_user, agent, make_ticket):
    item = make_ticket()

    response = as_user(agent).post(
        reply_url(item), {"body": "Which card did you use?", "status": "pending"}
    )

    assert response.status_code == 201
    assert response.json()["ticket"]["status"] == "pending"
    assert [e.data["to"] for e in events(item, EventVerb.STATUS_CHANGED)] == ["pending"]


@pytest.mark.django_db
def test_a_reply_on_a_resolved_ticket_leaves_it_resolved(as_user, agent, make_ticket):
    item = set_status(make_ticket(), "resolved")

    response = as_user(agent).post(reply_url(item), {"body": "One more thing"})

    assert response.status_code == 201
    assert WorkItem.objects.get(pk=item.pk).status == "resolved"


@pytest.mark.django_db
def test_a_reply_cannot_make_a_forbidden_move(as_user, agent, make_ticket, snapshot):
    item = set_status(make_ticket(), "resolved")
    before = snapshot()

    response = as_user(agent).post(reply_url(item), {"body": "hi", "status": "pending"})

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert response.json()["fields"]["allowed"] == ["open", "closed"]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_reply_cannot_close_a_ticket(as_user, agent, make_ticket, snapshot):
    item = make_ticket()
    before = snapshot()

    response = as_user(agent).post(reply_url(item), {"body": "bye", "status": "closed"})

    assert response.status_code == 400
    assert "status" in response.json()["fields"]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_closed_ticket_takes_no_reply(as_user, agent, make_ticket, snapshot):
    item = set_status(make_ticket(), "closed")
    before = snapshot()

    response = as_user(agent).post(reply_url(item), {"body": "Hello?"})

    assert response.status_code == 409
    assert response.json()["code"] == "ticket_closed"
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [{}, {"body": ""}, {"body": "   "}])
def test_an_empty_reply_is_refused(as_user, agent, make_ticket, snapshot, payload):
    item = make_ticket()
    before = snapshot()

    response = as_user(agent).post(reply_url(item), payload)

    assert response.status_code == 400
    assert response.json()["code"] == "body_required"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_reply_longer_than_the_limit_is_refused(as_user, agent, make_ticket, snapshot):
    item = make_ticket()
    before = snapshot()

    response = as_user(agent).post(reply_url(item), {"body": "x" * 50_001})

    assert response.status_code == 400
    assert "body" in response.json()["fields"]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_reply_renders_a_canned_response_after_the_agents_words(
    as_user, agent, make_ticket, queue
):
    customer = CustomerFactory(name="Han Meimei")
    item = make_ticket(customer_id=customer.pk)
    canned = CannedResponse.objects.create(
        queue=queue, title="Thanks", body="Dear {{customer.name}}, ticket {{item.reference}}."
    )

    response = as_user(agent).post(
        reply_url(item), {"body": "Hello!", "canned_response": canned.pk}
    )

    assert response.status_code == 201
    assert response.json()["message"]["body"] == (
        f"Hello!\n\nDear Han Meimei, ticket T-{item.pk:06d}."
    )
    assert events(item, EventVerb.REPLIED)[0].data["canned_response"] == canned.pk


@pytest.mark.django_db
def test_a_canned_response_alone_is_a_reply(as_user, agent, make_ticket):
    item = make_ticket()
    canned = CannedResponse.objects.create(title="Hi", body="Hi from {{agent.name}}")

    response = as_user(agent).post(reply_url(item), {"canned_response": canned.pk})

    assert response.status_code == 201
    assert response.json()["message"]["body"] == f"Hi from {agent}"


@pytest.mark.django_db
def test_a_canned_response_of_another_queue_is_refused(
    as_user, agent, make_ticket, other_queue, snapshot
):
    item = make_ticket()
    canned = CannedResponse.objects.create(queue=other_queue, title="x", body="secret")
    before = snapshot()

    response = as_user(agent).post(reply_url(item), {"canned_response": canned.pk})

    assert response.status_code == 400
    assert response.json()["code"] == "canned_not_found"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_reply_with_files_stores_them_on_the_message(as_user, agent, make_ticket, media_root):
    item = make_ticket()

    response = as_user(agent).post(
        reply_url(item),
        {"body": "See attached", "status": "pending", "attachments": [png(), pdf()]},
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    message = response.json()["message"]
    assert [a["filename"] for a in message["attachments"]] == ["screenshot.png", "invoice.pdf"]
    assert response.json()["ticket"]["status"] == "pending"
    assert len(files_on_disk(media_root)) == 2
    assert events(item, EventVerb.REPLIED)[0].data["attachments"] == [
        a["id"] for a in message["attachments"]
    ]


@pytest.mark.django_db
def test_a_refused_file_in_a_reply_leaves_no_message_and_no_file(
    as_user, agent, make_ticket, snapshot, settings
):
    settings.ATTACHMENT_MAX_BYTES = 1000
    item = make_ticket()
    before = snapshot()

    response = as_user(agent).post(
        reply_url(item),
        {"body": "Two files", "attachments": [png(), upload("big.txt", b"a" * 1001)]},
        format="multipart",
    )

    assert response.status_code == 413
    assert response.json()["code"] == "attachment_too_large"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_failure_after_files_were_written_removes_them(agent, make_ticket, snapshot, monkeypatch):
    """Nothing half-written: if the database write fails, the files already stored are deleted."""
    from helpdesk.tickets import services

    item = make_ticket()
    before = snapshot()

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "workitem_mark_responded", broken)
    with pytest.raises(RuntimeError):
        services.ticket_reply(ticket_id=item.pk, actor=agent, body="x", attachments=[png()])

    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_a_reply_rings_the_tickets_group_after_commit(agent, make_ticket):
    from helpdesk.tickets import services

    item = make_ticket()
    layer = get_channel_layer()

    async def listen_while_replying():
        # Subscribed (in one event loop, as a consumer is) before the reply is written.
        channel = await layer.new_channel()
        await layer.group_add(item_group(item.pk), channel)
        try:
            await sync_to_async(services.ticket_reply)(
                ticket_id=item.pk, actor=agent, body="Hello there"
            )
            return await asyncio.wait_for(layer.receive(channel), 5)
        finally:
            await layer.group_discard(item_group(item.pk), channel)

    message = async_to_sync(listen_while_replying)()

    assert message["event"] == "ticket.message"
    assert message["payload"]["body"] == "Hello there"


# --- internal notes ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_internal_note_is_not_a_response_and_changes_no_status(as_user, agent, make_ticket):
    item = make_ticket()

    response = as_user(agent).post(note_url(item), {"body": "Customer is a reseller."})

    assert response.status_code == 201
    assert response.json()["message"]["kind"] == "internal"
    item.refresh_from_db()
    assert item.status == "new"
    assert item.first_response_at is None
    assert len(events(item, EventVerb.NOTED)) == 1


@pytest.mark.django_db
def test_a_note_may_be_added_to_a_closed_ticket(as_user, agent, make_ticket):
    item = set_status(make_ticket(), "closed")

    response = as_user(agent).post(note_url(item), {"body": "Refund went out."})

    assert response.status_code == 201
    assert WorkItem.objects.get(pk=item.pk).status == "closed"


@pytest.mark.django_db
def test_a_note_with_an_unknown_field_is_refused(as_user, agent, make_ticket, snapshot):
    item = make_ticket()
    before = snapshot()

    response = as_user(agent).post(note_url(item), {"body": "x", "status": "open"})

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_field"
    assert snapshot() == before


# --- customer messages -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("current", "after"),
    [
        ("new", "new"),
        ("open", "open"),
        ("pending", "open"),
        ("on_hold", "on_hold"),
        ("resolved", "open"),
    ],
)
def test_a_customer_message_reopens_a_pending_or_resolved_ticket(
    as_user, agent, make_ticket, current, after
):
    item = set_status(make_ticket(), current)

    response = as_user(agent).post(customer_url(item), {"body": "Still broken."})

    assert response.status_code == 201, response.json()
    assert response.json()["message"]["kind"] == "customer"
    assert response.json()["message"]["author"] is None
    assert WorkItem.objects.get(pk=item.pk).status == after
    assert len(events(item, EventVerb.CUSTOMER_REPLIED)) == 1
    assert WorkItem.objects.get(pk=item.pk).first_response_at is None


@pytest.mark.django_db
def test_a_closed_ticket_refuses_customer_messages(as_user, agent, make_ticket, snapshot):
    item = set_status(make_ticket(), "closed")
    before = snapshot()

    response = as_user(agent).post(customer_url(item), {"body": "Hello again"})

    assert response.status_code == 409
    assert response.json()["code"] == "ticket_closed"
    assert snapshot() == before


@pytest.mark.django_db
def test_a_customer_message_to_a_merged_ticket_lands_on_the_ticket_it_was_merged_into(
    as_user, agent, make_ticket
):
    source, target = make_ticket(subject="dup"), make_ticket(subject="original")
    client = as_user(agent)
    client.post(f"/api/v1/tickets/{source.pk}/merge/", {"into": target.pk})

    response = client.post(customer_url(source), {"body": "Any news?"})

    assert response.status_code == 201
    assert response.json()["ticket"]["id"] == target.pk
    message = TicketMessage.objects.get(pk=response.json()["message"]["id"])
    assert message.ticket_id == target.pk
    [event] = events(target, EventVerb.CUSTOMER_REPLIED)
    assert event.data["sent_to"] == source.pk


@pytest.mark.django_db
def test_error_messages_follow_the_users_language(as_user, agent, make_ticket):
    item = set_status(make_ticket(), "closed")
    client = as_user(agent)

    chinese = client.post(reply_url(item), {"body": "?"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    english = client.post(reply_url(item), {"body": "?"}, HTTP_ACCEPT_LANGUAGE="en")

    assert chinese.json()["message"] == "这张工单已关闭，请新建一张工单。"
    assert english.json()["message"] == "This ticket is closed. Open a new ticket instead."
