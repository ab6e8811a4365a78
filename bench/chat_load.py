"""Load machinery for the chat benchmarks: sockets in pairs, timed frames, loss and duplicates.

Each *pair* is the two ends of one conversation (visitor and agent for the product, two plain
sockets for the bare relay). Both ends send a frame every ``period`` seconds (with a random
start offset, so the load is spread), carrying an id and the send time; the other end records
when it arrives. After the run and a drain: delivered, lost (sent but never received by the other
end), duplicated (received more than once), and the end-to-end latency percentiles.

A ``Runner`` can also force reconnects: it aborts random sockets' TCP connections during the run
(as a network drop would); the end reconnects with backoff and says where it was (its ``hello``),
and a *reliable* end (the product's) resends what the server has not acknowledged.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import statistics
import time
from dataclasses import dataclass, field

import websockets


class End:
    """One socket of a pair. The base class is the bare relay's: frames go out and come back
    as they are, and nothing is resent."""

    reliable = False  # True: a sent payload is kept until acknowledged and resent on reconnect

    def __init__(self, url: str, headers: dict[str, str] | None = None):
        self.url = url
        self.headers = headers or {}

    def hello(self) -> str | None:
        """The first frame after every (re)connect."""
        return None

    def wrap(self, msg_id: str, payload: str) -> str:
        """The frame that carries ``payload``."""
        return payload

    def unwrap(self, text: str) -> str | None:
        """The payload an arriving frame carries from the other end, or None."""
        return text

    def resends(self) -> list[str]:
        """Frames to send again after a reconnect (unacknowledged messages)."""
        return []

    def is_ready(self) -> bool:
        """The server has answered the hello (the clock starts when every end is ready)."""
        return True


@dataclass
class Stats:
    sent: int = 0
    received: int = 0
    duplicates: int = 0
    lost: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    connect_errors: int = 0
    reconnects: int = 0
    kills: int = 0
    errors: int = 0
    lost_sample: list[str] = field(default_factory=list)

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
            "kills": self.kills,
            "errors": self.errors,
            "lost_sample": self.lost_sample,
        }


async def open_socket(end: End, *, retries: int = 6):
    """Connect with exponential backoff and jitter (as the product's clients do)."""
    delay = 0.2
    for attempt in range(retries):
        try:
            return await websockets.connect(
                end.url,
                additional_headers=end.headers,
                open_timeout=20,
                max_size=2**20,
                ping_interval=None,
                close_timeout=2,
            )
        except Exception:
            if attempt == retries - 1:
                raise
            await asyncio.sleep(delay + random.random() * delay)
            delay = min(delay * 2, 5)
    raise RuntimeError("unreachable")


class Conn:
    """An end's current socket; reconnects once per drop however many tasks notice it."""

    def __init__(self, runner: Runner, end: End):
        self.runner = runner
        self.end = end
        self.ws = None
        self.lock = asyncio.Lock()

    async def open(self) -> None:
        self.ws = await open_socket(self.end)
        await self.greet()

    async def greet(self) -> None:
        hello = self.end.hello()
        if hello:
            await self.ws.send(hello)
        for frame in self.end.resends():
            await self.ws.send(frame)

    async def reconnect(self, dead) -> None:
        async with self.lock:
            if self.ws is not dead:
                return  # another task already reconnected
            with contextlib.suppress(Exception):
                await dead.close()
            self.ws = await open_socket(self.end, retries=20)
            await self.greet()
            self.runner.stats.reconnects += 1

    def kill(self) -> bool:
        """Drop the TCP connection without a closing handshake (a network failure)."""
        ws = self.ws
        if ws is None or ws.transport is None or ws.transport.is_closing():
            return False
        ws.transport.abort()
        return True


class Runner:
    def __init__(
        self,
        pairs: list[tuple[End, End]],
        *,
        period: float,
        duration: float,
        kills: int = 0,
        drain: float = 10.0,
    ):
        self.pairs = pairs
        self.period = period
        self.duration = duration
        self.kills = kills
        self.drain = drain
        self.stats = Stats()
        self.sent_ids: set[str] = set()
        self.seen: dict[str, int] = {}
        self.conns: list[Conn] = []
        self.done = False

    def _arrived(self, payload: str) -> None:
        data = json.loads(payload)
        msg_id = data["id"]
        n = self.seen.get(msg_id, 0)
        self.seen[msg_id] = n + 1
        if n:
            self.stats.duplicates += 1
        else:
            self.stats.received += 1
            self.stats.latencies_ms.append((time.time() - data["t"]) * 1000)

    async def _reader(self, conn: Conn) -> None:
        while not self.done:
            ws = conn.ws
            try:
                text = await ws.recv()
            except asyncio.CancelledError:
                raise
            except Exception:
                if self.done:
                    return
                try:
                    await conn.reconnect(ws)
                except Exception:
                    self.stats.errors += 1
                    await asyncio.sleep(1)
                continue
            payload = conn.end.unwrap(text)
            if payload is not None:
                self._arrived(payload)

    async def _sender(self, pair_no: int, side: str, conn: Conn, deadline: float) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.sleep(random.random() * self.period)
        counter = 0
        next_at = loop.time()
        while loop.time() < deadline:
            counter += 1
            msg_id = f"{pair_no}-{side}-{counter}"
            frame = conn.end.wrap(msg_id, json.dumps({"id": msg_id, "t": time.time()}))
            if conn.end.reliable:
                # Kept in the end's outbox until acknowledged: it will arrive.
                self.sent_ids.add(msg_id)
                self.stats.sent += 1
            ws = conn.ws
            try:
                await ws.send(frame)
                if not conn.end.reliable:
                    self.sent_ids.add(msg_id)
                    self.stats.sent += 1
            except Exception:
                with contextlib.suppress(Exception):
                    await conn.reconnect(ws)
            next_at += self.period
            await asyncio.sleep(max(0.0, next_at - loop.time()))

    async def _killer(self, deadline: float) -> None:
        if not self.kills:
            return
        loop = asyncio.get_running_loop()
        # Spread over the run, leaving the last 10 % quiet so every resume completes.
        interval = (self.duration * 0.9) / self.kills
        await asyncio.sleep(interval)
        while self.stats.kills < self.kills and loop.time() < deadline:
            if random.choice(self.conns).kill():
                self.stats.kills += 1
            await asyncio.sleep(interval)

    async def run(self) -> Stats:
        ends = [
            (i, side, end)
            for i, pair in enumerate(self.pairs)
            for side, end in zip("ab", pair, strict=True)
        ]
        conns = [Conn(self, end) for _i, _side, end in ends]
        opened = await asyncio.gather(*(c.open() for c in conns), return_exceptions=True)
        self.stats.connect_errors = sum(1 for r in opened if isinstance(r, Exception))
        live = [
            (i, side, c)
            for (i, side, _e), c, r in zip(ends, conns, opened, strict=True)
            if not isinstance(r, Exception)
        ]
        self.conns = [c for _i, _s, c in live]
        readers = [asyncio.create_task(self._reader(c)) for c in self.conns]
        # Every hello answered before the clock starts.
        until = time.monotonic() + 60
        while time.monotonic() < until and not all(c.end.is_ready() for c in self.conns):
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
        deadline = asyncio.get_running_loop().time() + self.duration
        await asyncio.gather(
            *(self._sender(i, side, c, deadline) for i, side, c in live), self._killer(deadline)
        )
        # Drain: wait until everything sent has arrived, or the drain time is up.
        drain_until = time.monotonic() + self.drain
        while time.monotonic() < drain_until and not self.sent_ids.issubset(self.seen):
            await asyncio.sleep(0.2)
        self.done = True
        for task in readers:
            task.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        await asyncio.gather(*(c.ws.close() for c in self.conns), return_exceptions=True)
        lost = self.sent_ids - set(self.seen)
        self.stats.lost = len(lost)
        self.stats.lost_sample = sorted(lost)[:5]
        return self.stats


async def burst_connect(ends: list[End], *, ready: str | None = None) -> tuple[int, int, float]:
    """Open every socket at once (each says hello and, when ``ready`` is given, waits for a
    frame of that type); (ready, failed, seconds). The sockets are closed after."""

    async def one(end: End):
        ws = await open_socket(end, retries=1)
        hello = end.hello()
        if hello:
            await ws.send(hello)
        if ready:
            while True:
                frame = json.loads(await asyncio.wait_for(ws.recv(), 30))
                if frame.get("type") == ready:
                    break
        return ws

    started = time.perf_counter()
    results = await asyncio.gather(*(one(e) for e in ends), return_exceptions=True)
    elapsed = time.perf_counter() - started
    ok = [r for r in results if not isinstance(r, Exception)]
    await asyncio.gather(*(ws.close() for ws in ok), return_exceptions=True)
    return len(ok), len(results) - len(ok), elapsed


async def hold_idle(ends: list[End], *, ready: str | None, settle: float, measure) -> tuple:
    """Open every socket (hello, wait for ``ready``), leave them idle ``settle`` seconds, call
    ``measure()`` while they are open; (opened, measure's result)."""
    sockets = []
    for start in range(0, len(ends), 100):
        batch = ends[start : start + 100]

        async def one(end: End):
            ws = await open_socket(end)
            hello = end.hello()
            if hello:
                await ws.send(hello)
            if ready:
                while json.loads(await asyncio.wait_for(ws.recv(), 30)).get("type") != ready:
                    pass
            return ws

        sockets += [r for r in await asyncio.gather(*map(one, batch), return_exceptions=True)]
    ok = [ws for ws in sockets if not isinstance(ws, Exception)]
    await asyncio.sleep(settle)
    result = measure()
    await asyncio.gather(*(ws.close() for ws in ok), return_exceptions=True)
    return len(ok), result
