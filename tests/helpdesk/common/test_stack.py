"""``make run`` (``python -m helpdesk.stack``): its helpers, and the whole stack for real."""

import io
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from helpdesk import stack
from helpdesk.common.management.demo_data import DEMO_USERS
from helpdesk.embedded import free_port, port_is_free

BASE_DIR = Path(stack.__file__).resolve().parent.parent


@pytest.fixture
def busy_port():
    """A loopback port someone listens on for the duration of the test."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


# --- helpers ------------------------------------------------------------------------------------


def test_redis_port_defaults_to_6390_when_it_is_free(monkeypatch):
    port = free_port()
    monkeypatch.setattr(stack, "DEFAULT_REDIS_PORT", port)

    assert stack.choose_redis_port({}) == port


def test_redis_port_falls_back_to_a_free_port_when_the_default_is_taken(monkeypatch, busy_port):
    monkeypatch.setattr(stack, "DEFAULT_REDIS_PORT", busy_port)

    chosen = stack.choose_redis_port({})

    assert chosen != busy_port
    assert port_is_free(chosen)


def test_an_explicit_redis_port_that_is_taken_is_reported_not_replaced(busy_port):
    with pytest.raises(stack.StackError, match=f"REDIS_PORT={busy_port} is already in use"):
        stack.choose_redis_port({"REDIS_PORT": str(busy_port)})


def test_a_port_that_is_not_a_number_is_reported():
    with pytest.raises(stack.StackError, match="not a port number"):
        stack.env_port({"PORT": "eighty"}, "PORT", 8000)


def test_a_taken_http_port_is_reported_with_the_way_out(busy_port):
    with pytest.raises(stack.StackError, match=f"PORT={busy_port + 1} make run"):
        stack.check_http_port("127.0.0.1", busy_port)


def test_printed_urls_hide_passwords():
    assert stack.redact_url("redis://:s3cret@cache:6379/0") == "redis://:***@cache:6379/0"
    assert stack.redact_url("postgres://app:pw@db/helpdesk") == "postgres://app:***@db/helpdesk"
    assert stack.redact_url("redis://127.0.0.1:6390/0") == "redis://127.0.0.1:6390/0"


def test_the_worker_uses_threads_on_sqlite_and_prefork_on_postgresql():
    assert stack.celery_pool({}) == "threads"
    assert stack.celery_pool({"DATABASE_URL": "postgres://db/helpdesk"}) == "prefork"
    assert stack.celery_pool({"CELERY_POOL": "solo"}) == "solo"


def test_the_banner_lists_every_demo_login_and_the_urls(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "pw-for-the-banner")

    text = stack.banner("http://127.0.0.1:8000", 3.2, "redis://x", "SQLite")

    assert "http://127.0.0.1:8000/api/docs/" in text
    assert "http://127.0.0.1:8000/admin/" in text
    assert "helpdesk.hotline.pbx --url http://127.0.0.1:8000" in text
    assert "pw-for-the-banner" in text
    for username, *_rest in DEMO_USERS:
        assert username in text


def test_the_supplier_simulator_runs_on_fixed_ports_unless_told_otherwise():
    assert stack.simulator_ports({}) == (9100, [("alpha", 9101), ("beta", 9102), ("gamma", 9103)])
    assert stack.simulator_ports(
        {"SUPPLIER_SIM_CONTROL_PORT": "9200", "SUPPLIER_SIM_CHANNELS": "one:9201, two:9202"}
    ) == (9200, [("one", 9201), ("two", 9202)])
    assert stack.simulator_ports({"SUPPLIER_SIM": "0"}) is None


@pytest.mark.parametrize(
    "env",
    [
        {"SUPPLIER_SIM_CHANNELS": "alpha"},
        {"SUPPLIER_SIM_CHANNELS": "alpha:ninety"},
        {"SUPPLIER_SIM_CONTROL_PORT": "9101"},
    ],
    ids=["no port", "not a number", "a port twice"],
)
def test_bad_supplier_simulator_ports_are_reported(env):
    with pytest.raises(stack.StackError):
        stack.simulator_ports(env)


def test_a_taken_supplier_simulator_port_is_reported_with_the_way_out(busy_port):
    with pytest.raises(stack.StackError, match="SUPPLIER_SIM=0 make run"):
        stack.check_simulator_ports(free_port(), [("alpha", busy_port)])


def test_the_banner_lists_the_supplier_simulator_when_it_runs():
    label = stack.simulator_label(9100, [("alpha", 9101), ("beta", 9102)])

    text = stack.banner("http://127.0.0.1:8000", 3.2, "redis://x", "SQLite", label)

    assert "http://127.0.0.1:9100/channels" in text
    assert "alpha :9101" in text and "beta :9102" in text
    assert "Suppliers" not in stack.banner("http://127.0.0.1:8000", 3.2, "redis://x", "SQLite")


def test_every_line_of_a_child_is_prefixed_with_its_name():
    out = io.StringIO()
    child = stack.Child(
        "echoer",
        [sys.executable, "-c", "print('one'); print('two')"],
        dict(os.environ),
        stack.Printer(out, colour=False),
    )
    child.start()
    child.proc.wait()
    child.stop(timeout=1)

    assert out.getvalue().splitlines() == ["echoer  | one", "echoer  | two"]


def test_stopping_a_child_that_ignores_sigterm_kills_it_and_its_children():
    script = (
        "import signal, subprocess, time;"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN);"
        "p = subprocess.Popen(['sleep', '60']);"
        "print(p.pid, flush=True);"
        "time.sleep(60)"
    )
    out = io.StringIO()
    child = stack.Child(
        "stubborn", [sys.executable, "-c", script], dict(os.environ), stack.Printer(out, False)
    )
    child.start()
    grandchild = _wait_for_int_line(out)

    status = child.stop(timeout=0.5)

    assert status == -signal.SIGKILL
    assert "did not stop within 0.5 s" in out.getvalue()
    assert _gone(grandchild)


def _wait_for_int_line(out: io.StringIO) -> int:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for line in out.getvalue().splitlines():
            value = line.split("|", 1)[1].strip()
            if value.isdigit():
                return int(value)
        time.sleep(0.05)
    raise AssertionError("the child printed no pid")


def _gone(pid: int, wait: float = 5.0) -> bool:
    """The process has exited (a zombie waiting for init to reap it counts as gone)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


