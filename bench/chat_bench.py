"""Live chat under load: the product beside a bare Channels relay, measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/chat_bench.py [all|load|saturation|burst|reconnects] [--pairs 500] ...

Real websockets against daphne (``helpdesk.asgi`` for the product, ``bench/relay_asgi.py`` for the
relay) and the machine's Redis; the product on its own PostgreSQL database (``helpdesk_bench_chat``
beside ``DATABASE_URL``'s, loaded once: a queue, ``--pairs`` agents each holding one accepted chat).

- ``load``: ``--pairs`` conversations (visitor + agent socket each), both sides sending every
  ``--period`` s for ``--duration`` s: delivered, lost, duplicated, latency p50/p95/p99, for the
  product and for the relay.
- ``saturation``: the same at rising rates (``--sat-duration`` s per step), with one and with two
  daphne processes: the highest rate with p99 <= 250 ms and nothing lost.
- ``burst``: ``2 x --pairs`` sockets connect at once (the product's say hello and wait for
  ``ready``); then resident memory per idle socket, all of them open.
- ``reconnects``: the product's load run while ``--kills`` sockets are dropped (TCP abort) and
  reconnect with resume: lost and duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from chat_load import End, Runner, burst_connect, hold_idle  # noqa: E402

P99_LIMIT_MS = 250.0
SATURATION_PERIODS = [4.0, 3.0, 2.0, 1.5, 1.0, 0.75, 0.5, 0.375, 0.25]


# --- the product's ends --------------------------------------------------------------------------


class ProductEnd(End):
    """One side of a product conversation on the chat protocol: hello with where it is, an
    outbox of unacknowledged messages (resent with the same ``client_id`` after a reconnect)."""

    reliable = True
    side = ""

    def __init__(self, url: str, headers: dict[str, str], conversation: int):
        super().__init__(url, headers)
        self.conversation = conversation
        self.last_seq: int | None = None  # None: nothing seen yet, so nothing to replay
        self.outbox: dict[str, str] = {}
        self.errors: list[str] = []

    def hello(self) -> str:
        return json.dumps({"type": "hello", **self.where()})

    def where(self) -> dict:
        raise NotImplementedError

    def wrap(self, msg_id: str, payload: str) -> str:
        client_id = str(uuid.uuid4())
        frame = {"type": "message.send", "client_id": client_id, "body": payload}
        if self.side == "agent":
            frame["conversation"] = self.conversation
        text = json.dumps(frame)
        self.outbox[client_id] = text
        return text

    def unwrap(self, text: str) -> str | None:
        frame = json.loads(text)
        kind = frame.get("type")
        if kind == "message.new":
            message = frame["message"]
            self.last_seq = max(self.last_seq or 0, message["seq"])
            if message["sender"] != self.side:
                return message["body"]
        elif kind == "message.ack":
            self.outbox.pop(frame["client_id"], None)
        elif kind == "ready":
            self.ready(frame)
        elif kind in ("error", "resync"):
            self.errors.append(frame.get("code") or kind)
        return None

    def ready(self, frame: dict) -> None:
        raise NotImplementedError

    def resends(self) -> list[str]:
        return list(self.outbox.values())

    def is_ready(self) -> bool:
        return self.last_seq is not None


class Visitor(ProductEnd):
    side = "visitor"

    def where(self) -> dict:
        return {"last_seq": 2**62 if self.last_seq is None else self.last_seq}

    def ready(self, frame: dict) -> None:
        if self.last_seq is None:
            self.last_seq = frame["last_seq"]


class Agent(ProductEnd):
    side = "agent"

    def where(self) -> dict:
        seq = 2**62 if self.last_seq is None else self.last_seq
        return {"resume": {str(self.conversation): seq}}

    def ready(self, frame: dict) -> None:
        if self.last_seq is None:
            self.last_seq = frame["conversations"].get(str(self.conversation), 0)


# --- processes -----------------------------------------------------------------------------------


def start_daphne(app: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    from helpdesk.embedded import free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), app],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
        except urllib.error.HTTPError:
            return proc, port  # it answered (404 for a websocket-only app)
        except OSError:
            time.sleep(0.2)
            continue
        return proc, port
    proc.kill()
    sys.exit(f"daphne ({app}) did not start")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Target:
    """The product or the relay: its daphne processes and how to make its pairs of ends."""

    def __init__(self, kind: str, processes: int, *, chats=None, bench_env=None):
        self.kind = kind
        self.processes = processes
        self.chats = chats or []
        self.bench_env = bench_env or {}
        self.procs: list[tuple[subprocess.Popen, int]] = []

    @property
    def label(self) -> str:
        name = "product" if self.kind == "product" else "bare relay"
        return f"{name}, {self.processes} daphne"

    def __enter__(self) -> Target:
        env = {
            "DJANGO_SETTINGS_MODULE": "helpdesk.settings.local",
            "DJANGO_DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            # Its own groups and keys: nothing else on this Redis hears the bench.
            "CHANNELS_PREFIX": f"chatbench-{secrets.token_hex(4)}",
            **self.bench_env,
        }
        app = (
            "helpdesk.asgi:application"
            if self.kind == "product"
            else "bench.relay_asgi:application"
        )
        self.procs = [start_daphne(app, env) for _ in range(self.processes)]
        return self

    def __exit__(self, *exc) -> None:
        for proc, _ in self.procs:
            proc.terminate()
        for proc, _ in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()

    def rss(self) -> list[int]:
        return [rss_kib(proc.pid) for proc, _ in self.procs]

    def pairs(self, n: int | None = None) -> list[tuple[End, End]]:
        """With two processes the two ends of a conversation sit on different ones."""
        first, last = self.procs[0][1], self.procs[-1][1]
        n = len(self.chats) if self.kind == "product" and n is None else n
        out = []
        for i in range(n):
            if self.kind == "relay":
                a = End(url=f"ws://127.0.0.1:{first}/ws/relay/c{i}/")
                b = End(url=f"ws://127.0.0.1:{last}/ws/relay/c{i}/")
            else:
                chat = self.chats[i]
                a = Visitor(
                    f"ws://127.0.0.1:{first}/ws/chat/visitor/?token={chat['token']}",
                    {"Origin": f"http://127.0.0.1:{first}"},
                    chat["conversation"],
                )
                b = Agent(
                    f"ws://127.0.0.1:{last}/ws/chat/agent/",
                    {"Origin": f"http://127.0.0.1:{last}", "Cookie": chat["cookie"]},
                    chat["conversation"],
                )
            out.append((a, b))
        return out


def server_errors(pairs) -> int:
    return sum(len(getattr(end, "errors", ())) for pair in pairs for end in pair)


# --- the product's data --------------------------------------------------------------------------


def product_setup(args) -> list[dict]:
    """The bench database: a queue, ``--pairs`` agents each holding one accepted chat (created
    once, reused), and a fresh session per agent. Returns each chat's conversation id, visitor
    token and agent session cookie."""
    from inbox_bench import prepare_database, setup_django

    url = prepare_database(args)
    setup_django(url)
    os.environ["DATABASE_URL"] = url

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from chat.models import AgentPresence, Conversation, PresenceStatus, State
    from chat.services import conversation_accept, conversation_start
    from chat.tokens import visitor_token
    from helpdesk.accounts.models import User, UserRole
    from helpdesk.accounts.roles import Role
    from helpdesk.celery import app as celery_app
    from helpdesk.queues.configuration import membership_set, queue_create
    from helpdesk.queues.models import Queue, RoutingMode

    call_command("migrate", verbosity=0)
    celery_app.conf.task_always_eager = True  # no worker here: offers run in-process
    started = time.perf_counter()
    queue = Queue.objects.filter(slug="bench-chat").first() or queue_create(
        actor=None, name="Bench chat", slug="bench-chat", routing_mode=RoutingMode.MANUAL
    )
    names = [f"bench-chat-agent-{i}" for i in range(args.pairs)]
    have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    new = [
        User(username=n, display_name=n.replace("bench-chat-", "")) for n in names if n not in have
    ]
    for user in new:
        user.set_unusable_password()
    User.objects.bulk_create(new)
    agents = list(User.objects.filter(username__in=names).order_by("id"))
    UserRole.objects.bulk_create(
        [UserRole(user=u, role=Role.AGENT) for u in agents], ignore_conflicts=True
    )
    member_ids = set(queue.memberships.values_list("user_id", flat=True))
    for user in agents:
        if user.pk not in member_ids:
            membership_set(queue=queue, role=Role.AGENT, user=user)
    now = timezone.now()
    for user in agents:
        AgentPresence.objects.update_or_create(
            user=user, defaults={"status": PresenceStatus.ONLINE, "last_seen": now}
        )
    chats = []
    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if "ModelBackend" in b)
    for i, user in enumerate(agents):
        conversation = (
            Conversation.objects.filter(item__assignee=user, item__queue=queue, state=State.ACTIVE)
            .order_by("pk")
            .first()
        )
        if conversation is None:
            # Someone must be online to start a chat (heartbeats expire while this loop runs).
            AgentPresence.objects.filter(user=user).update(last_seen=timezone.now())
            with transaction.atomic():
                conversation = conversation_start(
                    queue=queue,
                    name=f"Visitor {i}",
                    contact=f"visitor{i}@bench.example",
                    topic="bench",
                )
            conversation_accept(conversation_id=conversation.pk, user=user)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        chats.append(
            {
                "conversation": conversation.pk,
                "token": visitor_token(conversation),
                "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
            }
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have: plans need statistics
    print(f"bench data ready: {len(chats)} accepted chats ({time.perf_counter() - started:.1f} s)")
    return chats


# --- the runs ------------------------------------------------------------------------------------

HEADER = (
    f"{'run':40} {'msg/s':>6} {'sent':>7} {'delivered':>9} {'lost':>5} {'dup':>5} "
    f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"
)


def print_row(label: str, rate: float, row: dict) -> None:
    errors = row["connect_errors"] + row["errors"] + row.get("server_errors", 0)
    print(
        f"{label:40} {rate:>6.0f} {row['sent']:>7} {row['delivered']:>9} {row['lost']:>5} "
        f"{row['duplicated']:>5} {row['p50']:8.1f} {row['p95']:8.1f} {row['p99']:8.1f} {errors:>6}",
        flush=True,
    )
    if row["lost"]:
        print(f"{'':40} lost, e.g.: {', '.join(row['lost_sample'])}")


def load_run(target: Target, pairs_n: int, *, period: float, duration: float, kills=0) -> dict:
    pairs = target.pairs(pairs_n)
    runner = Runner(pairs, period=period, duration=duration, kills=kills)
    row = asyncio.run(runner.run()).row()
    row["server_errors"] = server_errors(pairs)
    return row


def passes(row: dict) -> bool:
    return (
        row["lost"] == 0
        and row["duplicated"] == 0
        and row["connect_errors"] == 0
        and row["p99"] <= P99_LIMIT_MS
    )


def run_load(args, chats) -> None:
    rate = 2 * args.pairs / args.period
    print(
        f"\n== load: {args.pairs} conversations ({2 * args.pairs} sockets), each side every "
        f"{args.period} s ({rate:.0f} msg/s) for {args.duration:.0f} s, 1 daphne"
    )
    print(HEADER)
    rows = {}
    for kind in ("relay", "product"):
        with Target(kind, 1, chats=chats, bench_env=args.bench_env) as target:
            rows[kind] = load_run(target, args.pairs, period=args.period, duration=args.duration)
            rows[kind]["rss"] = target.rss()
        print_row(target.label, rate, rows[kind])
    ratio = rows["product"]["p99"] / rows["relay"]["p99"]
    verdict = (
        "ok"
        if ratio <= 2 and rows["product"]["lost"] == rows["product"]["duplicated"] == 0
        else "MISSED"
    )
    print(f"product p99 / relay p99 = {ratio:.2f} (target <= 2): {verdict}")
    print(
        f"daphne resident memory after the run: relay {rows['relay']['rss']} KiB, product {rows['product']['rss']} KiB"
    )


def run_saturation(args, chats) -> None:
    print(
        f"\n== saturation: {args.pairs} conversations, rising rates, {args.sat_duration:.0f} s a "
        f"step; passes with p99 <= {P99_LIMIT_MS:.0f} ms, nothing lost or duplicated"
    )
    print(HEADER)
    best: dict[tuple[str, int], float] = {}
    for processes in args.sat_processes:
        for kind in args.sat_kinds:
            best[kind, processes] = 0.0
            with Target(kind, processes, chats=chats, bench_env=args.bench_env) as target:
                for period in SATURATION_PERIODS:
                    rate = 2 * args.pairs / period
                    row = load_run(target, args.pairs, period=period, duration=args.sat_duration)
                    print_row(target.label, rate, row)
                    if not passes(row):
                        break
                    best[kind, processes] = rate
    print("\nsaturation point (highest passing rate, msg/s):")
    for processes in args.sat_processes:
        relay, product = best.get(("relay", processes), 0), best.get(("product", processes), 0)
        share = product / relay if relay else float("nan")
        verdict = "ok" if share >= 0.5 else "MISSED"
        print(
            f"  {processes} daphne: relay {relay:.0f}, product {product:.0f} "
            f"({share:.0%} of the relay; target >= 50 %: {verdict})"
        )


def run_burst(args, chats) -> None:
    n = 2 * args.pairs
    print(f"\n== memory and burst: {n} idle sockets held open; then {n} sockets connect at once")
    print(
        f"{'target':26} {'RSS base':>9} {'RSS open':>9} {'KiB/socket':>10} {'accepted':>8} "
        f"{'ready':>6} {'failed':>6} {'accept s':>8} {'ready s':>8}"
    )
    for kind in ("relay", "product"):
        with Target(kind, 1, chats=chats, bench_env=args.bench_env) as target:
            ends = [end for pair in target.pairs(args.pairs) for end in pair]
            ready = "ready" if kind == "product" else None
            # Warm up (imports, first queries, pools) with a few sockets, then the baseline.
            asyncio.run(burst_connect(ends[:10], ready=ready))
            time.sleep(1)
            base = sum(target.rss())
            opened, during = asyncio.run(
                hold_idle(ends, ready=ready, settle=5, measure=lambda t=target: sum(t.rss()))
            )
            per = (during - base) / max(opened, 1)
            time.sleep(2)
            accepted, _failed, accept_s = asyncio.run(burst_connect(ends, ready=None))
            time.sleep(2)
            ok, failed, ready_s = asyncio.run(burst_connect(ends, ready=ready))
        verdict = "ok" if failed == 0 and accepted == n and max(accept_s, ready_s) < 5 else "MISSED"
        print(
            f"{target.label:26} {base:>9} {during:>9} {per:>10.1f} {accepted:>8} {ok:>6} "
            f"{failed:>6} {accept_s:>8.2f} {ready_s:>8.2f}   burst < 5 s: {verdict}; "
            f"<= 100 KiB/socket: {'ok' if per <= 100 else 'MISSED'}",
            flush=True,
        )
    print("(accepted: the websocket handshake; ready: the product's hello answered, resumed)")


def run_reconnects(args, chats) -> None:
    rate = 2 * args.pairs / args.period
    print(
        f"\n== reconnects: the load run ({rate:.0f} msg/s, {args.duration:.0f} s) while {args.kills} "
        "sockets are dropped (TCP abort) and resume"
    )
    print(HEADER + f" {'kills':>6} {'reconn':>6}")
    with Target("product", 1, chats=chats, bench_env=args.bench_env) as target:
        row = load_run(
            target, args.pairs, period=args.period, duration=args.duration, kills=args.kills
        )
    print_row(target.label, rate, row)
    print(f"{'':>40} forced drops {row['kills']}, reconnects {row['reconnects']}")
    ok = row["lost"] == 0 and row["duplicated"] == 0 and row["kills"] >= args.kills
    print(
        f"lost and duplicated stay 0 over {row['kills']} forced reconnects: {'ok' if ok else 'MISSED'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "what",
        nargs="?",
        default="all",
        choices=["all", "load", "saturation", "burst", "reconnects"],
    )
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--period", type=float, default=4.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--sat-duration", type=float, default=20.0)
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument(
        "--sat-processes", type=lambda v: [int(x) for x in v.split(",")], default=[1, 2]
    )
    parser.add_argument("--sat-kinds", type=lambda v: v.split(","), default=["relay", "product"])
    parser.add_argument("--db-name", default="helpdesk_bench_chat")
    parser.add_argument("--rebuild", action="store_true", help="drop the bench database first")
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        sys.exit("REDIS_URL must be set (e.g. redis://127.0.0.1:6379/0)")
    # The per-connection send limit (20 per 10 s) is a guard, not what is measured: the
    # saturation steps send up to 4 a second per socket.
    args.bench_env = {"CHAT_RATE_MESSAGES": "200", **json.loads(os.environ.get("BENCH_ENV", "{}"))}
    chats = product_setup(args)
    steps = {
        "load": run_load,
        "saturation": run_saturation,
        "burst": run_burst,
        "reconnects": run_reconnects,
    }
    for name, step in steps.items():
        if args.what in ("all", name):
            step(args, chats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
