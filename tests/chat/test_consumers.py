"""The chat websockets, through the real channel layer (Redis): hello/resume/replay, acks,
bad frames, close codes, and nothing leaking between conversations or to visitors."""

import uuid

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from chat import messaging, services
from chat.consumers import AgentConsumer
from chat.models import ChatMessage, Conversation, Party
from helpdesk.asgi import application
from tests.chat.conftest import go_online, start_chat, token_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

db = database_sync_to_async


def visitor_socket(chat=None, *, token=None, origin=b"http://localhost"):
    token = token if token is not None else token_for(chat)
    headers = [(b"origin", origin)] if origin else []
    return WebsocketCommunicator(application, f"/ws/chat/visitor/?token={token}", headers=headers)


def agent_socket(user):
    communicator = WebsocketCommunicator(
        AgentConsumer.as_asgi(), "/ws/chat/agent/", headers=[(b"origin", b"http://localhost")]
    )
    communicator.scope["user"] = user
    return communicator


async def closed_with(communicator) -> int:
    connected, _ = await communicator.connect(timeout=5)
    assert connected  # accepted first, so that the close code reaches the client
    output = await communicator.receive_output(timeout=3)
    await communicator.disconnect()  # the client's side of the closing handshake
    assert output["type"] == "websocket.close"
    return output["code"]


async def hello(communicator, **fields):
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    await communicator.send_json_to({"type": "hello", **fields})
    frames = []
    while True:
        frame = await communicator.receive_json_from(timeout=5)
        frames.append(frame)
        if frame["type"] == "ready":
            return frames


def say(chat, body, *, sender=Party.VISITOR, actor=None, internal=False):
    return db(messaging.message_send)(
        conversation_id=chat.pk,
        sender=sender,
        client_id=uuid.uuid4(),
        body=body,
        actor=actor,
        internal=internal,
    )


@pytest.fixture
def chat(queue, agent):
    go_online(agent)
    conversation = start_chat(queue)
    services.conversation_accept(conversation_id=conversation.pk, user=agent)
    return Conversation.objects.select_related("item").get(pk=conversation.pk)


# --- close codes -------------------------------------------------------------------------------


async def test_a_visitor_without_a_token_or_with_a_forged_one_is_closed_with_4401(chat):
    assert await closed_with(visitor_socket(token="")) == 4401
    assert await closed_with(visitor_socket(token=token_for(chat)[:-3] + "abc")) == 4401


async def test_a_token_whose_conversation_is_gone_is_closed_with_4404(chat):
    token = token_for(chat)
    await db(lambda: chat.item.delete())()

    assert await closed_with(visitor_socket(token=token)) == 4404


async def test_a_foreign_origin_is_closed_with_4403_unless_the_widget_may_run_there(chat, settings):
    settings.ALLOWED_HOSTS = ["helpdesk.example"]
    settings.CHAT_WIDGET_ORIGINS = ["https://shop.example"]

    assert await closed_with(visitor_socket(chat, origin=b"https://evil.example")) == 4403
    allowed = visitor_socket(chat, origin=b"https://shop.example")
    frames = await hello(allowed, last_seq=0)
    assert frames[-1]["type"] == "ready"
    await allowed.disconnect()


async def test_an_agent_socket_from_a_foreign_origin_is_closed_with_4403(agent, settings):
    settings.ALLOWED_HOSTS = ["helpdesk.example"]
    communicator = WebsocketCommunicator(
        application, "/ws/chat/agent/", headers=[(b"origin", b"https://helpdesk.example.evil")]
    )
    assert await closed_with(communicator) == 4403


async def test_an_anonymous_agent_socket_is_closed_with_4401():
    assert await closed_with(agent_socket(AnonymousUser())) == 4401


async def test_a_role_that_does_not_answer_chats_is_closed_with_4403(db_user_complaints):
    assert await closed_with(agent_socket(db_user_complaints)) == 4403


@pytest.fixture
def db_user_complaints():
    return UserFactory(roles=["complaint_handler"])


async def test_a_first_frame_other_than_hello_closes_with_4400(chat):
    communicator = visitor_socket(chat)
    await communicator.connect(timeout=5)
    await communicator.send_json_to({"type": "ping"})

    output = await communicator.receive_output(timeout=3)
    await communicator.disconnect()
    assert (output["type"], output["code"]) == ("websocket.close", 4400)


