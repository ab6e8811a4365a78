"""Dispatch against the supplier simulator over real HTTP: failover, breakers, unknown answers
that are queried (never sent twice), lost workers, balances, customer errors, callbacks."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from orders import breaker, dispatch, services
from orders.models import (
    Attempt,
    CallbackAnomaly,
    ChannelEvent,
    Order,
    Product,
    SupplierChannel,
)
from orders.signing import signed

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
            open_seconds=1,
            max_open_seconds=4,
            half_open_probes=2,
        )
        channel.products.add(product)
        breaker.reset(channel.pk)
        made[name] = channel
    yield made
    for channel in made.values():
        breaker.reset(channel.pk)


def place(product, account="13800138000"):
    """An order as a customer places it: its first dispatch step runs when it commits."""
    order = services.order_create(product_id=product.pk, account=account, amount=3_000)
    order.refresh_from_db()
    return order


def unsent(product) -> Order:
    """An order written but not dispatched yet (as if the worker had not picked it up)."""
    return Order.objects.create(
        reference=services.new_reference(),
        account="+8613800138000",
        product=product,
        amount=3_000,
        price=2_990,
        next_action_at=timezone.now(),
    )


def run(order: Order, steps: int = 6) -> Order:
    """Step the order as the sweep would, without waiting for its next action time."""
    for _ in range(steps):
        order.refresh_from_db()
        if order.status not in ("created", "dispatching", "awaiting_supplier"):
            break
        if order.status == "awaiting_supplier":
            time.sleep(0.1)  # the supplier settles "processing" orders a moment later
        Order.objects.filter(pk=order.pk).update(next_action_at=timezone.now())
        dispatch.step(order.pk)
    order.refresh_from_db()
    return order


def charged(sim, order: Order) -> dict[str, tuple[int, int]]:
    """(submits, charged) per simulated channel, over every reference this order's attempts
    were sent with (``<order reference>-<attempt>``)."""
    found = {}
    for name in ("alpha", "beta", "gamma"):
        rows = [
            row
            for reference, row in sim.ledger(name).items()
            if reference.rsplit("-", 1)[0] == order.reference
        ]
        if rows:
            found[name] = (sum(r["submits"] for r in rows), sum(r["charged"] for r in rows))
    return found


def test_an_order_succeeds_on_the_first_channel_and_is_charged_once(sim, channels, product):
    order = run(place(product))
    assert order.status == "succeeded" and order.channel == channels["alpha"]
    assert charged(sim, order) == {"alpha": (1, 1)}
    attempt = order.attempts.get()
    assert (attempt.outcome, attempt.category, attempt.resolved_by) == ("succeeded", "ok", "answer")
    assert attempt.latency_ms is not None
    # The supplier is sent the national number; we keep E.164.
    assert order.account == "+8613800138000"


def test_a_failing_channel_opens_its_breaker_and_traffic_moves(sim, channels, product):
    sim.patch("alpha", failure_rate=1.0)
    orders = [run(place(product)) for _ in range(8)]

    assert all(o.status == "succeeded" for o in orders)
    assert breaker.state_of(channels["alpha"])["state"] == "open"
    # Within the minimum calls the breaker opened: later orders never touched alpha.
    touched_alpha = [o for o in orders if "alpha" in charged(sim, o)]
    assert len(touched_alpha) == 4
    assert all(charged(sim, o).get("alpha") == (1, 0) for o in touched_alpha)
    assert all(sum(c for _s, c in charged(sim, o).values()) == 1 for o in orders)
    opened = ChannelEvent.objects.get(channel=channels["alpha"], to_state="open")
    assert opened.reason == "failure_rate"


def wait_until_cooled(channel, limit: float = 5.0) -> None:
    """Until the breaker's cooling wait (1 s, ±20 %) is over, as the breaker itself reckons."""
    deadline = time.monotonic() + limit
    while (breaker.state_of(channel)["retry_in"] or 0) > 0:
        assert time.monotonic() < deadline, "the breaker never cooled"
        time.sleep(0.05)
    time.sleep(0.02)


def test_half_open_probes_then_recovery(sim, channels, product):
    sim.patch("alpha", failure_rate=1.0)
    for _ in range(4):
        run(place(product))
    assert breaker.state_of(channels["alpha"])["state"] == "open"
    sim.patch("alpha", failure_rate=0.0)
    wait_until_cooled(channels["alpha"])

    probes = [run(place(product)) for _ in range(2)]
    assert [o.channel.name for o in probes] == ["alpha", "alpha"]
    assert breaker.state_of(channels["alpha"])["state"] == "closed"
    states = list(
        ChannelEvent.objects.filter(channel=channels["alpha"])
        .order_by("id")
        .values_list("to_state", flat=True)
    )
    assert states == ["open", "half_open", "closed"]


