"""``make run``: the whole product on this machine, in the foreground.

1. Redis: ``REDIS_URL`` if set, else an embedded redis-server (``REDIS_PORT``, default 6390 when
   free, else any free port), exported to every child as ``REDIS_URL``.
2. ``migrate``, ``collectstatic``, ``seed_demo`` (idempotent), one after the other.
3. The supplier simulator (``sim``; ``orders/simulator``) on 127.0.0.1: its control API on
   ``SUPPLIER_SIM_CONTROL_PORT`` (9100), channels ``SUPPLIER_SIM_CHANNELS``
   (``alpha:9101,beta:9102,gamma:9103``); ``SUPPLIER_SIM=0`` leaves it out.
4. daphne (``HOST``:``PORT``, default 127.0.0.1:8000), a Celery worker and Celery beat, each line
   of their output prefixed with its name.
5. Once ``/healthz`` (and the simulator's) answers 200: the URLs and the demo logins.

Ctrl-C or SIGTERM stops every process it started (each runs in its own process group: SIGTERM,
then SIGKILL after ``STACK_STOP_TIMEOUT`` seconds; a second Ctrl-C kills at once), the embedded
Redis last. A child that dies on its own stops the rest, and the exit status is 1. Nothing is
left behind (no pid or lock files), so the next ``make run`` starts cleanly.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from helpdesk.common.management.demo_data import DEMO_USERS, SUPERUSER, demo_password
from helpdesk.embedded import die_with_parent, embedded_redis, free_port, port_is_free

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
DEFAULT_REDIS_PORT = 6390
DEFAULT_SETTINGS = "helpdesk.settings.local"
DEFAULT_SIM_CONTROL_PORT = 9100
DEFAULT_SIM_CHANNELS = "alpha:9101,beta:9102,gamma:9103"
SIM_HOST = "127.0.0.1"  # the control API has no login: loopback only
COLOURS = ("36", "33", "35", "32", "34", "31", "96", "93")


class StackError(Exception):
    """Something to report in one clear line before stopping (exit status 2)."""


class Stopped(Exception):
    """Ctrl-C or SIGTERM arrived."""


# --- small helpers (tested on their own) ----------------------------------------------------


def env_port(env: dict[str, str], name: str, default: int | None = None) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        port = int(raw)
    except ValueError:
        raise StackError(f"{name}={raw!r} is not a port number.") from None
    if not 0 < port < 65536:
        raise StackError(f"{name}={port} is not a port number (1-65535).")
    return port


def choose_redis_port(env: dict[str, str]) -> int:
    """``REDIS_PORT`` if set (it must be free), else 6390 if free, else any free port."""
    port = env_port(env, "REDIS_PORT")
    if port is not None:
        if not port_is_free(port):
            raise StackError(
                f"REDIS_PORT={port} is already in use on 127.0.0.1. "
                "Stop what listens there, or choose another REDIS_PORT."
            )
        return port
    return DEFAULT_REDIS_PORT if port_is_free(DEFAULT_REDIS_PORT) else free_port()


def check_http_port(host: str, port: int) -> None:
    if not port_is_free(port, host):
        raise StackError(
            f"Port {port} on {host} is already in use (is another `make run` still running?). "
            f"Stop it, or choose another port: PORT={port + 1} make run"
        )


def simulator_ports(env: dict[str, str]) -> tuple[int, list[tuple[str, int]]] | None:
    """The supplier simulator's control port and ``(channel, port)`` pairs; None when
    ``SUPPLIER_SIM=0`` turns it off."""
    if env.get("SUPPLIER_SIM", "1").strip().lower() in ("0", "false", "no", "off"):
        return None
    control = env_port(env, "SUPPLIER_SIM_CONTROL_PORT") or DEFAULT_SIM_CONTROL_PORT
    raw = env.get("SUPPLIER_SIM_CHANNELS", "").strip() or DEFAULT_SIM_CHANNELS
    channels: list[tuple[str, int]] = []
    for item in raw.split(","):
        name, _, port_text = item.strip().partition(":")
        if not name or not port_text:
            raise StackError(
                f"SUPPLIER_SIM_CHANNELS={raw!r}: expected NAME:PORT,NAME:PORT "
                f"(e.g. {DEFAULT_SIM_CHANNELS})."
            )
        port = env_port({"SUPPLIER_SIM_CHANNELS": port_text}, "SUPPLIER_SIM_CHANNELS")
        channels.append((name, port or 0))
    ports = [control, *(p for _name, p in channels)]
    if len(set(ports)) != len(ports):
        raise StackError("The supplier simulator needs a port of its own per channel and control.")
    return control, channels


def check_simulator_ports(control: int, channels: list[tuple[str, int]]) -> None:
    for what, port in [("control API", control), *((f"channel {n}", p) for n, p in channels)]:
        if not port_is_free(port, SIM_HOST):
            raise StackError(
                f"Port {port} (the supplier simulator's {what}) is already in use on {SIM_HOST}. "
                "Choose others, e.g. SUPPLIER_SIM_CONTROL_PORT=9200 "
                "SUPPLIER_SIM_CHANNELS=alpha:9201,beta:9202,gamma:9203 make run, "
                "or go without it: SUPPLIER_SIM=0 make run"
            )


def probe_host(host: str) -> str:
    """Where to reach a server bound to ``host`` from this machine."""
    return "127.0.0.1" if host in ("", "0.0.0.0", "::", "[::]") else host


def redact_url(url: str) -> str:
    """The URL without its password (for printing)."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username or ''}:***@{parts.hostname}"
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def uses_sqlite(env: dict[str, str]) -> bool:
    return env.get("DATABASE_URL", "sqlite").startswith("sqlite")