async def test_no_hello_within_the_timeout_closes_with_4400(chat, settings):
    settings.CHAT_HELLO_TIMEOUT = 0.2
    communicator = visitor_socket(chat)
    await communicator.connect(timeout=5)

    output = await communicator.receive_output(timeout=3)
    await communicator.disconnect()
    assert (output["type"], output["code"]) == ("websocket.close", 4400)


# --- the visitor -------------------------------------------------------------------------------


async def test_a_visitors_message_is_acknowledged_after_commit_and_reaches_the_agent(chat, agent):
    visitor, staff = visitor_socket(chat), agent_socket(agent)
    assert (await hello(staff, resume={}))[-1] == {
        "type": "ready",
        "conversations": {str(chat.pk): 0},
    }
    assert (await hello(visitor, last_seq=0))[-1] == {
        "type": "ready",
        "conversation": chat.pk,
        "last_seq": 0,
    }
    client_id = str(uuid.uuid4())

    await visitor.send_json_to({"type": "message.send", "client_id": client_id, "body": "Hi"})

    ack = await visitor.receive_json_from(timeout=5)
    stored = await db(ChatMessage.objects.get)(conversation_id=chat.pk, client_id=client_id)
    assert ack == {
        "type": "message.ack",
        "client_id": client_id,
        "conversation": chat.pk,
        "seq": 1,
        "id": stored.pk,
        "duplicate": False,
    }
    heard = await staff.receive_json_from(timeout=5)
    assert heard["type"] == "message.new" and heard["conversation"] == chat.pk
    assert (heard["message"]["seq"], heard["message"]["body"]) == (1, "Hi")
    assert heard["message"]["sender"] == "visitor"

    await visitor.send_json_to({"type": "message.send", "client_id": client_id, "body": "Hi"})
    while (frame := await visitor.receive_json_from(timeout=5))["type"] != "message.ack":
        assert frame["type"] == "message.new"  # its own message, heard once
    assert (frame["seq"], frame["duplicate"]) == (1, True)
    assert await db(ChatMessage.objects.filter(conversation_id=chat.pk).count)() == 1
    assert await staff.receive_nothing(timeout=0.3)  # no second message.new for the resend
    await visitor.disconnect()
    await staff.disconnect()


async def test_a_reconnecting_visitor_gets_what_it_missed_in_order_without_internal_notes(
    chat, agent
):
    await say(chat, "one")
    await say(chat, "two", sender=Party.AGENT, actor=agent)
    await say(chat, "a note", sender=Party.AGENT, actor=agent, internal=True)
    await say(chat, "three")
    visitor = visitor_socket(chat)

    frames = await hello(visitor, last_seq=1)

    assert [(f["type"], f.get("message", {}).get("body")) for f in frames] == [
        ("message.new", "two"),
        ("message.new", "three"),
        ("ready", None),
    ]
    assert frames[-1]["last_seq"] == 4
    await visitor.disconnect()


async def test_a_gap_too_old_to_replay_gets_resync(chat, settings):
    settings.CHAT_REPLAY_LIMIT = 2
    for body in ("a", "b", "c"):
        await say(chat, body)
    visitor = visitor_socket(chat)

    frames = await hello(visitor, last_seq=0)

    assert frames == [
        {"type": "resync", "conversation": chat.pk, "reason": "gap_too_large"},
        {"type": "ready", "conversation": chat.pk, "last_seq": 3},
    ]
    await visitor.disconnect()


async def test_bad_frames_get_error_events_and_the_socket_stays_open(chat, settings):
    settings.CHAT_MESSAGE_MAX_CHARS = 10
    visitor = visitor_socket(chat)
    await hello(visitor, last_seq=0)
    client_id = str(uuid.uuid4())
    cases = [
        ("not json", "bad_json", None),
        ('["a list"]', "bad_json", None),
        ('{"type": "launch"}', "unknown_type", None),
        ('{"type": "message.send", "client_id": "nope", "body": "x"}', "invalid_client_id", "nope"),
        (
            f'{{"type": "message.send", "client_id": "{client_id}", "body": " "}}',
            "body_required",
            client_id,
        ),
        (
            f'{{"type": "message.send", "client_id": "{client_id}", "body": "{"x" * 11}"}}',
            "message_too_long",
            client_id,
        ),
        ('{"type": "read", "seq": "all"}', "bad_json", None),
    ]

    for text, code, ref in cases:
        await visitor.send_to(text_data=text)
        error = await visitor.receive_json_from(timeout=5)
        assert (error["type"], error["code"], error["ref"]) == ("error", code, ref), text
        assert error["message"]

    await visitor.send_json_to({"type": "ping"})
    assert await visitor.receive_json_from(timeout=5) == {"type": "pong"}
    assert await db(ChatMessage.objects.count)() == 0
    await visitor.disconnect()


