"""Starting, accepting, transferring, ending, rating, converting, joining and taking over."""

import pytest

from chat import services
from chat.models import ChatMessage, Conversation, Party, State
from helpdesk.common.errors import ServiceError
from helpdesk.queues.models import EventVerb, Kind, Status, WorkItem, WorkItemLink
from helpdesk.tickets.models import Ticket
from tests.chat.conftest import fresh, go_online, start_chat
from tests.factories import ContactFactory, MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db


def codes_of(call):
    with pytest.raises(ServiceError) as refused:
        call()
    return refused.value.code


# --- start -------------------------------------------------------------------------------------


def test_a_visitor_starts_a_chat_as_a_chat_work_item_in_the_queue(queue, agent_online):
    chat = start_chat(queue, name=" Li Lei ", contact="138 0013 8000", message="Hello?")

    item = WorkItem.objects.get(pk=chat.pk)
    assert (item.kind, item.queue, item.status) == (Kind.CHAT, queue, Status.NEW)
    assert item.subject == "Top-up"
    assert chat.state == State.WAITING
    assert (chat.visitor_name, chat.contact) == ("Li Lei", "+8613800138000")
    assert [m.body for m in ChatMessage.objects.filter(conversation=chat)] == ["Hello?"]
    assert item.events.filter(verb=EventVerb.CREATED).exists()


def test_the_customer_file_is_matched_by_the_normalised_contact_when_exactly_one_matches(
    queue, agent_online
):
    contact = ContactFactory(kind="phone", value="+8613800138000")
    ContactFactory(kind="email", value="shared@example.test")
    ContactFactory(kind="email", value="shared@example.test")

    by_phone = start_chat(queue, contact="+86 138-0013-8000")
    ambiguous = start_chat(queue, contact="Shared@Example.test")

    assert WorkItem.objects.get(pk=by_phone.pk).customer == contact.customer
    assert WorkItem.objects.get(pk=ambiguous.pk).customer is None


def test_nobody_online_means_the_chat_is_closed(queue, agent):
    assert codes_of(lambda: start_chat(queue)) == "chat_closed"
    assert not Conversation.objects.exists()


def test_an_agent_whose_heartbeat_lapsed_does_not_count_as_online(queue, agent, settings):
    from django.utils import timezone

    go_online(
        agent, seen=timezone.now() - timezone.timedelta(seconds=settings.CHAT_PRESENCE_TTL + 1)
    )

    assert codes_of(lambda: start_chat(queue)) == "chat_closed"


def test_a_contact_must_be_a_phone_number_or_an_email_address(queue, agent_online):
    assert codes_of(lambda: start_chat(queue, contact="call me maybe")) == "invalid_contact"
    assert not WorkItem.objects.exists()


# --- accept ------------------------------------------------------------------------------------


def test_a_member_accepts_a_waiting_chat(waiting_chat, agent):
    services.conversation_accept(conversation_id=waiting_chat.pk, user=agent)

    chat = fresh(waiting_chat)
    assert chat.state == State.ACTIVE and chat.accepted_at is not None
    assert chat.item.assignee == agent and chat.item.status == Status.OPEN
    assert chat.item.events.filter(verb=EventVerb.TAKEN).exists()


def test_a_chat_someone_else_accepted_cannot_be_accepted(active_chat, agent2):
    code = codes_of(
        lambda: services.conversation_accept(conversation_id=active_chat.pk, user=agent2)
    )
    assert code == "already_accepted"


def test_a_chat_offered_to_a_colleague_cannot_be_snatched(waiting_chat, agent, agent2):
    WorkItem.objects.filter(pk=waiting_chat.pk).update(assignee=agent, status="open")

    code = codes_of(
        lambda: services.conversation_accept(conversation_id=waiting_chat.pk, user=agent2)
    )

    assert code == "already_assigned"


def test_accepting_beyond_the_chat_capacity_is_refused(queue, agent_online, settings):
    settings.CHAT_MAX_CONCURRENT = 1
    go_online(agent_online, capacity=1)
    first, second = start_chat(queue), start_chat(queue)
    services.conversation_accept(conversation_id=first.pk, user=agent_online)

    code = codes_of(
        lambda: services.conversation_accept(conversation_id=second.pk, user=agent_online)
    )

    assert code == "over_chat_capacity"
    assert fresh(second).state == State.WAITING and fresh(second).item.assignee is None


