"""A supervisor plans a week in the browser: demand, a roster built by the solver, a day fixed by
hand, publishing; then on-duty (and so chat routing) follows the published roster."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from helpdesk.shifts import duty
from helpdesk.shifts.models import (
    BuildStatus,
    RosterBuild,
    RosterPeriod,
    RosterStatus,
    ShiftAssignment,
    ShiftType,
)
from helpdesk.shifts.services import local_zone
from tests.e2e.helpers import sign_in
from tests.factories import MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Two calls a half-hour from 09:00 to 17:00 on the busy day: Erlang C asks for two people.
BUSY_SLOTS = range(18, 34)
CONTACTS = [2 if slot in BUSY_SLOTS else 0 for slot in range(48)]


@pytest.fixture
def desk():
    support = QueueFactory(name="Support", slug="support")
    lead = UserFactory(username="sam", display_name="Sam Supervisor", roles=["supervisor"])
    alice = UserFactory(username="alice", display_name="Alice Agent", roles=["agent"])
    bob = UserFactory(username="bob", display_name="Bob Backup", roles=["agent"])
    MembershipFactory(queue=support, user=lead, role="supervisor")
    MembershipFactory(queue=support, user=alice)
    MembershipFactory(queue=support, user=bob)
    # An early shift and a day shift: any two in a row leave 11 hours' rest.
    early = ShiftType.objects.create(name="Early", code="E", start=time(7), minutes=480)
    day = ShiftType.objects.create(name="Day", code="D", start=time(9), minutes=480)
    return {"support": support, "lead": lead, "agents": [alice, bob], "E": early, "D": day}


def _first_day():
    """A Wednesday at least a week ahead: the roster's week is not a whole Monday–Sunday one,
    so no contract's weekly hours ask for shifts on the days without demand."""
    today = timezone.localdate(timezone=local_zone())
    return today + timedelta(days=7 + (2 - today.weekday()) % 7)


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=local_zone())


