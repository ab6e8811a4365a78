"""The scale bench's world: its own Redis, the pausable link to PostgreSQL, the supplier
simulator (shared by every configuration of a run), and per configuration the app processes
(N daphne behind the front proxy, N Celery workers, one beat); and the data the load uses.

Used by bench/scale_bench.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HIGH_RATE = "1000000/min"


def free_port() -> int:
    from helpdesk.embedded import free_port as pick

    return pick()


def wait_until(check, what: str, timeout: float = 60.0, proc=None) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if proc is not None and proc.poll() is not None:
            sys.exit(f"{what}: exited with status {proc.returncode} while starting")
        if time.monotonic() > deadline:
            sys.exit(f"{what}: not ready within {timeout:g} s")
        time.sleep(0.2)


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class Proc:
    """One child process in its own process group, output to a log file; restartable."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], logdir: Path):
        self.name, self.argv, self.env = name, argv, env
        self.log = logdir / f"{name}.log"
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.held = False  # a planned fault: the supervisor leaves it down

    def start(self) -> Proc:
        from helpdesk.embedded import die_with_parent

        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                self.argv,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                # PR_SET_PDEATHSIG fires when the *thread* that started the child ends: only
                # from the main thread (restarts from the fault thread rely on stop()).
                preexec_fn=die_with_parent
                if threading.current_thread() is threading.main_thread()
                else None,
            )
        self.starts += 1
        return self

    def signal(self, signum: int) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signum)

    def kill(self) -> None:
        """SIGKILL the whole group (a crash: no clean shutdown)."""
        self.signal(signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait()

    def stop(self, timeout: float = 15.0) -> None:
        if self.proc is None:
            return
        self.signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self.signal(signal.SIGKILL)  # anything the leader left in its group


class Infra:
    """Redis (its own redis-server, append-only as in production), the PostgreSQL link, the
    supplier simulator, a log directory. Lives for the whole run."""

    def __init__(self, admin_url: str, db_name: str):
        self.tmp = Path(tempfile.mkdtemp(prefix="scale-bench-"))
        self.redis_port = free_port()
        self.pg_port = free_port()
        parts = urllib.parse.urlsplit(admin_url)
        self.pg_target = f"{parts.hostname or '127.0.0.1'}:{parts.port or 5432}"
        auth = parts.netloc.rpartition("@")[0]
        self.app_db_url = f"postgres://{auth}@127.0.0.1:{self.pg_port}/{db_name}"
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        self.redis: Proc | None = None
        self.pg: Proc | None = None
        self.sim = None

    def start_redis(self) -> None:
        from helpdesk.embedded import redis_ping, redis_server_binary

        if self.redis is None:
            binary = "/usr/bin/redis-server"
            binary = binary if Path(binary).exists() else redis_server_binary()
            argv = [binary, "--bind", "127.0.0.1", "--port", str(self.redis_port)]
            argv += ["--dir", str(self.tmp), "--appendonly", "yes", "--save", ""]
            argv += ["--maxmemory-policy", "noeviction", "--loglevel", "warning"]
            self.redis = Proc("redis", argv, dict(os.environ), self.tmp)
        self.redis.start()
        wait_until(lambda: redis_ping(self.redis_port), "redis", proc=self.redis.proc)

    def restart_redis(self, down: float) -> None:
        """SIGTERM (the append-only file is flushed), ``down`` seconds without Redis, start."""
        assert self.redis is not None
        self.redis.stop()
        time.sleep(down)
        self.start_redis()

    def start_pg_link(self) -> None:
        argv = [PY, str(ROOT / "bench" / "tcp_proxy.py"), "--listen", f"127.0.0.1:{self.pg_port}"]
        self.pg = Proc("pg-link", [*argv, "--backend", self.pg_target], dict(os.environ), self.tmp)
        self.pg.start()
        wait_until(lambda: "ready" in self.pg.log.read_text(), "pg link", proc=self.pg.proc)

    def pause_pg(self, seconds: float) -> None:
        assert self.pg is not None
        self.pg.signal(signal.SIGSTOP)
        time.sleep(seconds)
        self.pg.signal(signal.SIGCONT)

    def start_simulator(self) -> None:
        from tests.orders.conftest import launch

        self.sim = launch(self.tmp / "simulator.log")

    def stop(self) -> None:
        if self.sim is not None:
            from tests.orders.conftest import stop

            stop(self.sim)
        for proc in (self.pg, self.redis):
            if proc is not None:
                proc.stop()


def app_env(infra: Infra, front_port: int) -> dict[str, str]:
    """The app processes' environment: bench database through the link, the bench's Redis,
    rate limits raised (they guard against abuse, they are not what is measured)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings.local",
        "DJANGO_DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": infra.app_db_url,
        "REDIS_URL": infra.redis_url,
        "ORDERS_CALLBACK_BASE_URL": f"http://127.0.0.1:{front_port}",
        "LOGIN_RATE": HIGH_RATE,
        "WEBHOOK_IP_RATE": HIGH_RATE,
        "WEBHOOK_SOURCE_RATE": HIGH_RATE,
        "CHAT_USER_SEND_RATE": "100000/10s",
        "CHAT_VISITOR_SEND_RATE": "100000/10s",
        "CHAT_VISITOR_IP_SEND_RATE": "100000/10s",
        "CHAT_VISITOR_RATE": HIGH_RATE,
        "CHAT_RATE_MESSAGES": "100000",
        "ROUTING_SWEEP_SECONDS": "5",
        "ORDERS_SWEEP_SECONDS": "2",
        "SLA_SCAN_SECONDS": "5",
        "CHAT_REOFFER_SWEEP_SECONDS": "5",
        # An offer lost with a killed daphne or a Redis restart is taken back and made again
        # after this long (60 s in production): the checks wait for it.
        "CHAT_OFFER_SECONDS": "15",
    }


class Apps:
    """One configuration: ``n`` daphne behind the front proxy, ``n`` workers, one beat."""

    def __init__(self, infra: Infra, n: int, label: str):
        self.infra, self.n, self.label = infra, n, label
        self.front_port = free_port()
        self.web_ports = [free_port() for _ in range(n)]
        self.env = app_env(infra, self.front_port)
        logdir = infra.tmp / label.replace(" ", "-")
        logdir.mkdir()
        daphne = [PY, "-m", "daphne", "-b", "127.0.0.1", "helpdesk.asgi:application"]
        self.webs = [
            Proc(f"web{i}", [*daphne[:-1], "-p", str(p), daphne[-1]], self.env, logdir)
            for i, p in enumerate(self.web_ports)
        ]
        celery = [PY, "-m", "celery", "-A", "helpdesk"]
        self.workers = [
            Proc(
                f"worker{i}",
                [
                    *celery,
                    "worker",
                    "-l",
                    "warning",
                    "--concurrency=2",
                    "--pool=prefork",
                    f"--hostname=scale{i}@%h",
                    "--queues=celery,rosters",
                    "--without-mingle",
                    "--without-gossip",
                ],
                self.env,
                logdir,
            )
            for i in range(n)
        ]
        schedule = str(logdir / "celerybeat-schedule")
        self.beat = Proc(
            "beat", [*celery, "beat", "-l", "warning", "-s", schedule], self.env, logdir
        )
        front = [
            PY,
            str(ROOT / "bench" / "tcp_proxy.py"),
            "--listen",
            f"127.0.0.1:{self.front_port}",
        ]
        for port in self.web_ports:
            front += ["--backend", f"127.0.0.1:{port}"]
        self.front = Proc("front", front, dict(os.environ), logdir)
        self.restarts: list[str] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.front_port}"

    def start(self) -> None:
        for proc in (*self.webs, *self.workers, self.beat, self.front):
            proc.start()
        for proc, port in zip(self.webs, self.web_ports, strict=True):
            self.wait_web(proc, port)
        wait_until(lambda: http_ok(f"{self.base_url}/healthz"), "front proxy")

    def wait_web(self, proc: Proc, port: int) -> None:
        url = f"http://127.0.0.1:{port}/healthz"
        wait_until(lambda: http_ok(url), proc.name, timeout=90, proc=proc.proc)

    def crash_web(self, index: int, down: float) -> None:
        """SIGKILL one daphne; started again after ``down`` s (a supervisor's restart)."""
        self.webs[index].held = True
        self.webs[index].kill()
        time.sleep(down)
        self.webs[index].start()
        self.webs[index].held = False
        # Not waited for: it takes a few seconds to serve again (the front proxy skips it while
        # it refuses), and the next fault keeps its time.

    def crash_worker(self, index: int, down: float) -> None:
        self.workers[index].held = True
        self.workers[index].kill()
        time.sleep(down)
        self.workers[index].start()
        self.workers[index].held = False

    def supervise(self, stop: threading.Event) -> None:
        """What Docker's ``restart: unless-stopped`` does: a process that exits on its own is
        started again (counted in ``self.restarts``)."""
        while not stop.wait(1.0):
            for proc in (*self.webs, *self.workers, self.beat):
                if not proc.held and proc.proc is not None and proc.proc.poll() is not None:
                    self.restarts.append(f"{proc.name} exited ({proc.proc.returncode})")
                    proc.start()

    def stop(self) -> None:
        for proc in (self.front, self.beat, *self.workers, *self.webs):
            proc.stop()

    def chat_open(self, slug: str) -> bool:
        """The widget's answer: someone of the queue is online to take a chat."""
        try:
            url = f"{self.base_url}/api/v1/chat/widget/status/?queue={slug}"
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.load(response).get("open") is True
        except (urllib.error.URLError, OSError, ValueError):
            return False


def prime_sla(apps: Apps, data: dict, seconds: float, count: int = 30) -> int:
    """``count`` tickets whose first-response clocks fall due one after the other during the
    load (their due and warning times moved forward): breaches and escalation steps run while
    the faults happen. Returns how many were made."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from helpdesk.sla.models import SlaClock

    headers = {"Authorization": f"Token {data['token']}", "Content-Type": "application/json"}
    ids = []
    for i in range(count):
        body = {"queue": data["queue"], "subject": f"SLA bench {i}", "body": "Due soon."}
        request = urllib.request.Request(
            f"{apps.base_url}/api/v1/tickets/", json.dumps(body).encode(), headers
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            ids.append(json.load(response)["id"])
    now = timezone.now()
    clocks = SlaClock.objects.filter(item_id__in=ids, state="running", kind="first_response")
    for n, clock in enumerate(clocks.order_by("item_id")):
        due = now + timedelta(seconds=(n + 1) * seconds * 0.9 / count)
        clock.due_at, clock.warn_at = due, due - timedelta(seconds=2)
        clock.save(update_fields=["due_at", "warn_at"])
    connection.close()
    return len(ids)


# --- data -----------------------------------------------------------------------------------


def chat_pairs(args) -> list[dict]:
    """The chat bench's pairs: ``--pairs`` agents each holding an accepted chat, fresh sessions.
    Called again before each configuration: between two configurations no agent's browser
    sends heartbeats, and the product gives back the chats of an agent silent for
    ``CHAT_AGENT_GONE_SECONDS`` (chat/offers.py), as it should; those get a new chat."""
    import chat_bench

    chat_args = type("A", (), {"pairs": args.pairs, "db_name": args.db_name, "rebuild": False})
    return chat_bench.product_setup(chat_args)


def setup_data(args, infra: Infra) -> dict:
    """Chats (reusing the chat bench's set-up), a routed ticket queue, a hotline integration,
    the order channels on the simulator, a manager's API token. Runs in this process, straight
    on the bench database (not through the link)."""
    os.environ["REDIS_URL"] = infra.redis_url
    os.environ["CHANNELS_PREFIX"] = "helpdesk"  # the app processes' default
    chats = chat_pairs(args)

    from django.db import connection
    from orders_world import make_channels, prepare_database, reset_simulator
    from rest_framework.authtoken.models import Token

    from helpdesk.accounts.models import User, UserRole
    from helpdesk.hotline.models import TelephonyIntegration
    from helpdesk.queues.configuration import membership_set, queue_create
    from helpdesk.queues.models import Queue, RoutingMode

    queue = Queue.objects.filter(slug="bench-scale").first() or queue_create(
        actor=None, name="Bench scale", slug="bench-scale", routing_mode=RoutingMode.ROUND_ROBIN
    )
    agents = list(User.objects.filter(username__startswith="bench-chat-agent-").order_by("id"))
    members = set(queue.memberships.values_list("user_id", flat=True))
    for user in agents[:20]:
        if user.pk not in members:
            membership_set(queue=queue, role="agent", user=user, capacity=100000)
    manager, _ = User.objects.get_or_create(username="bench-scale-manager")
    UserRole.objects.get_or_create(user=manager, role="manager")
    token, _ = Token.objects.get_or_create(user=manager)
    secret = "bench-scale-pbx-secret"
    TelephonyIntegration.objects.update_or_create(
        name="bench-scale-pbx", defaults={"secret": secret, "default_queue": queue}
    )
    supervisor, _ = User.objects.get_or_create(username="bench-scale-supervisor")
    UserRole.objects.get_or_create(user=supervisor, role="supervisor")
    if supervisor.pk not in members:
        membership_set(queue=queue, role="supervisor", user=supervisor)
    sla_setup(queue)
    desks = desk_setup()
    prepare_database()  # order tables emptied: the ledgers and our orders start together
    ids = make_channels(infra.sim)
    reset_simulator(infra.sim)
    connection.close()
    return {
        "chats": chats,
        "queue": queue.pk,
        "token": token.key,
        "pbx": ("bench-scale-pbx", secret),
        "product": ids["product"],
        "channel_ids": ids,
        **desks,
    }


def sla_setup(queue) -> None:
    """The bench queue's SLA: first response within 1 minute (every item), warning at half, and
    a chain whose three levels (assignee, the queue's supervisors, the managers) each follow the
    one before without waiting: every breach runs three steps, one per SLA scan (5 s)."""
    from helpdesk.sla.models import EscalationChain, SlaPolicy

    levels = [
        {"target": "assignee", "after_minutes": 0},
        {"target": "queue_supervisors", "after_minutes": 0},
        {"target": "manager", "after_minutes": 0},
    ]
    chain, _ = EscalationChain.objects.update_or_create(
        name="Bench scale", defaults={"levels": levels}
    )
    SlaPolicy.objects.update_or_create(
        queue=queue,
        priority=None,
        kind="",
        defaults={"first_response_minutes": 1, "warn_percent": 50, "escalation": chain},
    )


DESKS = 4


def desk_setup() -> dict:
    """A chat queue routed round robin to ``DESKS`` agents (bench/scale_desks.py plays them):
    the chats visitors start during the load land there."""
    from rest_framework.authtoken.models import Token

    from helpdesk.accounts.models import User, UserRole
    from helpdesk.queues.configuration import membership_set, queue_create
    from helpdesk.queues.models import Queue, RoutingMode

    queue = Queue.objects.filter(slug="bench-scale-chat").first() or queue_create(
        actor=None,
        name="Bench scale chat",
        slug="bench-scale-chat",
        routing_mode=RoutingMode.ROUND_ROBIN,
    )
    members = set(queue.memberships.values_list("user_id", flat=True))
    desks = []
    for i in range(DESKS):
        user, _ = User.objects.get_or_create(username=f"bench-scale-desk-{i}")
        UserRole.objects.get_or_create(user=user, role="agent")
        if user.pk not in members:
            membership_set(queue=queue, role="agent", user=user, capacity=1000)
        desks.append({"user": user.pk, "token": Token.objects.get_or_create(user=user)[0].key})
    return {"chat_queue": queue.slug, "chat_queue_id": queue.pk, "desks": desks}
