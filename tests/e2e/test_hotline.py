"""The hotline in the browser, with the project's PBX simulator posting calls over real HTTP.

An agent on extension 8001 is signed in. The simulator (``helpdesk.hotline.pbx``) posts a
signed ``new_call`` for that extension to the live server: the pop-up shows the caller's
customer file and open ticket; the call is answered (the pop-up follows it); the agent creates a
ticket from the call in one step and lands on it. A missed call from another number then shows
up live on ``/calls`` and as a ring-back, which the agent calls back.

The simulator runs in another thread: Playwright's sync API runs an event loop in this one, and
the simulator runs its own (``asyncio.run``).
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid

import httpx
import pytest
from playwright.sync_api import Page, expect

from helpdesk.hotline import pbx as simulator
from helpdesk.hotline.models import Call, RingBack, TelephonyIntegration
from helpdesk.queues.models import Status, WorkItemLink
from helpdesk.tickets import services as tickets
from helpdesk.tickets.models import Ticket
from tests.e2e.helpers import in_thread, sign_in
from tests.factories import (
    ContactFactory,
    CustomerFactory,
    MembershipFactory,
    QueueFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

INTEGRATION = "e2e-pbx"
SECRET = "e2e-hotline-secret-0123456789"
EXTENSION = "8001"
CALLER = "13800138000"
STRANGER = "13912345678"
LIVE = 10_000  # ms: an event's way from the webhook to the browser, with room to spare


def _config(url: str, **kwargs) -> simulator.Config:
    return simulator.Config(url=url, secret=SECRET, integration=INTEGRATION, quiet=True, **kwargs)


def _send(url: str, event: dict) -> dict:
    """One signed event from the simulator's telephone system, over HTTP; its answer."""

    async def post():
        async with httpx.AsyncClient(timeout=10) as client:
            pbx = simulator.Pbx(_config(url), client)
            answer = await pbx.send(event)
            assert answer is not None, pbx.report.failures
            return answer

    return in_thread(lambda: asyncio.run(post()))


@pytest.fixture
def desk():
    hotline = QueueFactory(name="Hotline", slug="hotline")
    TelephonyIntegration.objects.create(name=INTEGRATION, secret=SECRET, default_queue=hotline)
    alice = UserFactory(
        username="alice", display_name="Alice Agent", roles=["agent"], extension=EXTENSION
    )
    MembershipFactory(queue=hotline, user=alice)
    customer = CustomerFactory(name="Wang Li", company="Li Trading", custodian=alice)
    ContactFactory(customer=customer, kind="phone", value=f"+86{CALLER}")

    def open_ticket():
        return tickets.ticket_create(
            actor=alice,
            queue_id=hotline.pk,
            subject="Top-up of 50 yuan not arrived",
            body="My top-up of 50 yuan has not arrived.",
            customer_id=customer.pk,
            channel="web",
        ).pk

    return {
        "hotline": hotline,
        "alice": alice,
        "customer": customer,
        "ticket": in_thread(open_ticket),
    }


