"""The widget on another site: its calls to the visitor endpoints pass the browser's CORS check
for the origins in CHAT_WIDGET_ORIGINS, and nothing else is opened to other origins."""

import pytest
from django.test import Client

from tests.chat.conftest import start_chat, token_for

SHOP = "https://shop.example.com"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shop_may_embed(settings):
    settings.CORS_ALLOWED_ORIGINS = [SHOP]


def preflight(path, origin=SHOP, method="POST", headers="content-type, x-visitor-token"):
    return Client().options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
    )


def test_a_preflight_from_the_shop_is_allowed_for_the_visitor_calls():
    response = preflight("/api/v1/chat/visitor/conversations/")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == SHOP
    allowed = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"content-type", "x-visitor-token"} <= allowed
    assert "POST" in response["Access-Control-Allow-Methods"]
    # No cookies across origins: the visitor's token travels in a header.
    assert "Access-Control-Allow-Credentials" not in response


def test_the_widget_status_and_a_visitor_call_answer_the_shop_with_its_origin(queue, agent_online):
    status = Client().get(
        "/api/v1/chat/widget/status/", {"queue": queue.slug}, headers={"Origin": SHOP}
    )
    chat = start_chat(queue)
    messages = Client().get(
        f"/api/v1/chat/visitor/conversations/{chat.pk}/messages/",
        headers={"Origin": SHOP, "X-Visitor-Token": token_for(chat)},
    )

    assert status.status_code == 200 and status["Access-Control-Allow-Origin"] == SHOP
    assert messages.status_code == 200 and messages["Access-Control-Allow-Origin"] == SHOP


def test_another_origin_gets_no_cors_answer():
    response = preflight("/api/v1/chat/visitor/conversations/", origin="https://evil.example")

    assert "Access-Control-Allow-Origin" not in response


def test_staff_endpoints_are_never_opened_to_the_shop():
    for path in ("/api/v1/chat/conversations/", "/api/v1/me/", "/api/v1/inbox/"):
        assert "Access-Control-Allow-Origin" not in preflight(path, method="GET")
