"""Recharge orders in the browser, against the supplier simulator over real HTTP.

An order handler watches the channel panel while orders are placed from the test process (Celery
runs eagerly here, so each order is dispatched to the simulator at once). Alpha starts failing:
its breaker opens (red) and its success rate drops on the panel, while the orders go on to
succeed on beta. Alpha recovers: after its cooling wait, probe orders close its breaker again
(green). The simulator's ledger shows no reference was ever charged twice across channels.

The panel polls every 3 s, and refetches when the order events its socket hears (group
``orders.panel``) ring. Orders are placed in another thread: Playwright's sync API runs an event
loop in this one, and the realtime doorbell refuses to ring from inside a loop.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from orders import breaker, services
from orders.models import Attempt, ChannelEvent, Order, Product, SupplierChannel
from tests.e2e.helpers import in_thread, sign_in
from tests.factories import UserFactory
from tests.orders.conftest import launch, stop

pytestmark = pytest.mark.django_db(transaction=True)

CHANNELS = ("alpha", "beta", "gamma")
PHONE = "13800138000"
POLLED = 10_000  # ms: a few of the panel's 3-second polls


@pytest.fixture(scope="module")
def simulator(tmp_path_factory):
    running = launch(tmp_path_factory.mktemp("simulator") / "simulator.log")
    yield running
    stop(running)


@pytest.fixture
def desk(simulator):
    for name in CHANNELS:
        simulator.reset(name)
    product = Product.objects.create(
        operator="china_mobile",
        kind="airtime",
        name="China Mobile 30",
        code="mobile-30",
        face_value=3_000,
        price=2_990,
    )
    channels = {}
    for priority, name in enumerate(CHANNELS, start=1):
        channel = SupplierChannel.objects.create(
            name=name,
            base_url=simulator.channel_url(name),
            merchant=simulator.merchant(name),
            secret=simulator.secret(name),
            priority=priority,
            timeout_seconds=3,
            window_size=10,
            min_calls=4,
            failure_rate=50,
            open_seconds=2,
            half_open_probes=2,
        )
        channel.products.add(product)
        breaker.reset(channel.pk)
        channels[name] = channel
    handler = UserFactory(username="olivia", display_name="Olivia Orders", roles=["order_handler"])
    yield {"product": product, "channels": channels, "handler": handler, "sim": simulator}
    for channel in channels.values():
        breaker.reset(channel.pk)


def _place(desk, count: int) -> list[Order]:
    """``count`` orders, each dispatched (and failed over) before the next is placed."""

    def work():
        return [
            services.order_create(
                actor=desk["handler"],
                product_id=desk["product"].pk,
                account=PHONE,
                amount=3_000,
            ).pk
            for _ in range(count)
        ]

    ids = in_thread(work)
    return list(Order.objects.filter(pk__in=ids).select_related("channel").order_by("pk"))


def _rate_text(channel: SupplierChannel) -> str:
    """What the tile says of a channel's success over 15 minutes, from its attempts."""
    outcomes = list(Attempt.objects.filter(channel=channel).values_list("outcome", flat=True))
    answered = [o for o in outcomes if o in ("succeeded", "accepted", "failed")]
    ok = sum(o != "failed" for o in answered)
    value = round(ok / len(answered) * 1000) / 10
    rate = f"{value:.0f}%" if value == int(value) else f"{value:.1f}%"
    noun = "answer" if len(answered) == 1 else "answers"
    return f"{rate} ({len(answered)} {noun})"