def test_a_call_pops_up_becomes_a_ticket_and_a_missed_call_waits_as_a_ring_back(
    page: Page, live_server_url, desk, screenshot
):
    customer = desk["customer"]
    sign_in(page, "alice")
    expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-connected", "true")

    # The telephone system rings extension 8001 with a caller whose number is on file.
    call_id = f"e2e-{uuid.uuid4().hex[:8]}"
    ringing = _send(
        live_server_url,
        {
            "event": "new_call",
            "call_id": call_id,
            "timestamp": time.time(),
            "direction": "inbound",
            "from": CALLER,
            "to": "4008001234",
            "agent": EXTENSION,
        },
    )
    call = ringing["call"]
    popup = page.get_by_test_id(f"call-popup-{call}")
    expect(popup).to_be_visible(timeout=LIVE)
    expect(popup.get_by_test_id(f"call-popup-number-{call}")).to_have_text("+86 138 0013 8000")
    expect(popup.get_by_test_id(f"call-popup-state-{call}")).to_have_text("Ringing")
    link = popup.get_by_test_id(f"call-popup-customer-link-{customer.pk}")
    expect(link).to_have_text("Wang Li")
    expect(link).to_have_attribute("href", f"/customers/{customer.pk}")
    expect(popup.get_by_test_id(f"call-popup-customer-{customer.pk}")).to_contain_text(
        "Linked to the call"
    )
    expect(popup.get_by_test_id(f"call-popup-item-{desk['ticket']}")).to_have_attribute(
        "href", f"/tickets/{desk['ticket']}"
    )
    screenshot("hotline-popup")

    # Picked up: the pop-up follows the call.
    _send(
        live_server_url,
        {"event": "answered", "call_id": call_id, "timestamp": time.time(), "agent": EXTENSION},
    )
    expect(popup.get_by_test_id(f"call-popup-state-{call}")).to_have_text("Answered", timeout=LIVE)

    # A ticket from the call, in one step: the agent lands on it.
    popup.get_by_test_id(f"call-popup-ticket-{call}").click()
    expect(page).to_have_url(re.compile(r"/tickets/\d+$"))
    ticket_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    expect(page.get_by_test_id("ticket-header")).to_contain_text("Phone call from Wang Li")
    expect(page.get_by_test_id("ticket-customer")).to_have_text("Wang Li")
    expect(page.get_by_test_id(f"call-popup-{call}")).to_have_count(0)
    ticket = Ticket.objects.select_related("item").get(pk=ticket_id)
    assert ticket.item.customer_id == customer.pk
    assert WorkItemLink.objects.filter(source_id=call, target_id=ticket_id).exists()
    screenshot("hotline-ticket-from-call")
    _send(
        live_server_url,
        {
            "event": "hangup",
            "call_id": call_id,
            "timestamp": time.time(),
            "cause": "normal_clearing",
        },
    )

    # The call view: today's calls, live.
    page.get_by_role("menuitem", name="Calls").click()
    expect(page).to_have_url(re.compile(r"/calls$"))
    expect(page.get_by_test_id(f"call-row-{call}")).to_have_attribute("data-state", "answered")

    # The call's detail: the ticket made from it, and the wrap-up.
    page.get_by_test_id(f"call-link-{call}").click()
    expect(page).to_have_url(re.compile(rf"/calls/{call}$"))
    detail = page.get_by_test_id("call-detail")
    expect(detail.get_by_test_id(f"call-detail-link-item-{ticket_id}")).to_have_attribute(
        "href", f"/tickets/{ticket_id}"
    )
    expect(detail.get_by_test_id("call-detail-customer-link")).to_have_text("Wang Li")
    page.get_by_test_id("wrap-up-notes").fill("Top-up delayed by the operator; ticket opened.")
    page.get_by_test_id("wrap-up-save").click()
    expect(page.get_by_text("Wrap-up saved.")).to_be_visible()
    expect(page.get_by_test_id("wrap-up-when")).to_be_visible()
    screenshot("hotline-call-detail")
    assert Call.objects.get(pk=call).notes == "Top-up delayed by the operator; ticket opened."
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/calls$"))

    # Another number calls while nobody can answer (the simulator's "missed" scenario).
    report = in_thread(
        lambda: simulator.run(
            _config(
                live_server_url,
                calls=1,
                missed_rate=1.0,
                abandon_rate=0.0,
                voicemail_rate=0.0,
                repeat_rate=0.0,
                numbers=[STRANGER],
                known_rate=1.0,
                speed=0,
                seed=7,
                prefix=f"e2e-missed-{uuid.uuid4().hex[:6]}",
            )
        )
    )
    assert report.ok, report.failures
    assert report.states == {"missed": 1}
    missed = Call.objects.get(from_number=f"+86{STRANGER}")
    row = page.get_by_test_id(f"call-row-{missed.pk}")
    expect(row).to_have_attribute("data-state", "missed", timeout=LIVE)
    expect(row).to_contain_text("+86 139 1234 5678")
    screenshot("hotline-calls")

    # It waits as a ring-back in the missed calls.
    ringback = RingBack.objects.select_related("item").get(number=f"+86{STRANGER}")
    page.get_by_role("tab", name="Missed calls").click()
    waiting = page.get_by_test_id(f"ringback-row-{ringback.pk}")
    expect(waiting).to_be_visible()
    expect(waiting.get_by_test_id(f"ringback-number-{ringback.pk}")).to_have_text(
        "+86 139 1234 5678"
    )
    expect(waiting.get_by_test_id(f"ringback-missed-{ringback.pk}")).to_have_text("1 call")
    screenshot("hotline-ringbacks")

    # The agent calls back and reaches them: the ring-back is done and leaves the list.
    waiting.get_by_test_id(f"ringback-callback-{ringback.pk}").click()
    expect(page.get_by_test_id("log-number")).to_have_value(f"+86{STRANGER}")
    page.get_by_test_id("log-notes").fill("Their top-up arrived after all.")
    page.get_by_test_id("log-submit").click()
    expect(page.get_by_text(re.compile(r"Call H-\d{6} logged\."))).to_be_visible()
    expect(waiting).to_have_count(0, timeout=LIVE)
    ringback.item.refresh_from_db()
    assert ringback.item.status == Status.RESOLVED
    back = Call.objects.get(regarding_id=ringback.pk)
    assert (back.direction, back.state, back.agent) == ("outbound", "answered", desk["alice"])

    # The day's figures count all three calls.
    page.get_by_role("tab", name="Figures").click()
    expect(page.get_by_test_id("figures-total")).to_contain_text("3")
    expect(page.get_by_test_id("figures-answered")).to_contain_text("2")
    expect(page.get_by_test_id("figures-missed")).to_contain_text("1")
    expect(page.get_by_test_id(f"figures-agent-{desk['alice'].pk}")).to_contain_text("Alice Agent")
    screenshot("hotline-figures")
