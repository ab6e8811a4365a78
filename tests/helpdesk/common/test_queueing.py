"""A change made while the task broker (Redis) is down: the request answers as it should, the
change stands, the task that could not be queued is logged, and the sweep finds the work again.

The broker is a real Redis address where nothing listens (a refused connection, as while Redis
restarts); Celery stops running tasks in-process for these tests."""

from __future__ import annotations

import logging
from datetime import time, timedelta

import pytest
from django.utils import timezone

from helpdesk.celery import app as celery_app
from helpdesk.embedded import free_port
from helpdesk.queues import services
from helpdesk.queues.models import RoutingMode
from helpdesk.shifts.models import RosterBuild, ShiftType
from orders.dispatch import due_orders
from orders.models import Order
from tests.factories import MembershipFactory, QueueFactory, UserFactory, make_product

pytestmark = pytest.mark.django_db

QUICK_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}


@pytest.fixture
def broker_down(settings):
    settings.CELERY_TASK_PUBLISH_RETRY_POLICY = QUICK_RETRY
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager = False
    conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    _forget_pools()  # the next publish makes a pool for the dead address
    yield
    if celery_app._pool is not None:  # that address's pool (kombu keeps one per address)
        celery_app._pool.force_close_all()
    _forget_pools()  # the next publish takes the real broker's pool again, untouched
    conf.task_always_eager, conf.broker_url = saved


def _forget_pools() -> None:
    """The app keeps its broker pools, made on first use for the broker then configured: drop
    the app's references (kombu's registry keeps the pools, per broker address)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _not_queued(caplog, task_name: str) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "helpdesk.common.queueing" and task_name in r.getMessage()
    ]


def test_a_ticket_made_while_the_broker_is_down_is_created_and_routed_by_the_sweep(
    client_for, broker_down, caplog, django_capture_on_commit_callbacks
):
    queue = QueueFactory(routing_mode=RoutingMode.ROUND_ROBIN, default_capacity=5)
    agent = UserFactory(username="routed", roles=["agent"])
    MembershipFactory(queue=queue, user=agent)
    caplog.set_level(logging.ERROR, logger="helpdesk.common.queueing")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(agent).post(
            "/api/v1/tickets/",
            {"queue": queue.pk, "subject": "Printer on fire", "body": "Please help."},
            format="json",
        )

    assert response.status_code == 201, response.json()
    assert response.json()["assignee"] is None  # routing could not be queued
    assert _not_queued(caplog, "helpdesk.queues.tasks.route_item")
    assert services.route_waiting() == 1  # the beat's routing sweep
    assert client_for(agent).get(f"/api/v1/items/{response.json()['id']}/").json()["assignee"][
        "id"
    ] == (agent.pk)


def test_an_order_placed_while_the_broker_is_down_is_placed_and_due_for_the_sweep(
    client_for, broker_down, caplog, django_capture_on_commit_callbacks
):
    product = make_product()
    handler = UserFactory(username="orders", roles=["order_handler"])
    caplog.set_level(logging.ERROR, logger="helpdesk.common.queueing")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(handler).post(
            "/api/v1/orders/",
            {"product": product.pk, "account": "13800138000", "amount": 3_000},
            format="json",
        )

    assert response.status_code == 201, response.json()
    order = Order.objects.get(pk=response.json()["id"])
    assert order.status == "created"  # not sent anywhere yet
    assert _not_queued(caplog, "orders.tasks.dispatch_order")
    assert order.pk in due_orders()  # the orders sweep dispatches it on its next pass


def test_a_roster_build_that_cannot_be_queued_fails_at_once_and_may_be_started_again(
    client_for, broker_down, supervisor, agent, queue, django_capture_on_commit_callbacks
):
    ShiftType.objects.create(name="Early", code="E", start=time(7), minutes=480)
    client = client_for(supervisor)
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    period = client.post(
        "/api/v1/shifts/rosters/",
        {
            "first_day": monday.isoformat(),
            "last_day": (monday + timedelta(days=6)).isoformat(),
            "queues": [queue.pk],
        },
        format="json",
    ).json()
    url = f"/api/v1/shifts/rosters/{period['id']}/builds/"

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(url, {}, format="json")

    assert started.status_code == 202
    build = RosterBuild.objects.get(pk=started.json()["id"])
    assert build.status == "failed"
    assert "could not be queued" in build.error
    # Not left blocking the roster: the planner may start it again.
    assert client.post(url, {}, format="json").status_code == 202