def test_a_timeout_is_unknown_and_is_queried_never_sent_twice(sim, channels, product):
    sim.patch("alpha", timeout_rate=1.0, timeout_seconds=3)
    order = place(product)
    assert order.status == "awaiting_supplier"
    attempt = order.attempts.get()
    assert (attempt.outcome, attempt.category) == ("unknown", "timeout")

    order = run(order)
    assert order.status == "succeeded"
    assert charged(sim, order) == {"alpha": (1, 1)}  # the supplier did it; we asked, not resent
    assert order.attempts.get().resolved_by == "query"


def test_an_unknown_answer_is_queried(sim, channels, product):
    sim.patch("alpha", unknown_rate=1.0, callback_delay_ms=50)  # some settle a moment later
    order = run(place(product))
    assert order.status == "succeeded"
    assert charged(sim, order) == {"alpha": (1, 1)}


def test_a_worker_lost_after_sending_resumes_by_querying(sim, channels, product):
    order = unsent(product)
    # The worker decided and sent, then died before writing the answer down.
    plan = dispatch._decide(order.pk)
    dispatch.adapter_for(plan.attempt.channel).submit(
        reference=plan.attempt.reference,
        product_code="mobile-30",
        account="13800138000",
        amount=3_000,
        callback_url=None,
    )
    order = run(order)
    assert order.status == "succeeded"
    assert charged(sim, order) == {"alpha": (1, 1)}
    assert order.attempts.count() == 1


def test_a_worker_lost_before_sending_resumes_elsewhere_once_not_found_is_sure(
    sim, channels, product
):
    order = unsent(product)
    dispatch._decide(order.pk)  # the attempt is written; the request never went out
    # Too soon to trust "not found": the order waits.
    assert run(order, steps=1).status == "awaiting_supplier"
    earlier = timezone.now() - timedelta(minutes=5)  # as if all this happened 5 minutes ago
    Order.objects.filter(pk=order.pk).update(round_started_at=earlier - timedelta(seconds=1))
    Attempt.objects.filter(order=order).update(sent_at=earlier)
    order = run(order)
    assert order.status == "succeeded"
    assert charged(sim, order) == {"beta": (1, 1)}
    assert list(order.attempts.values_list("category", flat=True)) == ["transport", "ok"]


def test_balance_exhaustion_moves_orders_and_is_read_back(sim, channels, product):
    sim.patch("alpha", balance=1_000)
    order = run(place(product))
    assert order.status == "succeeded" and order.channel.name == "beta"
    assert services.balance_read(channels["alpha"]) == 1_000
    channels["alpha"].refresh_from_db()
    # Known too low now: alpha is not even tried.
    second = run(place(product))
    assert "alpha" not in charged(sim, second)


def test_an_invalid_number_fails_at_once_refunds_and_does_not_hurt_the_channel(
    sim, channels, product
):
    sim.patch("alpha", invalid_prefixes=["1380013"])
    orders = [run(place(product)) for _ in range(5)]
    assert all(o.status == "refunded" for o in orders)
    assert all(o.fail_category == "customer" for o in orders)
    assert all(charged(sim, o) == {"alpha": (1, 0)} for o in orders)  # never tried elsewhere
    assert breaker.state_of(channels["alpha"])["state"] == "closed"


def test_a_callback_resolves_an_accepted_order_once(sim, channels, product):
    sim.patch("alpha", async_rate=1.0, callback_delay_ms=60_000)  # no callback URL: none comes
    order = place(product)
    assert order.status == "awaiting_supplier"
    body = signed(
        {
            "merchant": "sim-alpha",
            "order_ref": order.attempts.get().reference,
            "supplier_order_id": "S1",
            "status": "success",
            "timestamp": int(time.time()),
        },
        sim.secret("alpha"),
    )
    assert (
        services.callback_receive(channel_id=channels["alpha"].pk, body=body, remote_addr=None)
        == "succeeded"
    )
    assert (
        services.callback_receive(channel_id=channels["alpha"].pk, body=body, remote_addr=None)
        == "already_resolved"
    )
    order.refresh_from_db()
    assert order.status == "succeeded" and order.attempts.get().resolved_by == "callback"


def test_bad_callbacks_are_refused_and_recorded(client, sim, channels, product):
    url = f"/api/v1/orders/callbacks/{channels['alpha'].pk}/"
    forged = {"merchant": "sim-alpha", "order_ref": "R1", "status": "success", "sign": "00"}
    response = client.post(url, forged, content_type="application/json")
    assert response.status_code == 401
    unknown = signed(
        {"merchant": "sim-alpha", "order_ref": "NOPE", "status": "success", "timestamp": 1},
        sim.secret("alpha"),
    )
    assert client.post(url, unknown, content_type="application/json").status_code == 404
    assert list(CallbackAnomaly.objects.order_by("id").values_list("reason", flat=True)) == [
        "bad_signature",
        "unknown_reference",
    ]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"account": "12345"}, "invalid_account"),
        ({"account": "+1 415 555 0100"}, "invalid_account"),
        ({"amount": 5_000}, "amount_mismatch"),
        ({"product_id": 987654}, "unknown_product"),
    ],
)
def test_bad_orders_are_refused_and_nothing_is_written(product, fields, code):
    from helpdesk.common.errors import ServiceError

    args = {"product_id": product.pk, "account": "13800138000", "amount": 3_000, **fields}
    with pytest.raises(ServiceError) as refused:
        services.order_create(**args)
    assert refused.value.code == code
    assert not Order.objects.exists()