def test_a_failing_channel_opens_on_the_panel_traffic_moves_and_it_recovers(
    page: Page, desk, screenshot
):
    sim, channels = desk["sim"], desk["channels"]
    alpha, beta = channels["alpha"], channels["beta"]
    in_thread(lambda: [services.balance_read(c) for c in channels.values()])

    sign_in(page, "olivia")
    page.get_by_role("menuitem", name="Orders").click()
    expect(page).to_have_url(re.compile(r"/orders$"))
    for channel in channels.values():
        tile = page.get_by_test_id(f"channel-tile-{channel.pk}")
        expect(tile).to_have_attribute("data-state", "closed")
        expect(tile.get_by_test_id(f"channel-state-{channel.pk}")).to_have_text("Closed")
        expect(tile.get_by_test_id(f"channel-balance-{channel.pk}")).to_contain_text("¥100,000.00")
    expect(page.get_by_test_id("panel-updated")).to_have_text(re.compile(r"^Updated \d+ s ago$"))

    # A healthy start: alpha (first by priority) takes the orders.
    healthy = _place(desk, 2)
    assert [(o.status, o.channel.name) for o in healthy] == [("succeeded", "alpha")] * 2
    alpha_tile = page.get_by_test_id(f"channel-tile-{alpha.pk}")
    expect(alpha_tile.get_by_test_id(f"channel-rate-{alpha.pk}")).to_have_text(
        "100% (2 answers)", timeout=POLLED
    )
    page.evaluate("window.__notReloaded = true")

    # Alpha's operator platform fails every recharge: the breaker opens within its minimum
    # calls, and every order still succeeds, on beta.
    sim.patch("alpha", failure_rate=1.0)
    failing = _place(desk, 4)
    assert [(o.status, o.channel.name) for o in failing] == [("succeeded", "beta")] * 4
    assert breaker.state_of(alpha)["state"] == "open"
    expect(alpha_tile).to_have_attribute("data-state", "open", timeout=POLLED)
    badge = alpha_tile.get_by_test_id(f"channel-state-{alpha.pk}")
    expect(badge).to_have_text("Open")
    expect(badge).to_have_class(re.compile(r"\bant-tag-red\b"))
    expect(alpha_tile.get_by_test_id(f"channel-rate-{alpha.pk}")).to_have_text(_rate_text(alpha))
    expect(alpha_tile.get_by_test_id(f"channel-errors-{alpha.pk}")).to_contain_text(
        "Supplier error"
    )
    expect(alpha_tile.get_by_test_id(f"channel-retry-{alpha.pk}")).to_contain_text("No traffic")
    beta_tile = page.get_by_test_id(f"channel-tile-{beta.pk}")
    expect(beta_tile).to_have_attribute("data-state", "closed")
    expect(beta_tile.get_by_test_id(f"channel-rate-{beta.pk}")).to_have_text(
        _rate_text(beta), timeout=POLLED
    )
    assert _rate_text(beta).startswith("100% (4 answers)")
    screenshot("orders-alpha-open")

    # The breaker's turn is in alpha's history.
    alpha_tile.get_by_test_id(f"channel-history-{alpha.pk}").click()
    history = page.get_by_test_id("channel-history")
    expect(history).to_contain_text("Breaker Closed → Open")
    expect(history).to_contain_text("Why: Too many failures")
    page.keyboard.press("Escape")
    expect(history).to_have_count(0)

    # Alpha recovers; once its cooling wait is over, two probe orders close the breaker.
    sim.patch("alpha", failure_rate=0.0)
    time.sleep((breaker.state_of(alpha)["retry_in"] or 0) + 0.5)
    recovered = _place(desk, 3)
    assert [(o.status, o.channel.name) for o in recovered] == [("succeeded", "alpha")] * 3
    assert breaker.state_of(alpha)["state"] == "closed"
    expect(alpha_tile).to_have_attribute("data-state", "closed", timeout=POLLED)
    expect(badge).to_have_text("Closed")
    expect(badge).to_have_class(re.compile(r"\bant-tag-green\b"))
    expect(alpha_tile.get_by_test_id(f"channel-rate-{alpha.pk}")).to_have_text(_rate_text(alpha))
    assert page.evaluate("window.__notReloaded") is True
    screenshot("orders-alpha-recovered")

    # No order was charged twice, over all its attempts' references on every channel; every
    # success was charged exactly once.
    ledgers = {name: sim.ledger(name) for name in CHANNELS}
    placed = healthy + failing + recovered
    for order in placed:
        order.refresh_from_db()
        sent = set(order.attempts.values_list("reference", flat=True))
        charged = sum(
            row["charged"]
            for ledger in ledgers.values()
            for reference, row in ledger.items()
            if reference in sent
        )
        assert charged <= 1, order.reference
        if order.status == "succeeded":
            assert charged == 1, order.reference
    assert all(row["submits"] == 1 for ledger in ledgers.values() for row in ledger.values()), (
        "a reference was sent twice to the same supplier"
    )
    references = set(Attempt.objects.values_list("reference", flat=True))
    assert set().union(*(ledger.keys() for ledger in ledgers.values())) == references

    # The order that failed over: found by reference, its attempts on alpha, then beta.
    moved = failing[0]
    page.get_by_role("tab", name="Orders").click()
    search = page.get_by_placeholder("Reference or phone number")
    search.fill(moved.reference)
    search.press("Enter")
    row = page.get_by_test_id(f"order-row-{moved.pk}")
    expect(row).to_contain_text("Succeeded")
    expect(row).to_contain_text("¥30.00")
    expect(page.locator("[data-testid^=order-row-]")).to_have_count(1)
    row.get_by_test_id(f"order-link-{moved.pk}").click()
    expect(page.get_by_test_id("order-reference")).to_have_text(moved.reference)
    first = page.get_by_test_id("attempt-1")
    expect(first).to_have_attribute("data-channel", "alpha")
    expect(first).to_contain_text("Supplier error")
    expect(first).to_contain_text("2001")
    second = page.get_by_test_id("attempt-2")
    expect(second).to_have_attribute("data-channel", "beta")
    expect(second).to_have_attribute("data-outcome", "succeeded")
    screenshot("orders-failover-detail")

    # The day's channel report counts the same attempts, with alpha's incident.
    page.goto("/orders?tab=report")
    for channel in (alpha, beta):
        attempts = Attempt.objects.filter(channel=channel)
        incidents = ChannelEvent.objects.filter(channel=channel, to_state="open").count()
        cells = page.get_by_test_id(f"report-row-{channel.name}").get_by_role("cell")
        expect(cells).to_have_count(10)
        expect(cells.nth(0)).to_have_text(channel.name)
        expect(cells.nth(1)).to_have_text(str(attempts.count()))
        expect(cells.nth(2)).to_have_text(str(attempts.filter(outcome="succeeded").count()))
        expect(cells.nth(3)).to_have_text(str(attempts.filter(outcome="failed").count()))
        expect(cells.nth(8)).to_have_text(str(incidents))
    assert ChannelEvent.objects.filter(channel=alpha, to_state="open").exists()
    with page.expect_download() as info:  # fetched with the page's session, saved by the browser
        page.get_by_test_id("report-export-csv").click()
    download = info.value
    assert re.fullmatch(r"channels-\d{8}-\d{4}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig") as saved:
        header, *rows = saved.read().splitlines()
    assert header.split(",")[:4] == ["Channel", "Sent", "Succeeded", "Failed"]
    assert [r.split(",")[0] for r in rows] == list(CHANNELS)
    screenshot("orders-report")


