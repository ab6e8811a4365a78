"""Rate limits in Redis, shared by every process: sign-ins, webhooks, chat sends (real Redis)."""

import uuid

import pytest
from channels.db import database_sync_to_async
from rest_framework.test import APIClient

from helpdesk.accounts.models import SecurityEvent
from helpdesk.common import ratelimit
from tests.chat.test_consumers import agent_socket, chat, hello, visitor_socket  # noqa: F401
from tests.factories import PASSWORD

db = database_sync_to_async


def _login(username, password, address="10.0.0.1"):
    return APIClient(REMOTE_ADDR=address).post(
        "/api/v1/auth/login/", {"username": username, "password": password}, format="json"
    )


def test_rates_read_as_count_per_window():
    assert ratelimit.parse_rate("30/min") == ratelimit.Rate(30, 60)
    assert ratelimit.parse_rate("20/15min") == ratelimit.Rate(20, 900)
    assert ratelimit.parse_rate("60/10s") == ratelimit.Rate(60, 10)
    assert ratelimit.parse_rate("") is None
    with pytest.raises(ValueError):
        ratelimit.parse_rate("many/min")


def test_a_key_is_refused_past_its_limit_and_another_key_is_not(settings):
    results = [ratelimit.hit("t", "a", "3/min") for _ in range(4)]

    assert results[:3] == [0, 0, 0]
    assert 1 <= results[3] <= 60
    assert ratelimit.hit("t", "b", "3/min") == 0


@pytest.mark.django_db
def test_sign_ins_from_one_address_are_limited_with_retry_after(settings, agent):
    settings.LOGIN_RATE = "3/min"
    for _ in range(3):
        assert _login("agent", "wrong").status_code == 400

    refused = _login("agent", "wrong")
    other_address = _login("agent", "wrong", address="10.0.0.2")

    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert set(refused.json()) == {"code", "message", "fields"}
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert other_address.status_code == 400


@pytest.mark.django_db
def test_failed_sign_ins_for_one_username_are_limited_from_any_address(settings, agent, agent2):
    settings.LOGIN_USER_FAILURE_RATE = "3/15min"
    settings.AXES_FAILURE_LIMIT = 100
    for n in range(3):
        assert _login("agent", "wrong", address=f"10.0.1.{n}").status_code == 400

    right_password = _login("agent", PASSWORD, address="10.0.2.1")
    someone_else = _login("agent2", PASSWORD, address="10.0.2.1")

    assert right_password.status_code == 429
    assert right_password.json()["code"] == "rate_limited"
    assert int(right_password["Retry-After"]) >= 1
    assert someone_else.status_code == 200
    assert SecurityEvent.objects.filter(kind="login_rate_limited", user=agent).count() == 1


@pytest.mark.django_db
def test_successful_sign_ins_do_not_count_against_the_username(settings, agent):
    settings.LOGIN_USER_FAILURE_RATE = "2/15min"
    for n in range(4):
        assert _login("agent", PASSWORD, address=f"10.0.3.{n}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/hotline/events/", "/api/v1/orders/callbacks/1/"])
def test_webhook_deliveries_from_one_address_are_limited_before_the_signature(settings, path):
    settings.WEBHOOK_IP_RATE = "2/min"
    client = APIClient(REMOTE_ADDR="192.0.2.7")

    first = [client.post(path, {"event": "x"}, format="json").status_code for _ in range(2)]
    refused = client.post(path, {"event": "x"}, format="json")

    assert first == [401, 401]  # unsigned: refused by the signature check
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert int(refused["Retry-After"]) >= 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_an_agents_sends_are_limited_across_all_their_sockets(chat, agent, settings):  # noqa: F811
    settings.CHAT_USER_SEND_RATE = "3/min"
    settings.CHAT_RATE_MESSAGES = 100  # each socket's own limit is not what stops them
    first, second = agent_socket(agent), agent_socket(agent)
    await hello(first)
    await hello(second)
    outcomes = []

    for n in range(4):
        socket = first if n % 2 == 0 else second
        client_id = str(uuid.uuid4())
        await socket.send_json_to(
            {
                "type": "message.send",
                "conversation": chat.pk,
                "client_id": client_id,
                "body": f"{n}",
            }
        )
        while True:
            frame = await socket.receive_json_from(timeout=5)
            if frame["type"] in ("message.ack", "error") and (
                frame.get("client_id") == client_id or frame.get("ref") == client_id
            ):
                outcomes.append(frame.get("code", "ack"))
                break

    assert outcomes == ["ack", "ack", "ack", "rate_limited"]
    await first.disconnect()
    await second.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_visitors_sends_are_limited_across_sockets_of_their_conversation(chat, settings):  # noqa: F811
    settings.CHAT_VISITOR_SEND_RATE = "2/min"
    settings.CHAT_RATE_MESSAGES = 100
    first, second = visitor_socket(chat), visitor_socket(chat)
    await hello(first, last_seq=0)
    await hello(second, last_seq=0)
    outcomes = []

    for n in range(3):
        socket = first if n % 2 == 0 else second
        client_id = str(uuid.uuid4())
        await socket.send_json_to({"type": "message.send", "client_id": client_id, "body": f"{n}"})
        while True:
            frame = await socket.receive_json_from(timeout=5)
            if frame["type"] in ("message.ack", "error") and (
                frame.get("client_id") == client_id or frame.get("ref") == client_id
            ):
                outcomes.append(frame.get("code", "ack"))
                break

    assert outcomes == ["ack", "ack", "rate_limited"]
    await first.disconnect()
    await second.disconnect()
