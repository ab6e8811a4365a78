"""The operational gauges of ``/metrics`` (helpdesk/common/metrics.py): work waiting in two
queues, an overdue SLA clock, tasks waiting on the broker and the routing sweep's last run, read
as Prometheus scrapes a web process; and a scrape while Redis is unreachable (a real refused
connection) still answers."""

from __future__ import annotations

import logging
import time
import uuid
import warnings
from datetime import timedelta

import pytest
from celery.exceptions import AlwaysEagerIgnored
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from helpdesk.celery import app as celery_app
from helpdesk.common import metrics
from helpdesk.common.redis import get_redis
from helpdesk.embedded import free_port
from helpdesk.queues.models import Kind, Status, WorkItem
from helpdesk.queues.tasks import route_waiting_items
from helpdesk.sla.models import ClockKind, ClockState, SlaClock
from tests.factories import QueueFactory, UserFactory, WorkItemFactory

pytestmark = pytest.mark.django_db

OURS = (
    "helpdesk_work_",
    "helpdesk_sla_overdue_clocks",
    "helpdesk_sla_unhandled_clocks",
    "helpdesk_task_queue_length",
    "helpdesk_periodic_last_run_timestamp_seconds",
    "helpdesk_metrics_redis_up",
)


@pytest.fixture(autouse=True)
def _own_last_runs(monkeypatch):
    """Each test reads only the sweep runs it noted itself (set on Django's settings directly,
    as tests/conftest.py does for the rate limits)."""
    from django.conf import settings

    monkeypatch.setattr(
        settings, "METRICS_PREFIX", f"{settings.METRICS_PREFIX}:{uuid.uuid4().hex[:12]}"
    )


@pytest.fixture
def broker_queue(settings):
    """A default Celery queue of this test's own on the broker (the suite's Redis), emptied after."""
    name = f"metrics-{uuid.uuid4().hex[:12]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = name
    yield name
    redis = get_redis()
    leftovers = list(redis.scan_iter(match=f"*{name}*"))
    if leftovers:
        redis.delete(*leftovers)


def waiting(queue, *, kind=Kind.TICKET, status=Status.NEW, assignee=None, minutes=1):
    made = WorkItemFactory(queue=queue, kind=kind, status=status, assignee=assignee)
    WorkItem.objects.filter(pk=made.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )
    return made


def clock(item, *, due_minutes, state=ClockState.RUNNING, breached=False):
    now = timezone.now()
    due_at = now + timedelta(minutes=due_minutes)
    return SlaClock.objects.create(
        breached_at=due_at if breached else None,
        item=item,
        kind=ClockKind.RESOLUTION,
        target_seconds=3600,
        state=state,
        started_at=now - timedelta(hours=1),
        running_since=now - timedelta(hours=1),
        due_at=due_at,
    )


def scrape(client) -> tuple[str, dict[str, dict[tuple, float]]]:
    """``GET /metrics``: the text, and our samples by name -> {sorted labels: value}."""
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    samples: dict[str, dict[tuple, float]] = {}
    for family in text_string_to_metric_families(text):
        if not family.name.startswith(OURS):
            continue
        for sample in family.samples:
            samples.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return text, samples


def by(samples, name: str, label: str) -> dict[str, float]:
    """``name``'s samples keyed by one label's value."""
    return {dict(labels)[label]: value for labels, value in samples.get(name, {}).items()}


