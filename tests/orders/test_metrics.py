"""The supplier channels' Prometheus series: orders dispatched against the simulator over real
HTTP, then ``GET /metrics`` (as Prometheus scrapes a web process) shows what the workers counted
in Redis, what is in flight in the database, the balances and the breakers."""

from __future__ import annotations

import pytest
import redis
from django.utils import timezone
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from orders import breaker, dispatch, metrics, services
from orders.models import Attempt, Order, Product, SupplierChannel

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def product(db):
    return Product.objects.create(
        operator="china_mobile",
        kind="airtime",
        name="China Mobile 30",
        code="mobile-30",
        face_value=3_000,
        price=2_990,
    )


@pytest.fixture
def channels(sim, product):
    made = {}
    for priority, name in enumerate(("alpha", "beta", "gamma"), start=1):
        channel = SupplierChannel.objects.create(
            name=name,
            base_url=sim.channel_url(name),
            merchant=sim.merchant(name),
            secret=sim.secret(name),
            priority=priority,
            timeout_seconds=1.5,
            window_size=10,
            min_calls=4,
            failure_rate=50,
            open_seconds=30,
            max_open_seconds=60,
            half_open_probes=2,
        )
        channel.products.add(product)
        breaker.reset(channel.pk)
        metrics.reset(channel.pk)  # ids come back on SQLite after a flush
        made[name] = channel
    yield made
    for channel in made.values():
        breaker.reset(channel.pk)
        metrics.reset(channel.pk)


def run(product, steps: int = 6) -> Order:
    """An order placed (its first step runs on commit), then stepped as the sweep would."""
    order = services.order_create(product_id=product.pk, account="13800138000", amount=3_000)
    for _ in range(steps):
        order.refresh_from_db()
        if order.status not in ("created", "dispatching", "awaiting_supplier"):
            break
        Order.objects.filter(pk=order.pk).update(next_action_at=timezone.now())
        dispatch.step(order.pk)
    order.refresh_from_db()
    return order


def scrape(client) -> dict[str, dict[tuple, float]]:
    """``GET /metrics`` parsed: sample name -> {sorted labels: value} for our series."""
    response = client.get("/metrics")
    assert response.status_code == 200
    samples: dict[str, dict[tuple, float]] = {}
    for family in text_string_to_metric_families(response.content.decode()):
        if not family.name.startswith("helpdesk_supplier_"):
            continue
        for sample in family.samples:
            samples.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return samples


def value(samples, name: str, **labels) -> float | None:
    return samples.get(name, {}).get(tuple(sorted(labels.items())))


def series(samples, name: str, **labels) -> dict[tuple, float]:
    """Every sample of ``name`` whose labels include ``labels``."""
    wanted = set(labels.items())
    return {k: v for k, v in samples.get(name, {}).items() if wanted <= set(k)}


