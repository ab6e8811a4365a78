"""SLA in the browser: the agent's inbox counts down to the ticket's first-response target; the
SLA scan (run here with a ``now`` in the future) breaches it and escalates along the default
chain; the supervisor sees the escalation reach them live on /escalations, acknowledges it, and
the chain stops there. Then a manual escalation: the agent escalates from the ticket page and the
supervisor answers it from the escalation inbox.

The scan publishes through the same Redis as the browser's server, so its events ring the
browser's websocket. It runs in another thread: Playwright's sync API runs an event loop in this
one, and the realtime doorbell refuses to ring from inside a loop.
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from helpdesk.queues import services as queues
from helpdesk.queues.models import WorkItem
from helpdesk.sla.escalation import scan_and_act
from helpdesk.sla.models import (
    BusinessCalendar,
    ClockKind,
    Escalation,
    EscalationRun,
    EscalationState,
    EscalationStep,
    QueueCalendar,
    RunState,
    SlaClock,
    SlaPolicy,
)
from helpdesk.tickets import services as tickets
from tests.e2e.helpers import in_thread, sign_in
from tests.factories import MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk():
    support = QueueFactory(name="Support", slug="support")
    agent = UserFactory(username="alice", display_name="Alice Agent", roles=["agent"])
    lead = UserFactory(username="sam", display_name="Sam Supervisor", roles=["supervisor"])
    boss = UserFactory(username="mia", display_name="Mia Manager", roles=["manager"])
    MembershipFactory(queue=support, user=agent)
    MembershipFactory(queue=support, user=lead, role="supervisor", accepts_routing=False)
    MembershipFactory(queue=support, user=boss, role="manager", accepts_routing=False)
    # First response within 60 minutes; no calendar: the queue runs around the clock. The
    # default chain: the assignee at the breach, the supervisor on duty 30 minutes later (no
    # roster: the queue's supervisors), the managers 30 minutes after that.
    SlaPolicy.objects.create(queue=support, first_response_minutes=60)
    return {"support": support, "agent": agent, "lead": lead, "boss": boss}


def _assigned_ticket(desk, subject: str) -> WorkItem:
    def create():
        ticket = tickets.ticket_create(
            actor=desk["lead"],
            queue_id=desk["support"].pk,
            subject=subject,
            body="The top-up of 50 yuan has not arrived.",
            channel="web",
        )
        queues.workitem_assign(item_id=ticket.pk, assignee=desk["agent"], actor=desk["lead"])
        return ticket.pk

    return WorkItem.objects.get(pk=in_thread(create))


def _scan(now):
    return in_thread(lambda: scan_and_act(now=now))


@pytest.fixture
def lead_page(browser: Browser, browser_context_args):
    """A second browser window, for the supervisor, beside the agent's ``page``."""
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


def test_a_breach_escalates_live_to_the_supervisor_who_acknowledges_it_and_the_chain_stops(
    page: Page, lead_page: Page, desk, screenshot
):
    item = _assigned_ticket(desk, "Top-up not received")
    clock = SlaClock.objects.get(item=item, kind=ClockKind.FIRST_RESPONSE)
    due = clock.due_at
    assert item.due_at == due

    # The agent's inbox counts down to the first-response target.
    sign_in(page, "alice")
    badge = page.get_by_test_id(f"sla-badge-{item.pk}")
    expect(badge).to_have_text(re.compile(r"^\d+ min left$"))
    expect(badge).to_have_attribute("data-sla", "normal")
    shots = screenshot("sla-inbox").parent

    # The supervisor watches the automatic escalations (no reload from here on).
    sign_in(lead_page, "sam")
    lead_page.goto("/escalations?tab=automatic")
    expect(lead_page.get_by_test_id("live-indicator")).to_have_attribute("data-connected", "true")
    expect(lead_page.get_by_test_id("escalation-runs")).to_contain_text("No automatic escalations")
    lead_page.evaluate("window.__notReloaded = true")

    # Half an hour past due: warned, breached, and the chain's first level (the assignee) told.
    first = _scan(due + timedelta(minutes=30))
    assert first == {"warned": 1, "breached": 1, "steps": 1}
    run = EscalationRun.objects.get(item=item)
    row = lead_page.get_by_test_id(f"run-row-{run.pk}")
    expect(row).to_be_visible(timeout=10_000)
    expect(row.get_by_test_id(f"run-step-{run.pk}-0")).to_contain_text(
        "The assignee: told Alice Agent"
    )
    expect(row).not_to_contain_text("Reached you")

    # Thirty-one minutes later the next level reaches the queue's supervisor: live.
    second = _scan(due + timedelta(minutes=61))
    assert second["steps"] == 1
    expect(row.get_by_test_id(f"run-step-{run.pk}-1")).to_contain_text(
        "The supervisor on duty: told Sam Supervisor", timeout=10_000
    )
    expect(row).to_contain_text("Reached you")
    expect(lead_page.get_by_test_id("nav-escalations-count")).to_have_text("1")
    assert lead_page.evaluate("window.__notReloaded") is True
    lead_page.screenshot(path=str(shots / "sla-escalations.png"), full_page=True)

    # Acknowledging stops the chain: a much later scan runs no further level.
    row.get_by_test_id(f"run-ack-{run.pk}").click()
    expect(
        lead_page.get_by_text(f"{item.reference} acknowledged: the escalation stops.")
    ).to_be_visible()
    run.refresh_from_db()
    assert (run.state, run.acknowledged_by) == (RunState.ACKNOWLEDGED, desk["lead"])
    later = _scan(due + timedelta(hours=10))
    assert later["steps"] == 0
    assert EscalationStep.objects.filter(run=run).count() == 2

    # The agent's ticket page shows the clock and the escalation with its steps.
    page.goto(f"/tickets/{item.pk}")
    panel = page.get_by_test_id("sla-panel")
    expect(panel.get_by_test_id(f"sla-clock-{clock.pk}")).to_contain_text("First response")
    expect(panel.get_by_test_id(f"sla-run-{run.pk}")).to_contain_text("Acknowledged")
    expect(panel.get_by_test_id(f"sla-run-{run.pk}")).to_contain_text("told Sam Supervisor")
    expect(page.get_by_test_id("ticket-sla")).to_have_text(re.compile(r"min left$"))


