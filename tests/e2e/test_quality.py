"""A quality review from the scorecard to the ledger, in the browser.

An agent resolved a ticket this month. A supervisor picks it from the review candidates and
scores it on every criterion of the scorecard with a comment. The agent reads the review on
"My quality" and disputes it; the supervisor answers the dispute. The manager opens the month's
ledger, clicks the agent's points and sees the ticket behind them (linking to its page), then
opens the quarterly ranking.

Services run in another thread: Playwright's sync API runs an event loop in this one, and the
realtime doorbell refuses to ring from inside a loop.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from helpdesk.quality.models import Criterion, Review
from helpdesk.tickets import services as tickets
from tests.e2e.helpers import in_thread, sign_in
from tests.factories import MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCORECARD = [("greeting", 1), ("accuracy", 3), ("tone", 2), ("resolution", 3), ("policy", 1)]
# greeting 5, accuracy 4, tone 5, resolution 4, policy 5: (5 + 12 + 10 + 12 + 5) / 50 = 88%
SCORES = {"greeting": 5, "accuracy": 4, "tone": 5, "resolution": 4, "policy": 5}


@pytest.fixture
def desk():
    # A transactional test may run after a flush of the migrations' seed rows.
    for position, (name, weight) in enumerate(SCORECARD):
        Criterion.objects.update_or_create(
            name=name, defaults={"weight": weight, "position": position, "is_active": True}
        )
    support = QueueFactory(name="Support", slug="support")
    agent = UserFactory(username="li", display_name="Li Na", roles=["agent"])
    MembershipFactory(queue=support, user=agent)
    supervisor = UserFactory(username="sun", display_name="Sun Hui", roles=["supervisor"])
    MembershipFactory(queue=support, user=supervisor, role="supervisor", accepts_routing=False)
    UserFactory(username="liu", display_name="Liu Yang", roles=["manager"])

    def resolved_ticket():
        ticket = tickets.ticket_create(
            actor=agent,
            queue_id=support.pk,
            subject="Top-up did not arrive",
            body="My 50 yuan top-up is missing.",
            requester_email="zhou.jie@example.com",
        )
        item = ticket.item
        item.assignee = agent
        item.save(update_fields=["assignee"])
        tickets.ticket_set_status(ticket_id=item.pk, actor=agent, status="resolved")
        return item

    return {"item": in_thread(resolved_ticket), "agent": agent}


def _context(browser: Browser, live_server_url: str) -> Page:
    context = browser.new_context(
        base_url=live_server_url,
        locale="en-US",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1400, "height": 900},
    )
    return context.new_page()


def test_a_review_is_disputed_answered_and_traced_from_the_ledger(
    page: Page, browser: Browser, live_server_url, desk, screenshot
):
    item, agent = desk["item"], desk["agent"]
    now = timezone.localtime()
    month = now.strftime("%Y-%m")
    quarter = f"{now.year}-Q{(now.month - 1) // 3 + 1}"

    # The supervisor reviews the resolved ticket against the scorecard.
    sign_in(page, "sun")
    page.goto("/quality/reviews")
    candidate = page.get_by_test_id(f"candidate-{item.pk}")
    expect(candidate).to_contain_text("Li Na")
    candidate.get_by_test_id(f"review-candidate-{item.pk}").click()
    form = page.get_by_test_id("review-form")
    for name, score in SCORES.items():
        form.locator("label").filter(has=page.get_by_label(f"{name} {score}", exact=True)).click()
    expect(page.get_by_test_id("weighted-score")).to_have_text("Weighted score: 88.00")
    form.get_by_test_id("review-comment").fill(
        "Good tone; check the order status before answering."
    )
    page.get_by_test_id("review-submit").click()
    expect(page.get_by_test_id(f"candidate-{item.pk}")).to_have_count(0)
    review = Review.objects.get(item=item)
    expect(page.get_by_test_id(f"review-row-{review.pk}")).to_contain_text("88.00")
    assert review.score == 88

    # The agent reads it and disputes it.
    agent_page = _context(browser, live_server_url)
    sign_in(agent_page, "li")
    agent_page.goto("/quality/me")
    card = agent_page.get_by_test_id(f"review-{review.pk}")
    expect(card.get_by_test_id(f"review-score-{review.pk}")).to_have_text("Score 88.00")
    expect(card).to_contain_text("accuracy")
    expect(card.get_by_test_id(f"review-comment-{review.pk}")).to_have_text(
        "Good tone; check the order status before answering."
    )
    card.get_by_test_id(f"dispute-{review.pk}").click()
    agent_page.get_by_test_id("text-dialog-input").fill("I did check the order status first.")
    agent_page.get_by_test_id("text-dialog-ok").click()
    expect(card.get_by_test_id(f"review-dispute-{review.pk}")).to_have_text(
        "I did check the order status first."
    )

    # The supervisor answers the dispute.
    page.reload()
    row = page.get_by_test_id(f"review-row-{review.pk}")
    expect(row).to_contain_text("Disputed")
    row.get_by_test_id(f"answer-{review.pk}").click()
    expect(page.get_by_test_id("answer-dispute-text")).to_have_text(
        "I did check the order status first."
    )
    page.get_by_test_id("text-dialog-input").fill("Agreed, but say so to the customer.")
    page.get_by_test_id("text-dialog-ok").click()
    expect(row).to_contain_text("Dispute answered")

    agent_page.reload()
    expect(agent_page.get_by_test_id(f"review-answer-{review.pk}")).to_have_text(
        "Agreed, but say so to the customer."
    )

    # The manager opens the month's ledger and follows the agent's points to the ticket.
    manager = _context(browser, live_server_url)
    sign_in(manager, "liu")
    manager.goto(f"/quality/ledger?month={month}")
    ledger_row = manager.get_by_test_id(f"ledger-row-{agent.pk}")
    expect(ledger_row).to_contain_text("Li Na")
    expect(ledger_row.get_by_test_id(f"figure-{agent.pk}-reviews")).to_have_text("1")
    ledger_row.get_by_test_id(f"figure-{agent.pk}-points").click()
    expect(manager.get_by_text(f"Points of Li Na, {month}")).to_be_visible()
    trace = manager.get_by_test_id("trace-table")
    expect(trace).to_contain_text("Top-up did not arrive")
    link = trace.get_by_role("link", name=item.reference)
    expect(link).to_have_attribute("href", f"/tickets/{item.pk}")
    screenshot("quality-ledger-trace")
    link.click()
    expect(manager).to_have_url(f"{live_server_url}/tickets/{item.pk}")

    # And the quarter's ranking.
    manager.goto("/quality/ranking")
    expect(manager.get_by_test_id("quarter-picker")).to_contain_text(quarter)
    expect(manager.get_by_test_id(f"ranking-row-{agent.pk}")).to_contain_text("Li Na")
    expect(manager.get_by_test_id("export-csv")).to_have_attribute(
        "href", f"/api/v1/quality/ranking/?quarter={quarter}&output=csv"
    )
    screenshot("quality-ranking")