def celery_pool(env: dict[str, str]) -> str:
    """Threads on SQLite (one file, no forked connections); prefork on PostgreSQL."""
    return env.get("CELERY_POOL") or ("threads" if uses_sqlite(env) else "prefork")


class Printer:
    """Prints ``name | line`` for every child, one line at a time, in a colour per name."""

    def __init__(self, out: TextIO | None = None, colour: bool | None = None):
        self.out = out or sys.stdout
        if colour is None:
            colour = self.out.isatty() and not os.environ.get("NO_COLOR")
        self.colour = colour
        self.width = 7
        self._lock = threading.Lock()
        self._colours: dict[str, str] = {}

    def prefix(self, name: str) -> str:
        label = f"{name:<{self.width}} |"
        if not self.colour:
            return label
        code = self._colours.setdefault(name, COLOURS[len(self._colours) % len(COLOURS)])
        return f"\033[{code}m{label}\033[0m"

    def line(self, name: str, text: str) -> None:
        with self._lock:
            self.out.write(f"{self.prefix(name)} {text.rstrip()}\n")
            self.out.flush()

    def block(self, text: str) -> None:
        with self._lock:
            self.out.write(text)
            self.out.flush()


# --- children ---------------------------------------------------------------------------------


class Child:
    """One process, in its own process group, its output copied line by line to the printer."""

    def __init__(self, name: str, argv: Sequence[str], env: dict[str, str], printer: Printer):
        self.name = name
        self.argv = list(argv)
        self.env = env
        self.printer = printer
        self.proc: subprocess.Popen | None = None
        self._reader: threading.Thread | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.argv,
            cwd=BASE_DIR,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us only; we stop children in order
            preexec_fn=die_with_parent,
        )
        self._reader = threading.Thread(target=self._copy_output, daemon=True)
        self._reader.start()

    def _copy_output(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for raw in iter(self.proc.stdout.readline, b""):
            self.printer.line(self.name, raw.decode("utf-8", "replace"))
        self.proc.stdout.close()

    def poll(self) -> int | None:
        return None if self.proc is None else self.proc.poll()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def signal_group(self, signum: int) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signum)

    def stop(self, timeout: float) -> int | None:
        """SIGTERM the process group, SIGKILL it after ``timeout`` seconds; reap; drain output."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.signal_group(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.printer.line(self.name, f"did not stop within {timeout:g} s: killing it")
                self.signal_group(signal.SIGKILL)
                self.proc.wait()
        self.signal_group(signal.SIGKILL)  # anything the leader left behind in its group
        if self._reader is not None:
            self._reader.join(timeout=2)
        return self.proc.returncode


class Stack:
    def __init__(self, env: dict[str, str], printer: Printer, stop_timeout: float = 10.0):
        self.env = env
        self.printer = printer
        self.stop_timeout = stop_timeout
        self.children: list[Child] = []
        self.stop_requested = False

    # signals
    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)

    def _on_signal(self, signum: int, _frame) -> None:
        if self.stop_requested:  # a second Ctrl-C: no more waiting
            for child in self.children:
                child.signal_group(signal.SIGKILL)
            return
        self.stop_requested = True

    def check_stop(self) -> None:
        if self.stop_requested:
            raise Stopped()

    # processes
    def start(self, name: str, argv: Sequence[str]) -> Child:
        self.check_stop()
        child = Child(name, argv, self.env, self.printer)
        self.children.append(child)
        child.start()
        return child

    def run_step(self, name: str, argv: Sequence[str]) -> None:
        """Run a setup command to its end; a failure stops the start."""
        child = self.start(name, argv)
        while (code := child.poll()) is None:
            if self.stop_requested:
                child.stop(self.stop_timeout)
                raise Stopped()
            time.sleep(0.1)
        child.stop(self.stop_timeout)  # drain its output
        self.children.remove(child)
        if code != 0:
            raise StackError(f"`{' '.join(argv[1:])}` failed (exit status {code}); see above.")

    def dead_child(self) -> Child | None:
        return next((c for c in self.children if c.poll() is not None), None)

    def wait_healthy(self, url: str, timeout: float) -> float:
        """Poll ``url`` until it answers 200; fail if a child dies or time runs out."""
        started = time.monotonic()
        while True:
            self.check_stop()
            dead = self.dead_child()
            if dead is not None:
                raise StackError(f"{dead.name} exited (status {dead.poll()}) while starting.")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return time.monotonic() - started
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() - started > timeout:
                raise StackError(f"{url} did not answer 200 within {timeout:g} s.")
            time.sleep(0.25)

    def supervise(self) -> int:
        """Until a signal (status 0) or a child's death (status 1)."""
        while True:
            if self.stop_requested:
                self.printer.line("stack", "stopping...")
                return 0
            dead = self.dead_child()
            if dead is not None:
                self.printer.line(
                    "stack",
                    f"{dead.name} exited unexpectedly (status {dead.poll()}): stopping the rest",
                )
                return 1
            time.sleep(0.2)

    def stop_all(self) -> None:
        """Newest first: beat, worker, web, the simulator."""
        for child in reversed(self.children):
            child.stop(self.stop_timeout)
        self.children.clear()


