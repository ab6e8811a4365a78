"""Real sockets against a real daphne process and the real Redis: a visitor whose socket drops
mid-conversation, while the agent keeps writing, still gets every message exactly once, in order.

The server runs in its own process on the test database (committed data, so the test is
transactional) and with the test run's Redis prefix, as in production. The client is the
``websockets`` library; the test drives it with ``asyncio.run`` (no loop is left behind).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from websockets.asyncio.client import connect

from helpdesk.embedded import free_port
from tests.chat.conftest import go_online
from tests.processes import child_env

pytestmark = pytest.mark.django_db(transaction=True)

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
AGENT_MESSAGES = 40


@pytest.fixture
def daphne_server(transactional_db):
    """A daphne process serving the ASGI app on a free port (stopped before the data goes)."""
    port = free_port()
    # REDIS_URL and HELPDESK_TEST_RUN_ID: the same Redis keys as this run. The agent below
    # writes faster than a person can (the per-socket limit is tested elsewhere): room for its
    # burst.
    env = child_env(CHAT_RATE_MESSAGES="1000")
    log_path = Path(settings.BASE_DIR) / "var" / "chat-live-server.log"
    log = open(log_path, "w")  # noqa: SIM115
    command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
    proc = subprocess.Popen(
        [*command, "helpdesk.asgi:application"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with NO_PROXY.open(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail(f"daphne did not start; see {log_path}")
        time.sleep(0.2)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _post_json(url: str, data: dict) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(data).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    with NO_PROXY.open(request, timeout=10) as response:
        return json.loads(response.read())


async def _frame(ws, *types: str, timeout: float = 10) -> dict:
    """The next frame of one of ``types`` (others are skipped)."""
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await ws.recv())
            if frame["type"] in types:
                return frame


async def _send(ws, frame: dict) -> None:
    await ws.send(json.dumps(frame))


async def _scenario(base: str, session_id: str, queue_slug: str) -> tuple[list, list, int]:
    ws_base = base.replace("http://", "ws://")
    options = {"origin": base, "proxy": None, "open_timeout": 10}
    agent = await connect(
        f"{ws_base}/ws/chat/agent/",
        additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_id}"},
        **options,
    )
    await _send(agent, {"type": "hello", "resume": {}})
    assert (await _frame(agent, "ready"))["conversations"] == {}

    # The visitor starts a chat over HTTP; the core routes it to the (only) online agent.
    started = await asyncio.to_thread(
        _post_json,
        f"{base}/api/v1/chat/visitor/conversations/",
        {"queue": queue_slug, "name": "Li Lei", "contact": "13800138000", "topic": "Top-up"},
    )
    conversation = started["conversation"]
    offered = await _frame(agent, "conversation.offered")
    assert offered["conversation"]["id"] == conversation

    visitor_url = f"{ws_base}/ws/chat/visitor/?token={started['token']}"
    visitor = await connect(visitor_url, **options)
    await _send(visitor, {"type": "hello", "last_seq": 0})
    assert (await _frame(visitor, "ready"))["last_seq"] == 0

    received: list[tuple[int, str]] = []  # every message.new the visitor got, both sockets

    async def visitor_says(body: str) -> int:
        await _send(visitor, {"type": "message.send", "client_id": str(uuid.uuid4()), "body": body})
        while True:
            frame = await _frame(visitor, "message.ack", "message.new")
            if frame["type"] == "message.new":
                received.append((frame["message"]["seq"], frame["message"]["body"]))
            else:
                return frame["seq"]

    for i in range(3):
        await visitor_says(f"visitor {i}")

    # The agent writes steadily (each message acknowledged after commit) ...
    sent: list[tuple[int, str]] = []

    async def agent_writes():
        for i in range(AGENT_MESSAGES):
            body = f"agent {i}"
            client_id = str(uuid.uuid4())
            await _send(
                agent,
                {
                    "type": "message.send",
                    "conversation": conversation,
                    "client_id": client_id,
                    "body": body,
                },
            )
            while True:
                frame = await _frame(agent, "message.ack", "error")
                assert frame["type"] == "message.ack", frame
                if frame["client_id"] == client_id:
                    break
            sent.append((frame["seq"], body))
            await asyncio.sleep(0.01)

    writer = asyncio.create_task(agent_writes())

    # ... while the visitor's socket drops after a few of them and comes back later.
    while sum(1 for _seq, body in received if body.startswith("agent")) < 8:
        frame = await _frame(visitor, "message.new")
        received.append((frame["message"]["seq"], frame["message"]["body"]))
    visitor.transport.abort()  # no closing handshake: as when a phone loses its network
    await asyncio.sleep(0.3)
    last_seq = max(seq for seq, _body in received)

    visitor = await connect(visitor_url, **options)
    await _send(visitor, {"type": "hello", "last_seq": last_seq})
    replayed = 0
    while True:
        frame = await _frame(visitor, "message.new", "ready")
        if frame["type"] == "ready":
            break
        received.append((frame["message"]["seq"], frame["message"]["body"]))
        replayed += 1
    await writer
    expected_last = sent[-1][0]
    while max(seq for seq, _body in received) < expected_last:
        frame = await _frame(visitor, "message.new")
        received.append((frame["message"]["seq"], frame["message"]["body"]))
    # Anything else the server would send now would be a duplicate.
    with pytest.raises(TimeoutError):
        await _frame(visitor, "message.new", timeout=0.5)

    await visitor.close()
    await agent.close()
    return received, sent, replayed


def test_a_visitor_who_drops_mid_conversation_gets_every_message_exactly_once_in_order(
    daphne_server, routed_queue, agent
):
    go_online(agent)
    client = Client()
    client.force_login(agent)
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value

    received, sent, replayed = asyncio.run(
        asyncio.wait_for(_scenario(daphne_server, session_id, routed_queue.slug), timeout=90)
    )

    seqs = [seq for seq, _body in received]
    assert seqs == sorted(set(seqs)), "duplicates or out of order"
    assert seqs == list(range(1, len(seqs) + 1))  # nothing missing either
    from_agent = [(seq, body) for seq, body in received if body.startswith("agent")]
    assert from_agent == sent
    assert len(sent) == AGENT_MESSAGES
    assert replayed > 0  # the drop did lose messages in flight: the replay brought them back