def test_an_outsider_cannot_see_let_alone_accept_a_chat(waiting_chat, outsider):
    code = codes_of(
        lambda: services.conversation_accept(conversation_id=waiting_chat.pk, user=outsider)
    )
    assert code == "not_found"


# --- transfer ----------------------------------------------------------------------------------


def test_a_transfer_needs_a_note(active_chat, agent, agent2):
    go_online(agent2)
    code = codes_of(
        lambda: services.conversation_transfer(
            conversation_id=active_chat.pk, actor=agent, note=" ", to_user=agent2
        )
    )
    assert code == "note_required"
    assert fresh(active_chat).item.assignee == agent


def test_the_holder_hands_the_chat_to_an_online_colleague_as_an_offer(active_chat, agent, agent2):
    go_online(agent2)

    services.conversation_transfer(
        conversation_id=active_chat.pk, actor=agent, note="Billing question", to_user=agent2
    )

    chat = fresh(active_chat)
    assert chat.item.assignee == agent2
    assert chat.state == State.WAITING and chat.offered_at is not None
    note = ChatMessage.objects.get(conversation=chat)
    assert (note.sender, note.internal, note.body) == (Party.SYSTEM, True, "Billing question")
    event = chat.item.events.get(verb=EventVerb.ASSIGNED)
    assert (event.actor, event.reason, event.data["from"]) == (agent, "Billing question", agent.pk)


def test_a_transfer_to_a_colleague_who_is_not_online_is_refused(active_chat, agent, agent2):
    code = codes_of(
        lambda: services.conversation_transfer(
            conversation_id=active_chat.pk, actor=agent, note="Over to you", to_user=agent2
        )
    )
    assert code == "agent_offline"


def test_a_transfer_to_another_queue_leaves_it_waiting_there(active_chat, agent, other_queue):
    services.conversation_transfer(
        conversation_id=active_chat.pk, actor=agent, note="Wrong desk", to_queue=other_queue
    )

    chat = fresh(active_chat)
    assert (chat.item.queue, chat.item.assignee, chat.state) == (other_queue, None, State.WAITING)
    assert chat.item.events.get(verb=EventVerb.TRANSFERRED).reason == "Wrong desk"


def test_only_the_holder_or_a_lead_may_transfer(active_chat, agent2, supervisor, other_queue):
    code = codes_of(
        lambda: services.conversation_transfer(
            conversation_id=active_chat.pk, actor=agent2, note="Mine now", to_queue=other_queue
        )
    )
    services.conversation_transfer(
        conversation_id=active_chat.pk, actor=supervisor, note="Rebalancing", to_queue=other_queue
    )

    assert code == "permission_denied"
    assert fresh(active_chat).item.queue == other_queue


# --- end, rate ---------------------------------------------------------------------------------


def test_ending_a_chat_closes_its_work_item(active_chat, agent):
    services.conversation_end(conversation_id=active_chat.pk, actor=agent)

    chat = fresh(active_chat)
    assert (chat.state, chat.ended_by) == (State.ENDED, Party.AGENT)
    assert chat.item.status == Status.CLOSED and chat.item.closed_at is not None
    again = codes_of(lambda: services.conversation_end(conversation_id=chat.pk, actor=agent))
    assert again == "conversation_ended"


def test_a_colleague_who_does_not_hold_it_cannot_end_it(active_chat, agent2):
    code = codes_of(lambda: services.conversation_end(conversation_id=active_chat.pk, actor=agent2))
    assert code == "permission_denied"
    assert fresh(active_chat).state == State.ACTIVE


def test_the_visitor_may_end_a_chat_that_is_still_waiting(waiting_chat):
    services.conversation_end(conversation_id=waiting_chat.pk, by=Party.VISITOR)

    assert fresh(waiting_chat).ended_by == Party.VISITOR


def test_a_chat_is_rated_once_and_only_after_it_ended(active_chat, agent):
    early = codes_of(lambda: services.conversation_rate(conversation_id=active_chat.pk, score=5))
    services.conversation_end(conversation_id=active_chat.pk, actor=agent)
    services.conversation_rate(conversation_id=active_chat.pk, score=4, comment=" Quick ")
    twice = codes_of(lambda: services.conversation_rate(conversation_id=active_chat.pk, score=1))

    chat = fresh(active_chat)
    assert (early, twice) == ("conversation_not_ended", "already_rated")
    assert (chat.rating_score, chat.rating_comment) == (4, "Quick")


# --- convert -----------------------------------------------------------------------------------


