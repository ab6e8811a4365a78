"""A visitor on the demo shop page and an agent in the console chat, in two browsers."""

import re

import pytest
from playwright.sync_api import Page, expect

from chat.models import Conversation, State
from chat.presence import presence_set
from helpdesk.queues.models import RoutingMode
from tests.e2e.helpers import in_thread, sign_in
from tests.factories import MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk():
    support = QueueFactory(name="Support", slug="support", routing_mode=RoutingMode.ROUND_ROBIN)
    alice = UserFactory(username="alice", display_name="Alice Agent", roles=["agent"])
    bob = UserFactory(username="bob", display_name="Bob Backup", roles=["agent"])
    MembershipFactory(queue=support, user=alice)
    MembershipFactory(queue=support, user=bob, accepts_routing=False)
    return {"support": support, "alice": alice, "bob": bob}


def _widget(page: Page, test_id: str):
    return page.get_by_test_id(test_id)


def test_a_visitor_and_an_agent_chat_then_transfer_and_rate(page: Page, browser, desk, screenshot):
    # The agent comes online in the console.
    sign_in(page, "alice")
    page.goto("/chats")
    page.get_by_test_id("chat-presence").click()
    page.get_by_test_id("chat-presence-online").click()
    expect(page.get_by_test_id("chat-connection")).to_have_attribute("data-status", "ready")
    in_thread(lambda: presence_set(user=desk["bob"], status="online"))

    # A visitor opens the shop's page and starts a chat from the widget.
    visitor_context = browser.new_context(base_url=page.url.split("/chats")[0], locale="en-US")
    visitor = visitor_context.new_page()
    visitor.goto("/widget-demo.html?lang=en")
    _widget(visitor, "widget-launcher").click()
    _widget(visitor, "widget-name").fill("Li Lei")
    _widget(visitor, "widget-contact").fill("13800138000")
    _widget(visitor, "widget-topic").fill("Top-up")
    _widget(visitor, "widget-start").click()
    expect(_widget(visitor, "widget-status")).to_have_attribute("data-state", "open")

    conversation = Conversation.objects.get()
    cid = conversation.pk
    page.get_by_test_id(f"chat-accept-{cid}").click()
    expect(_widget(visitor, "widget-agent-name")).to_contain_text("Alice Agent")

    # Messages both ways.
    _widget(visitor, "widget-input").fill("My top-up of 50 yuan has not arrived.")
    _widget(visitor, "widget-send").click()
    expect(page.get_by_test_id(f"chat-messages-{cid}")).to_contain_text(
        "My top-up of 50 yuan has not arrived."
    )
    page.get_by_test_id(f"chat-input-{cid}").fill("Let me check the order for you.")
    page.get_by_test_id(f"chat-send-{cid}").click()
    expect(_widget(visitor, "widget-messages")).to_contain_text("Let me check the order for you.")
    screenshot("chat-console")
    visitor.screenshot(path=str(screenshot("chat-console").parent / "chat-widget.png"))

    # The agent hands the chat to a colleague, with a note.
    page.get_by_test_id(f"chat-transfer-{cid}").click()
    page.get_by_test_id("chat-transfer-target").click()
    page.locator(".ant-select-item-option", has_text="Bob Backup").click()
    page.get_by_test_id("chat-transfer-note").fill("Order question, Bob knows the supplier.")
    page.get_by_test_id("chat-transfer-submit").click()
    expect(page.get_by_test_id(f"chat-transfer-{cid}")).to_have_count(0, timeout=10_000)
    conversation.refresh_from_db()
    assert conversation.item.assignee == desk["bob"]

    # The visitor ends the chat and rates it.
    _widget(visitor, "widget-end").click()
    _widget(visitor, "widget-rating-star-5").click()
    _widget(visitor, "widget-rating-comment").fill("Quick and kind.")
    _widget(visitor, "widget-rating-submit").click()
    expect(_widget(visitor, "widget-rating-done")).to_be_visible()

    conversation.refresh_from_db()
    assert (conversation.state, conversation.rating_score) == (State.ENDED, 5)
    assert conversation.rating_comment == "Quick and kind."
    bodies = list(conversation.messages.order_by("seq").values_list("seq", "body"))
    assert [seq for seq, _ in bodies] == list(range(1, len(bodies) + 1))
    assert any("has not arrived" in body for _, body in bodies)
    visitor_context.close()
    assert re.search(r"/chats", page.url)
