"""A real Celery worker killed (SIGKILL) while its order's request is out at the supplier: a
second worker's sweep resumes the order by asking the supplier, and the order is charged once.

Real processes over real connections: two ``celery worker`` processes (the second with beat)
on the test database and this run's Redis, the supplier simulator over HTTP. The dispatch task
goes to a queue of the test's own, so no other worker on the same Redis takes it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from helpdesk.celery import app
from orders import breaker, services
from orders.models import Order, Product, SupplierChannel
from tests.processes import child_env

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def channel(sim):
    product = Product.objects.create(
        operator="china_mobile",
        kind="airtime",
        name="China Mobile 30",
        code="mobile-30",
        face_value=3_000,
        price=2_990,
    )
    alpha = SupplierChannel.objects.create(
        name="alpha",
        base_url=sim.channel_url("alpha"),
        merchant=sim.merchant("alpha"),
        secret=sim.secret("alpha"),
        priority=1,
        timeout_seconds=6,
    )
    alpha.products.add(product)
    breaker.reset(alpha.pk)
    yield alpha
    breaker.reset(alpha.pk)


@pytest.fixture
def workers(tmp_path):
    """Start Celery workers on a queue of this test's own; the test's own sends go there too."""
    queue = f"test-killed-{uuid.uuid4().hex[:8]}"
    started: list[tuple[subprocess.Popen, Path]] = []
    before = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue

    def start(name: str, beat: bool = False) -> subprocess.Popen:
        log = tmp_path / f"{name}.log"
        command = [
            sys.executable, "-m", "celery", "-A", "helpdesk", "worker",
            "--pool", "solo", "-Q", queue, "-n", f"{name}@%h", "--loglevel", "INFO",
            "--without-mingle", "--without-gossip",
        ]  # fmt: skip
        if beat:
            command += ["-B", "-s", str(tmp_path / "beat-schedule")]
        env = child_env(
            CELERY_TASK_ALWAYS_EAGER="0",
            CELERY_TASK_DEFAULT_QUEUE=queue,
            ORDERS_SWEEP_SECONDS="0.5",
            ORDERS_RESUME_AFTER_SECONDS="1",
        )
        with open(log, "w") as out:
            proc = subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        started.append((proc, log))
        wait_for(lambda: "ready." in log.read_text() or proc.poll() is not None, 60, log)
        assert proc.poll() is None, log.read_text()
        return proc

    yield start
    app.conf.task_always_eager, app.conf.task_default_queue = before
    for proc, _log in started:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_for(condition, seconds: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s in vain" + (f":\n{log.read_text()}" if log else ""))
        time.sleep(0.1)


def test_a_worker_killed_mid_request_is_resumed_by_another_and_charges_once(sim, channel, workers):
    sim.patch("alpha", latency_ms=2_500, latency_jitter_ms=0)  # the request stays out a while
    first = workers("first")
    order = services.order_create(
        product_id=channel.products.get().pk, account="13800138000", amount=3_000
    )

    # The first worker has sent the order; while the supplier works on it, the worker dies.
    reference = f"{order.reference}-1"
    wait_for(lambda: reference in sim.ledger("alpha"), 30)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    order.refresh_from_db()
    assert order.status == "dispatching"
    assert order.attempts.get().outcome == "pending"

    # Another worker (with beat) takes over: its sweep finds the order due and asks first.
    workers("second", beat=True)
    wait_for(lambda: Order.objects.get(pk=order.pk).status == "succeeded", 60)

    order.refresh_from_db()
    attempt = order.attempts.get()
    assert (attempt.outcome, attempt.resolved_by) == ("succeeded", "query")
    ledger = sim.ledger("alpha")
    assert list(ledger) == [reference]
    assert (ledger[reference]["submits"], ledger[reference]["charged"]) == (1, 1)
    assert ledger[reference]["queries"] >= 1
    verbs = list(order.events.order_by("id").values_list("verb", flat=True))
    assert verbs[:2] == ["created", "sent"] and "queried" in verbs and verbs.count("sent") == 1
