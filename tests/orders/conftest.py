"""The supplier simulator as a real process on free loopback ports (never a mock).

``simulator`` (session): ``python -m orders.simulator`` with channels alpha, beta and gamma.
``sim`` (per test): the same process with every channel reset first.
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from helpdesk.embedded import free_port
from orders.signing import signed

BASE_DIR = Path(__file__).resolve().parents[2]
CHANNELS = ("alpha", "beta", "gamma")
READY_TIMEOUT = 20.0


class Simulator:
    def __init__(
        self,
        proc: subprocess.Popen,
        log: Path,
        control_port: int,
        ports: dict[str, int],
        secrets: dict[str, str],
    ):
        self.proc = proc
        self.log = log
        self.control_url = f"http://127.0.0.1:{control_port}"
        self.ports = ports
        self.secrets = secrets
        self.control = httpx.Client(base_url=self.control_url, timeout=5)
        self.http = httpx.Client(timeout=5)  # the supplier ports, as our adapter would call them

    # --- where and who --------------------------------------------------------------------------

    def channel_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def secret(self, name: str) -> str:
        return self.secrets[name]

    def merchant(self, name: str) -> str:
        return f"sim-{name}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    # --- the control API ------------------------------------------------------------------------

    def channel(self, name: str) -> dict[str, Any]:
        return self._ok(self.control.get(f"/channels/{name}"))

    def patch(self, name: str, **settings: Any) -> dict[str, Any]:
        return self._ok(self.control.patch(f"/channels/{name}", json=settings))

    def ledger(self, name: str) -> dict[str, dict[str, Any]]:
        return self._ok(self.control.get(f"/channels/{name}/ledger"))["orders"]

    def reset(self, name: str) -> dict[str, Any]:
        return self._ok(self.control.post(f"/channels/{name}/reset"))

    @staticmethod
    def _ok(response: httpx.Response) -> dict[str, Any]:
        assert response.status_code == 200, response.text
        return response.json()

    # --- the supplier API, as our adapter would call it -----------------------------------------

    def signed(self, name: str, **fields: Any) -> dict[str, Any]:
        body = {"merchant": self.merchant(name), "timestamp": int(time.time()), **fields}
        return signed(body, self.secret(name))

    def post(self, name: str, path: str, timeout: float = 5.0, **fields: Any) -> httpx.Response:
        return self.http.post(
            self.channel_url(name) + path, json=self.signed(name, **fields), timeout=timeout
        )

    def recharge(self, name: str, timeout: float = 5.0, **fields: Any) -> httpx.Response:
        order = {
            "order_ref": f"T{uuid.uuid4().hex[:16]}",
            "product_code": "mobile-30",
            "account": "13800138000",
            "amount": 3_000,
        }
        order.update(fields)
        return self.post(name, "/api/recharge", timeout=timeout, **order)

    def query(self, name: str, order_ref: str) -> httpx.Response:
        return self.post(name, "/api/query", order_ref=order_ref)


def launch(log: Path, channels=CHANNELS) -> Simulator:
    """Start ``python -m orders.simulator`` and wait for its "ready" line."""
    control_port = free_port()
    ports = {name: free_port() for name in channels}
    secrets = {name: f"test-secret-{name}-{uuid.uuid4().hex[:8]}" for name in channels}
    argv = [sys.executable, "-m", "orders.simulator", "--control-port", str(control_port)]
    for name, port in ports.items():
        argv += ["--channel", f"{name}:{port}", "--secret", f"{name}={secrets[name]}"]
    with log.open("wb") as out:  # a file, not a pipe: nothing blocks when nobody reads
        proc = subprocess.Popen(
            argv, cwd=BASE_DIR, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
        )
    simulator = Simulator(proc, log, control_port, ports, secrets)
    deadline = time.monotonic() + READY_TIMEOUT
    while "simulator: ready" not in simulator.output():
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(simulator)
            raise RuntimeError("the simulator did not start:\n" + simulator.output())
        time.sleep(0.05)
    return simulator


def stop(simulator: Simulator) -> int:
    simulator.control.close()
    simulator.http.close()
    if simulator.proc.poll() is None:
        simulator.proc.terminate()
        try:
            simulator.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            simulator.proc.kill()
            simulator.proc.wait()
    return simulator.proc.returncode


@pytest.fixture(scope="session")
def simulator(tmp_path_factory):
    running = launch(tmp_path_factory.mktemp("simulator") / "simulator.log")
    yield running
    stop(running)


@pytest.fixture
def sim(simulator):
    """The session's simulator with every channel back to its defaults."""
    for name in simulator.ports:
        simulator.reset(name)
    return simulator


@pytest.fixture
def product(db):
    from tests.factories import make_product

    return make_product()
