"""The scale bench's mixed load, all through the front proxy: chats (the chat bench's pairs of
websockets, each side sending every ``period`` s, checked for loss and duplicates), and
``lines`` HTTP clients each doing, one after the other, a weighted random operation:

- ``ticket``: ``POST /api/v1/tickets/`` into the routed bench queue (not retried: not idempotent);
- ``call``: one call's signed PBX events (``new_call``, ``answered``, ``hangup``) to
  ``POST /api/v1/hotline/events/``; each event is retried (up to 5 times, 0.5 s apart) on a
  refused connection or a 5xx, as a PBX does: the webhook's receipts make a repeat harmless;
- ``order``: ``POST /api/v1/orders/`` with an ``Idempotency-Key``, retried with the same key on
  a dropped connection or a 5xx (a repeat answers with the order already placed);
- ``inbox``: ``GET /api/v1/inbox/`` as a manager;
- ``chat``: a visitor starts a chat from the widget (``POST /api/v1/chat/visitor/conversations/``)
  in the bench chat queue, where bench/scale_desks.py's agents take it (not retried).

Each HTTP operation's latency is recorded (a call: each event), errors counted by operation and
kind (HTTP status or exception name).

With ``rate`` (``--rate``) the HTTP operations arrive instead as an open stream, ``rate`` a second
(exponential gaps, as independent users do), each on its own, up to ``lines * 8`` at once: a
slow configuration makes them queue rather than slowing the arrivals down, and an operation's
latency counts from when it should have started (its first request; a call's later events from
when they are sent). Operations that find every slot taken wait for one (their wait counts).
Used by bench/scale_bench.py.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter, defaultdict
from contextvars import ContextVar
from dataclasses import dataclass, field

import httpx

WEIGHTS = {"inbox": 4, "ticket": 2, "call": 1, "order": 2, "chat": 1}
# Open-rate mode: when the operation in hand should have started (perf_counter), or None.
SCHEDULED: ContextVar[float | None] = ContextVar("scheduled", default=None)


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    done: Counter = field(default_factory=Counter)
    calls_started: int = 0
    orders_posted: int = 0
    orders_ok: int = 0
    tickets_ok: int = 0
    orders_replayed: int = 0
    chats_ok: int = 0

    def record(self, op: str, started: float) -> None:
        scheduled = SCHEDULED.get()
        if scheduled is not None:  # open rate: the wait for a free slot counts
            started = scheduled
        self.latencies[op].append((time.perf_counter() - started) * 1000)
        self.done[op] += 1


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Driver:
    def __init__(
        self, base_url: str, data: dict, *, lines: int, seconds: float, seed: int, rate: float = 0
    ):
        self.base = base_url
        self.data = data
        self.lines = lines
        self.rate = rate
        self.seconds = seconds
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.call_no = 0
        self.prefix = f"scale-{seed}-{int(time.time())}"

    # --- operations --------------------------------------------------------------------------

    def _error(self, op: str, kind: str) -> None:
        self.tally.errors[(op, kind)] += 1

    async def inbox(self, client: httpx.AsyncClient) -> None:
        started = time.perf_counter()
        response = await client.get("/api/v1/inbox/", headers=self.auth)
        if response.status_code == 200:
            self.tally.record("inbox", started)
        else:
            self._error("inbox", str(response.status_code))

    async def ticket(self, client: httpx.AsyncClient) -> None:
        body = {
            "queue": self.data["queue"],
            "subject": f"Bench ticket {self.rng.randrange(10**6)}",
            "body": "Mixed load ticket.",
        }
        started = time.perf_counter()
        response = await client.post("/api/v1/tickets/", json=body, headers=self.auth)
        if response.status_code == 201:
            self.tally.record("ticket", started)
            self.tally.tickets_ok += 1
        else:
            self._error("ticket", str(response.status_code))

    async def order(self, client: httpx.AsyncClient) -> None:
        """An order with an Idempotency-Key, retried (the same key) on a dropped connection or a
        5xx as a careful client does: a retry gets the order already placed, never a second."""
        body = {
            "product": self.data["product"],
            "account": f"138{self.rng.randrange(10**8):08d}",
            "amount": 3_000,
        }
        headers = {
            **self.auth,
            "Idempotency-Key": f"{self.prefix}-order-{self.rng.getrandbits(64)}",
        }
        self.tally.orders_posted += 1
        for attempt in range(5):
            started = time.perf_counter()
            try:
                response = await client.post("/api/v1/orders/", json=body, headers=headers)
            except httpx.TransportError as exc:
                self._error("order", f"{type(exc).__name__} (retried)")
                await asyncio.sleep(0.5)
                continue
            if response.status_code >= 500 and attempt < 4:
                self._error("order", f"{response.status_code} (retried)")
                await asyncio.sleep(0.5)
                continue
            if response.status_code == 201:
                self.tally.record("order", started)
                self.tally.orders_ok += 1
                if response.headers.get("Idempotent-Replayed") == "true":
                    self.tally.orders_replayed += 1
            else:
                self._error("order", str(response.status_code))
            return
        self._error("order", "gave up")

    async def chat(self, client: httpx.AsyncClient) -> None:
        body = {
            "queue": self.data["chat_queue"],
            "name": "Bench visitor",
            "contact": f"visitor{self.rng.randrange(10**6)}@bench.example",
            "message": "Hello, is anyone there?",
        }
        started = time.perf_counter()
        response = await client.post("/api/v1/chat/visitor/conversations/", json=body)
        if response.status_code == 201:
            self.tally.record("chat", started)
            self.tally.chats_ok += 1
        else:
            self._error("chat", str(response.status_code))

    async def call(self, client: httpx.AsyncClient) -> None:
        from helpdesk.hotline.signing import signed_headers

        self.call_no += 1
        self.tally.calls_started += 1
        call_id = f"{self.prefix}-{self.call_no}"
        now = time.time()
        number = f"13{self.rng.randrange(10**9):09d}"
        events = [
            {"event": "new_call", "call_id": call_id, "timestamp": now, "from": number},
            {"event": "answered", "call_id": call_id, "timestamp": now + 1},
            {"event": "hangup", "call_id": call_id, "timestamp": now + 2, "cause": "normal"},
        ]
        events[0]["to"] = "4008001234"
        integration, secret = self.data["pbx"]
        for event in events:
            body = json.dumps(event).encode()
            for attempt in range(5):
                started = time.perf_counter()
                headers = signed_headers(integration, secret, body)
                try:
                    response = await client.post(
                        "/api/v1/hotline/events/", content=body, headers=headers
                    )
                except httpx.TransportError as exc:
                    self._error("call", f"{type(exc).__name__} (retried)")
                    await asyncio.sleep(0.5)
                    continue
                if response.status_code >= 500 and attempt < 4:
                    self._error("call", f"{response.status_code} (retried)")
                    await asyncio.sleep(0.5)
                    continue
                if response.status_code == 200:
                    self.tally.record("call", started)
                    SCHEDULED.set(None)  # the PBX sends the next event when it happens
                else:
                    self._error("call", str(response.status_code))
                    return
                break
            else:
                self._error("call", "gave up")
                return

    # --- the run -----------------------------------------------------------------------------

    async def line(self, deadline: float) -> None:
        ops = list(WEIGHTS)
        weights = list(WEIGHTS.values())
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=self.base, timeout=30, limits=limits) as client:
            while time.monotonic() < deadline:
                op = self.rng.choices(ops, weights)[0]
                try:
                    await getattr(self, op)(client)
                except httpx.HTTPError as exc:
                    self._error(op, type(exc).__name__)
                    await asyncio.sleep(0.2)  # the next request opens a new connection

    async def _one(self, client: httpx.AsyncClient, op: str, slots, scheduled: float) -> None:
        async with slots:
            SCHEDULED.set(scheduled)
            try:
                await getattr(self, op)(client)
            except httpx.HTTPError as exc:
                self._error(op, type(exc).__name__)

    async def stream(self, deadline: float) -> None:
        """Open rate: ``rate`` operations a second, whatever becomes of the earlier ones."""
        ops = list(WEIGHTS)
        weights = list(WEIGHTS.values())
        most = self.lines * 8
        slots = asyncio.Semaphore(most)
        limits = httpx.Limits(max_connections=most, max_keepalive_connections=most)
        async with httpx.AsyncClient(base_url=self.base, timeout=30, limits=limits) as client:
            running: set[asyncio.Task] = set()
            wall_end = time.perf_counter() + (deadline - time.monotonic())
            due = time.perf_counter()
            while due < wall_end:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                op = self.rng.choices(ops, weights)[0]
                task = asyncio.create_task(self._one(client, op, slots, due))
                running.add(task)
                task.add_done_callback(running.discard)
                due += self.rng.expovariate(self.rate)
            if running:
                await asyncio.wait(running, timeout=60)

    async def run(self, chat_runner=None) -> Tally:
        self.auth = {"Authorization": f"Token {self.data['token']}"}
        deadline = time.monotonic() + self.seconds
        if self.rate:
            jobs = [self.stream(deadline)]
        else:
            jobs = [self.line(deadline) for _ in range(self.lines)]
        if chat_runner is not None:
            jobs.append(chat_runner.run())
        results = await asyncio.gather(*jobs)
        if chat_runner is not None:
            self.chat = results[-1]
        return self.tally
