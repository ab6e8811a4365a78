"""The supervisors' wallboard moving live in a real browser.

A supervisor opens /wallboard. A visitor starts a chat through the visitor API (over HTTP to the
live server): waiting chats rises without a reload. An agent takes it: it falls. The PBX
simulator rings the hotline: waiting calls rises. The server coalesces recomputes to one per
second (docs/decisions/0018-live-wallboard.md); the tests' Celery is eager (no worker: the
push runs at the first change of a window), so each step waits past the window before the next
change.
"""

from __future__ import annotations

import time
import uuid

import httpx
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from chat.models import AgentPresence, PresenceStatus
from chat.services import conversation_accept
from helpdesk.hotline.models import TelephonyIntegration
from tests.e2e.helpers import in_thread, sign_in
from tests.e2e.test_hotline import _send
from tests.factories import MembershipFactory, QueueFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LIVE = 10_000  # ms
WINDOW = 1.2  # s: past the coalescing window (WALLBOARD_COALESCE_MS = 1000)


@pytest.fixture
def floor():
    support = QueueFactory(name="Support", slug="support")
    hotline = QueueFactory(name="Hotline", slug="hotline")
    TelephonyIntegration.objects.create(
        name="e2e-pbx", secret="e2e-hotline-secret-0123456789", default_queue=hotline
    )
    sue = UserFactory(username="sue", display_name="Sue Supervisor", roles=["supervisor"])
    MembershipFactory(queue=support, user=sue, role="supervisor", accepts_routing=False)
    ann = UserFactory(username="ann", display_name="Ann Agent", roles=["agent"])
    MembershipFactory(queue=support, user=ann)
    AgentPresence.objects.create(user=ann, status=PresenceStatus.ONLINE, last_seen=timezone.now())
    return {"support": support, "ann": ann}


def test_the_wallboard_follows_a_chat_and_a_call_live(
    page: Page, live_server_url, floor, screenshot
):
    sign_in(page, "sue")
    page.goto("/wallboard")
    expect(page.get_by_test_id("wallboard-live")).to_have_attribute("data-connected", "true")
    chats = page.get_by_test_id("wb-waiting-chats")
    calls = page.get_by_test_id("wb-waiting-calls")
    expect(chats).to_have_text("0")
    expect(calls).to_have_text("0")
    expect(page.get_by_test_id("wb-agents-online")).to_have_text("1")
    expect(page.get_by_test_id("wb-longest-wait")).to_have_text("Nobody waiting")
    time.sleep(WINDOW)

    # A visitor starts a chat from the shop's widget (its API, over HTTP).
    answer = httpx.post(
        f"{live_server_url}/api/v1/chat/visitor/conversations/",
        json={"queue": "support", "name": "Li Lei", "contact": "13800138000", "topic": "Top-up"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    conversation_id = answer.json()["conversation"]
    expect(chats).to_have_text("1", timeout=LIVE)
    expect(page.get_by_test_id("wb-longest-wait")).not_to_have_text("Nobody waiting")
    screenshot("wallboard-chat-waiting")
    time.sleep(WINDOW)

    # Ann takes it.
    in_thread(lambda: conversation_accept(conversation_id=conversation_id, user=floor["ann"]))
    expect(chats).to_have_text("0", timeout=LIVE)
    ann_row = page.get_by_role("row").filter(has_text="Ann Agent")
    expect(ann_row).to_contain_text("1")  # one open item now
    time.sleep(WINDOW)

    # The telephone system rings the hotline.
    _send(
        live_server_url,
        {
            "event": "new_call",
            "call_id": f"e2e-{uuid.uuid4().hex[:8]}",
            "timestamp": time.time(),
            "direction": "inbound",
            "from": "13912345678",
            "to": "4008001234",
        },
    )
    expect(calls).to_have_text("1", timeout=LIVE)
    expect(page.get_by_text("1 ringing · 0 to ring back")).to_be_visible()
    screenshot("wallboard-call-ringing")
