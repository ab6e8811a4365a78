"""SLA clocks on tickets, with a frozen clock: business hours, pauses, responses, targets."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from helpdesk.queues.models import WorkItem
from helpdesk.sla.models import (
    BusinessCalendar,
    BusinessHours,
    QueueCalendar,
    SlaClock,
    SlaPolicy,
    SpecialDay,
)
from helpdesk.tickets import services as tickets

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def office(queue):
    """Monday to Friday 09:00–18:00 in Shanghai; 1 January a holiday."""
    calendar = BusinessCalendar.objects.create(name="Office", time_zone="Asia/Shanghai")
    for weekday in range(5):
        BusinessHours.objects.create(
            calendar=calendar, weekday=weekday, start_minute=9 * 60, end_minute=18 * 60
        )
    SpecialDay.objects.create(calendar=calendar, day=datetime(2027, 1, 1).date(), kind="closed")
    QueueCalendar.objects.create(queue=queue, calendar=calendar)
    return calendar


@pytest.fixture
def policy(queue, office):
    return SlaPolicy.objects.create(
        queue=queue,
        first_response_minutes=60,
        next_response_minutes=120,
        resolution_minutes=8 * 60,
        warn_percent=80,
    )


def open_ticket(agent, queue, when, **kwargs):
    with time_machine.travel(when, tick=False):
        ticket = tickets.ticket_create(
            actor=agent,
            queue_id=queue.pk,
            subject="Top-up missing",
            body="Paid, no credit.",
            **kwargs,
        )
    return WorkItem.objects.get(pk=ticket.item_id)


def clocks(item):
    return {c.kind: c for c in SlaClock.objects.filter(item=item)}


def test_a_ticket_opened_on_friday_evening_is_due_on_monday(agent, queue, policy):
    item = open_ticket(agent, queue, at(2026, 12, 4, 17, 30))

    assert item.first_response_due == at(2026, 12, 7, 9, 30)  # 30 min Friday + 30 min Monday
    assert item.resolution_due == at(2026, 12, 7, 16, 30)  # 8 business hours
    assert item.due_at == item.first_response_due
    first = clocks(item)["first_response"]
    assert first.warn_at == at(2026, 12, 7, 9, 18)  # 80 % of an hour: 48 minutes


def test_an_internal_note_is_not_a_response_and_a_public_reply_is(agent, queue, policy):
    item = open_ticket(agent, queue, at(2026, 12, 7, 9, 0))
    with time_machine.travel(at(2026, 12, 7, 9, 20), tick=False):
        tickets.ticket_note(ticket_id=item.pk, actor=agent, body="Checking the supplier.")
    assert clocks(item)["first_response"].state == "running"

    with time_machine.travel(at(2026, 12, 7, 9, 40), tick=False):
        tickets.ticket_reply(ticket_id=item.pk, actor=agent, body="We are on it.")
    first = clocks(item)["first_response"]
    assert (first.state, first.used_seconds) == ("met", 40 * 60)
    item.refresh_from_db()
    assert item.first_response_due is None and item.due_at == item.resolution_due


def test_a_late_reply_is_recorded_as_breached(agent, queue, policy):
    item = open_ticket(agent, queue, at(2026, 12, 7, 9, 0))
    with time_machine.travel(at(2026, 12, 7, 11, 0), tick=False):
        tickets.ticket_reply(ticket_id=item.pk, actor=agent, body="Sorry for the wait.")
    first = clocks(item)["first_response"]
    assert first.state == "breached" and first.breached_at == at(2026, 12, 7, 10, 0)


def test_waiting_on_the_customer_pauses_the_clocks(agent, queue, policy):
    item = open_ticket(agent, queue, at(2026, 12, 7, 9, 0))
    with time_machine.travel(at(2026, 12, 7, 10, 0), tick=False):
        tickets.ticket_reply(ticket_id=item.pk, actor=agent, body="Which number?", status="pending")
    item.refresh_from_db()
    assert item.resolution_due is None and item.due_at is None
    resolution = clocks(item)["resolution"]
    assert (resolution.state, resolution.used_seconds) == ("paused", 3600)

    # The customer answers the next morning: the clock resumes with 7 business hours left,
    # and the customer's message starts the next-response clock (2 hours).
    with time_machine.travel(at(2026, 12, 8, 9, 30), tick=False):
        tickets.ticket_customer_message(ticket_id=item.pk, actor=agent, body="138 0000 0000")
    item.refresh_from_db()
    assert item.resolution_due == at(2026, 12, 8, 16, 30)
    assert item.next_response_due == at(2026, 12, 8, 11, 30)
    assert item.due_at == item.next_response_due


def test_resolving_stops_the_resolution_clock_and_cancels_the_rest(agent, queue, policy):
    item = open_ticket(agent, queue, at(2026, 12, 7, 9, 0))
    with time_machine.travel(at(2026, 12, 7, 9, 30), tick=False):
        tickets.ticket_reply(ticket_id=item.pk, actor=agent, body="Done.", status="resolved")
    states = {kind: c.state for kind, c in clocks(item).items()}
    assert states == {"first_response": "met", "resolution": "met"}
    item.refresh_from_db()
    assert item.due_at is None


def test_a_more_specific_policy_applies_and_a_new_priority_retargets(agent, queue, policy):
    SlaPolicy.objects.create(queue=queue, priority=4, first_response_minutes=15)
    item = open_ticket(agent, queue, at(2026, 12, 7, 9, 0))
    assert item.first_response_due == at(2026, 12, 7, 10, 0)

    from helpdesk.queues.services import workitem_update

    with time_machine.travel(at(2026, 12, 7, 9, 5), tick=False):
        workitem_update(item_id=item.pk, actor=agent, priority=4)
    item.refresh_from_db()
    # Urgent: 15 minutes from the start (5 already used); the urgent policy has no resolution
    # target, so that clock is cancelled.
    assert item.first_response_due == at(2026, 12, 7, 9, 15)
    assert item.resolution_due is None
    assert clocks(item)["resolution"].state == "cancelled"


def test_a_queue_without_a_policy_runs_no_clock(agent, queue):
    item = open_ticket(agent, queue, at(2026, 12, 7, 9, 0))
    assert not SlaClock.objects.filter(item=item).exists()
    assert item.due_at is None


def test_holidays_are_skipped(agent, queue, policy):
    item = open_ticket(agent, queue, at(2026, 12, 31, 17, 30))
    assert item.first_response_due == at(2027, 1, 4, 9, 30)  # 1 Jan closed, then the weekend


def test_across_the_autumn_change_in_berlin_a_resolution_target_lasts_its_business_hours(
    agent, queue
):
    berlin = ZoneInfo("Europe/Berlin")
    calendar = BusinessCalendar.objects.create(name="Berlin", time_zone="Europe/Berlin")
    for weekday in range(7):  # every day, 08:00–20:00 local
        BusinessHours.objects.create(
            calendar=calendar, weekday=weekday, start_minute=8 * 60, end_minute=20 * 60
        )
    QueueCalendar.objects.create(queue=queue, calendar=calendar)
    SlaPolicy.objects.create(queue=queue, resolution_minutes=24 * 60)
    # Saturday 24 October 2026, 14:00 CEST; clocks go back at 03:00 on Sunday the 25th.
    item = open_ticket(agent, queue, datetime(2026, 10, 24, 14, 0, tzinfo=berlin))
    # 6 h on Saturday, 12 h on Sunday (unaffected: the change is at night), 6 h on Monday.
    assert item.resolution_due == datetime(2026, 10, 26, 14, 0, tzinfo=berlin)