# --- the whole stack, for real ------------------------------------------------------------------


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


class RunningStack:
    def __init__(self, data_dir: Path):
        self.port = free_port()
        self.redis_port = free_port()
        self.sim_control_port = free_port()
        self.sim_ports = {name: free_port() for name in ("alpha", "beta", "gamma")}
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PORT", "HOST")
            and not k.startswith("SUPPLIER_SIM")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="helpdesk.settings.local",
            DATABASE_URL=f"sqlite:///{data_dir / 'db.sqlite3'}",
            PORT=str(self.port),
            REDIS_PORT=str(self.redis_port),
            STACK_STATE_DIR=str(data_dir / "state"),
            SUPPLIER_SIM_CONTROL_PORT=str(self.sim_control_port),
            SUPPLIER_SIM_CHANNELS=",".join(f"{n}:{p}" for n, p in self.sim_ports.items()),
            NO_COLOR="1",
        )
        self.state_dir = data_dir / "state"
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "helpdesk.stack"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            self.output.append(line)
            if text in line:
                return
        raise AssertionError(f"{text!r} never printed:\n" + "".join(self.output[-40:]))

    def get(self, path: str, port: int | None = None) -> int:
        url = f"http://127.0.0.1:{port or self.port}{path}"
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status

    def ports(self) -> list[int]:
        return [self.port, self.redis_port, self.sim_control_port, *self.sim_ports.values()]

    def child_pid(self, marker: str) -> int:
        for pid in _descendants(self.proc.pid):
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if marker in cmdline:
                return pid
        raise AssertionError(f"no child runs {marker}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def stack_data_dir(tmp_path_factory):
    """One SQLite file for the module: the second start finds it migrated and seeded."""
    return tmp_path_factory.mktemp("stack")


@pytest.fixture
def running_stack(stack_data_dir):
    running = RunningStack(stack_data_dir)
    yield running
    running.stop()


def test_make_run_serves_the_product_and_ctrl_c_stops_every_process(running_stack):
    running_stack.wait_for("The help desk is running")
    assert running_stack.get("/healthz") == 200
    assert running_stack.get("/api/schema/") == 200
    assert running_stack.get("/admin/login/") == 200
    assert running_stack.get("/healthz", port=running_stack.sim_control_port) == 200
    assert running_stack.get("/channels/gamma", port=running_stack.sim_control_port) == 200
    started = _descendants(running_stack.proc.pid)
    assert len(started) >= 5  # redis-server, the simulator, daphne, worker, beat
    running_stack.child_pid("-m orders.simulator")

    running_stack.proc.send_signal(signal.SIGINT)

    assert running_stack.proc.wait(timeout=60) == 0
    assert all(_gone(pid) for pid in started)
    assert all(port_is_free(port) for port in running_stack.ports())
    assert not list(running_stack.state_dir.rglob("*.pid"))


def test_a_child_dying_stops_the_rest_and_make_run_fails(running_stack):
    running_stack.wait_for("The help desk is running")
    started = _descendants(running_stack.proc.pid)

    os.kill(running_stack.child_pid("celery -A helpdesk worker"), signal.SIGKILL)

    assert running_stack.proc.wait(timeout=60) == 1
    running_stack.wait_for("worker exited unexpectedly")
    assert all(_gone(pid) for pid in started)
    assert all(port_is_free(port) for port in running_stack.ports())