def test_a_supervisor_builds_fixes_and_publishes_a_roster_that_on_duty_follows(
    page: Page, desk, screenshot
):
    first = _first_day()
    busy = first + timedelta(days=1)
    queue = desk["support"]

    sign_in(page, "sam")

    # Demand for the busy day, entered on the Demand page.
    page.goto(f"/staffing/demand?queue={queue.pk}&kind=call&from={busy}&to={busy}")
    page.get_by_test_id(f"demand-edit-{busy}").click()
    page.get_by_test_id("demand-day-contacts").fill(" ".join(str(c) for c in CONTACTS))
    page.get_by_test_id("demand-day-save").click()
    expect(page.get_by_test_id(f"demand-row-{busy}")).to_contain_text("Entered")

    # A one-week roster for the queue the supervisor leads.
    page.get_by_role("navigation").get_by_text("Rosters").click()
    expect(page).to_have_url(re.compile(r"/shifts/rosters$"))
    queues = page.locator(".ant-form-item").filter(has=page.get_by_test_id("roster-form-queues"))
    expect(queues).to_contain_text("Support")  # the one queue the supervisor leads
    first_input = page.get_by_test_id("roster-form-first")
    first_input.click()
    first_input.fill(first.isoformat())
    first_input.press("Tab")  # Enter would submit the form
    page.get_by_test_id("roster-form-weeks").fill("1")
    summary = page.get_by_test_id("roster-form-summary")
    expect(summary).to_contain_text(
        f"{first.isoformat()} Wed to {first + timedelta(days=6)} Tue: 7 days"
    )
    page.get_by_test_id("roster-form-submit").click()
    expect(page).to_have_url(re.compile(r"/shifts/rosters/\d+$"))
    period = RosterPeriod.objects.get()
    assert (period.first_day, period.last_day) == (first, first + timedelta(days=6))
    assert list(period.queues.all()) == [queue]
    expect(page.get_by_test_id("roster-status")).to_have_attribute("data-status", "draft")

    # Build it: a short time limit (the test server runs the build inside the request).
    page.get_by_test_id("roster-build-limit").fill("5")
    page.get_by_test_id("roster-build").click()
    progress = page.get_by_test_id("roster-build-progress")
    expect(progress).to_have_attribute("data-status", "done", timeout=30_000)
    expect(progress).to_have_attribute("data-percent", "100")
    expect(page.get_by_test_id("roster-build-stats")).to_contain_text(
        re.compile(r"\d+ rosters? found")
    )
    expect(page.get_by_test_id("roster-uncovered")).to_have_attribute("data-count", "0")
    build = RosterBuild.objects.get(period=period)
    assert (build.status, build.time_limit_seconds) == (BuildStatus.DONE, 5)

    # The supervisor and one agent cover the busy day; the other agent is free.
    on_busy = {a.user_id: a for a in ShiftAssignment.objects.filter(period=period, day=busy)}
    lead = desk["lead"]
    assert lead.pk in on_busy, on_busy
    code = on_busy[lead.pk].shift_type.code
    lead_cell = page.get_by_test_id(f"roster-cell-{lead.pk}-{busy}")
    expect(lead_cell).to_have_attribute("data-shift", code)
    free = next(a for a in desk["agents"] if a.pk not in on_busy)
    screenshot("roster-built")

    # The coverage heat map: the busy day's half-hours are met.
    page.get_by_role("tab", name="Coverage").click()
    expect(page.get_by_test_id(f"coverage-short-{queue.pk}")).to_have_text("All covered")
    expect(page.get_by_test_id(f"coverage-{queue.pk}-{busy}-20")).to_have_attribute(
        "title", re.compile(r"10:00: 2 needed, 2 on shift")
    )
    page.get_by_role("tab", name="Roster").click()

    # Fix the day by hand: the free agent joins the supervisor's shift.
    cell = page.get_by_test_id(f"roster-cell-{free.pk}-{busy}")
    expect(cell).to_have_attribute("data-shift", "")
    cell.get_by_role("button").click()
    page.get_by_test_id(f"roster-menu-{on_busy[lead.pk].shift_type_id}").click()
    expect(cell).to_have_attribute("data-shift", code)
    expect(cell).to_have_attribute("data-pinned", "true")
    expect(page.get_by_test_id("roster-violations")).to_have_attribute("data-count", "0")

    # Publish.
    page.get_by_test_id("roster-publish").click()
    page.get_by_test_id("roster-publish-confirm").click()
    expect(page.get_by_test_id("roster-status")).to_have_attribute("data-status", "published")
    expect(page.get_by_test_id("roster-build")).to_have_count(0)
    screenshot("roster-published")

    period.refresh_from_db()
    assert (period.status, period.published_by) == (RosterStatus.PUBLISHED, lead)
    edited = ShiftAssignment.objects.get(period=period, user=free, day=busy)
    assert (edited.shift_type.code, edited.pinned) == (code, True)

    # The supervisor's own shift is on My shifts, with the calendar link.
    page.get_by_role("navigation").get_by_text("My shifts").click()
    mine = page.get_by_test_id(f"my-shift-{on_busy[lead.pk].pk}")
    expect(mine).to_contain_text(busy.isoformat())
    expect(mine).to_contain_text(code)
    expect(page.get_by_test_id("calendar-url")).to_have_value(
        re.compile(r"/api/v1/shifts/calendar/[\w-]+\.ics$")
    )

    # On-duty answers from the published roster, and chat routing asks the same.
    everyone = {lead.pk, *(a.pk for a in desk["agents"])}
    noon = _at(busy, 12)
    assert {a.user_id for a in duty.on_duty(queue.pk, noon)} == everyone
    assert duty.rostered_now(queue.pk, noon) == everyone
    assert [u.pk for u in duty.supervisors_on_duty(queue.pk, noon)] == [lead.pk]
    shift = on_busy[lead.pk].shift_type
    before_start = _at(busy, shift.start.hour) - timedelta(minutes=1)
    assert duty.on_duty(queue.pk, before_start) == []
    # Every hour of the week: the people rostered at that instant are the ones on duty.
    spans = [
        (a.user_id, *duty.shift_bounds(a.day, a.shift_type))
        for a in ShiftAssignment.objects.filter(period=period).select_related("shift_type")
    ]
    for hour in range(7 * 24):
        at = _at(first, 0) + timedelta(hours=hour)
        expected = {user for user, start, end in spans if start <= at < end}
        assert {a.user_id for a in duty.on_duty(queue.pk, at)} == expected, at
        assert duty.rostered_now(queue.pk, at) == expected, at