def test_a_retry_on_the_channel_that_refused_goes_out_under_a_new_reference(sim, channels, product):
    sim.patch("alpha", failure_rate=1.0)
    sim.patch("beta", failure_rate=1.0)
    sim.patch("gamma", failure_rate=1.0)
    order = run(place(product))
    assert order.status == "failed"
    assert charged(sim, order) == {"alpha": (1, 0), "beta": (1, 0), "gamma": (1, 0)}

    sim.patch("alpha", failure_rate=0.0)
    services.order_retry(
        actor=None, order_id=order.pk, channel_id=channels["alpha"].pk, reason="alpha is back"
    )
    order = run(order)

    assert order.status == "succeeded" and order.channel.name == "alpha"
    # The supplier refuses a reference it has seen: the retry went out under the attempt's own.
    attempts = list(order.attempts.values_list("channel__name", "reference", "outcome"))
    assert attempts == [
        ("alpha", f"{order.reference}-1", "failed"),
        ("beta", f"{order.reference}-2", "failed"),
        ("gamma", f"{order.reference}-3", "failed"),
        ("alpha", f"{order.reference}-4", "succeeded"),
    ]
    assert charged(sim, order) == {"alpha": (2, 1), "beta": (1, 0), "gamma": (1, 0)}


def test_a_retry_without_a_channel_starts_a_fresh_round(sim, channels, product):
    sim.patch("alpha", failure_rate=1.0)
    sim.patch("beta", failure_rate=1.0)
    sim.patch("gamma", failure_rate=1.0)
    order = run(place(product))
    assert order.status == "failed"
    # Long after the order was placed (past the stuck limit), an order handler retries.
    long_ago = timezone.now() - timedelta(hours=2)
    Order.objects.filter(pk=order.pk).update(created_at=long_ago, round_started_at=long_ago)
    Attempt.objects.filter(order=order).update(sent_at=long_ago)
    sim.patch("alpha", failure_rate=0.0)

    services.order_retry(actor=None, order_id=order.pk, channel_id=None, reason="try again")
    order = run(order)

    # Every channel may be tried again, best first, and the stuck clock counts from the retry.
    assert order.status == "succeeded" and order.channel.name == "alpha"
    assert charged(sim, order)["alpha"] == (2, 1)


def test_a_callback_finds_the_attempt_by_its_own_reference(sim, channels, product):
    sim.patch("alpha", failure_rate=1.0)
    sim.patch("beta", failure_rate=1.0)
    sim.patch("gamma", failure_rate=1.0)
    order = run(place(product))
    sim.patch("alpha", failure_rate=0.0, async_rate=1.0, callback_delay_ms=60_000)
    services.order_retry(
        actor=None, order_id=order.pk, channel_id=channels["alpha"].pk, reason="alpha is back"
    )
    order.refresh_from_db()
    assert order.status == "awaiting_supplier"

    def callback(reference):
        body = {
            "merchant": "sim-alpha",
            "order_ref": reference,
            "supplier_order_id": "S9",
            "status": "success",
            "timestamp": int(time.time()),
        }
        return services.callback_receive(
            channel_id=channels["alpha"].pk,
            body=signed(body, sim.secret("alpha")),
            remote_addr=None,
        )

    # A late callback for the first, refused attempt does not touch the retry...
    assert callback(f"{order.reference}-1") == "already_resolved"
    assert CallbackAnomaly.objects.filter(reason="contradicts_result").count() == 1
    order.refresh_from_db()
    assert order.status == "awaiting_supplier"
    # ... its own does; the order's bare reference is unknown to this supplier.
    assert callback(f"{order.reference}-4") == "succeeded"
    with pytest.raises(services.CallbackRefused):
        callback(order.reference)


def test_channels_of_equal_priority_share_traffic_until_the_failing_ones_breaker_opens(
    sim, channels, product
):
    SupplierChannel.objects.filter(pk__in=[c.pk for c in channels.values()]).update(priority=1)
    sim.patch("gamma", failure_rate=1.0)
    orders = [run(place(product)) for _ in range(30)]

    assert all(o.status == "succeeded" for o in orders)
    # Health decides the share, not the exclusion: gamma kept being tried after its first
    # failure, until its breaker had seen the minimum calls and opened.
    opened = (
        ChannelEvent.objects.filter(channel=channels["gamma"], to_state="open")
        .order_by("id")
        .first()
    )
    assert opened is not None and opened.reason == "failure_rate"
    tried_before = Attempt.objects.filter(channel=channels["gamma"], sent_at__lte=opened.created_at)
    assert tried_before.count() == 4  # the minimum calls, all failed
    # (after its cooling wait a probe or two may go to gamma and fail again: never charged)
    assert all(a.outcome == "failed" for a in Attempt.objects.filter(channel=channels["gamma"]))
    served = {o.channel.name for o in orders}
    assert served == {"alpha", "beta"}