# --- the commands -------------------------------------------------------------------------------


def manage(*args: str) -> list[str]:
    return [sys.executable, str(BASE_DIR / "manage.py"), *args]


def web_argv(host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "daphne",
        "-b",
        host,
        "-p",
        str(port),
        "helpdesk.asgi:application",
    ]


def worker_argv(env: dict[str, str], port: int) -> list[str]:
    concurrency = env.get("CELERY_CONCURRENCY", "2")
    return [
        *(sys.executable, "-m", "celery", "-A", "helpdesk", "worker", "-l", "info"),
        f"--concurrency={concurrency}",
        f"--pool={celery_pool(env)}",
        f"--hostname=worker-{port}@%h",
        "--queues=celery,rosters",  # one worker for everything, roster builds included
        "--without-mingle",
        "--without-gossip",
    ]


def simulator_argv(control: int, channels: list[tuple[str, int]]) -> list[str]:
    """Secrets: ``SUPPLIER_SIM_SECRET`` from the environment, else the simulator's dev value."""
    argv = [sys.executable, "-m", "orders.simulator", "--host", SIM_HOST]
    argv += ["--control-port", str(control)]
    for name, port in channels:
        argv += ["--channel", f"{name}:{port}"]
    return argv


def simulator_label(control: int, channels: list[tuple[str, int]]) -> str:
    ports = "  ".join(f"{name} :{port}" for name, port in channels)
    return (
        f"http://{SIM_HOST}:{control}/channels (simulator control)\n"
        f"             {ports}  (merchant sim-<name>)"
    )


def state_dir(env: dict[str, str]) -> Path:
    """Where the embedded Redis and beat keep their files: ``STACK_STATE_DIR`` or ``var/``."""
    return Path(env.get("STACK_STATE_DIR") or VAR_DIR)


def beat_argv(env: dict[str, str]) -> list[str]:
    schedule = state_dir(env) / "celerybeat-schedule"
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "helpdesk",
        "beat",
        "-l",
        "info",
        "-s",
        str(schedule),
    ]


