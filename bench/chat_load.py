"""Load machinery for the chat benchmarks: sockets in pairs, timed frames, loss and duplicates.

Each *pair* is the two ends of one conversation (visitor and agent for the product, two plain
sockets for the bare relay). Both ends send a frame every ``period`` seconds (with a random
start offset, so the load is spread), carrying an id and the send time; the other end records
when it arrives. After the run and a drain pause: delivered, lost (sent but never received by
the other end), duplicated (received more than once), and the end-to-end latency percentiles.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import websockets


@dataclass
class End:
    """One socket of a pair: how to open it, greet, wrap an outgoing payload, unwrap arrivals."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    hello: Callable[[], str | None] = lambda: None
    # (payload) -> text frame to send
    wrap: Callable[[str], str] = lambda payload: payload
    # (text frame) -> payload carried by an arriving message, or None for other frames
    unwrap: Callable[[str], str | None] = lambda text: text
    # frames to send after a reconnect, e.g. a resume hello; None: same as hello
    rehello: Callable[[], str | None] | None = None
    on_frame: Callable[[str], None] | None = None


@dataclass
class Stats:
    sent: int = 0
    received: int = 0
    duplicates: int = 0
    lost: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    connect_errors: int = 0
    reconnects: int = 0

    def pct(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    def row(self) -> dict:
        return {
            "sent": self.sent,
            "delivered": self.received,
            "lost": self.lost,
            "duplicated": self.duplicates,
            "p50": self.pct(50),
            "p95": self.pct(95),
            "p99": self.pct(99),
            "mean": statistics.mean(self.latencies_ms) if self.latencies_ms else float("nan"),
            "connect_errors": self.connect_errors,
            "reconnects": self.reconnects,
        }


async def open_socket(end: End, *, retries: int = 5):
    delay = 0.2
    for attempt in range(retries):
        try:
            return await websockets.connect(
                end.url,
                additional_headers=end.headers,
                open_timeout=20,
                max_size=2**20,
                ping_interval=None,
            )
        except Exception:
            if attempt == retries - 1:
                raise
            await asyncio.sleep(delay + random.random() * delay)
            delay *= 2
    raise RuntimeError("unreachable")


class Runner:
    def __init__(self, pairs: list[tuple[End, End]], *, period: float, duration: float):
        self.pairs = pairs
        self.period = period
        self.duration = duration
        self.stats = Stats()
        self.sent_ids: set[str] = set()
        self.seen: dict[str, int] = {}
        self.stop_sending = asyncio.Event()
        self.kill_queue: asyncio.Queue | None = None

    async def _end_loop(self, pair_no: int, side: str, end: End, ready: asyncio.Barrier | None):
        ws = await open_socket(end)
        hello = end.hello()
        if hello:
            await ws.send(hello)
        if ready is not None:
            await ready.wait()
        counter = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.duration
        lock = asyncio.Lock()
        state = {"ws": ws}

        async def reader():
            while True:
                try:
                    text = await state["ws"].recv()
                except Exception:
                    if self.stop_sending.is_set() and loop.time() > deadline + 5:
                        return
                    await asyncio.sleep(0.05)
                    continue
                if end.on_frame:
                    end.on_frame(text)
                payload = end.unwrap(text)
                if payload is None:
                    continue
                data = json.loads(payload)
                now = time.time()
                msg_id = data["id"]
                n = self.seen.get(msg_id, 0)
                self.seen[msg_id] = n + 1
                if n:
                    self.stats.duplicates += 1
                else:
                    self.stats.received += 1
                    self.stats.latencies_ms.append((now - data["t"]) * 1000)

        async def reconnect():
            async with lock:
                with contextlib.suppress(Exception):
                    await state["ws"].close()
                state["ws"] = await open_socket(end)
                frame = (end.rehello or end.hello)()
                if frame:
                    await state["ws"].send(frame)
                self.stats.reconnects += 1

        reader_task = asyncio.create_task(reader())
        await asyncio.sleep(random.random() * self.period)
        while loop.time() < deadline:
            counter += 1
            msg_id = f"{pair_no}-{side}-{counter}"
            payload = json.dumps({"id": msg_id, "t": time.time()})
            try:
                async with lock:
                    await state["ws"].send(end.wrap(payload))
                self.sent_ids.add(msg_id)
                self.stats.sent += 1
            except Exception:
                await reconnect()
            if self.kill_queue is not None and not self.kill_queue.empty():
                try:
                    target = self.kill_queue.get_nowait()
                    if target == (pair_no, side):
                        await reconnect()
                except asyncio.QueueEmpty:
                    pass
            await asyncio.sleep(self.period)
        self.stop_sending.set()
        await asyncio.sleep(3)  # drain
        reader_task.cancel()
        with contextlib.suppress(Exception):
            await state["ws"].close()

    async def run(self) -> Stats:
        tasks = []
        for i, (a, b) in enumerate(self.pairs):
            tasks.append(self._end_loop(i, "a", a, None))
            tasks.append(self._end_loop(i, "b", b, None))
        results = await asyncio.gather(*tasks, return_exceptions=True)
        self.stats.connect_errors = sum(1 for r in results if isinstance(r, Exception))
        # An id that was sent but never arrived at the other end is lost. (Senders whose socket
        # failed to open never sent: they show up as connect errors instead.)
        self.stats.lost = len(self.sent_ids - set(self.seen))
        return self.stats


async def burst_connect(ends: list[End]) -> tuple[int, int, float]:
    """Open every socket at once; (accepted, failed, seconds). The sockets are closed after."""
    started = time.perf_counter()
    results = await asyncio.gather(
        *(open_socket(e, retries=1) for e in ends), return_exceptions=True
    )
    elapsed = time.perf_counter() - started
    ok = [r for r in results if not isinstance(r, Exception)]
    await asyncio.gather(*(ws.close() for ws in ok), return_exceptions=True)
    return len(ok), len(results) - len(ok), elapsed


Factory = Callable[[int], Awaitable[list[tuple[End, End]]]]