def test_requests_latency_breaker_in_flight_and_balance_after_failover(
    client, sim, channels, product
):
    sim.patch("alpha", failure_rate=1.0)
    orders = [run(product) for _ in range(6)]
    assert all(o.status == "succeeded" and o.channel.name == "beta" for o in orders)
    services.balance_read(channels["beta"])
    # A worker wrote its attempt and has not had the answer yet: one request in flight.
    unsent = Order.objects.create(
        reference=services.new_reference(),
        account="+8613800138000",
        product=product,
        amount=3_000,
        price=2_990,
        next_action_at=timezone.now(),
    )
    plan = dispatch._decide(unsent.pk)
    assert plan.attempt.channel.name == "beta"  # alpha's breaker is open

    samples = scrape(client)

    requests = "helpdesk_supplier_requests_total"
    # Alpha failed four times (its breaker's minimum calls), each order went on to beta.
    assert series(samples, requests, channel="alpha") == {
        (
            ("call", "submit"),
            ("category", "supplier"),
            ("channel", "alpha"),
            ("outcome", "failed"),
        ): 4.0
    }
    assert series(samples, requests, channel="beta") == {
        (("call", "submit"), ("category", "ok"), ("channel", "beta"), ("outcome", "succeeded")): 6.0
    }
    assert series(samples, requests, channel="gamma") == {}

    # The histogram matches the latencies written on the attempts.
    for name in ("alpha", "beta"):
        attempts = Attempt.objects.filter(channel__name=name).exclude(latency_ms=None)
        count = value(samples, "helpdesk_supplier_latency_seconds_count", channel=name)
        total = value(samples, "helpdesk_supplier_latency_seconds_sum", channel=name)
        assert count == attempts.count() == (4 if name == "alpha" else 6)
        assert total == pytest.approx(sum(a.latency_ms for a in attempts) / 1000)
        buckets = series(samples, "helpdesk_supplier_latency_seconds_bucket", channel=name)
        by_bound = {dict(k)["le"]: v for k, v in buckets.items()}
        assert by_bound["+Inf"] == count
        assert by_bound["0.01"] == 0  # the simulator waits at least 30 ms
        ordered = [by_bound[b] for b in sorted(by_bound, key=float)]
        assert ordered == sorted(ordered)  # cumulative
    assert value(samples, "helpdesk_supplier_latency_seconds_count", channel="gamma") is None

    state = "helpdesk_supplier_breaker_state"
    assert value(samples, state, channel="alpha", state="open") == 1
    assert value(samples, state, channel="alpha", state="closed") == 0
    assert value(samples, state, channel="alpha", state="half_open") == 0
    assert value(samples, state, channel="beta", state="closed") == 1
    assert value(samples, state, channel="gamma", state="closed") == 1

    in_flight = "helpdesk_supplier_in_flight"
    assert value(samples, in_flight, channel="beta") == 1
    assert value(samples, in_flight, channel="alpha") == 0
    assert value(samples, in_flight, channel="gamma") == 0

    # Beta charged six orders of 30 yuan; the others' balances were never read.
    balance = "helpdesk_supplier_balance_fen"
    assert value(samples, balance, channel="beta") == 10_000_000 - 6 * 3_000
    assert value(samples, balance, channel="alpha") is None


def test_a_timeout_and_the_query_that_resolves_it(client, sim, channels, product):
    sim.patch("alpha", timeout_rate=1.0, timeout_seconds=3)
    order = run(product)
    assert order.status == "succeeded" and order.attempts.get().resolved_by == "query"

    samples = scrape(client)
    alpha = series(samples, "helpdesk_supplier_requests_total", channel="alpha")
    assert {
        dict(k)["call"] + ":" + dict(k)["outcome"] + ":" + dict(k)["category"]: v
        for k, v in alpha.items()
    } == {
        "submit:unknown:timeout": 1.0,
        "query:success:none": 1.0,
    }
    # The timeout (1.5 s) and the query both count in the histogram.
    assert value(samples, "helpdesk_supplier_latency_seconds_count", channel="alpha") == 2
    assert (
        value(samples, "helpdesk_supplier_latency_seconds_bucket", channel="alpha", le="1.0") == 1
    )
    assert (
        value(samples, "helpdesk_supplier_latency_seconds_bucket", channel="alpha", le="2.5") == 2
    )


def test_a_forced_state_is_what_the_breaker_series_shows(client, sim, channels, product):
    dispatch.force_state(actor=None, channel=channels["gamma"], state="open", reason="maintenance")
    samples = scrape(client)
    state = "helpdesk_supplier_breaker_state"
    assert value(samples, state, channel="gamma", state="open") == 1
    assert value(samples, state, channel="gamma", state="closed") == 0


def test_the_collector_is_registered_once():
    first = metrics.register()
    assert first is not None and metrics.register() is first
    ours = [c for c in REGISTRY._collector_to_names if isinstance(c, metrics.SupplierCollector)]
    assert ours == [first]
    # Describing (done at registration) touches neither the database nor Redis.
    names = {family.name for family in first.describe()}
    assert "helpdesk_supplier_requests" in names


def test_recording_never_fails_a_dispatch_when_redis_is_down(monkeypatch, caplog):
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    monkeypatch.setattr(metrics, "get_redis", lambda: dead)
    metrics.record_call(1, "succeeded", "ok", 40)  # logged, not raised
    assert "not recorded" in caplog.text


def test_bucket_edges():
    assert metrics._bucket(0) == "le:10"
    assert metrics._bucket(10) == "le:10"  # "less than or equal"
    assert metrics._bucket(11) == "le:25"
    assert metrics._bucket(30_000) == "le:30000"
    assert metrics._bucket(30_001) == "le:inf"
