"""``python -m helpdesk.hotline.pbx``: a telephone system (PBX) that posts calls to the hotline.

It plays realistic call sequences against the webhook (``docs/hotline-protocol.md``) over real
HTTP, signed like a real integration:

- **answered**: ``new_call``, a few seconds of ringing, ``answered`` by an agent's extension,
  a few minutes of talk, ``hangup`` (``normal_clearing``);
- **missed**: ``new_call``, ringing until ``hangup`` (``no_answer``);
- **abandoned**: ``new_call``, the caller gives up while waiting (``originator_cancel``);
- **voicemail**: ``new_call``, then ``hangup`` (``voicemail``);
- **repeat**: one number calls several times a few minutes apart and nobody answers (the
  ring-back folds them into one).

Time runs ``--speed`` times faster than real time (``--speed 0``: no waiting at all); the event
timestamps are the simulated times (placed in the past so that none is ahead of the clock).
Events answered with 404 ``unknown_call``, 5xx or a network error are sent again (signed again),
as a telephone system's connector would; ``--duplicate-rate`` sends some events twice on purpose.

Pure Python with httpx (no Django): run it against ``make run`` (see ``docs/hotline.md``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from helpdesk.hotline.demo import SECRET_ENV, SECRET_FILE, stored_secret
from helpdesk.hotline.signing import signed_headers

DEFAULT_INTEGRATION = "demo-pbx"
EVENTS_PATH = "/api/v1/hotline/events/"
SCENARIOS = ("answered", "missed", "abandoned", "voicemail", "repeat")
RETRIES = 4
# Mobile prefixes (13x, 15x but 154, 18x): every eight digits after them make a valid number.
MOBILE_PREFIXES = [f"1{a}{b}" for a in "358" for b in "0123456789" if f"1{a}{b}" != "154"]


@dataclass
class Config:
    url: str
    secret: str
    integration: str = DEFAULT_INTEGRATION
    calls: int = 10
    missed_rate: float = 0.25
    abandon_rate: float = 0.1
    voicemail_rate: float = 0.05
    repeat_rate: float = 0.1
    duplicate_rate: float = 0.0
    extensions: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    known_rate: float = 0.7
    queue: str = ""
    dialled: str = "4008001234"
    speed: float = 1.0
    gap: float = 20.0
    concurrency: int = 8
    seed: int | None = None
    prefix: str = ""
    quiet: bool = False
    timeout: float = 10.0


@dataclass
class Report:
    scenarios: Counter = field(default_factory=Counter)
    sent: int = 0
    duplicates: int = 0
    retries: int = 0
    failures: list[str] = field(default_factory=list)
    states: Counter = field(default_factory=Counter)
    call_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


class Pbx:
    def __init__(self, config: Config, client: httpx.AsyncClient):
        self.config = config
        self.client = client
        self.rng = random.Random(config.seed)
        self.report = Report()
        self.started = time.time()
        self.prefix = config.prefix or f"sim-{uuid.uuid4().hex[:8]}"
        self.serial = 0

    # --- time -----------------------------------------------------------------------------------

    async def wait(self, seconds: float) -> None:
        if self.config.speed > 0:
            await asyncio.sleep(seconds / self.config.speed)

    def scale(self) -> float:
        """Real seconds per simulated second (0 with no waiting)."""
        return 1 / self.config.speed if self.config.speed > 0 else 0.0

    # --- one event ------------------------------------------------------------------------------

    def log(self, text: str) -> None:
        if not self.config.quiet:
            print(text, flush=True)

    async def send(self, event: dict[str, Any]) -> dict[str, Any] | None:
        body = json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode()
        url = self.config.url.rstrip("/") + EVENTS_PATH
        copies = 2 if self.rng.random() < self.config.duplicate_rate else 1
        answer = None
        for _copy in range(copies):
            answer = await self._post(url, body, event)
        return answer

    async def _post(self, url: str, body: bytes, event: dict[str, Any]) -> dict[str, Any] | None:
        delay = 0.2
        for attempt in range(RETRIES + 1):
            headers = signed_headers(self.config.integration, self.config.secret, body)
            try:
                response = await self.client.post(url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                self.report.sent += 1
                if response.status_code == 200:
                    data = response.json()
                    if response.headers.get("X-Hotline-Duplicate") == "true":
                        self.report.duplicates += 1
                    return data
                problem = f"{response.status_code} {response.text[:200]}"
                retryable = response.status_code >= 500 or (
                    response.status_code == 404 and "unknown_call" in response.text
                )
                if not retryable:
                    break
            if attempt < RETRIES:
                self.report.retries += 1
                await asyncio.sleep(delay)
                delay *= 2
        self.report.failures.append(f"{event['event']} {event['call_id']}: {problem}")
        self.log(f"  ! {event['event']} {event['call_id']}: {problem}")
        return None

    # --- one call -------------------------------------------------------------------------------

    def number(self) -> str:
        if self.config.numbers and self.rng.random() < self.config.known_rate:
            return self.rng.choice(self.config.numbers)
        # A mainland mobile number that phonenumbers accepts: a prefix and eight digits.
        return f"{self.rng.choice(MOBILE_PREFIXES)}{self.rng.randint(0, 99_999_999):08d}"

    def scenario(self) -> str:
        c = self.config
        roll = self.rng.random()
        for name, rate in (
            ("repeat", c.repeat_rate),
            ("missed", c.missed_rate),
            ("abandoned", c.abandon_rate),
            ("voicemail", c.voicemail_rate),
        ):
            if roll < rate:
                return name
            roll -= rate
        return "answered"

    async def call(
        self, scenario: str, number: str, *, ring: float, talk: float = 0.0
    ) -> dict | None:
        """One call: its events at simulated times (``ring`` and ``talk`` in seconds)."""
        self.serial += 1
        call_id = f"{self.prefix}-{self.serial:05d}"
        self.report.call_ids.append(call_id)
        extension = self.rng.choice(self.config.extensions) if self.config.extensions else ""
        total = ring + talk
        # Simulated times lie in the past, so that no timestamp is ahead of the server's clock.
        base = time.time() - total * (1 - self.scale())
        common = {"call_id": call_id}
        ringing = {
            **common,
            "event": "new_call",
            "timestamp": round(base, 3),
            "direction": "inbound",
            "from": number,
            "to": self.config.dialled,
            "agent": extension,
        }
        if self.config.queue:
            ringing["queue"] = self.config.queue
        answer = await self.send(ringing)
        if answer is None:
            return None
        self.log(f"{answer['reference']} {number} ringing (extension {extension or '-'})")
        await self.wait(ring)
        if scenario == "answered":
            answered = {**common, "event": "answered", "timestamp": round(base + ring, 3)}
            if extension:
                answered["agent"] = extension
            if await self.send(answered) is None:
                return None
            await self.wait(talk)
            cause = "normal_clearing"
        else:
            cause = {
                "missed": "no_answer",
                "repeat": "no_answer",
                "abandoned": "originator_cancel",
                "voicemail": "voicemail",
            }[scenario]
        ended = await self.send(
            {**common, "event": "hangup", "timestamp": round(base + total, 3), "cause": cause}
        )
        if ended is None:
            return None
        self.report.states[ended["state"]] += 1
        ringback = f", ring-back R-{ended['ringback']:06d}" if ended.get("ringback") else ""
        self.log(f"{ended['reference']} {number} {ended['state']} ({cause}){ringback}")
        return ended

    async def play(self, scenario: str) -> None:
        self.report.scenarios[scenario] += 1
        number = self.number()
        if scenario == "answered":
            await self.call(
                scenario, number, ring=self.rng.uniform(3, 20), talk=self.rng.uniform(30, 300)
            )
        elif scenario == "abandoned":
            await self.call(scenario, number, ring=self.rng.uniform(5, 40))
        elif scenario == "repeat":
            for attempt in range(self.rng.randint(2, 3)):
                if attempt:
                    await self.wait(self.rng.uniform(60, 300))
                await self.call(scenario, number, ring=self.rng.uniform(20, 40))
        else:
            await self.call(scenario, number, ring=self.rng.uniform(20, 40))

    async def run(self) -> Report:
        limit = asyncio.Semaphore(max(1, self.config.concurrency))

        async def one(scenario: str) -> None:
            async with limit:
                await self.play(scenario)

        tasks = []
        for n in range(self.config.calls):
            if n:
                await self.wait(self.rng.expovariate(1 / self.config.gap))
            tasks.append(asyncio.create_task(one(self.scenario())))
        await asyncio.gather(*tasks)
        return self.report


async def simulate(config: Config) -> Report:
    async with httpx.AsyncClient(timeout=config.timeout) as client:
        return await Pbx(config, client).run()


def run(config: Config) -> Report:
    return asyncio.run(simulate(config))


def _rate(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("a rate is between 0 and 1")
    return value


def parse(argv: list[str] | None = None, env: dict[str, str] | None = None) -> Config:
    env = os.environ if env is None else env
    parser = argparse.ArgumentParser(
        prog="python -m helpdesk.hotline.pbx",
        description="A simulated telephone system posting calls to the hotline webhook "
        "(docs/hotline.md, docs/hotline-protocol.md).",
    )
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the help desk's address")
    parser.add_argument(
        "--secret",
        default=None,
        help=f"the integration's signing secret; default: ${SECRET_ENV}, else the demo's "
        f"(kept by seed_demo in {SECRET_FILE.parent.name}/{SECRET_FILE.name})",
    )
    parser.add_argument("--integration", default=DEFAULT_INTEGRATION, help="integration name")
    parser.add_argument("--calls", type=int, default=10, help="calls to place (10)")
    parser.add_argument("--missed-rate", type=_rate, default=0.25, help="share missed (0.25)")
    parser.add_argument("--abandon-rate", type=_rate, default=0.1, help="share abandoned (0.1)")
    parser.add_argument(
        "--voicemail-rate", type=_rate, default=0.05, help="share to voicemail (0.05)"
    )
    parser.add_argument(
        "--repeat-rate",
        type=_rate,
        default=0.1,
        help="share of numbers calling 2-3 times, never answered (0.1)",
    )
    parser.add_argument(
        "--duplicate-rate", type=_rate, default=0.0, help="events sent twice on purpose (0)"
    )
    parser.add_argument(
        "--agent-extension",
        action="append",
        default=[],
        metavar="EXT",
        help="an agent's extension that calls ring (repeatable); default: the demo's 8001-8003",
    )
    parser.add_argument(
        "--number",
        action="append",
        default=[],
        metavar="NUMBER",
        help="a caller's number to use often (repeatable); default: the demo customers'",
    )
    parser.add_argument(
        "--known-rate",
        type=_rate,
        default=0.7,
        help="share of calls from those numbers; the rest come from random mobiles (0.7)",
    )
    parser.add_argument("--queue", default="", help="queue slug (default: the integration's)")
    parser.add_argument("--dialled", default="4008001234", help="the hotline's own number")
    parser.add_argument(
        "--speed",
        type=float,
        default=1.0,
        help="simulated seconds per real second (1: real time; 60: a minute a second; 0: no waiting)",
    )
    parser.add_argument(
        "--gap", type=float, default=20.0, help="mean simulated seconds between calls (20)"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="calls at once at most (8)")
    parser.add_argument("--seed", type=int, default=None, help="for a repeatable run")
    parser.add_argument("--prefix", default="", help="call ids' prefix (default: random)")
    parser.add_argument("--quiet", action="store_true", help="print the summary only")
    args = parser.parse_args(argv)
    if args.missed_rate + args.abandon_rate + args.voicemail_rate + args.repeat_rate > 1:
        parser.error("the rates add up to more than 1")
    if args.calls < 0 or args.speed < 0:
        parser.error("--calls and --speed cannot be negative")
    secret = args.secret or stored_secret(env)
    if not secret:
        parser.error(
            f"no signing secret: give --secret, set {SECRET_ENV}, or run `make run` once "
            "(seed_demo keeps the demo integration's secret)"
        )
    extensions = args.agent_extension or ["8001", "8002", "8003"]
    numbers = args.number or _demo_numbers()
    return Config(
        url=args.url,
        secret=secret,
        integration=args.integration,
        calls=args.calls,
        missed_rate=args.missed_rate,
        abandon_rate=args.abandon_rate,
        voicemail_rate=args.voicemail_rate,
        repeat_rate=args.repeat_rate,
        duplicate_rate=args.duplicate_rate,
        extensions=[e for e in extensions if e],
        numbers=numbers,
        known_rate=args.known_rate,
        queue=args.queue,
        dialled=args.dialled,
        speed=args.speed,
        gap=args.gap,
        concurrency=args.concurrency,
        seed=args.seed,
        prefix=args.prefix,
        quiet=args.quiet,
    )


def _demo_numbers() -> list[str]:
    from helpdesk.common.management.demo_data import DEMO_CUSTOMERS

    return ["".join(ch for ch in phone if ch.isdigit()) for _n, _c, phone, _e in DEMO_CUSTOMERS]


def summary(report: Report) -> str:
    scenarios = ", ".join(f"{n} {s}" for s, n in sorted(report.scenarios.items())) or "none"
    states = ", ".join(f"{n} {s}" for s, n in sorted(report.states.items())) or "none"
    return (
        f"pbx: {len(report.call_ids)} calls ({scenarios}); ended: {states}; "
        f"{report.sent} events sent, {report.duplicates} answered as repeats, "
        f"{report.retries} retries, {len(report.failures)} failed"
    )


def main(argv: list[str] | None = None) -> int:
    config = parse(argv)
    report = run(config)
    print(summary(report), flush=True)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