def test_an_agent_escalates_and_the_supervisor_sends_it_back_live(
    page: Page, lead_page: Page, desk, screenshot
):
    item = _assigned_ticket(desk, "Refund above my limit")

    sign_in(lead_page, "sam")
    lead_page.goto("/escalations")
    expect(lead_page.get_by_test_id("live-indicator")).to_have_attribute("data-connected", "true")
    expect(lead_page.get_by_test_id("escalations-to-me")).to_contain_text("Nothing escalated")

    sign_in(page, "alice")
    page.goto(f"/tickets/{item.pk}")
    page.get_by_test_id("ticket-escalate").click()
    page.get_by_test_id("escalate-reason").fill("The customer asks for a refund above my limit.")
    page.get_by_test_id("escalate-ask").fill("May I refund 800 yuan?")
    page.get_by_test_id("escalate-submit").click()
    expect(page.get_by_text("Escalated to Sam Supervisor.")).to_be_visible()
    escalation = Escalation.objects.get(item=item)
    assert (escalation.to_user, escalation.raised_by) == (desk["lead"], desk["agent"])
    expect(page.get_by_test_id(f"sla-escalation-{escalation.pk}")).to_contain_text("Waiting")

    # It reaches the supervisor's inbox without a reload; they send it back with a note.
    row = lead_page.get_by_test_id(f"escalation-row-{escalation.pk}")
    expect(row).to_contain_text("May I refund 800 yuan?", timeout=10_000)
    expect(lead_page.get_by_test_id("nav-escalations-count")).to_have_text("1")
    lead_page.screenshot(
        path=str(screenshot("sla-ticket-escalated").parent / "sla-escalated-to-me.png"),
        full_page=True,
    )
    row.get_by_test_id(f"escalation-send-back-{escalation.pk}").click()
    lead_page.get_by_test_id("answer-note").fill("Up to 500 yuan is yours to decide; offer that.")
    lead_page.get_by_test_id("answer-submit").click()
    expect(lead_page.get_by_text(f"{item.reference} sent back.")).to_be_visible()
    expect(row).to_have_count(0)

    escalation.refresh_from_db()
    assert escalation.state == EscalationState.DEESCALATED
    # The agent's ticket page follows: the escalation shows as sent back, with the note.
    entry = page.get_by_test_id(f"sla-escalation-{escalation.pk}")
    expect(entry).to_contain_text("Sent back", timeout=10_000)
    expect(entry).to_contain_text("offer that")


def test_a_manager_sets_a_calendar_with_a_lunch_break_and_a_holiday_for_the_queue(
    page: Page, desk, screenshot
):
    sign_in(page, "mia")
    page.get_by_role("navigation").get_by_text("SLA").click()
    expect(page).to_have_url(re.compile(r"/sla$"))
    expect(
        page.get_by_test_id(f"policy-row-{desk['support'].sla_policies.get().pk}")
    ).to_contain_text("Support")

    # A calendar: weekdays 09:00–12:00 and 13:00–18:00.
    page.get_by_role("tab", name="Business calendars").click()
    page.get_by_test_id("calendar-new").click()
    page.get_by_test_id("calendar-name").fill("Shanghai office")
    for day in range(5):
        page.get_by_test_id(f"calendar-end-{day}-0").fill("12:00")
        page.get_by_test_id(f"calendar-add-{day}").click()
        page.get_by_test_id(f"calendar-start-{day}-1").fill("13:00")
        page.get_by_test_id(f"calendar-end-{day}-1").fill("18:00")
    screenshot("sla-calendar-editor")
    page.get_by_test_id("calendar-save").click()
    expect(page.get_by_text("Calendar Shanghai office saved.")).to_be_visible()
    calendar = BusinessCalendar.objects.get(name="Shanghai office")
    assert sorted(calendar.hours.values_list("weekday", "start_minute", "end_minute"))[:2] == [
        (0, 540, 720),
        (0, 780, 1080),
    ]
    row = page.get_by_test_id(f"calendar-row-{calendar.pk}")
    expect(row).to_contain_text("Mon 09:00–12:00, 13:00–18:00")

    # A holiday entered by hand.
    page.get_by_test_id(f"calendar-days-{calendar.pk}").click()
    day = page.get_by_test_id("day-date")
    day.click()
    day.fill("2026-12-31")
    day.press("Tab")  # Enter would submit the form
    page.get_by_test_id("day-name").fill("Year-end closing")
    page.get_by_test_id("day-submit").click()
    drawer = page.get_by_test_id("days-drawer")
    expect(drawer).to_contain_text("Year-end closing")
    assert calendar.special_days.get().name == "Year-end closing"
    page.keyboard.press("Escape")

    # The queue runs on it from now on.
    page.get_by_role("tab", name="Queue calendars").click()
    page.get_by_test_id(f"queue-calendar-{desk['support'].pk}").click()
    page.locator(".ant-select-item-option", has_text="Shanghai office").click()
    expect(page.get_by_text("Support now runs on Shanghai office.")).to_be_visible()
    assert QueueCalendar.objects.get(queue=desk["support"]).calendar == calendar
    screenshot("sla-queue-calendars")
