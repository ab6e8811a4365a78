"""A dispute worked from intake to an approved, recorded resolution in the browser.

A customer complained in a live chat that a top-up never arrived (the chat is made through the
chat services, as the widget and the console would). The complaint handler opens a complaint
from the chat in one step (its messages become evidence), starts the investigation, adds a note
and a file, links the customer's failed order, records the root cause (the supplier channel,
attributed to alpha), proposes a refund of the order and the resolution text. A manager, in
another browser, approves it; the handler's page follows by itself, the handler tells the customer
the approved text (the refund goes through the order system) and closes the complaint. A
supervisor then reads the day's summary on the reports page.

Services run in another thread: Playwright's sync API runs an event loop in this one, and the
realtime doorbell refuses to ring from inside a loop.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from chat import messaging
from chat import services as chat_services
from chat.models import Party as ChatParty
from chat.presence import presence_set
from helpdesk.complaints.models import Complaint, Evidence, Remedy
from helpdesk.customers.models import ContactKind
from helpdesk.queues.models import Category
from helpdesk.sla.models import SlaPolicy
from orders.models import Order, Product, SupplierChannel
from tests.e2e.helpers import in_thread, sign_in
from tests.factories import (
    ContactFactory,
    CustomerFactory,
    MembershipFactory,
    QueueFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

LIVE = 10_000  # ms: an event's way from a service to another browser, with room to spare
RESOLUTION = (
    "Your top-up of 50 yuan failed at our supplier. We refund the 49.80 yuan you paid "
    "and apologise for the wait."
)


@pytest.fixture
def desk():
    complaints = QueueFactory(name="Complaints", slug="complaints")
    support = QueueFactory(name="Support", slug="support")
    SlaPolicy.objects.create(
        queue=complaints,
        first_response_minutes=4 * 60,
        resolution_minutes=3 * 24 * 60,
        appeal_to_manager=True,
    )
    Category.objects.create(queue=complaints, name="Late credit")
    alice = UserFactory(username="alice", display_name="Alice Agent", roles=["agent"])
    MembershipFactory(queue=support, user=alice)
    handler = UserFactory(username="zhao", display_name="Zhao Min", roles=["complaint_handler"])
    MembershipFactory(queue=complaints, user=handler, role="complaint_handler")
    # The handler reads the support queue's work (to open complaints from it), takes none of it.
    MembershipFactory(queue=support, user=handler, accepts_routing=False)
    manager = UserFactory(username="liu", display_name="Liu Yang", roles=["manager"])
    supervisor = UserFactory(username="sun", display_name="Sun Hui", roles=["supervisor"])
    customer = CustomerFactory(name="Zhou Jie")
    ContactFactory(customer=customer, kind=ContactKind.EMAIL, value="zhou.jie@example.com")
    alpha = SupplierChannel.objects.create(
        name="alpha", base_url="http://127.0.0.1:1", merchant="m", secret="s"
    )
    product = Product.objects.create(
        operator="china_mobile",
        kind="airtime",
        name="China Mobile 50",
        code="mobile-50",
        face_value=5_000,
        price=4_980,
    )
    order = Order.objects.create(
        reference="R20261201E2ECOMPLNT",
        customer=customer,
        account="+8613800138000",
        product=product,
        amount=5_000,
        price=4_980,
        status="failed",
        channel=alpha,
        fail_category="supplier",
    )

    def chat():
        presence_set(user=alice, status="online")
        conversation = chat_services.conversation_start(
            queue=support,
            name="Zhou Jie",
            contact="zhou.jie@example.com",
            topic="Top-up",
            message="My top-up of 50 yuan never arrived and nobody answers.",
        )
        chat_services.conversation_accept(conversation_id=conversation.pk, user=alice)
        messaging.message_send(
            conversation_id=conversation.pk,
            sender=ChatParty.AGENT,
            client_id=uuid.uuid4(),
            body="I am sorry, I pass this to our complaints team.",
            actor=alice,
        )
        chat_services.conversation_end(conversation_id=conversation.pk, actor=alice)
        return conversation.pk

    chat_id = in_thread(chat)
    return {
        "handler": handler,
        "manager": manager,
        "supervisor": supervisor,
        "customer": customer,
        "order": order,
        "alpha": alpha,
        "chat": chat_id,
    }


def _choose(page: Page, test_id: str, text: str, option: str) -> None:
    """Type into a search select, then pick the option shown."""
    page.get_by_test_id(test_id).locator("input").fill(text)
    page.locator(".ant-select-item-option", has_text=option).first.click()


def _pick(page: Page, test_id: str, option: str) -> None:
    page.get_by_test_id(test_id).click()
    page.locator(".ant-select-item-option", has_text=option).first.click()


def _submit(page: Page) -> None:
    """Submit the open step dialog once its opening zoom is over (a click computed during the
    animation can land beside the moving button)."""
    modal = page.locator(".ant-modal", has=page.get_by_test_id("step-dialog"))
    expect(modal).to_be_visible()
    expect(modal).not_to_have_class(re.compile(r"ant-zoom-(enter|appear)"))
    page.get_by_test_id("step-submit").click()
    expect(page.get_by_test_id("step-dialog")).to_have_count(0)


def test_a_handler_works_a_dispute_a_manager_approves_and_a_supervisor_reads_the_day(
    page: Page, browser: Browser, live_server_url, desk, screenshot, tmp_path
):
    order, chat_id = desk["order"], desk["chat"]
    chat_ref = f"C-{chat_id:06d}"

    # The handler opens a complaint from the chat, found by its number, on the board.
    sign_in(page, "zhao")
    page.get_by_role("menuitem", name="Board").click()
    expect(page).to_have_url(re.compile(r"/complaints$"))
    expect(page.get_by_test_id("board-column-received")).to_be_visible()
    page.get_by_test_id("complaint-new").click()
    _choose(page, "new-complaint-work", chat_ref, chat_ref)
    page.get_by_test_id("new-complaint-submit").click()
    expect(page).to_have_url(re.compile(r"/complaints/\d+$"))
    complaint = Complaint.objects.select_related("item").get(source_item_id=chat_id)
    assert complaint.item.customer == desk["customer"]
    expect(page.get_by_test_id("complaint-reference")).to_have_text(complaint.item.reference)
    expect(page.get_by_test_id("complaint-stage")).to_have_text("Received")
    expect(page.get_by_test_id("complaint-customer")).to_have_text("Zhou Jie")
    expect(page.get_by_test_id("complaint-source")).to_contain_text(f"{chat_ref} · Chat")
    timeline = page.get_by_test_id("complaint-timeline")
    expect(timeline).to_contain_text("My top-up of 50 yuan never arrived and nobody answers.")
    expect(timeline).to_contain_text("I am sorry, I pass this to our complaints team.")

    # The investigation: a note, a file, the customer's order.
    page.get_by_test_id("complaint-action-investigate").click()
    expect(page.get_by_test_id("complaint-stage")).to_have_text("Investigating")
    expect(page.get_by_test_id("complaint-handler")).to_have_text("Zhao Min")
    page.get_by_test_id("evidence-note-body").fill("Alpha's log shows the top-up failed.")
    page.get_by_test_id("evidence-note-add").click()
    expect(timeline).to_contain_text("Alpha's log shows the top-up failed.")
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(b"%PDF-1.4\n% payment receipt\n")
    page.get_by_role("tab", name="Files").click()
    page.locator("[data-testid=evidence-add] input[type=file]").set_input_files(str(receipt))
    page.get_by_test_id("evidence-files-note").fill("The customer's payment receipt")
    page.get_by_test_id("evidence-files-add").click()
    download = page.locator("[data-testid^=evidence-file-]", has_text="receipt.pdf")
    expect(download).to_be_visible()
    assert page.request.get(download.get_attribute("href")).body().startswith(b"%PDF-1.4")
    page.get_by_role("tab", name="Link an order").click()
    _choose(page, "evidence-link-order", order.reference, order.reference)
    page.get_by_test_id("evidence-link-order-add").click()
    expect(page.get_by_test_id(f"complaint-order-{order.pk}")).to_contain_text("¥49.80")

    # The findings: the supplier channel, attributed to alpha.
    _pick(page, "findings-root-cause-select", "Supplier channel")
    _pick(page, "findings-channel", "alpha")
    page.get_by_test_id("findings-note").fill("Alpha failed the top-up and never answered.")
    page.get_by_test_id("findings-save").click()
    expect(page.get_by_text("Findings saved.")).to_be_visible()

    # A refund of the order (the price paid), and the resolution for the manager.
    _pick(page, "remedy-kind", "Refund")
    _pick(page, "remedy-order", order.reference)
    page.get_by_test_id("remedy-add").click()
    refund = page.locator("[data-testid^=remedy-][data-kind=refund]")
    expect(refund).to_have_attribute("data-state", "proposed")
    expect(refund).to_contain_text("¥49.80")
    page.get_by_test_id("complaint-action-propose").click()
    page.get_by_test_id("step-resolution").fill(RESOLUTION)
    _submit(page)
    expect(page.get_by_test_id("complaint-stage")).to_have_text("Awaiting approval")
    expect(page.get_by_test_id("complaint-actions")).to_have_count(0)
    shots = screenshot("complaint-proposed").parent

    # On the board, the card waits in its column with its SLA badge; it opens the complaint.
    page.get_by_test_id("complaint-header").get_by_role("link", name="Complaint board").click()
    card = page.get_by_test_id("board-column-proposed").get_by_test_id(
        f"complaint-card-{complaint.pk}"
    )
    expect(card).to_contain_text("Zhou Jie")
    expect(card).to_have_attribute("data-sla", "ok")
    expect(card.get_by_test_id(f"complaint-card-remedies-{complaint.pk}")).to_have_text(
        "Remedies ¥49.80"
    )
    expect(card.get_by_test_id(f"complaint-card-handler-{complaint.pk}")).to_have_text("Zhao Min")
    screenshot("complaint-board")
    card.click()
    expect(page.get_by_test_id("complaint-stage")).to_have_text("Awaiting approval")

    # The manager approves, in another browser.
    manager_context = browser.new_context(
        base_url=live_server_url, locale="en-US", viewport={"width": 1400, "height": 900}
    )
    manager = manager_context.new_page()
    sign_in(manager, "liu")
    manager.goto(f"/complaints/{complaint.pk}")
    expect(manager.get_by_test_id("complaint-stage")).to_have_text("Awaiting approval")
    manager.get_by_test_id("complaint-action-approve").click()
    expect(manager.get_by_test_id("step-proposed-text")).to_have_text(RESOLUTION)
    expect(manager.get_by_test_id("step-remedies")).to_contain_text("Refund")
    _submit(manager)
    expect(manager.get_by_test_id("complaint-stage")).to_have_text("Approved")
    manager.screenshot(path=str(shots / "complaint-approved.png"), full_page=True)
    manager_context.close()

    # The handler's page follows by itself; the customer is told the approved text.
    expect(page.get_by_test_id("complaint-stage")).to_have_text("Approved", timeout=LIVE)
    page.get_by_test_id("complaint-action-inform").click()
    expect(page.get_by_test_id("step-inform-text")).to_have_text(RESOLUTION)
    _submit(page)
    expect(page.get_by_test_id("complaint-stage")).to_have_text("Customer informed")
    expect(refund).to_have_attribute("data-state", "executed")
    page.get_by_test_id("complaint-action-close").click()
    _submit(page)
    expect(page.get_by_test_id("complaint-stage")).to_have_text("Closed")
    expect(page.get_by_test_id("complaint-outcome")).to_have_text("Resolved")
    screenshot("complaint-closed")

    complaint = Complaint.objects.select_related("item").get(pk=complaint.pk)
    assert (complaint.stage, complaint.outcome) == ("closed", "resolved")
    assert (complaint.root_cause, complaint.attributed_channel) == (
        "supplier_channel",
        desk["alpha"],
    )
    assert complaint.approved_resolution == RESOLUTION
    assert complaint.approved_by == desk["manager"]
    assert complaint.item.assignee == desk["handler"]
    assert [
        (r.kind, r.amount_fen, r.state) for r in Remedy.objects.filter(complaint=complaint)
    ] == [("refund", 4_980, "executed")]
    order.refresh_from_db()
    assert order.status == "refunded"
    kinds = set(Evidence.objects.filter(complaint=complaint).values_list("kind", flat=True))
    assert {"message", "note", "attachment", "order", "customer_message"} <= kinds
    told = Evidence.objects.get(complaint=complaint, kind="customer_message")
    assert told.body == RESOLUTION

    # A supervisor reads the day's summary.
    supervisor_context = browser.new_context(
        base_url=live_server_url, locale="en-US", viewport={"width": 1400, "height": 900}
    )
    supervisor = supervisor_context.new_page()
    sign_in(supervisor, "sun")
    supervisor.get_by_role("menuitem", name="Reports").click()
    expect(supervisor).to_have_url(re.compile(r"/complaints/reports$"))
    summary = supervisor.get_by_test_id("daily-summary")
    expect(summary.get_by_test_id("summary-received")).to_contain_text("1")
    expect(summary.get_by_test_id("summary-closed")).to_contain_text("1")
    expect(summary.get_by_test_id("summary-remedies")).to_contain_text("1 · ¥49.80")
    expect(summary.get_by_test_id("summary-new-channel-" + str(desk["alpha"].pk))).to_contain_text(
        "alpha"
    )
    expect(supervisor.get_by_test_id("trend-series-supplier_channel")).to_contain_text("1")
    supervisor.screenshot(path=str(shots / "complaint-reports.png"), full_page=True)
    supervisor_context.close()
