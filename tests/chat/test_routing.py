"""Routing chats: only to agents online now and under their chat capacity; offers nobody
accepts go back to the queue and to someone else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chat import offers, presence, services
from chat.models import AgentPresence, PresenceStatus, State
from helpdesk.queues.models import EventVerb, RoutingMode, Status, WorkItem
from tests.chat.conftest import fresh, go_online, start_chat
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def started(queue, capture, **kwargs):
    """Start a chat and run what follows the commit (the core's routing task, eager in tests)."""
    with capture(execute=True):
        chat = start_chat(queue, **kwargs)
    return fresh(chat)


def test_a_new_chat_goes_straight_to_an_online_agent(
    routed_queue, agent, agent2, django_capture_on_commit_callbacks
):
    go_online(agent2)

    chat = started(routed_queue, django_capture_on_commit_callbacks)

    assert chat.item.assignee == agent2  # agent is not online
    assert chat.state == State.WAITING  # offered, not yet answered
    assert chat.offered_at == chat.item.assigned_at
    assert chat.item.events.filter(verb=EventVerb.ROUTED, data__to=agent2.pk).exists()


def test_away_agents_and_stale_heartbeats_get_no_chats(
    routed_queue, agent, agent2, django_capture_on_commit_callbacks, settings
):
    go_online(agent, seen=timezone.now() - timedelta(seconds=settings.CHAT_PRESENCE_TTL + 5))
    away = go_online(agent2)
    away.status = PresenceStatus.AWAY
    away.save()
    helper = UserFactory(roles=["agent"])
    MembershipFactory(queue=routed_queue, user=helper)
    go_online(helper)  # keeps the queue open

    chats = [started(routed_queue, django_capture_on_commit_callbacks) for _ in range(2)]

    assert {c.item.assignee for c in chats} == {helper}


def test_an_agent_at_chat_capacity_gets_no_more_chats(
    routed_queue, agent, django_capture_on_commit_callbacks
):
    go_online(agent, capacity=2)

    chats = [started(routed_queue, django_capture_on_commit_callbacks) for _ in range(3)]

    assert [c.item.assignee for c in chats] == [agent, agent, None]
    assert chats[2].state == State.WAITING


def test_tickets_are_not_filtered_by_chat_presence(
    routed_queue, agent, django_capture_on_commit_callbacks
):
    from helpdesk.queues.services import workitem_create

    with django_capture_on_commit_callbacks(execute=True):
        item = workitem_create(kind="ticket", queue=routed_queue, subject="By email")

    assert WorkItem.objects.get(pk=item.pk).assignee == agent  # offline for chat, fine for tickets


def test_a_manual_queue_leaves_chats_for_agents_to_accept(
    queue, agent, django_capture_on_commit_callbacks
):
    go_online(agent)

    chat = started(queue, django_capture_on_commit_callbacks)

    assert chat.item.assignee is None


def test_coming_online_routes_the_chats_that_were_waiting(
    routed_queue, agent, agent2, django_capture_on_commit_callbacks
):
    go_online(agent2, capacity=1)
    first = started(routed_queue, django_capture_on_commit_callbacks)
    second = started(routed_queue, django_capture_on_commit_callbacks)
    assert fresh(second).item.assignee is None

    with django_capture_on_commit_callbacks(execute=True):
        presence.presence_set(user=agent, status=PresenceStatus.ONLINE)

    assert fresh(first).item.assignee == agent2
    assert fresh(second).item.assignee == agent


def test_an_offer_nobody_answers_goes_to_someone_else(
    routed_queue, agent, agent2, django_capture_on_commit_callbacks, settings
):
    # Least-loaded would give it straight back to the first agent (both hold nothing then).
    routed_queue.routing_mode = RoutingMode.LEAST_LOADED
    routed_queue.save()
    go_online(agent)
    go_online(agent2)
    chat = started(routed_queue, django_capture_on_commit_callbacks)
    first = chat.item.assignee
    late = timezone.now() - timedelta(seconds=settings.CHAT_OFFER_SECONDS + 1)
    WorkItem.objects.filter(pk=chat.pk).update(assigned_at=late)

    with django_capture_on_commit_callbacks(execute=True):
        assert offers.reoffer_stale() == 1

    chat = fresh(chat)
    assert first == agent
    assert chat.item.assignee == agent2
    assert chat.state == State.WAITING
    released = chat.item.events.get(verb=EventVerb.RELEASED)
    assert released.actor is None
    assert released.data == {"from": first.pk, "to": None, "cause": "offer_expired"}
    assert "60 seconds" in released.reason


def test_a_lone_agent_who_let_an_offer_lapse_is_offered_it_again(
    routed_queue, agent, django_capture_on_commit_callbacks, settings
):
    go_online(agent)
    chat = started(routed_queue, django_capture_on_commit_callbacks)
    late = timezone.now() - timedelta(seconds=settings.CHAT_OFFER_SECONDS + 1)
    WorkItem.objects.filter(pk=chat.pk).update(assigned_at=late)

    with django_capture_on_commit_callbacks(execute=True):
        offers.reoffer_stale()

    chat = fresh(chat)
    assert chat.item.assignee == agent
    assert chat.item.assigned_at > late


def test_fresh_offers_and_accepted_chats_are_left_alone(
    routed_queue, agent, django_capture_on_commit_callbacks, settings
):
    go_online(agent)
    offered = started(routed_queue, django_capture_on_commit_callbacks)
    accepted = started(routed_queue, django_capture_on_commit_callbacks)
    services.conversation_accept(conversation_id=accepted.pk, user=agent)
    late = timezone.now() - timedelta(seconds=settings.CHAT_OFFER_SECONDS + 1)
    WorkItem.objects.filter(pk=accepted.pk).update(assigned_at=late)

    assert offers.reoffer_stale() == 0
    assert fresh(offered).item.assignee == agent
    assert fresh(accepted).item.status == Status.OPEN


def test_the_re_offer_sweep_is_scheduled_by_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["chat-reoffer-stale"]
    assert entry["task"] == "chat.tasks.reoffer_stale"
    from chat.tasks import reoffer_stale

    assert reoffer_stale.name == entry["task"]


# --- an agent whose browser is gone ------------------------------------------------------------


def silent_for(user, seconds):
    AgentPresence.objects.filter(user=user).update(
        last_seen=timezone.now() - timedelta(seconds=seconds)
    )


def test_an_active_chat_whose_agent_stopped_sending_heartbeats_goes_to_someone_else(
    routed_queue, agent, agent2, django_capture_on_commit_callbacks, settings
):
    go_online(agent)
    chat = started(routed_queue, django_capture_on_commit_callbacks)
    services.conversation_accept(conversation_id=chat.pk, user=agent)
    go_online(agent2)
    silent_for(agent, settings.CHAT_AGENT_GONE_SECONDS + 1)

    with django_capture_on_commit_callbacks(execute=True):
        assert offers.release_abandoned() == 1

    chat = fresh(chat)
    assert chat.item.assignee == agent2  # offered to the colleague who is online
    assert chat.state == State.WAITING
    released = chat.item.events.get(verb=EventVerb.RELEASED)
    assert released.actor is None
    assert released.data == {"from": agent.pk, "to": None, "cause": "agent_gone"}
    assert agent.name in released.reason


def test_agents_who_still_send_heartbeats_keep_their_chats_even_when_away(
    routed_queue, agent, django_capture_on_commit_callbacks, settings
):
    go_online(agent)
    chat = started(routed_queue, django_capture_on_commit_callbacks)
    services.conversation_accept(conversation_id=chat.pk, user=agent)
    presence.presence_set(user=agent, status=PresenceStatus.AWAY)
    silent_for(agent, settings.CHAT_AGENT_GONE_SECONDS - 30)

    assert offers.release_abandoned() == 0
    chat = fresh(chat)
    assert (chat.item.assignee, chat.state) == (agent, State.ACTIVE)


def test_the_sweep_task_also_releases_abandoned_chats(
    routed_queue, agent, django_capture_on_commit_callbacks, settings
):
    from chat.tasks import reoffer_stale

    go_online(agent)
    chat = started(routed_queue, django_capture_on_commit_callbacks)
    services.conversation_accept(conversation_id=chat.pk, user=agent)
    silent_for(agent, settings.CHAT_AGENT_GONE_SECONDS + 1)

    assert reoffer_stale() == 1
    assert fresh(chat).item.assignee is None  # nobody else is online: it waits in the queue


# --- rosters -------------------------------------------------------------------------------------


def test_once_a_roster_covers_the_queue_chats_go_only_to_people_on_shift(
    routed_queue, agent, agent2, django_capture_on_commit_callbacks, settings
):
    from datetime import time

    from helpdesk.shifts.models import RosterPeriod, ShiftAssignment, ShiftType

    go_online(agent)
    go_online(agent2)
    today = timezone.localdate()
    all_day = ShiftType.objects.create(name="All day", code="A", start=time(0), minutes=16 * 60)
    late = ShiftType.objects.create(name="Late", code="L", start=time(16), minutes=8 * 60)
    period = RosterPeriod.objects.create(first_day=today, last_day=today, status="published")
    now = timezone.localtime()
    on, off = (all_day, late) if now.hour < 16 else (late, all_day)
    ShiftAssignment.objects.create(
        period=period, user=agent2, day=today, shift_type=on, queue=routed_queue
    )
    ShiftAssignment.objects.create(
        period=period, user=agent, day=today, shift_type=off, queue=routed_queue
    )

    assert presence.online_members(routed_queue.pk) == [agent2.pk]
    for _ in range(2):
        chat = started(routed_queue, django_capture_on_commit_callbacks)
        assert chat.item.assignee == agent2  # agent is online but not on shift

    # A draft roster changes nothing: with only drafts, online is enough again.
    period.status = "draft"
    period.save()
    assert sorted(presence.online_members(routed_queue.pk)) == sorted([agent.pk, agent2.pk])