def banner(
    base_url: str,
    ready_in: float,
    redis_label: str,
    database_label: str,
    suppliers_label: str | None = None,
) -> str:
    password = demo_password()
    rule = "─" * 72
    names = {username: f"{zh} {en}" for username, zh, en, _roles in DEMO_USERS}
    lines = [
        "",
        rule,
        f"  The help desk is running (ready in {ready_in:.1f} s).",
        "",
        f"  App        {base_url}/",
        f"  API docs   {base_url}/api/docs/",
        f"  Admin      {base_url}/admin/",
        f"  Health     {base_url}/healthz      Metrics  {base_url}/metrics",
        f"  Redis      {redis_label}",
        f"  Database   {database_label}",
        *([f"  Suppliers  {suppliers_label}"] if suppliers_label else []),
        "  Hotline    calls from a simulated telephone system (docs/hotline.md):",
        f"             .venv/bin/python -m helpdesk.hotline.pbx --url {base_url} --calls 10",
        "",
        f"  Demo logins (password for each: {password})",
    ]
    for username, _zh, _en, roles in DEMO_USERS:
        role_text = ", ".join(roles) + (" + admin" if username == SUPERUSER else "")
        lines.append(f"    {username:<12} {role_text:<22} {names[username]}")
    lines += ["", "  Stop with Ctrl-C.", rule, ""]
    return "\n".join(lines) + "\n"


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run(env: dict[str, str], printer: Printer) -> int:
    """Start everything, supervise it, stop it all on the way out. Returns the exit status."""
    host = env.get("HOST", "127.0.0.1")
    port = env_port(env, "PORT", 8000) or 8000
    stop_timeout = float(env.get("STACK_STOP_TIMEOUT", "10"))
    health_timeout = float(env.get("STACK_HEALTH_TIMEOUT", "120"))
    stack = Stack(env, printer, stop_timeout=stop_timeout)
    stack.install_signal_handlers()
    started = time.monotonic()
    with contextlib.ExitStack() as resources:
        check_http_port(host, port)
        simulator = simulator_ports(env)
        if simulator is not None:
            check_simulator_ports(*simulator)
        state_dir(env).mkdir(parents=True, exist_ok=True)
        if env.get("REDIS_URL"):
            redis_label = redact_url(env["REDIS_URL"])
        else:
            redis_port = choose_redis_port(env)
            try:
                url = resources.enter_context(
                    embedded_redis(data_dir=state_dir(env) / "redis", port=redis_port)
                )
            except RuntimeError as exc:
                raise StackError(str(exc)) from exc
            env["REDIS_URL"] = url
            redis_label = f"{url} (embedded redis-server, stopped with the stack)"
            printer.line("redis", f"embedded redis-server listening on {url}")
        resources.callback(stack.stop_all)  # runs before the embedded Redis stops
        database_label = (
            redact_url(env["DATABASE_URL"])
            if not uses_sqlite(env)
            else env.get("DATABASE_URL") or "SQLite var/db.sqlite3"
        )

        if simulator is not None:
            # The demo's supplier channels point at the simulator; suppliers call back here.
            env["ORDERS_DEMO_SUPPLIERS"] = ",".join(f"{n}:{p}" for n, p in simulator[1])
            env.setdefault("ORDERS_CALLBACK_BASE_URL", f"http://{probe_host(host)}:{port}")
        stack.run_step("migrate", manage("migrate", "--noinput"))
        stack.run_step("static", manage("collectstatic", "--noinput", "--verbosity", "0"))
        stack.run_step("seed", manage("seed_demo"))
        if simulator is not None:
            stack.start("sim", simulator_argv(*simulator))
        stack.start("web", web_argv(host, port))
        stack.start("worker", worker_argv(env, port))
        stack.start("beat", beat_argv(env))

        base_url = f"http://{probe_host(host)}:{port}"
        stack.wait_healthy(f"{base_url}/healthz", health_timeout)
        suppliers_label = None
        if simulator is not None:
            stack.wait_healthy(f"http://{SIM_HOST}:{simulator[0]}/healthz", health_timeout)
            suppliers_label = simulator_label(*simulator)
        ready_in = time.monotonic() - started
        printer.block(banner(base_url, ready_in, redis_label, database_label, suppliers_label))
        return stack.supervise()


def main() -> int:
    printer = Printer()
    try:
        status = run(child_env(), printer)
    except Stopped:
        status = 0
    except StackError as exc:
        printer.line("stack", f"error: {exc}")
        status = 2
    printer.line("stack", "every process it started has stopped")
    return status


if __name__ == "__main__":
    sys.exit(main())
