"""The chat's hot path (one statement on the event loop, PostgreSQL) stores what the general
path would, and leaves every unusual case to it; sockets hold a message that arrives ahead of a
gap until the late doorbell comes, or read the gap from the database."""

import uuid

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from chat import hotpath, messaging, services
from chat.groups import conversation_group
from chat.models import ChatMessage, Conversation, Party
from chat.serializers import ChatMessageSerializer, message_payload
from helpdesk.queues.models import WorkItem
from helpdesk.realtime.publish import forward_event
from tests.chat.conftest import go_online, png, start_chat
from tests.chat.test_consumers import agent_socket, hello, visitor_socket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

db = database_sync_to_async


@pytest.fixture(autouse=True)
def _postgresql_only():
    if not hotpath.enabled():
        pytest.skip("the hot path runs on PostgreSQL; SQLite always takes the general path")


@pytest.fixture
def chat(queue, agent):
    go_online(agent)
    conversation = start_chat(queue)
    services.conversation_accept(conversation_id=conversation.pk, user=agent)
    return Conversation.objects.select_related("item").get(pk=conversation.pk)


def responded(chat):
    WorkItem.objects.filter(pk=chat.pk).update(first_response_at=chat.item.created_at)


async def append(
    chat, body="Hello", *, sender=Party.VISITOR, author=None, internal=False, cid=None
):
    return await hotpath.append_text(
        conversation_id=chat.pk,
        sender=sender,
        client_id=cid or uuid.uuid4(),
        body=body,
        author=author,
        internal=internal,
    )


def stored(seq_of_chat):
    chat_id, seq = seq_of_chat
    return ChatMessage.objects.select_related("author").get(conversation_id=chat_id, seq=seq)


async def test_a_visitor_message_is_numbered_and_stored_as_the_general_path_stores_it(chat):
    general, _duplicate = await db(messaging.message_send)(
        conversation_id=chat.pk, sender=Party.VISITOR, client_id=uuid.uuid4(), body="First"
    )
    cid = uuid.uuid4()

    message = await append(chat, "Second", cid=cid)

    assert message.seq == general.seq + 1
    row = await db(stored)((chat.pk, message.seq))
    assert (row.pk, row.client_id, row.sender, row.body) == (message.pk, cid, "visitor", "Second")
    assert (row.internal, row.author_id, row.attachment.name) == (False, None, "")
    assert row.created_at == message.created_at
    assert await db(lambda: Conversation.objects.get(pk=chat.pk).last_seq)() == message.seq
    # What the socket broadcasts equals what the REST history shows for the stored row.
    assert message_payload(message) == dict(ChatMessageSerializer(row).data)


async def test_an_agent_who_has_answered_writes_replies_and_notes_on_the_hot_path(chat, agent):
    await db(responded)(chat)

    reply = await append(chat, "On it", sender=Party.AGENT, author=agent)
    note = await append(chat, "VIP", sender=Party.AGENT, author=agent, internal=True)

    assert (reply.seq, note.seq) == (chat.last_seq + 1, chat.last_seq + 2)
    row = await db(stored)((chat.pk, note.seq))
    assert (row.sender, row.internal, row.author_id) == ("agent", True, agent.pk)
    assert message_payload(note)["author"] == {"id": agent.pk, "name": agent.name}


async def test_a_supervisor_who_joined_writes_on_the_hot_path(chat, supervisor):
    await db(services.conversation_join)(conversation_id=chat.pk, actor=supervisor)

    message = await append(chat, "Supervisor here", sender=Party.AGENT, author=supervisor)

    assert message is not None and message.author_id == supervisor.pk


async def test_every_unusual_case_writes_nothing_and_is_left_to_the_general_path(
    chat, agent, agent2, queue
):
    cid = uuid.uuid4()
    assert await append(chat, "once", cid=cid) is not None
    before = await db(lambda: ChatMessage.objects.filter(conversation=chat).count())()

    # A resend of a stored client id: the general path answers the stored message.
    assert await append(chat, "once", cid=cid) is None
    # The holder's first public reply: the general path records the first response.
    assert await append(chat, "Hi", sender=Party.AGENT, author=agent) is None
    # An agent who neither holds nor watches the chat.
    assert await append(chat, "Me?", sender=Party.AGENT, author=agent2) is None
    # A chat that is waiting (not yet accepted), and one that has ended.
    waiting = await db(start_chat)(queue)
    assert await append(waiting, "Anyone?") is None
    await db(services.conversation_end)(conversation_id=chat.pk, actor=agent)
    assert await append(chat, "Still there?") is None

    assert await db(lambda: ChatMessage.objects.filter(conversation=chat).count())() == before
    assert await db(lambda: Conversation.objects.get(pk=chat.pk).last_seq)() == before