def test_a_scrape_shows_work_waiting_overdue_clocks_queued_tasks_and_the_sweeps_last_run(
    client, broker_queue
):
    support = QueueFactory(name="Support", slug="support")
    billing = QueueFactory(name="Billing", slug="billing")
    agent = UserFactory(roles=["agent"])
    first = waiting(support, minutes=30)
    waiting(support, minutes=5)
    waiting(support, kind=Kind.CHAT, status=Status.OPEN, minutes=2)
    billing_item = waiting(billing, minutes=10)
    # Not waiting: someone has it, the customer has to answer, or it is done.
    waiting(support, assignee=agent, status=Status.OPEN, minutes=60)
    waiting(support, status=Status.PENDING, minutes=60)
    waiting(billing, status=Status.RESOLVED, minutes=60)
    # Overdue: one running clock past due in support; billing's is not due yet, and a clock
    # already stopped late is no longer running.
    clock(first, due_minutes=-5)
    handled = waiting(support, assignee=agent, status=Status.OPEN, minutes=90)
    clock(handled, due_minutes=-60, breached=True)  # the scan has recorded its breach
    clock(billing_item, due_minutes=+20)
    clock(billing_item, due_minutes=-30, state=ClockState.BREACHED)

    # Three tasks waiting on the broker for the default queue (one with a priority, which kombu
    # keeps in a list of its own), none for the roster solver. Sent on a connection of their own:
    # the app's shared pool is left as the other tests found it.
    pool = celery_app._pool
    with (
        warnings.catch_warnings(),
        celery_app.connection_for_write() as broker,
        broker.Producer() as producer,
    ):
        warnings.simplefilter("ignore", AlwaysEagerIgnored)  # send_task always goes to the broker
        for priority in (None, None, 9):
            celery_app.send_task(
                "tests.metrics.never_run", queue=broker_queue, priority=priority, producer=producer
            )
    assert celery_app._pool is pool

    # The beat's routing sweep runs: nobody is a member, so it routes nothing, and notes its run.
    assert route_waiting_items() == 0
    ran_at = time.time()

    with CaptureQueriesContext(connection) as queries:
        text, samples = scrape(client)

    assert 'helpdesk_work_waiting{kind="ticket",queue="support"} 2.0' in text.splitlines()
    assert samples["helpdesk_work_waiting"] == {
        (("kind", "ticket"), ("queue", "support")): 2.0,
        (("kind", "chat"), ("queue", "support")): 1.0,
        (("kind", "ticket"), ("queue", "billing")): 1.0,
    }
    oldest = by(samples, "helpdesk_work_oldest_waiting_seconds", "queue")
    assert set(oldest) == {"support", "billing"}
    assert oldest["support"] == pytest.approx(30 * 60, abs=10)
    assert oldest["billing"] == pytest.approx(10 * 60, abs=10)
    assert by(samples, "helpdesk_sla_overdue_clocks", "queue") == {"support": 2.0}
    assert by(samples, "helpdesk_sla_unhandled_clocks", "queue") == {"support": 1.0}
    assert by(samples, "helpdesk_task_queue_length", "queue") == {broker_queue: 3.0, "rosters": 0.0}
    last = by(samples, "helpdesk_periodic_last_run_timestamp_seconds", "task")
    assert set(last) == {"route-waiting-items"}  # the other sweeps have not run in this test
    assert last["route-waiting-items"] == pytest.approx(ran_at, abs=5)
    assert samples["helpdesk_metrics_redis_up"] == {(): 1.0}

    # The whole scrape: two grouped queries of ours (waiting work, overdue clocks) and the two
    # of the supplier channels' collector (orders/metrics.py).
    assert len(queries) == 4, [q["sql"] for q in queries.captured_queries]
    # More work waiting is more counted, not more queries.
    for _ in range(5):
        waiting(billing, kind=Kind.CALL)
    with CaptureQueriesContext(connection) as again:
        _, samples = scrape(client)
    assert len(again) == 4
    assert by(samples, "helpdesk_work_waiting", "kind")["call"] == 5.0


def test_a_scrape_while_redis_is_unreachable_answers_with_redis_up_0(client, settings):
    support = QueueFactory(name="Support", slug="support")
    waiting(support)
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there

    text, samples = scrape(client)

    assert "helpdesk_metrics_redis_up 0.0" in text.splitlines()
    assert "helpdesk_task_queue_length" not in samples
    assert "helpdesk_periodic_last_run_timestamp_seconds" not in samples
    # What PostgreSQL knows is still there.
    assert samples["helpdesk_work_waiting"] == {(("kind", "ticket"), ("queue", "support")): 1.0}


def test_a_sweep_runs_even_when_its_run_cannot_be_noted(settings, caplog):
    item = waiting(QueueFactory(slug="support"))
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there

    with caplog.at_level(logging.WARNING, logger="helpdesk.common.metrics"):
        assert route_waiting_items() == 0  # no exception

    assert "run of route-waiting-items not noted" in caplog.text
    item.refresh_from_db()
    assert item.status == Status.NEW


def test_the_collector_is_registered_once_and_describing_reads_nothing(
    django_assert_num_queries,
):
    first = metrics.register()
    assert first is not None and metrics.register() is first
    ours = [c for c in REGISTRY._collector_to_names if isinstance(c, metrics.OperationsCollector)]
    assert ours == [first]
    with django_assert_num_queries(0):
        names = {family.name for family in first.describe()}
    assert names == {
        "helpdesk_work_waiting",
        "helpdesk_work_oldest_waiting_seconds",
        "helpdesk_sla_overdue_clocks",
        "helpdesk_sla_unhandled_clocks",
        "helpdesk_task_queue_length",
        "helpdesk_periodic_last_run_timestamp_seconds",
        "helpdesk_metrics_redis_up",
    }