def test_an_order_handler_forces_a_channel_open_with_a_reason_and_gives_it_back(page: Page, desk):
    alpha = desk["channels"]["alpha"]
    sign_in(page, "olivia")
    page.goto("/orders")
    tile = page.get_by_test_id(f"channel-tile-{alpha.pk}")
    expect(tile).to_have_attribute("data-state", "closed")

    tile.get_by_test_id(f"channel-force-open-{alpha.pk}").click()
    page.get_by_test_id("force-submit").click()
    expect(page.get_by_text("Say why.")).to_be_visible()
    page.get_by_test_id("force-reason").fill("Supplier maintenance until 18:00")
    page.get_by_test_id("force-submit").click()
    expect(page.get_by_text("alpha forced open.")).to_be_visible()
    badge = tile.get_by_test_id(f"channel-state-{alpha.pk}")
    expect(badge).to_have_text("Forced open")
    expect(badge).to_have_class(re.compile(r"\bant-tag-red\b"))
    alpha.refresh_from_db()
    assert (alpha.forced_state, alpha.forced_reason, alpha.forced_by) == (
        "open",
        "Supplier maintenance until 18:00",
        desk["handler"],
    )
    badge.hover()
    forced = page.get_by_test_id(f"channel-forced-{alpha.pk}")
    expect(forced).to_contain_text("Why: Supplier maintenance until 18:00")
    expect(forced).to_contain_text("By Olivia Orders")

    # Orders skip a channel forced open: the first by priority is passed over.
    placed = _place(desk, 1)
    assert (placed[0].status, placed[0].channel.name) == ("succeeded", "beta")

    tile.get_by_test_id(f"channel-force-auto-{alpha.pk}").click()
    page.get_by_test_id("force-reason").fill("Maintenance over")
    page.get_by_test_id("force-submit").click()
    expect(page.get_by_text("alpha is back to automatic.")).to_be_visible()
    expect(badge).to_have_text("Closed")
    alpha.refresh_from_db()
    assert alpha.forced_state == ""
    assert _place(desk, 1)[0].channel.name == "alpha"