async def test_more_messages_than_the_rate_allows_are_refused(chat, settings):
    settings.CHAT_RATE_MESSAGES = 3
    visitor = visitor_socket(chat)
    await hello(visitor, last_seq=0)
    acks, errors = [], []

    for i in range(4):
        client_id = str(uuid.uuid4())
        await visitor.send_json_to({"type": "message.send", "client_id": client_id, "body": f"{i}"})
        while True:
            frame = await visitor.receive_json_from(timeout=5)
            if frame["type"] == "message.ack":
                acks.append(frame["seq"])
                break
            if frame["type"] == "error":
                errors.append((frame["code"], frame["ref"] == client_id))
                break

    assert acks == [1, 2, 3]
    assert errors == [("rate_limited", True)]
    await visitor.disconnect()


async def test_nothing_leaks_to_another_conversation_and_notes_never_reach_the_visitor(
    chat, queue, agent
):
    other = await db(start_chat)(queue, name="Han Meimei")
    mine, theirs = visitor_socket(chat), visitor_socket(other)
    await hello(mine, last_seq=0)
    await hello(theirs, last_seq=0)

    await say(chat, "for the staff only", sender=Party.AGENT, actor=agent, internal=True)
    await say(chat, "hello Li Lei", sender=Party.AGENT, actor=agent)

    frame = await mine.receive_json_from(timeout=5)
    assert frame["message"]["body"] == "hello Li Lei"
    assert frame["message"]["seq"] == 2  # numbers skip the note the visitor does not see
    assert await mine.receive_nothing(timeout=0.5)
    assert await theirs.receive_nothing(timeout=0.5)
    await mine.disconnect()
    await theirs.disconnect()


async def test_the_visitor_hears_the_chat_end_and_can_no_longer_write(chat, agent):
    visitor = visitor_socket(chat)
    await hello(visitor, last_seq=0)

    await db(services.conversation_end)(conversation_id=chat.pk, actor=agent)

    update = await visitor.receive_json_from(timeout=5)
    assert update["type"] == "conversation.updated"
    assert update["conversation"]["state"] == "ended"
    assert update["conversation"]["agent"] is None  # no staff ids for visitors
    await visitor.send_json_to(
        {"type": "message.send", "client_id": str(uuid.uuid4()), "body": "wait"}
    )
    error = await visitor.receive_json_from(timeout=5)
    assert error["code"] == "conversation_ended"
    await visitor.disconnect()


# --- agents -----------------------------------------------------------------------------------


async def test_typing_reaches_the_other_side_but_not_back_and_read_marks_are_stored(chat, agent):
    visitor, staff = visitor_socket(chat), agent_socket(agent)
    await hello(staff, resume={str(chat.pk): 0})
    await hello(visitor, last_seq=0)
    await say(chat, "question")
    assert (await staff.receive_json_from(timeout=5))["type"] == "message.new"
    assert (await visitor.receive_json_from(timeout=5))["type"] == "message.new"

    await staff.send_json_to({"type": "typing", "conversation": chat.pk, "is_typing": True})
    typing = await visitor.receive_json_from(timeout=5)
    await staff.send_json_to({"type": "read", "conversation": chat.pk, "seq": 1})
    read_by_visitor = await visitor.receive_json_from(timeout=5)
    read_by_agent = await staff.receive_json_from(timeout=5)

    assert typing == {
        "type": "typing",
        "conversation": chat.pk,
        "sender": "agent",
        "name": agent.name,
        "is_typing": True,
    }
    expected = {"type": "read", "conversation": chat.pk, "reader": "agent", "seq": 1}
    assert read_by_visitor == expected and read_by_agent == expected
    assert (await db(Conversation.objects.get)(pk=chat.pk)).agent_last_read_seq == 1
    assert await staff.receive_nothing(timeout=0.3)
    await visitor.disconnect()
    await staff.disconnect()