def test_converting_makes_a_linked_ticket_with_the_transcript_without_internal_notes(
    active_chat, agent
):
    from tests.chat.test_messaging import agent_says, visitor_says

    visitor_says(active_chat, "My top-up of 50 failed")
    agent_says(active_chat, agent, "Checking the supplier", internal=True)
    agent_says(active_chat, agent, "I will open a ticket for you")

    ticket_item = services.conversation_convert(conversation_id=active_chat.pk, actor=agent)

    ticket = Ticket.objects.get(item=ticket_item)
    body = ticket.messages.get().body
    assert "Li Lei: My top-up of 50 failed" in body
    assert "I will open a ticket for you" in body
    assert "Checking the supplier" not in body
    assert (ticket.channel, ticket_item.queue_id) == ("chat", active_chat.item.queue_id)
    assert WorkItemLink.objects.filter(source_id=active_chat.pk, target=ticket_item).exists()
    again = codes_of(
        lambda: services.conversation_convert(conversation_id=active_chat.pk, actor=agent)
    )
    assert again == "already_converted"


def test_a_colleague_who_does_not_hold_it_cannot_convert_it(active_chat, agent2):
    code = codes_of(
        lambda: services.conversation_convert(conversation_id=active_chat.pk, actor=agent2)
    )
    assert code == "permission_denied"
    assert not Ticket.objects.exists()


# --- join, take over -------------------------------------------------------------------------


def test_a_supervisor_joins_and_may_write_without_taking_the_chat(active_chat, agent, supervisor):
    from tests.chat.test_messaging import agent_says

    services.conversation_join(conversation_id=active_chat.pk, actor=supervisor)
    message, _ = agent_says(active_chat, supervisor, "Supervisor here", internal=True)

    chat = fresh(active_chat)
    assert list(chat.watchers.all()) == [supervisor]
    assert chat.item.assignee == agent
    assert message.seq == 1


def test_agents_cannot_join_or_take_over(active_chat, agent2):
    join = codes_of(
        lambda: services.conversation_join(conversation_id=active_chat.pk, actor=agent2)
    )
    take = codes_of(
        lambda: services.conversation_takeover(conversation_id=active_chat.pk, actor=agent2)
    )
    assert (join, take) == ("permission_denied", "permission_denied")


def test_a_supervisor_takes_the_chat_over(active_chat, agent, supervisor):
    services.conversation_join(conversation_id=active_chat.pk, actor=supervisor)

    services.conversation_takeover(conversation_id=active_chat.pk, actor=supervisor)

    chat = fresh(active_chat)
    assert chat.item.assignee == supervisor and chat.state == State.ACTIVE
    assert list(chat.watchers.all()) == []
    assert chat.item.events.filter(verb=EventVerb.ASSIGNED, data__to=supervisor.pk).exists()


# --- offline messages ----------------------------------------------------------------------------


def test_an_offline_message_becomes_a_ticket_in_the_queue(queue):
    contact = ContactFactory(kind="email", value="li@example.test")

    ticket = services.offline_message_create(
        queue=queue, name="Li Lei", contact="LI@example.test", topic="", message="Call me back"
    )

    assert ticket.item.queue == queue and ticket.item.kind == Kind.TICKET
    assert ticket.item.customer == contact.customer
    assert ticket.item.subject == "Message from Li Lei"
    assert ticket.requester_email == "li@example.test"
    assert ticket.messages.get().body.startswith("Call me back")


def test_a_chat_in_a_queue_of_its_own_is_invisible_to_other_queues(agent):
    other = QueueFactory()
    colleague = UserFactory(roles=["agent"])
    MembershipFactory(queue=other, user=colleague)
    go_online(colleague)
    chat = start_chat(other)

    code = codes_of(lambda: services.conversation_accept(conversation_id=chat.pk, user=agent))
    assert code == "not_found"


@pytest.mark.django_db(transaction=True)
def test_two_agents_accepting_at_once_get_one_chat_holder(waiting_chat, agent, agent2):
    from tests.concurrency import require_postgresql, run_concurrently

    require_postgresql()
    go_online(agent2)

    results, errors = run_concurrently(
        lambda user: services.conversation_accept(conversation_id=waiting_chat.pk, user=user),
        [(agent,), (agent2,)],
    )

    assert len(results) == 1
    assert [e.code for e in errors] == ["already_accepted"]
    chat = fresh(waiting_chat)
    assert chat.state == State.ACTIVE and chat.item.assignee is not None
    assert chat.item.events.filter(verb=EventVerb.TAKEN).count() == 1