async def test_the_general_path_answers_a_resend_the_hot_path_stored(chat):
    cid = uuid.uuid4()
    first = await append(chat, "Hello", cid=cid)

    again, duplicate = await db(messaging.message_send)(
        conversation_id=chat.pk, sender=Party.VISITOR, client_id=cid, body="Hello"
    )

    assert duplicate and again.pk == first.pk and again.seq == first.seq


async def test_a_first_reply_through_the_socket_records_the_first_response(chat, agent):
    socket = agent_socket(agent)
    await hello(socket, resume={str(chat.pk): chat.last_seq})
    await socket.send_json_to(
        {
            "type": "message.send",
            "conversation": chat.pk,
            "client_id": str(uuid.uuid4()),
            "body": "Hi",
        }
    )
    frames = [await socket.receive_json_from(timeout=5) for _ in range(2)]
    await socket.disconnect()

    assert {f["type"] for f in frames} == {"message.ack", "message.new"}
    item = await db(WorkItem.objects.get)(pk=chat.pk)
    assert item.first_response_at is not None


async def test_the_hand_built_payload_equals_the_serializer_for_files_and_authors(chat, agent):
    message, _duplicate = await db(messaging.message_attach)(
        conversation_id=chat.pk, sender=Party.AGENT, upload=png(), body="See", actor=agent
    )
    row = await db(lambda: ChatMessage.objects.select_related("author").get(pk=message.pk))()

    assert message_payload(row) == dict(ChatMessageSerializer(row).data)
    assert message_payload(row)["attachment"]["name"] == "screenshot.png"
    assert message_payload(row)["author"] == {"id": agent.pk, "name": agent.name}


# --- messages ahead of a gap -------------------------------------------------------------------


def store_quietly(chat, *bodies):
    """Messages stored without ringing anyone (as if their doorbells were lost)."""
    conversation = Conversation.objects.get(pk=chat.pk)
    rows = []
    for body in bodies:
        conversation.last_seq += 1
        rows.append(
            ChatMessage.objects.create(
                conversation=conversation,
                seq=conversation.last_seq,
                client_id=uuid.uuid4(),
                sender=Party.VISITOR,
                body=body,
            )
        )
    Conversation.objects.filter(pk=chat.pk).update(last_seq=conversation.last_seq)
    return [message_payload(m) for m in rows]


async def ring(chat, payload):
    event = forward_event("message.new", {"conversation": chat.pk, "message": payload})
    await get_channel_layer().group_send(conversation_group(chat.pk), event)


async def test_a_message_ahead_of_a_late_doorbell_waits_for_it_and_both_arrive_in_order(
    chat, agent
):
    socket = agent_socket(agent)
    await hello(socket, resume={str(chat.pk): chat.last_seq})
    first, second = await db(store_quietly)(chat, "one", "two")

    await ring(chat, second)  # crosses the earlier one's doorbell
    await ring(chat, first)
    frames = [await socket.receive_json_from(timeout=5) for _ in range(2)]
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()

    assert [f["message"]["body"] for f in frames] == ["one", "two"]


async def test_a_gap_whose_doorbell_never_comes_is_read_from_the_database(chat):
    socket = visitor_socket(chat)
    await hello(socket, last_seq=chat.last_seq)
    _lost, second, third = await db(store_quietly)(chat, "lost doorbell", "two", "three")

    await ring(chat, third)
    await ring(chat, second)
    frames = [await socket.receive_json_from(timeout=5) for _ in range(3)]
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()

    assert [f["message"]["body"] for f in frames] == ["lost doorbell", "two", "three"]
    assert [f["message"]["seq"] for f in frames] == [
        chat.last_seq + 1,
        chat.last_seq + 2,
        chat.last_seq + 3,
    ]
