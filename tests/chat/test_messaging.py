"""Messages: numbered per conversation, idempotent on the client's id, first response noted."""

import uuid

import pytest

from chat import messaging
from chat.models import ChatMessage, Party, State
from helpdesk.common.errors import ServiceError
from helpdesk.queues.models import EventVerb, WorkItem
from tests.chat.conftest import fresh, new_id
from tests.concurrency import require_postgresql, run_concurrently

pytestmark = pytest.mark.django_db


def visitor_says(chat, body, client_id=None):
    return messaging.message_send(
        conversation_id=chat.pk, sender=Party.VISITOR, client_id=client_id or new_id(), body=body
    )


def agent_says(chat, user, body, client_id=None, internal=False):
    return messaging.message_send(
        conversation_id=chat.pk,
        sender=Party.AGENT,
        client_id=client_id or new_id(),
        body=body,
        actor=user,
        internal=internal,
    )


def test_messages_are_numbered_one_two_three_in_their_conversation(active_chat, agent, queue):
    first, _ = visitor_says(active_chat, "Hello")
    second, _ = agent_says(active_chat, agent, "Hi, how can I help?")
    third, _ = visitor_says(active_chat, "My top-up failed")

    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert fresh(active_chat).last_seq == 3


def test_sending_the_same_client_id_again_returns_the_stored_message(active_chat):
    client_id = new_id()
    message, duplicate = visitor_says(active_chat, "Hello", client_id)

    again, duplicate_again = visitor_says(active_chat, "Hello", client_id)

    assert (duplicate, duplicate_again) == (False, True)
    assert again.pk == message.pk and again.seq == 1
    assert ChatMessage.objects.filter(conversation=active_chat).count() == 1
    assert fresh(active_chat).last_seq == 1


def test_a_visitor_cannot_reuse_an_agents_client_id(active_chat, agent):
    client_id = new_id()
    agent_says(active_chat, agent, "A note", client_id, internal=True)

    with pytest.raises(ServiceError) as refused:
        visitor_says(active_chat, "Hello", client_id)

    assert refused.value.code == "invalid_client_id"


def test_the_agents_first_public_message_is_the_first_response(active_chat, agent):
    agent_says(active_chat, agent, "Internal: checking the order", internal=True)
    assert WorkItem.objects.get(pk=active_chat.pk).first_response_at is None

    message, _ = agent_says(active_chat, agent, "Hello!")
    agent_says(active_chat, agent, "Anything else?")

    item = WorkItem.objects.get(pk=active_chat.pk)
    assert item.first_response_at is not None
    replied = item.events.filter(verb=EventVerb.REPLIED)
    assert [e.data["message"] for e in replied] == [message.pk]


def test_answering_an_offered_chat_accepts_it(waiting_chat, agent):
    WorkItem.objects.filter(pk=waiting_chat.pk).update(assignee=agent, status="open")

    agent_says(waiting_chat, agent, "Hello, I am here")

    chat = fresh(waiting_chat)
    assert chat.state == State.ACTIVE
    assert chat.accepted_at is not None


def test_an_agent_who_neither_holds_nor_watches_the_chat_cannot_write(active_chat, agent2):
    with pytest.raises(ServiceError) as refused:
        agent_says(active_chat, agent2, "Let me butt in")

    assert refused.value.code == "not_in_conversation"
    assert fresh(active_chat).last_seq == 0


def test_nobody_writes_in_an_ended_chat_but_a_resend_is_still_acknowledged(active_chat, agent):
    from chat import services

    client_id = new_id()
    visitor_says(active_chat, "Bye", client_id)
    services.conversation_end(conversation_id=active_chat.pk, actor=agent)

    with pytest.raises(ServiceError) as refused:
        visitor_says(active_chat, "One more thing")
    again, duplicate = visitor_says(active_chat, "Bye", client_id)

    assert refused.value.code == "conversation_ended"
    assert duplicate is True and again.seq == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [("", "body_required"), ("   ", "body_required"), ("x" * 4001, "message_too_long")],
)
def test_empty_or_overlong_messages_are_refused(active_chat, body, code):
    with pytest.raises(ServiceError) as refused:
        visitor_says(active_chat, body)

    assert refused.value.code == code
    assert not ChatMessage.objects.exists()


def test_the_length_limit_is_a_setting(active_chat, settings):
    settings.CHAT_MESSAGE_MAX_CHARS = 10

    with pytest.raises(ServiceError) as refused:
        visitor_says(active_chat, "eleven char")

    assert refused.value.code == "message_too_long"


def test_read_marks_only_move_forward_and_never_past_the_last_message(active_chat):
    for i in range(3):
        visitor_says(active_chat, f"m{i}")

    assert (
        messaging.conversation_mark_read(
            conversation_id=active_chat.pk,
            reader=Party.AGENT,
            seq=2,
            actor=active_chat.item.assignee,
        )
        == 2
    )
    assert (
        messaging.conversation_mark_read(
            conversation_id=active_chat.pk,
            reader=Party.AGENT,
            seq=1,
            actor=active_chat.item.assignee,
        )
        == 2
    )
    assert (
        messaging.conversation_mark_read(
            conversation_id=active_chat.pk, reader=Party.VISITOR, seq=99
        )
        == 3
    )
    chat = fresh(active_chat)
    assert (chat.agent_last_read_seq, chat.visitor_last_read_seq) == (2, 3)


@pytest.mark.django_db(transaction=True)
def test_concurrent_senders_get_distinct_consecutive_numbers(active_chat, agent):
    require_postgresql()
    ids = [uuid.uuid4() for _ in range(12)]

    def send(i):
        if i % 2:
            return agent_says(active_chat, agent, f"agent {i}", ids[i])[0].seq
        return visitor_says(active_chat, f"visitor {i}", ids[i])[0].seq

    results, errors = run_concurrently(send, [(i,) for i in range(12)])

    assert errors == []
    assert sorted(results) == list(range(1, 13))
    assert fresh(active_chat).last_seq == 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_resends_of_one_message_store_it_once(active_chat):
    require_postgresql()
    client_id = uuid.uuid4()

    results, errors = run_concurrently(
        lambda: visitor_says(active_chat, "Hello?", client_id), [() for _ in range(6)]
    )

    assert errors == []
    assert sorted(duplicate for _m, duplicate in results) == [False] + [True] * 5
    assert {m.seq for m, _d in results} == {1}
    assert ChatMessage.objects.filter(conversation=active_chat).count() == 1
