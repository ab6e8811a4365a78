"""An agent works a ticket end to end in the browser; a supervisor transfers one; in Chinese too."""

import re
import threading

import pytest
from django.db import connections
from playwright.sync_api import Page, expect

from helpdesk.queues.models import Status, WorkItem
from helpdesk.tickets import services as tickets
from helpdesk.tickets.models import MessageKind, TicketMessage
from tests.e2e.helpers import sign_in
from tests.factories import CustomerFactory, MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk():
    support = QueueFactory(name="Support", slug="support")
    billing = QueueFactory(name="Billing", slug="billing")
    agent = UserFactory(username="alice", display_name="Alice Agent", roles=["agent"])
    lead = UserFactory(username="sam", display_name="Sam Supervisor", roles=["supervisor"])
    MembershipFactory(queue=support, user=agent)
    MembershipFactory(queue=support, user=lead, role="supervisor", accepts_routing=False)
    MembershipFactory(queue=billing, user=lead, role="supervisor", accepts_routing=False)
    customer = CustomerFactory(name="Wang Fang", custodian=agent)
    return {
        "support": support,
        "billing": billing,
        "agent": agent,
        "lead": lead,
        "customer": customer,
    }


def _new_ticket(desk, subject, *, actor=None) -> WorkItem:
    """Open a ticket as the server would: in another thread, since Playwright's sync API runs an
    event loop in this one (and the realtime doorbell refuses to ring from inside a loop)."""
    created = []

    def create():
        ticket = tickets.ticket_create(
            actor=actor or desk["lead"],
            queue_id=desk["support"].pk,
            subject=subject,
            body="My top-up of 50 yuan has not arrived.",
            customer_id=desk["customer"].pk,
            channel="web",
        )
        created.append(ticket.pk)
        connections.close_all()

    worker = threading.Thread(target=create)
    worker.start()
    worker.join(30)
    return WorkItem.objects.get(pk=created[0])


def test_an_agent_takes_replies_notes_and_resolves_a_ticket_that_arrives_live(
    page: Page, desk, screenshot
):
    sign_in(page, "alice")
    expect(page.get_by_test_id("inbox-table")).to_be_visible()
    expect(page.get_by_test_id("live-indicator")).to_have_attribute("data-connected", "true")

    # A customer's ticket arrives while the inbox is open: it appears without a reload.
    item = _new_ticket(desk, "Top-up not received")
    row = page.get_by_test_id(f"inbox-row-{item.pk}")
    expect(row).to_be_visible(timeout=10_000)
    expect(row).to_contain_text("Top-up not received")
    screenshot("inbox")

    page.get_by_test_id(f"inbox-take-{item.pk}").click()
    expect(row).to_contain_text("Alice Agent")
    row.click()
    expect(page).to_have_url(re.compile(rf"/tickets/{item.pk}"))
    expect(page.get_by_test_id("ticket-header")).to_contain_text("Top-up not received")

    # A public reply, then an internal note, shown differently in the thread.
    page.get_by_test_id("composer-text").fill("We are checking with the operator now.")
    page.get_by_test_id("composer-send").click()
    thread = page.get_by_test_id("thread")
    expect(thread).to_contain_text("We are checking with the operator now.")
    page.get_by_test_id("composer-tab-note").click()
    page.get_by_test_id("composer-text").fill("Supplier channel B was slow this morning.")
    page.get_by_test_id("composer-send").click()
    note = thread.locator("[data-kind=internal]")
    expect(note).to_contain_text("Supplier channel B was slow this morning.")
    expect(note.get_by_test_id("internal-note-label")).to_be_visible()

    page.get_by_test_id("ticket-set-status-resolved").click()
    expect(page.get_by_test_id("ticket-status")).to_have_attribute("data-status", "resolved")
    expect(page.get_by_test_id("events")).to_contain_text("Alice Agent")
    screenshot("ticket")

    item.refresh_from_db()
    assert (item.status, item.assignee) == (Status.RESOLVED, desk["agent"])
    assert item.first_response_at is not None
    kinds = list(
        TicketMessage.objects.filter(ticket_id=item.pk)
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == [MessageKind.CUSTOMER, MessageKind.PUBLIC, MessageKind.INTERNAL]


def test_a_supervisor_transfers_a_ticket_to_another_queue(page: Page, desk, screenshot):
    item = _new_ticket(desk, "Invoice title is wrong")

    sign_in(page, "sam")
    page.goto(f"/tickets/{item.pk}")
    page.get_by_test_id("ticket-transfer").click()
    page.get_by_test_id("transfer-queue").click()
    page.locator(".ant-select-item-option", has_text="Billing").click()
    page.get_by_test_id("transfer-reason").fill("An invoice question: billing handles it.")
    screenshot("transfer")
    page.get_by_test_id("transfer-submit").click()

    expect(page.get_by_test_id("ticket-header")).to_contain_text("Billing")
    item.refresh_from_db()
    assert item.queue == desk["billing"]
    event = item.events.get(verb="transferred")
    assert (event.actor, event.reason) == (desk["lead"], "An invoice question: billing handles it.")


def test_the_workspace_in_chinese(page: Page, desk, screenshot):
    item = _new_ticket(desk, "充值未到账")

    sign_in(page, "alice")
    page.get_by_test_id("language-switch").click()
    page.get_by_text("简体中文").last.click()

    expect(page.get_by_role("heading", name="收件箱")).to_be_visible()
    expect(page.get_by_test_id(f"inbox-row-{item.pk}")).to_contain_text("工单")
    screenshot("inbox-zh")
    page.get_by_test_id(f"inbox-row-{item.pk}").click()
    expect(page.get_by_test_id("composer-tab-note")).to_have_text("内部备注")
    screenshot("ticket-zh")


def test_customer_and_queue_pages(page: Page, desk, screenshot):
    _new_ticket(desk, "Where is my refund?")

    sign_in(page, "sam")
    page.get_by_role("navigation").get_by_text("Customers").click()
    page.get_by_test_id("customer-search").fill("Wang")
    page.get_by_test_id("customer-search-submit").click()
    page.get_by_test_id(f"customer-row-{desk['customer'].pk}").click()
    expect(page.get_by_test_id("customer-timeline")).to_contain_text("Where is my refund?")
    screenshot("customer")

    page.get_by_role("navigation").get_by_text("Queues").click()
    expect(page.get_by_test_id(f"member-{desk['support'].pk}-{desk['agent'].pk}")).to_be_visible()
    screenshot("queues")
    assert WorkItem.objects.filter(customer=desk["customer"]).count() == 1


def test_a_half_written_reply_survives_an_expired_session(page: Page, desk):
    item = _new_ticket(desk, "Card charged twice")
    sign_in(page, "alice")
    page.goto(f"/tickets/{item.pk}?reply=1")
    page.get_by_test_id("composer-text").fill("Dear customer, the second charge will be")
    page.wait_for_timeout(800)  # the draft is saved after a short pause in typing

    page.context.clear_cookies()  # the session ends (e.g. it timed out)
    page.get_by_test_id("composer-send").click()

    expect(page).to_have_url(re.compile(r"/login\?expired=1"))
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(rf"/tickets/{item.pk}"))
    expect(page.get_by_test_id("composer-text")).to_have_value(
        "Dear customer, the second charge will be"
    )
    assert not TicketMessage.objects.filter(ticket_id=item.pk, kind=MessageKind.PUBLIC).exists()