async def test_an_agent_cannot_write_in_a_chat_they_neither_hold_nor_watch(chat, agent2):
    go_online_async = db(go_online)
    await go_online_async(agent2)
    staff = agent_socket(agent2)
    frames = await hello(staff, resume={str(chat.pk): 0})
    assert frames[-1] == {"type": "ready", "conversations": {}}
    client_id = str(uuid.uuid4())

    await staff.send_json_to(
        {"type": "message.send", "conversation": chat.pk, "client_id": client_id, "body": "hi"}
    )
    error = await staff.receive_json_from(timeout=5)
    await staff.send_json_to({"type": "typing", "conversation": chat.pk, "is_typing": True})
    typing_error = await staff.receive_json_from(timeout=5)

    assert (error["code"], error["ref"]) == ("not_in_conversation", client_id)
    assert typing_error["code"] == "not_in_conversation"
    assert await db(ChatMessage.objects.count)() == 0
    await staff.disconnect()


async def test_a_routed_chat_is_offered_to_the_agents_socket(routed_queue, agent):
    await db(go_online)(agent)
    staff = agent_socket(agent)
    await hello(staff, resume={})

    chat = await db(start_chat)(routed_queue)

    offered = await staff.receive_json_from(timeout=5)
    assert offered["type"] == "conversation.offered"
    assert offered["conversation"]["id"] == chat.pk
    assert offered["conversation"]["state"] == "waiting"
    assert offered["conversation"]["agent"]["id"] == agent.pk
    # The socket now follows it: the visitor's next message arrives live.
    await say(chat, "anyone there?")
    frame = await staff.receive_json_from(timeout=5)
    while frame["type"] != "message.new":
        frame = await staff.receive_json_from(timeout=5)
    assert frame["message"]["body"] == "anyone there?"
    await staff.disconnect()


async def test_a_supervisor_who_joins_starts_hearing_the_chat(chat, supervisor):
    staff = agent_socket(supervisor)
    await hello(staff, resume={})

    await db(services.conversation_join)(conversation_id=chat.pk, actor=supervisor)
    joined = await staff.receive_json_from(timeout=5)
    await say(chat, "hello?")
    heard = await staff.receive_json_from(timeout=5)

    assert joined["type"] == "conversation.updated" and joined["conversation"]["id"] == chat.pk
    assert heard["type"] == "message.new" and heard["message"]["body"] == "hello?"
    await staff.disconnect()


async def test_a_lost_doorbell_is_repaired_by_the_next_message_or_heartbeat(chat, agent):
    staff = agent_socket(agent)
    await hello(staff, resume={str(chat.pk): 0})

    @db
    def store_silently(body):
        """A message whose doorbell never rang (as when the channel layer drops it)."""
        conversation = Conversation.objects.get(pk=chat.pk)
        seq = conversation.last_seq + 1
        ChatMessage.objects.create(
            conversation=conversation, seq=seq, client_id=uuid.uuid4(), sender="visitor", body=body
        )
        Conversation.objects.filter(pk=chat.pk).update(last_seq=seq)

    await store_silently("lost one")
    await say(chat, "next one")
    first = await staff.receive_json_from(timeout=5)
    second = await staff.receive_json_from(timeout=5)
    await store_silently("lost two")
    await staff.send_json_to({"type": "heartbeat"})
    third = await staff.receive_json_from(timeout=5)
    ack = await staff.receive_json_from(timeout=5)

    assert [f["message"]["body"] for f in (first, second, third)] == [
        "lost one",
        "next one",
        "lost two",
    ]
    assert [f["message"]["seq"] for f in (first, second, third)] == [1, 2, 3]
    assert ack == {"type": "heartbeat.ack"}
    await staff.disconnect()


async def test_an_agent_whose_chat_goes_elsewhere_stops_hearing_it(
    chat, agent, supervisor, other_queue
):
    staff = agent_socket(agent)
    await hello(staff, resume={str(chat.pk): 0})

    await db(services.conversation_transfer)(
        conversation_id=chat.pk, actor=supervisor, note="Billing", to_queue=other_queue
    )
    update = await staff.receive_json_from(timeout=5)
    while update["type"] != "conversation.updated":
        update = await staff.receive_json_from(timeout=5)
    await say(chat, "still there?")

    assert update["conversation"]["id"] == chat.pk
    assert update["conversation"]["agent"] is None
    frames = []
    while not await staff.receive_nothing(timeout=0.5):
        frames.append(await staff.receive_json_from())
    assert [f for f in frames if f["type"] == "message.new"] == []
    await staff.disconnect()
